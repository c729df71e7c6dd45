"""The meetings journey end to end, in Chinese on a phone, in Chromium.

On the demo's 2027 mission (profiles, requests, a first schedule, the agenda published as
preliminary): a delegate opens their suggestions, asks a Chinese-speaking counterpart for a
meeting; the counterpart (signed in to its claimed profile) accepts; the coordinator runs
the scheduler; the delegate finds the meeting in their agenda with its table and
interpreter, at 375 px, in Chinese, and in English on a desktop.
Screenshots go to test-artifacts/screenshots/meetings-*.png.
"""

import pytest
from django.core.management import call_command
from django.test import Client

from tests.accounts.factories import UserFactory, verified_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "2027-seattle-business-mission-to-chongqing"
DELEGATE = "avery.chen@cascade-tunnelling.test"  # Cascade Tunnelling, speaks English only
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def _session(live_server, user, *, staff=False) -> dict:
    client = Client()
    if staff:
        verified_login(client, user)
    else:
        client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


@pytest.fixture
def demo(live_server):
    from twinning.accounts.models import User
    from twinning.delegations.models import Delegation, Member

    call_command("demo", accounts=True, verbosity=0)
    coordinator = User.objects.get(email="coordinator@demo.twinning.test")
    Member.objects.update_or_create(
        delegation=Delegation.objects.get(slug=SLUG),
        user=coordinator,
        defaults={"role": Member.Role.COORDINATOR, "confirmed": True},
    )
    return coordinator


def _new_counterpart(delegate):
    """The delegate's best suggestion among the Chinese-speaking counterparts not yet asked
    (so the meeting needs an interpreter)."""
    from twinning.matchmaking import selectors
    from twinning.matchmaking.models import Participant

    for row in selectors.suggestions(reader=delegate, limit=20):
        other = row.participant
        if (
            other.kind == Participant.Kind.COUNTERPART
            and not row.requested
            and "en" not in other.languages
        ):
            return other
    raise AssertionError("the demo delegate has no counterpart left to ask")


def test_a_delegate_goes_from_a_suggestion_to_a_meeting_in_the_agenda(
    chromium, live_server, demo, screenshot_dir
):
    from twinning.matchmaking.models import Meeting, MeetingRequest, Participant

    delegate = Participant.objects.select_related("member__user").get(
        delegation__slug=SLUG, member__user__email=DELEGATE
    )
    target = _new_counterpart(delegate)
    # The counterpart has claimed its profile (tests/matchmaking cover the claim link).
    counterpart_user = UserFactory(preferred_language="zh-hans", full_name="王经理")
    Participant.objects.filter(pk=target.pk).update(user=counterpart_user)
    base = f"{live_server.url}/zh-hans/delegations/{SLUG}/meetings"
    shot = lambda page, name: page.screenshot(  # noqa: E731
        path=str(screenshot_dir / f"meetings-{name}.png"), full_page=True
    )
    contexts = {
        "delegate": chromium.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN"),
        "counterpart": chromium.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN"),
        "coordinator": chromium.new_context(viewport=DESKTOP, locale="zh-CN"),
    }
    contexts["delegate"].add_cookies([_session(live_server, delegate.member.user)])
    contexts["counterpart"].add_cookies([_session(live_server, counterpart_user)])
    contexts["coordinator"].add_cookies([_session(live_server, demo, staff=True)])
    pages = {name: context.new_page() for name, context in contexts.items()}
    for page in pages.values():
        page.set_default_timeout(15_000)
    me, them, staff = pages["delegate"], pages["counterpart"], pages["coordinator"]
    widths: list[str] = []

    # 1. The delegate's suggestions: the counterpart is there, with the reason shown.
    assert me.goto(f"{base}/suggestions/").status == 200
    suggestion = me.locator(f"a[href$='/meetings/profiles/{target.pk}/']").first
    assert suggestion.is_visible()
    if not fits(me, PHONE["width"]):
        widths.append("suggestions")
    shot(me, "1-suggestions-phone")
    with me.expect_navigation():
        suggestion.click()

    # 2. From the profile to the request form, and the request sent. (The profile page
    # does not show flow's "Ask to meet" button yet: the form is opened by its address.)
    assert me.url.endswith(f"/meetings/profiles/{target.pk}/")
    assert me.goto(f"{base}/requests/new/{target.pk}/").status == 200
    shot(me, "2-request-phone")
    with me.expect_navigation():
        me.locator("main form button[type=submit]").click()
    meeting_request = MeetingRequest.objects.get(requester=delegate, target=target)
    assert meeting_request.status == MeetingRequest.Status.PENDING

    # 3. The counterpart accepts on its requests page.
    assert them.goto(f"{base}/requests/").status == 200
    form = them.locator(f"form[action$='/meetings/requests/{meeting_request.pk}/answer/']")
    with them.expect_navigation():
        form.locator("button[value=accept]").click()
    meeting_request.refresh_from_db()
    assert meeting_request.status == MeetingRequest.Status.ACCEPTED
    shot(them, "3-accepted-phone")

    # 4. The coordinator runs the scheduler (at once: the demo runs tasks in the request).
    assert staff.goto(f"{base}/schedule/").status == 200
    staff.locator("input[name=time_limit]").fill("3")
    with staff.expect_navigation():
        staff.locator("main form button[type=submit]").click()
    meeting = Meeting.objects.select_related("slot", "interpreter").get(
        participant_a__in=[delegate, target],
        participant_b__in=[delegate, target],
        status=Meeting.Status.SCHEDULED,
    )
    assert meeting.interpreter is not None  # English and Chinese: an interpreter at the table
    assert staff.goto(f"{base}/grid/").status == 200
    assert staff.locator(f"#cell-{meeting.pk}").is_visible()
    shot(staff, "4-grid-desktop")
    # On a phone the grid scrolls sideways inside its own box, which takes the keyboard's
    # focus (arrow keys scroll it); the page itself stays 375 px wide.
    phone = contexts["coordinator"].new_page()
    phone.set_viewport_size(PHONE)
    phone.goto(f"{base}/grid/")
    box = phone.locator(".grid-box").first
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    box.focus()
    assert phone.evaluate("document.activeElement.classList.contains('grid-box')")
    phone.keyboard.press("ArrowRight")
    # Chromium may scroll smoothly: wait for the box to have moved (fails after 5 s).
    phone.wait_for_function("() => document.activeElement.scrollLeft > 0", timeout=5000)
    if not fits(phone, PHONE["width"]):
        widths.append("grid")
    shot(phone, "4-grid-phone")

    # 5. The delegate's agenda, in Chinese at 375 px: table and interpreter, preliminary.
    assert me.goto(f"{base}/agenda/").status == 200
    row = me.locator(f"#meeting-{meeting.pk}")
    text = row.inner_text()
    assert target.organisation_zh_hans in text
    assert f"{meeting.table} 号桌" in text
    assert meeting.interpreter.name in text
    assert "初步日程" in me.inner_text("main")
    if not fits(me, PHONE["width"]):
        widths.append("agenda")
    shot(me, "5-agenda-phone")

    # 6. The same agenda in English on a desktop.
    desktop = contexts["delegate"].new_page()
    desktop.set_viewport_size(DESKTOP)
    assert desktop.goto(f"{live_server.url}/en/delegations/{SLUG}/meetings/agenda/").status == 200
    text = desktop.locator(f"#meeting-{meeting.pk}").inner_text()
    assert target.organisation_en in text
    assert f"Table {meeting.table}" in text
    assert meeting.interpreter.name in text
    shot(desktop, "6-agenda-desktop")

    assert widths == []
    for context in contexts.values():
        context.close()
