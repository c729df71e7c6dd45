import pytest
from django.test import RequestFactory

from twinning.core.clientip import client_ip, client_ip_key

PROXY = "10.0.0.2"


def _request(forwarded: str | None = None, remote: str = PROXY):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("trusted", "forwarded", "remote", "expected"),
    [
        pytest.param(0, "203.0.113.9", PROXY, PROXY, id="no-proxy-ignores-the-header"),
        pytest.param(1, None, PROXY, PROXY, id="header-absent"),
        pytest.param(1, "203.0.113.9", PROXY, "203.0.113.9", id="one-address"),
        pytest.param(1, "198.51.100.1, 203.0.113.9", PROXY, "203.0.113.9", id="two-addresses"),
        pytest.param(1, "1.1.1.1, 2.2.2.2, 203.0.113.9", PROXY, "203.0.113.9", id="spoofed"),
        pytest.param(2, "203.0.113.9, 10.0.0.7", PROXY, "203.0.113.9", id="two-proxies"),
        pytest.param(2, "203.0.113.9", PROXY, PROXY, id="shorter-than-the-proxy-count"),
        pytest.param(1, "not-an-address", PROXY, PROXY, id="garbage"),
        pytest.param(1, "203.0.113.9, ", PROXY, PROXY, id="empty-last-entry"),
        pytest.param(1, "2001:db8::1", PROXY, "2001:db8::1", id="ipv6"),
        pytest.param(1, "::ffff:203.0.113.9", PROXY, "203.0.113.9", id="ipv4-mapped"),
        pytest.param(0, None, "", "0.0.0.0", id="unix-socket-without-remote-addr"),
        pytest.param(0, None, "garbage", "0.0.0.0", id="garbage-remote-addr"),
    ],
)
def test_client_ip_takes_the_address_our_proxies_saw(
    settings, trusted, forwarded, remote, expected
):
    settings.TRUSTED_PROXY_COUNT = trusted

    assert client_ip(_request(forwarded, remote)) == expected


def test_ipv6_addresses_of_one_64_network_share_a_bucket(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    first = client_ip_key("g", _request(remote="2001:db8:1:2::1"))
    same_network = client_ip_key("g", _request(remote="2001:db8:1:2:ffff::9"))
    other_network = client_ip_key("g", _request(remote="2001:db8:1:3::1"))

    assert first == same_network == "2001:db8:1:2::/64"
    assert other_network != first


def test_ipv4_addresses_each_have_their_own_bucket(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_ip_key("g", _request(remote="203.0.113.9")) == "203.0.113.9"
    assert client_ip_key("g", _request(remote="203.0.113.10")) == "203.0.113.10"
