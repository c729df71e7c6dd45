from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "2012-seattle-week-in-chongqing"


@pytest.mark.parametrize(("language", "expected"), [("en", "09:00"), ("zh-hans", "09:00")])
def test_delegation_programme_in_a_real_browser(
    chromium, live_server, screenshot_dir, language, expected
):
    call_command("demo")
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    response = page.goto(f"{live_server.url}/{language}/delegations/{SLUG}/")

    assert response.status == 200
    text = page.inner_text("main")
    assert "Asia/Shanghai" in text and expected in text
    assert ("3,520" in text) and ("reality check" in text.lower() or "现实" in text)
    assert all(urlsplit(url).netloc == urlsplit(live_server.url).netloc for url in requested)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(screenshot_dir / f"delegation-{language}-phone.png"), full_page=True)
    context.close()
