"""A coordinator filters the unpaid registrations, writes to them, and reads the delivery log;
on a desktop and on a phone, with the keyboard for the filter."""

import pytest
from django.core import mail
from django.test import Client

from tests.backoffice.factories import office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 375])
def test_a_coordinator_announces_to_the_unpaid_and_sees_the_log(
    chromium, live_server, screenshot_dir, width
):
    o = office()
    client = Client()
    client.force_login(o.coordinator)
    context = chromium.new_context(viewport={"width": width, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    slug = o.delegation.slug

    page.goto(f"{live_server.url}/en/backoffice/office/delegations/{slug}/registrations/")
    page.select_option("#filter-payment", "unpaid")
    page.focus("#list-q")
    page.keyboard.press("Enter")  # the filter form is sent from the keyboard
    page.wait_for_url("**payment=unpaid**")
    rows = page.locator("table.working-list tbody tr")
    assert rows.count() == 1
    assert o.unpaid.user.email in rows.first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.click("text=Write to everyone who has not paid")
    assert page.locator("#id_group").input_value() == "unpaid"
    page.fill("#id_subject_en", "Your balance")
    page.fill("#id_body_en", "Please pay the balance this week.")
    page.fill("[id='id_subject_zh-hans']", "您的余款")
    page.fill("[id='id_body_zh-hans']", "请在本周内付清余款。")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.click("main form.stacked button[type=submit]")
    page.wait_for_url("**/announcements/*/")

    log = page.locator("table.delivery-log tbody").inner_text()
    assert o.unpaid.user.email in log
    assert o.paid[0].user.email not in log
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert [m.to for m in mail.outbox if m.subject in ("Your balance", "您的余款")] == [
        [o.unpaid.user.email]
    ]
    page.screenshot(path=str(screenshot_dir / f"backoffice-announce-{width}.png"), full_page=True)
    context.close()
