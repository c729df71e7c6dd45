from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}
EXPECTED = {
    "en": ["Sister cities and their exchanges", "Seattle", "Chongqing", "June 1983"],
    "zh-hans": ["友好城市与交流往来", "西雅图", "重庆", "1983年6月"],
}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", list(EXPECTED))
def test_home_page_in_a_real_browser(
    chromium, live_server, demo_data, screenshot_dir, language, viewport
):
    own_host = urlsplit(live_server.url).netloc
    context = chromium.new_context(viewport=VIEWPORTS[viewport], locale=language)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    response = page.goto(f"{live_server.url}/{language}/", wait_until="networkidle")

    assert response.status == 200
    body = page.inner_text("body")
    for text in EXPECTED[language]:
        assert text in body
    assert page.get_attribute("html", "lang") == language
    outside = [url for url in requested if urlsplit(url).netloc not in (own_host, "")]
    assert outside == []
    assert any(url.endswith("site.css") for url in requested)
    # Nothing sticks out sideways at phone width.
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    page.screenshot(path=str(screenshot_dir / f"home-{language}-{viewport}.png"), full_page=True)
    context.close()


def test_language_switcher_opens_the_same_page_in_chinese(chromium, live_server, demo_data):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/en/cities/chongqing/")

    page.get_by_role("navigation", name="Language").get_by_role("link", name="简体中文").click()

    page.wait_for_url(f"{live_server.url}/zh-hans/cities/chongqing/")
    assert page.locator("h1").inner_text() == "重庆"
    context.close()
