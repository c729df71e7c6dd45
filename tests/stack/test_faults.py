"""Faults survived, nothing lost: an app server, the worker, Redis and PostgreSQL go away."""

import os
import random
import re
import threading
import time
import uuid
from collections import Counter
from email.parser import BytesHeaderParser

import pytest

from stack.burst import burst

PAGES = [
    "/en/",
    "/en/cities/chongqing/",
    "/en/exchanges/",
    "/en/exchanges/2012-03-mcginn-leads-delegation-to-chongqing/",
    "/en/delegations/2012-seattle-week-in-chongqing/",
    "/en/search/?q=Chongqing",
]
VISITORS = 200
# nginx leaves a server that failed alone for fail_timeout (deploy/nginx.conf.template):
# a restarted server takes that long to get requests again, and the next fault must wait.
FAIL_TIMEOUT = 5.0


def _get_loop(stack, seconds: float, statuses: Counter, threads: int = 4) -> list[threading.Thread]:
    """Anonymous visitors reading public pages for ``seconds`` (bounded, loopback only)."""
    deadline = time.monotonic() + seconds
    lock = threading.Lock()

    def visitor(offset: int) -> None:
        browser = stack.browser(timeout=30)
        n = offset
        while time.monotonic() < deadline:
            try:
                status = browser.get(PAGES[n % len(PAGES)]).status
            except OSError as error:
                status = type(error).__name__
            with lock:
                statuses[status] += 1
            n += 1

    workers = [threading.Thread(target=visitor, args=(i,), daemon=True) for i in range(threads)]
    for worker in workers:
        worker.start()
    return workers


def _incomplete_registrations(stack, delegation_id: int) -> int:
    """Rows missing what one transaction writes with them: their e-mail, terms, price."""
    return stack.sql(
        "SELECT count(*) FROM registrations_registration r WHERE r.delegation_id = %s AND ("
        " r.status NOT IN ('awaiting_payment') OR r.total <= 0 OR r.terms_accepted_at IS NULL"
        " OR r.company = '' OR NOT EXISTS (SELECT 1 FROM notifications_notification n"
        "  WHERE n.key = 'registrations.registration-' || r.id || '-received'))",
        delegation_id,
    )[0][0]


def test_an_app_server_killed_during_a_burst_loses_nothing_half_written(stack):
    plan = stack.prepare_burst(seats=1000, visitors=VISITORS)
    reads: Counter = Counter()
    readers: list[threading.Thread] = []

    def kill_app_server() -> None:
        readers.extend(_get_loop(stack, seconds=8, statuses=reads))
        time.sleep(1.0)
        stack.control("app", "1", "kill")

    try:
        result = burst(stack.url, plan, during=kill_app_server)
        for reader in readers:
            reader.join(40)
    finally:
        stack.control("app", "1", "start")
        time.sleep(FAIL_TIMEOUT + 0.5)

    rows = stack.sql(
        "SELECT count(*) FROM registrations_registration WHERE delegation_id = %s",
        plan["delegation_id"],
    )[0][0]
    stack.record(
        "fault_app_server_killed",
        {**result.as_dict(), "reads": dict(reads), "registration_rows": rows},
    )
    assert result.errors == []
    # nginx resends the posts the dead server never answered (deploy/nginx.conf.template).
    assert result.outcomes == {"registered": VISITORS}
    assert rows == VISITORS
    assert dict(reads) == {200: sum(reads.values())}
    assert _incomplete_registrations(stack, plan["delegation_id"]) == 0


def test_an_app_server_killed_under_page_load_costs_no_request(stack):
    reads: Counter = Counter()
    readers = _get_loop(stack, seconds=6, statuses=reads)
    try:
        time.sleep(2.0)
        stack.control("app", "2", "kill")
        for reader in readers:
            reader.join(40)
    finally:
        stack.control("app", "2", "start")
        time.sleep(FAIL_TIMEOUT + 0.5)

    stack.record("fault_app_server_killed_under_reads", {"reads": dict(reads)})
    # Enough reads to span the kill (a loaded machine serves fewer; none at all would fail).
    assert sum(reads.values()) >= 5
    assert dict(reads) == {200: sum(reads.values())}


