"""The layout on a phone (375 × 844) and on a desktop, measured in Chromium."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 844}
DESKTOP = {"width": 1100, "height": 900}
# The header and the cookie banner together leave most of a phone's first screen.
PHONE_TOP_BUDGET = 240


@pytest.fixture
def demo(live_server):
    call_command("demo", verbosity=0)
    return live_server.url


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def _px(page, selector: str, prop: str) -> float:
    value = page.eval_on_selector(selector, f"e => getComputedStyle(e).{prop}")
    return float(value.removesuffix("px"))


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_main_keeps_its_padding_away_from_header_and_footer(chromium, demo, viewport):
    context = chromium.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{demo}/en/message/")

    assert _px(page, "main", "paddingTop") >= 16
    assert _px(page, "main", "paddingBottom") >= 32
    assert _px(page, "main", "paddingLeft") >= 12
    header = page.locator(".site-header").bounding_box()
    heading = page.locator("main h1").bounding_box()
    assert heading["y"] - (header["y"] + header["height"]) >= 16
    context.close()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_on_a_phone_the_menu_is_one_row_and_header_and_banner_leave_the_screen(
    phone, demo, screenshot_dir, language
):
    phone.goto(f"{demo}/{language}/")

    header = phone.locator(".site-header").bounding_box()
    banner = phone.locator(".consent-banner").bounding_box()
    links = phone.locator(".main-nav li").all()
    rows = {round(link.bounding_box()["y"]) for link in links if link.is_visible()}
    phone.screenshot(path=str(screenshot_dir / f"home-{language}-phone-top.png"))
    assert len(rows) == 1
    assert header["height"] + banner["height"] < PHONE_TOP_BUDGET
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_on_a_phone_the_timeline_is_a_readable_list(phone, demo, screenshot_dir):
    phone.goto(f"{demo}/en/exchanges/")

    assert not phone.locator("svg.timeline-svg").is_visible()
    assert phone.locator(".timeline-list").is_visible()
    assert phone.locator(".timeline-list a").count() > 5
    assert _px(phone, ".timeline-list a", "fontSize") >= 11
    phone.screenshot(path=str(screenshot_dir / "archive-en-phone.png"), full_page=True)


def test_on_a_desktop_the_timeline_is_drawn(chromium, demo):
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{demo}/en/exchanges/")

    assert page.locator("svg.timeline-svg").is_visible()
    assert not page.locator(".timeline-list").is_visible()
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_message_forms_controls_share_width_and_font_size(chromium, demo, viewport):
    context = chromium.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{demo}/en/message/")

    controls = page.locator(
        "form.stacked input:not([type=hidden]):not([type=checkbox]):not(.hp input), "
        "form.stacked select, form.stacked textarea"
    )
    boxes = [c.bounding_box() for c in controls.all() if c.is_visible()]
    sizes = {
        c.evaluate("e => getComputedStyle(e).fontSize") for c in controls.all() if c.is_visible()
    }
    assert len(boxes) >= 4
    assert {round(box["width"]) for box in boxes} == {round(boxes[0]["width"])}
    assert {round(box["x"]) for box in boxes} == {round(boxes[0]["x"])}
    assert len(sizes) == 1
    context.close()
