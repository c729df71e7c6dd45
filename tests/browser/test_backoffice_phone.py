"""The back office's meetings list and audit log on a phone (375 px), in Chinese: nothing
wider than the screen, the filter form reached with the keyboard, one filter applied."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.accounts.factories import verified_login
from tests.backoffice.meetings_world import build, more_meetings
from twinning.audit.services import audit_record
from twinning.matchmaking import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 375


def _tab_to(page, selector: str, limit: int = 60) -> bool:
    """Press Tab until the focus is on ``selector``; whether it got there."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return True
    return False


def _url(name: str, **kwargs) -> str:
    with translation.override("zh-hans"):
        return reverse(name, kwargs=kwargs)


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def test_the_meetings_list_and_the_audit_log_work_on_a_phone_in_chinese(
    chromium, live_server, screenshot_dir
):
    world = build()
    more_meetings(world, 2)
    services.meeting_lock(actor=world.coordinator, meeting=world.meeting, locked=True)
    audit_record(actor=None, action="registrations.approved", delegation=world.delegation)
    world.coordinator.preferred_language = "zh-hans"
    world.coordinator.save(update_fields=["preferred_language"])
    client = Client()
    verified_login(client, world.coordinator)  # staff: a passed second factor
    context = chromium.new_context(viewport={"width": WIDTH, "height": 812})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    filters = "form.list-filters"

    page.goto(live_server.url + _url("backoffice:meetings", slug=world.delegation.slug))
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("table.working-list tbody tr").count() == 3
    assert _fits(page)
    assert _tab_to(page, "#list-q")
    page.select_option("#filter-locked", "yes")
    page.focus("#list-q")
    assert _tab_to(page, f"{filters} button[type=submit]", limit=5)
    page.keyboard.press("Enter")
    page.wait_for_url("**locked=yes**")
    assert page.locator("table.working-list tbody tr").count() == 1
    assert _fits(page)
    page.screenshot(path=str(screenshot_dir / "backoffice-meetings-375-zh.png"), full_page=True)

    page.goto(live_server.url + _url("backoffice:audit_log"))
    assert page.locator("table.audit-log tbody tr").count() == 2
    assert _fits(page)
    assert _tab_to(page, "#id_q")
    # The filters read as what they are (not "surface area", not a mail's sender).
    labels = [page.inner_text(f"label[for={i}]") for i in ("id_area", "id_start", "id_end")]
    assert labels == ["类别", "起始日期", "截止日期"]
    page.select_option("#id_area", "schedule")
    page.focus("#id_q")
    assert _tab_to(page, f"{filters} button[type=submit]", limit=5)
    page.keyboard.press("Enter")
    page.wait_for_url("**area=schedule**")
    rows = page.locator("table.audit-log tbody tr")
    assert rows.count() == 1
    assert "锁定" in rows.first.inner_text()
    assert _fits(page)
    page.screenshot(path=str(screenshot_dir / "backoffice-audit-375-zh.png"), full_page=True)
    context.close()
