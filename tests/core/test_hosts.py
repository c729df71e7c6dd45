"""Absolute links come from TWINNING_BASE_URL, never from the Host header (security review §4)."""

import re
import subprocess
from pathlib import Path

import icalendar
import pytest

from tests.delegations.factories import DelegationFactory, MemberFactory, SessionFactory
from tests.exchanges.factories import ExchangeFactory

ROOT = Path(__file__).resolve().parents[2]
SITE = "https://twinning.example.org"
EVIL = "127.0.0.1:6666"


@pytest.fixture
def site(settings):
    settings.TWINNING_BASE_URL = SITE
    # As in the finding: a Host the configuration lets through.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver", "127.0.0.1"]
    settings.TWINNING_PUBLIC_CACHE = True


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/en/exchanges/", "/zh-hans/exchanges/"])
def test_a_foreign_host_never_reaches_the_next_visitor(client, site, path):
    ExchangeFactory()
    poisoned = client.get(path, HTTP_HOST=EVIL)
    assert poisoned.status_code == 200
    assert "6666" not in poisoned.content.decode()

    response = client.get(path)

    assert response.status_code == 200
    assert "6666" not in response.content.decode()
    assert f'href="{SITE}/' in response.content.decode()


@pytest.mark.django_db
def test_record_page_gives_its_permanent_address_from_the_site_address(client, site):
    exchange = ExchangeFactory()

    page = client.get(exchange.get_absolute_url(), HTTP_HOST=EVIL).content.decode()

    assert f"{SITE}{exchange.get_absolute_url()}</a>" in page
    assert "6666" not in page


@pytest.mark.django_db
def test_sitemap_uses_the_site_address(client, site):
    ExchangeFactory()

    sitemap = client.get("/sitemap.xml", HTTP_HOST=EVIL).content.decode()

    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations
    assert {loc.split("/en/")[0].split("/zh-hans/")[0] for loc in locations} == {SITE}
    assert "6666" not in sitemap


@pytest.mark.django_db
def test_atom_feed_uses_the_site_address(client, site):
    exchange = ExchangeFactory()

    feed = client.get("/en/exchanges/feed/", HTTP_HOST=EVIL).content.decode()

    assert f'href="{SITE}/en/exchanges/"' in feed
    assert f"{SITE}{exchange.get_absolute_url()}" in feed
    assert "6666" not in feed


@pytest.mark.django_db
def test_my_calendar_page_and_feed_link_to_the_configured_port(client, settings):
    settings.TWINNING_BASE_URL = "http://192.0.2.7:9001"
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    delegation = DelegationFactory(slug="mission")
    session = SessionFactory(delegation=delegation)
    member = MemberFactory(delegation=delegation)
    client.force_login(member.user)

    page = client.get("/en/delegations/mission/my-calendar/", HTTP_HOST=EVIL).content.decode()
    feed = icalendar.Calendar.from_ical(
        client.get(f"/en/delegations/calendar/{member.calendar_token}.ics").content
    )

    assert f"http://192.0.2.7:9001/en/delegations/calendar/{member.calendar_token}.ics" in page
    assert "6666" not in page
    urls = [str(event["url"]) for event in feed.walk("VEVENT")]
    assert urls == [f"http://192.0.2.7:9001{session.get_absolute_url()}"]


def test_make_run_sets_the_site_address_from_host_and_port():
    dry_run = subprocess.run(
        ["make", "-n", "run", "HOST=192.0.2.7", "PORT=9001"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout

    assert "TWINNING_BASE_URL=${TWINNING_BASE_URL:-http://192.0.2.7:9001}" in dry_run
    assert "runserver 192.0.2.7:9001" in dry_run


@pytest.mark.django_db
def test_public_cache_key_holds_nothing_from_the_request_headers(client, site, settings):
    from django.core.cache import cache

    # A cache of this test's own, whose keys it can list (also under REDIS_URL).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cache-key-test",
        }
    }
    ExchangeFactory()
    headers = [
        {"HTTP_HOST": EVIL},
        {"HTTP_X_FORWARDED_HOST": "evil.example", "HTTP_ACCEPT_LANGUAGE": "fr"},
        {"HTTP_USER_AGENT": "another browser"},
    ]
    for extra in headers:
        client.get("/en/exchanges/?category=&page=1", **extra)
    client.get("/en/exchanges/?page=1&category=")

    pages = [key for key in cache._cache if ":page:" in key]
    assert len(pages) == 1