def _mail_recipients(stack) -> Counter:
    parser = BytesHeaderParser()
    found: Counter = Counter()
    for path in stack.mail.glob("*.eml"):
        with path.open("rb") as handle:
            found[parser.parse(handle)["To"]] += 1
    return found


def _unsent(stack) -> int:
    return stack.sql("SELECT count(*) FROM notifications_notification WHERE sent_at IS NULL")[0][0]


def test_the_worker_killed_mid_task_sends_the_e_mail_once_after_restart(stack):
    stack.wait_until(lambda: _unsent(stack) == 0, seconds=120, what="the outbox to empty")
    plan = stack.prepare_burst(seats=5, visitors=1)
    hold, held = stack.mail / "hold", stack.mail / "held"
    held.unlink(missing_ok=True)
    hold.touch()
    try:
        assert burst(stack.url, plan).outcomes == {"registered": 1}
        stack.wait_until(held.exists, seconds=30, what="the worker to be sending")
        stack.control("worker", "kill")
    finally:
        hold.unlink()
    ((to, notification_id),) = stack.sql(
        "SELECT n.to, n.id FROM notifications_notification n JOIN registrations_registration r"
        " ON n.key = 'registrations.registration-' || r.id || '-received'"
        " WHERE r.delegation_id = %s",
        plan["delegation_id"],
    )
    time.sleep(1.0)
    mails_before = _mail_recipients(stack)[to]
    left_running = stack.sql(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
    )[0][0]

    recovered = stack.twinning("tasks_recover", "--stale-after", "0")
    stack.control("worker", "start")
    stack.wait_until(lambda: _unsent(stack) == 0, seconds=60, what="the e-mail to be sent")
    time.sleep(2.0)  # a duplicate would arrive now

    recipients = _mail_recipients(stack)
    # Each address with sent notifications has exactly as many e-mails (other mail, such as
    # the office's copy of a message, does not go through the outbox).
    outbox = dict(
        stack.sql(
            'SELECT "to", count(*) FROM notifications_notification WHERE sent_at IS NOT NULL'
            ' GROUP BY "to"'
        )
    )
    mismatched = {a: (n, recipients[a]) for a, n in outbox.items() if recipients[a] != n}
    stack.record(
        "fault_worker_killed",
        {
            "mails_before_restart": mails_before,
            "tasks_left_running": left_running,
            "recovered": recovered.strip(),
            "mails_after": recipients[to],
            "notifications_sent": sum(outbox.values()),
            "their_mails": sum(recipients[a] for a in outbox),
        },
    )
    assert (mails_before, left_running) == (0, 1)
    # One e-mail per notification of this registrant (received, how to pay): none twice.
    assert recipients[to] == outbox[to] >= 1
    assert mismatched == {}
    assert stack.sql(
        "SELECT sent_at IS NOT NULL FROM notifications_notification WHERE id = %s",
        notification_id,
    ) == [(True,)]


def _login_attempt(stack) -> int:
    browser = stack.browser()
    form = browser.get("/en/accounts/login/")
    if form.status != 200:
        return form.status
    data = {"csrfmiddlewaretoken": form.csrf(), "username": "nobody@example.org", "password": "x"}
    return browser.post("/en/accounts/login/", data).status


def _message_form(browser, email: str = "li.wei@example.cn") -> dict:
    form = browser.get("/en/message/")
    a, b = map(int, re.search(r"what is (\d+) plus (\d+)", form.text).groups())
    challenge = re.search(r'name="challenge" value="([^"]+)"', form.text).group(1)
    return {
        "csrfmiddlewaretoken": form.csrf(),
        "name": "Li Wei",
        "email": email,
        "subject": "Visiting Seattle",
        "body": "We would like to visit in April.",
        "language": "en",
        "privacy_accepted": "on",
        "challenge": challenge,
        "answer": a + b,
    }


def _message_attempt(stack) -> int:
    browser = stack.browser()
    data = _message_form(browser)
    time.sleep(3.2)  # PARTICIPATION_MIN_FILL_SECONDS
    return browser.post("/en/message/", data).status


