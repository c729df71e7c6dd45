"""The tokenless consent form refuses posts from other sites (security review §4)."""

import pytest

from twinning.pages.models import ConsentRecord

pytestmark = pytest.mark.django_db

CONSENT_URL = "/en/cookies/consent/"
ATTACKER = "https://attacker.example"


def post(client, **headers):
    return client.post(CONSENT_URL, {"choice": "all", "next": "/en/"}, headers=headers)


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site", "Origin": ATTACKER},
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": ATTACKER},
        {"Origin": "null"},
        {"Referer": f"{ATTACKER}/page.html"},
    ],
    ids=["fetch-metadata", "fetch-metadata-only", "origin", "null-origin", "referer"],
)
def test_twenty_cross_site_posts_record_no_consent(client, headers):
    statuses = {post(client, **headers).status_code for _ in range(20)}

    assert statuses == {403}
    assert ConsentRecord.objects.count() == 0


def test_a_refused_post_says_why_in_the_visitors_language(client):
    response = client.post(
        "/zh-hans/cookies/consent/", {"choice": "all"}, headers={"Origin": ATTACKER}
    )

    assert response.status_code == 403
    assert "此表单只能从本站自己的页面提交" in response.content.decode()


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
        {"Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "none"},
        {"Origin": "http://testserver"},
        {"Origin": "https://twinning.example.org"},
        {"Referer": "http://testserver/en/"},
        {},
    ],
    ids=["same-origin", "same-site", "none", "own-origin", "site-address", "referer", "bare"],
)
def test_posts_from_the_site_itself_record_the_choice(client, settings, headers):
    settings.TWINNING_BASE_URL = "https://twinning.example.org"

    response = post(client, **headers)

    assert response.status_code == 302
    assert ConsentRecord.objects.count() == 1


def test_cached_public_page_carries_no_csrf_token(client, settings):
    settings.TWINNING_PUBLIC_CACHE = True
    client.get("/en/exchanges/")

    cached = client.get("/en/exchanges/")

    assert 'class="consent-banner"' in cached.content.decode()
    assert "csrfmiddlewaretoken" not in cached.content.decode()
    assert "csrftoken" not in cached.cookies
