"""A registrant's payment instructions on a phone, in a real browser."""

import pytest
from django.core.management import call_command
from django.test import Client

from twinning.accounts.models import User
from twinning.payments.reference import reference_format

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "2027-seattle-business-mission-to-chongqing"


@pytest.mark.parametrize(("language", "heading"), [("en", "How to pay"), ("zh-hans", "付款方式")])
def test_the_payment_instructions_fit_a_phone(
    chromium, live_server, screenshot_dir, language, heading
):
    call_command("demo", verbosity=0)
    user = User.objects.get(email="jordan.park@rainier-bio.test")
    client = Client()
    client.force_login(user)
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()

    response = page.goto(f"{live_server.url}/{language}/delegations/{SLUG}/registration/")

    assert response.status == 200
    text = page.inner_text("main")
    assert heading in text
    assert reference_format("902700000001") in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(screenshot_dir / f"payment-{language}-phone.png"), full_page=True)
    context.close()
