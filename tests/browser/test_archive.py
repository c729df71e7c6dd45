import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def archive(demo_data):
    from twinning.exchanges import demo

    demo.load()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_archive_timeline_and_record_pages_render(
    chromium, live_server, archive, screenshot_dir, language
):
    context = chromium.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()

    page.goto(f"{live_server.url}/{language}/exchanges/")
    assert page.locator("svg.timeline-svg rect").count() > 5
    page.screenshot(path=str(screenshot_dir / f"archive-{language}.png"), full_page=True)

    page.locator("svg.timeline-svg a").first.click()
    page.wait_for_load_state()
    assert "year_from=" in page.url
    assert page.locator(".record").count() >= 1

    page.goto(
        f"{live_server.url}/{language}/exchanges/2012-03-mcginn-leads-delegation-to-chongqing/"
    )
    page.screenshot(path=str(screenshot_dir / f"record-{language}.png"), full_page=True)
    expected = "then Mayor of Seattle" if language == "en" else "时任西雅图市长"
    assert expected in page.inner_text("main")
    context.close()


def test_search_in_chinese_highlights_the_words(chromium, live_server, archive, screenshot_dir):
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()

    page.goto(f"{live_server.url}/zh-hans/search/?q=孔子学院")

    marks = page.locator("mark").all_inner_texts()
    assert "孔子" in marks or "孔子学院" in "".join(marks)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(screenshot_dir / "search-zh-hans-phone.png"), full_page=True)
    context.close()
