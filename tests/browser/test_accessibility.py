"""axe-core (shipped by axe-playwright-python) finds no violation on any page.

Every page of a group is checked and all violations are reported together, so one bad
page does not hide another. The script is evaluated by Playwright, not added to the page,
so the site's Content-Security-Policy need not allow it.
"""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "2012-seattle-week-in-chongqing"
RECORD = "2012-03-mcginn-leads-delegation-to-chongqing"
PUBLIC = [
    "/",
    "/cities/seattle/",
    "/relationships/",
    "/relationships/seattle-chongqing/",
    "/exchanges/",
    "/exchanges/?person=brad-owen",
    "/exchanges/?category=education&year_from=2012&year_to=2010",
    f"/exchanges/{RECORD}/",
    "/people/brad-owen/",
    "/organisations/apple/",
    "/search/?q=tunnel",
    "/search/?q=",
    "/delegations/",
    f"/delegations/{SLUG}/",
    "{session}",
    "/message/",
    "/report/",
    "/questions/",
    "{question}",
    "/about/",
    "/contact/",
    "/privacy/",
    "/cookies/",
    "/cookies/settings/",
    "/terms/",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/no-such-page/",
]
BACK_OFFICE = [
    "/backoffice/",
    "/backoffice/messages/",
    "{message}",
    "/backoffice/reports/",
    "{report}",
    "/backoffice/exchanges/import/",
    "/accounts/profile/",
    "/accounts/password/change/",
    f"/delegations/{SLUG}/",
]


@pytest.fixture
def site(live_server):
    from tests.participation.factories import MessageFactory, ReportFactory
    from twinning.delegations.models import Session
    from twinning.participation.models import Reply

    call_command("demo", accounts=True, verbosity=0)
    question = MessageFactory(published=True, subject="Partner schools")
    Reply.objects.create(message=question, body="Yes: write to us.", email_message_id="<r@x>")
    report = ReportFactory()
    session = Session.objects.filter(delegation__slug=SLUG, audience="public").first()
    return {
        "url": live_server.url,
        "session": f"/delegations/{SLUG}/sessions/{session.pk}/",
        "question": f"/questions/{question.pk}/",
        "message": f"/backoffice/messages/{question.pk}/",
        "report": f"/backoffice/reports/{report.pk}/",
    }


def _violations(page, url: str) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    response = page.goto(url)
    expected = 404 if "no-such-page" in url else 200
    # A page that redirected (to the sign-in page) was not the page meant.
    problems = [] if response.status == expected and page.url == url else [f"got {page.url}"]
    results = Axe().run(page)
    return problems + [
        f"{v['id']}: {node['target']}"
        for v in results.response["violations"]
        for node in v["nodes"]
    ]


def _check(page, site: dict, language: str, paths: list[str]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        path = path.format(**site) if path.startswith("{") else path
        violations = _violations(page, f"{site['url']}/{language}{path}")
        if violations:
            found[path] = violations
    return found


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_public_pages_have_no_axe_violation(chromium, site, language):
    context = chromium.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()

    assert _check(page, site, language, PUBLIC) == {}
    context.close()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_public_pages_on_a_phone_have_no_axe_violation(chromium, site, language):
    context = chromium.new_context(viewport={"width": 375, "height": 844}, is_mobile=True)
    page = context.new_page()

    assert _check(page, site, language, ["/", "/exchanges/", f"/delegations/{SLUG}/"]) == {}
    context.close()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_back_office_pages_have_no_axe_violation(chromium, site, language):
    from django.test import Client

    from tests.accounts.factories import verified_login
    from twinning.accounts.models import User

    client = Client()
    verified_login(client, User.objects.get(email="coordinator@demo.twinning.test"))
    context = chromium.new_context(viewport={"width": 1100, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site["url"]}]
    )
    page = context.new_page()

    assert _check(page, site, language, BACK_OFFICE) == {}
    context.close()