def test_limits_count_the_client_behind_nginx_not_a_forged_header(stack):
    """Two client machines (loopback addresses), one forging X-Forwarded-For on each post:
    the forger is limited after PARTICIPATION_RATE_PER_IP (5/h), the other is not."""
    tag = uuid.uuid4().hex[:8]
    # Fresh addresses each run: a second run within the hour starts with no count.
    first, second = random.sample(range(2, 255), 2), random.sample(range(2, 255), 2)
    forger = [stack.browser(source=f"127.1.{first[0]}.{first[1]}") for _ in range(6)]
    other = stack.browser(source=f"127.2.{second[0]}.{second[1]}")
    forms = [_message_form(b, f"forger-{tag}-{i}@example.org") for i, b in enumerate(forger)]
    other_form = _message_form(other, f"other-{tag}@example.org")
    time.sleep(3.2)  # PARTICIPATION_MIN_FILL_SECONDS

    forged = [
        browser.post("/en/message/", data, {"X-Forwarded-For": f"198.51.100.{i}"}).status
        for i, (browser, data) in enumerate(zip(forger, forms, strict=True))
    ]
    elsewhere = other.post("/en/message/", other_form).status

    stack.record("client_address_behind_nginx", {"forger": forged, "other_client": elsewhere})
    assert forged == [302] * 5 + [429]
    assert elsewhere == 302


def test_with_redis_stopped_pages_serve_and_forms_refuse(stack):
    browser = stack.browser()
    stack.control("redis", "stop")
    try:
        started = time.monotonic()
        pages = Counter(browser.get(path).status for path in PAGES * 3)
        page_seconds = (time.monotonic() - started) / (len(PAGES) * 3)
        login, message = _login_attempt(stack), _message_attempt(stack)
    finally:
        stack.control("redis", "start")
    back = stack.wait_until(
        lambda: _login_attempt(stack) == 200, seconds=30, what="sign-in after Redis returns"
    )

    stack.record(
        "fault_redis_stopped",
        {
            "pages": dict(pages),
            "mean_page_ms": round(page_seconds * 1000, 1),
            "login_post": login,
            "message_post": message,
            "login_after": 200 if back else None,
        },
    )
    assert pages == {200: len(PAGES) * 3}
    assert (login, message) == (503, 503)


@pytest.fixture
def signed_in(stack):
    plan = stack.prepare_burst(seats=5, visitors=1)
    browser = stack.browser()
    browser.cookies["sessionid"] = plan["sessions"][0]
    return browser


def test_dropped_database_connections_are_replaced_without_an_error(stack, signed_in):
    assert signed_in.get("/en/accounts/profile/").status == 200
    dropped = stack.sql(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE datname = 'twinning' AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
    )[0][0]

    statuses = Counter(signed_in.get("/en/accounts/profile/").status for _ in range(20))

    stack.record("fault_postgres_connections_dropped", {"dropped": dropped, "then": dict(statuses)})
    assert dropped > 0
    assert statuses == {200: 20}


def test_with_postgresql_stopped_a_clear_503_page_then_recovery_without_restart(stack, signed_in):
    apps = [stack.pid("app1"), stack.pid("app2")]
    stack.control("postgres", "stop")
    try:
        down = stack.browser(language="zh-hans")
        down.cookies = dict(signed_in.cookies)
        page = down.get("/zh-hans/accounts/profile/")
        anonymous_home = stack.browser().get("/en/").status
    finally:
        stack.control("postgres", "start")
    started = time.monotonic()
    stack.wait_until(
        lambda: signed_in.get("/en/accounts/profile/").status == 200,
        seconds=30,
        what="the site after PostgreSQL returns",
    )
    recovery = time.monotonic() - started
    worker_died = not _alive(stack, "worker")
    stack.control("worker", "start")  # its supervisor's job (systemd Restart=always)

    stack.record(
        "fault_postgres_stopped",
        {
            "signed_in_page": page.status,
            "retry_after": page.headers.get("Retry-After"),
            "anonymous_home_from_cache": anonymous_home,
            "recovery_seconds": round(recovery, 2),
            "worker_exited": worker_died,
        },
    )
    assert page.status == 503
    assert page.headers["Retry-After"] == "30"
    assert "暂时无法访问" in page.text
    assert [stack.pid("app1"), stack.pid("app2")] == apps


def _alive(stack, name: str) -> bool:
    try:
        os.kill(stack.pid(name), 0)
    except (OSError, FileNotFoundError):
        return False
    return True
