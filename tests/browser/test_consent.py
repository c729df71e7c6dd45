"""Cookie consent in a real browser: only necessary cookies until the visitor chooses."""

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# twinning_tz: the browser's zone, for this browser session only (a UI preference).
NECESSARY = {"csrftoken", "sessionid", "twinning_consent", "twinning_tz"}
LANGUAGE_COOKIE = settings.LANGUAGE_COOKIE_NAME
RECORD = "/exchanges/2012-03-mcginn-leads-delegation-to-chongqing/"
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def archive(demo_data):
    from twinning.exchanges import demo as exchanges_demo
    from twinning.pages import demo as pages_demo

    exchanges_demo.load()
    pages_demo.load()


def cookie_names(context) -> set[str]:
    return {cookie["name"] for cookie in context.cookies()}


def language_cookie(context) -> str | None:
    return next((c["value"] for c in context.cookies() if c["name"] == LANGUAGE_COOKIE), None)


def test_only_necessary_cookies_until_the_visitor_agrees(chromium, live_server, archive):
    context = chromium.new_context(locale="en")
    page = context.new_page()

    for path in ("/en/", "/zh-hans/", f"/en{RECORD}", "/en/search/?q=x"):
        assert page.goto(f"{live_server.url}{path}").status == 200
        assert page.locator(".consent-banner").is_visible(), path
        names = cookie_names(context)
        assert names <= NECESSARY, (path, names)
        assert LANGUAGE_COOKIE not in names

    page.get_by_role("button", name="Only necessary").click()
    page.wait_for_load_state()

    assert page.url == f"{live_server.url}/en/search/?q=x"
    assert page.locator(".consent-banner").count() == 0
    page.goto(f"{live_server.url}/zh-hans{RECORD}")
    assert page.locator(".consent-banner").count() == 0
    names = cookie_names(context)
    assert "twinning_consent" in names
    assert names <= NECESSARY
    context.close()


def test_i_agree_lets_the_site_remember_the_language(chromium, live_server, archive):
    context = chromium.new_context(locale="en")
    page = context.new_page()
    page.goto(f"{live_server.url}/en/")

    page.get_by_role("button", name="I agree").click()
    page.wait_for_load_state()
    assert page.locator(".consent-banner").count() == 0

    page.goto(f"{live_server.url}/zh-hans{RECORD}")

    assert language_cookie(context) == "zh-hans"
    page.goto(f"{live_server.url}/")
    assert page.url == f"{live_server.url}/zh-hans/"
    context.close()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_banner_at_phone_width(chromium, live_server, archive, screenshot_dir, language):
    context = chromium.new_context(viewport=PHONE, locale=language)
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/")

    banner = page.locator(".consent-banner")
    assert banner.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(screenshot_dir / f"consent-banner-{language}-phone.png"))
    context.close()
