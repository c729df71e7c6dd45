"""The API's docs page works in Chromium under the site's CSP, from local files only."""

import pytest

from tests.browser.test_csp import LISTEN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_their_operations_with_nothing_from_outside(chromium, live_server):
    context = chromium.new_context()
    page = context.new_page()
    requested, console = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.add_init_script(LISTEN)

    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=15000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    violations = page.evaluate("window.__cspViolations") + console
    context.close()

    assert "/api/v1/registrations/{registration_id}/payments" in paths
    assert [url for url in requested if not url.startswith((live_server.url, "data:"))] == []
    assert violations == []
