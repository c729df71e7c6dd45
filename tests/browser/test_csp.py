"""The Content-Security-Policy breaks nothing: no page reports a violation in Chromium."""

import pytest
from django.test import Client

from tests.accounts.factories import UserFactory, verified_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD = "/en/exchanges/2012-03-mcginn-leads-delegation-to-chongqing/"
# Every violation the page reports, whatever the directive (DOM event and console message).
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def archive(demo_data):
    from twinning.exchanges import demo

    demo.load()


def violations_on(context, url: str) -> list[str]:
    page = context.new_page()
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(LISTEN)
    response = page.goto(url)
    assert response.status == 200, url
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    found = page.evaluate("window.__cspViolations") + console
    page.close()
    return found


@pytest.mark.parametrize(
    "path",
    ["/en/", "/zh-hans/", "/en/exchanges/", RECORD, "/admin/login/", "/en/cookies/settings/"],
)
def test_public_pages_cause_no_csp_violation(chromium, live_server, archive, path):
    context = chromium.new_context()

    assert violations_on(context, f"{live_server.url}{path}") == []
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/exchanges/exchange/",
        "/admin/exchanges/exchange/{pk}/change/",
        "/admin/delegations/document/add/",
        "/en/backoffice/",
    ],
)
def test_admin_works_under_the_csp(chromium, live_server, archive, path):
    from twinning.exchanges.models import Exchange

    client = Client()
    verified_login(client, UserFactory(is_staff=True, is_superuser=True))
    context = chromium.new_context()
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    url = live_server.url + path.format(pk=Exchange.objects.get(key=RECORD.split("/")[3]).pk)

    assert violations_on(context, url) == []
    context.close()
