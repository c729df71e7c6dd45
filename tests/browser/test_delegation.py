from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "2012-seattle-week-in-chongqing"


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "China Standard Time"), ("zh-hans", "中国标准时间")]
)
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
    assert "09:00" in text and expected in text
    assert ("3,520" in text) and ("reality check" in text.lower() or "现实" in text)
    assert all(urlsplit(url).netloc == urlsplit(live_server.url).netloc for url in requested)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(screenshot_dir / f"delegation-{language}-phone.png"), full_page=True)
    context.close()


@pytest.mark.parametrize(
    ("language", "expected", "not_expected"),
    [
        ("en", "Your time is China Time (Shanghai), as your browser reports it.", "Pacific"),
        ("zh-hans", "您的时间：中国时间（上海）（由您的浏览器报告）。", "太平洋"),
    ],
)
def test_a_browser_in_shanghai_sees_its_own_zone_not_los_angeles(
    chromium, live_server, language, expected, not_expected
):
    call_command("demo")
    from twinning.delegations.models import Session

    session = Session.objects.filter(
        delegation__slug=SLUG, audience="public", venue__time_zone="Asia/Shanghai"
    ).first()
    context = chromium.new_context(timezone_id="Asia/Shanghai")
    page = context.new_page()

    page.goto(f"{live_server.url}/{language}/delegations/{SLUG}/sessions/{session.pk}/")
    # The first answer guesses Los Angeles; the script reports the zone and reloads once.
    page.wait_for_selector("form.zone-picker:not([data-zone-guessed])")

    text = page.inner_text(".zone-current")
    assert text == expected
    assert not_expected not in page.inner_text("article .record-meta")
    context.close()


def test_a_reader_picks_a_zone_and_times_follow(chromium, live_server):
    call_command("demo")
    context = chromium.new_context(timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.goto(f"{live_server.url}/en/delegations/{SLUG}/")
    page.wait_for_selector("form.zone-picker:not([data-zone-guessed])")

    with page.expect_navigation():
        page.select_option("#zone-picker-zone", "Europe/London")
    page.wait_for_selector(".zone-current")

    assert (
        page.inner_text(".zone-current")
        == "Your time is United Kingdom Time (London), as you chose."
    )
    assert "your time, Greenwich Mean Time" in page.inner_text("main")
    context.close()
