import pytest
from django.conf import settings

from tests.pages.factories import publish
from twinning.pages.consent import COOKIE_NAME
from twinning.pages.models import ConsentRecord

pytestmark = pytest.mark.django_db

LANGUAGE_COOKIE = settings.LANGUAGE_COOKIE_NAME
CONSENT_URL = "/en/cookies/consent/"
BANNER = 'class="consent-banner"'


def choose(client, choice: str, next_url: str = "/en/"):
    return client.post(CONSENT_URL, {"choice": choice, "next": next_url})


def test_banner_shows_until_a_choice_is_made(client):
    page = client.get("/en/").content.decode()

    assert BANNER in page
    assert 'action="/en/cookies/consent/"' in page
    assert 'href="/en/cookies/"' in page
    assert page.count('name="choice"') == 2

    choose(client, "necessary")

    assert BANNER not in client.get("/en/").content.decode()


def test_consent_records_the_choice_with_the_policy_version_and_sets_the_cookie(client):
    publish("cookies")
    publish("cookies", body_en="Second version of the policy.")

    response = choose(client, "all", "/en/exchanges/?page=2")

    assert response.status_code == 302
    assert response["Location"] == "/en/exchanges/?page=2"
    record = ConsentRecord.objects.get()
    assert record.categories == ["preferences"]
    assert record.policy_version == 2
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert record.public_id.hex in cookie.value


def test_consent_before_any_policy_is_published_records_version_zero(client):
    choose(client, "necessary")

    record = ConsentRecord.objects.get()
    assert (record.policy_version, record.categories) == (0, [])


def test_consent_record_keeps_nothing_that_identifies_the_visitor():
    fields = {field.name for field in ConsentRecord._meta.get_fields()}

    assert fields == {"id", "public_id", "categories", "policy_version", "created_at"}


def test_no_language_cookie_before_a_choice(client):
    for url in ("/en/", "/zh-hans/", "/zh-hans/privacy/"):
        response = client.get(url)
        assert LANGUAGE_COOKIE not in response.cookies
        assert response.status_code == 200


def test_only_necessary_never_sets_the_language_cookie(client):
    response = choose(client, "necessary", "/zh-hans/")
    assert LANGUAGE_COOKIE not in response.cookies

    for url in ("/zh-hans/", "/en/", "/zh-hans/about/"):
        assert LANGUAGE_COOKIE not in client.get(url).cookies
    assert LANGUAGE_COOKIE not in client.cookies


def test_i_agree_sets_the_language_cookie_on_the_next_page_view(client):
    response = choose(client, "all", "/zh-hans/")
    assert LANGUAGE_COOKIE not in response.cookies

    response = client.get("/zh-hans/")

    assert response.cookies[LANGUAGE_COOKIE].value == "zh-hans"
    assert response.cookies[LANGUAGE_COOKIE]["max-age"] > 0
    # The bare address now opens the language read last, whatever the browser prefers.
    home = client.get("/", headers={"accept-language": "en"})
    assert home["Location"] == "/zh-hans/"
    # The same language is not set again on every page; a switch is remembered.
    assert LANGUAGE_COOKIE not in client.get("/zh-hans/about/").cookies
    assert client.get("/en/about/").cookies[LANGUAGE_COOKIE].value == "en"


def test_withdrawing_consent_deletes_the_language_cookie(client):
    choose(client, "all")
    client.get("/zh-hans/")
    assert client.cookies[LANGUAGE_COOKIE].value == "zh-hans"

    response = choose(client, "necessary", "/zh-hans/")

    assert response.cookies[LANGUAGE_COOKIE].value == ""
    assert response.cookies[LANGUAGE_COOKIE]["max-age"] == 0


def test_a_language_cookie_without_consent_is_deleted(client):
    client.cookies[LANGUAGE_COOKIE] = "zh-hans"

    response = client.get("/en/")

    assert response.cookies[LANGUAGE_COOKIE]["max-age"] == 0


def test_a_new_cookie_policy_version_brings_the_banner_back(client):
    publish("cookies")
    choose(client, "all")
    assert BANNER not in client.get("/en/").content.decode()

    publish("cookies", body_en="We changed the policy.")

    assert BANNER in client.get("/en/").content.decode()
    choose(client, "all")
    assert BANNER not in client.get("/en/").content.decode()
    assert list(ConsentRecord.objects.values_list("policy_version", flat=True)) == [2, 1]


def test_a_forged_consent_cookie_counts_as_no_choice(client):
    client.cookies[COOKIE_NAME] = "0123456789abcdef0123456789abcdef:9:preferences"

    response = client.get("/zh-hans/")

    assert BANNER in response.content.decode()
    assert LANGUAGE_COOKIE not in response.cookies


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/path", "/\\evil.example", "javascript:alert(1)", ""],
)
def test_bad_next_does_not_redirect_off_site(client, next_url):
    response = choose(client, "necessary", next_url)

    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_next_on_the_same_site_is_kept(client):
    assert choose(client, "all", "/zh-hans/search/?q=x")["Location"] == "/zh-hans/search/?q=x"


def test_consent_only_accepts_a_post_with_a_known_choice(client):
    assert client.get(CONSENT_URL).status_code == 405
    assert client.post(CONSENT_URL, {"choice": "everything"}).status_code == 400
    assert ConsentRecord.objects.count() == 0


def test_consent_form_works_without_a_csrf_token_so_public_pages_can_be_cached():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = client.post(CONSENT_URL, {"choice": "necessary"})

    assert response.status_code == 302
    assert COOKIE_NAME in response.cookies
    assert "csrfmiddlewaretoken" not in client.get("/en/exchanges/").content.decode()


def test_cookie_settings_show_the_current_choice_and_both_buttons(client):
    page = client.get("/en/cookies/settings/").content.decode()
    assert "You have not chosen yet" in page
    assert BANNER not in page
    assert page.count('name="choice"') == 2
    for name in ("csrftoken", "sessionid", COOKIE_NAME, LANGUAGE_COOKIE):
        assert f"<code>{name}</code>" in page

    choose(client, "all")
    page = client.get("/en/cookies/settings/").content.decode()
    assert "You agreed to the preferences cookie" in page
    assert 'name="next" value="/en/cookies/settings/"' in page

    choose(client, "necessary")
    assert (
        "You chose only the necessary cookies"
        in client.get("/en/cookies/settings/").content.decode()
    )


def test_html_pages_vary_on_cookie(client):
    assert "Cookie" in client.get("/en/").headers["Vary"]


def test_a_cached_archive_page_drops_the_banner_once_the_visitor_chooses(client):
    # The archive page is cached for anonymous visitors; the banner is part of the layout.
    assert BANNER in client.get("/en/exchanges/").content.decode()

    choose(client, "necessary")

    assert BANNER not in client.get("/en/exchanges/").content.decode()
