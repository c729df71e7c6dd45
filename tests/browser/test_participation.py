"""Script and HTML typed by visitors stays text, on public pages and in the back office."""

import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.factories import UserFactory
from twinning.accounts.models import Role
from twinning.participation import services
from twinning.participation.models import Message, Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = [
    "<script>alert('s')</script>",
    '"><img src=x onerror="alert(\'i\')">',
    "<svg onload=alert('v')>",
    "javascript:alert('j')",
]
PAYLOAD = " ".join(PAYLOADS)


def _answer(page) -> str:
    label = page.locator("label[for=id_answer]").inner_text()
    a, b = map(int, re.findall(r"\d+", label)[:2])
    return str(a + b)


def _staff_cookie(live_server_url: str) -> dict:
    moderator = UserFactory(role=Role.MODERATOR, is_staff=True)
    device = TOTPDevice.objects.create(user=moderator, name="test", confirmed=True)
    session = SessionStore()
    session[SESSION_KEY] = str(moderator.pk)
    session[BACKEND_SESSION_KEY] = django_settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = moderator.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return {"name": "sessionid", "value": session.session_key, "url": live_server_url}


def _assert_inert(page) -> None:
    injected = page.evaluate(
        """() => document.querySelectorAll(
            'main script, main img[src="x"], main svg[onload], [onerror], [onload]'
        ).length"""
    )
    assert injected == 0


def test_payloads_in_every_field_are_inert(chromium, live_server, settings, demo_data):
    settings.PARTICIPATION_MIN_FILL_SECONDS = 0
    context = chromium.new_context()
    dialogs: list[str] = []
    context.on("page", lambda p: p.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss())))
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    page.goto(f"{live_server.url}/en/message/")
    assert not page.locator("#id_website").is_visible()  # the honeypot is for bots only
    for field in ("name", "organisation", "city", "subject", "body"):
        page.fill(f"#id_{field}", PAYLOAD[:95] if field in ("name", "city") else PAYLOAD)
    page.fill("#id_email", "visitor@example.org")
    page.check("#id_publish_consent")
    page.check("#id_privacy_accepted")
    page.fill("#id_answer", _answer(page))
    page.click("main form.stacked button[type=submit]")
    page.wait_for_url("**/message/sent/")

    message = Message.objects.get()
    assert message.body == PAYLOAD
    moderator = UserFactory(role=Role.MODERATOR)
    services.message_reply(message=message, body=PAYLOAD, actor=moderator)
    services.message_set_published(message=message, published=True, actor=moderator)

    page.goto(f"{live_server.url}/en/report/?url=/en/")
    page.check("input[value=offensive]")
    page.fill("#id_details", PAYLOAD)
    page.fill("#id_answer", _answer(page))
    page.click("main form.stacked button[type=submit]")
    page.wait_for_url("**/report/sent/")
    report = Report.objects.get()

    for url in ("/en/questions/", f"/en/questions/{message.pk}/"):
        page.goto(live_server.url + url)
        assert "<script>" in page.inner_text("main")  # shown as text
        _assert_inert(page)

    context.add_cookies([_staff_cookie(live_server.url)])
    for url in (
        "/en/backoffice/messages/",
        f"/en/backoffice/messages/{message.pk}/",
        "/en/backoffice/reports/",
        f"/en/backoffice/reports/{report.pk}/",
    ):
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        _assert_inert(page)
    assert "<img src=x" in page.inner_text("main")
    assert dialogs == []
    context.close()
