"""Many signed-in visitors send the registration form at the same moment.

Each visitor first opens the form (its CSRF token), then all wait at a barrier and post
together, one connection each, to nginx on 127.0.0.1. Outcomes are read from the answer
without following it: a redirect to "my registration" holds a seat, one to the waiting
list means the delegation was full, anything else is counted by status.

    python -m stack.burst burst.json            # burst.json from stack.prepare
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode, urlsplit

from bench.load import percentile
from stack.http import CSRF_FIELD

TIMEOUT = 90.0


@dataclass
class BurstResult:
    visitors: int
    seconds: float
    outcomes: dict[str, int]
    server_errors: int
    transport_errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _connection(base: str) -> http.client.HTTPConnection:
    parts = urlsplit(base)
    return http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=TIMEOUT)


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def _outcome(status: int, location: str) -> str:
    if status in (301, 302, 303):
        if location.endswith("/registration/"):
            return "registered"
        if location.endswith("/waiting-list/"):
            return "full"
        return f"redirect {location}"
    return str(status)


def _form(slug: str, terms_version: int, csrf: str, n: int) -> bytes:
    return urlencode(
        {
            "csrfmiddlewaretoken": csrf,
            "company": f"Company {n}",
            "job_title": "Director",
            "emergency_contact": "A. Person, +1 206 555 0100",
            "terms_version": terms_version,
            "accept_terms": "on",
        }
    ).encode()


def burst(
    base: str,
    plan: dict,
    *,
    before_post: Callable[[], None] | None = None,
    during: Callable[[], None] | None = None,
) -> BurstResult:
    """Send the form once per session in ``plan`` at the same moment.

    ``during`` runs in its own thread once the posts are sent (a fault to inject).
    """
    slug, sessions = plan["slug"], plan["sessions"]
    path = f"/en/delegations/{slug}/register/"
    barrier = threading.Barrier(len(sessions) + 1, timeout=TIMEOUT)
    lock = threading.Lock()
    outcomes: Counter[str] = Counter()
    latencies: list[float] = []
    problems: list[str] = []

    def visitor(n: int, session: str) -> None:
        cookies = {"sessionid": session}
        try:
            connection = _connection(base)
            connection.request("GET", path, headers=_headers(cookies))
            page = connection.getresponse()
            body = page.read().decode()
            cookies |= _cookies(page)
            connection.close()
            token = CSRF_FIELD.search(body)
            if page.status != 200 or token is None:
                raise RuntimeError(f"form answered {page.status}")
        except (OSError, http.client.HTTPException, RuntimeError) as error:
            with lock:
                problems.append(f"open form: {error}")
            barrier.abort()
            return
        data = _form(slug, plan["terms_version"], token.group(1), n)
        connection = _connection(base)
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            return
        sent = time.perf_counter()
        try:
            headers = _headers(cookies) | {"Content-Type": "application/x-www-form-urlencoded"}
            connection.request("POST", path, body=data, headers=headers)
            response = connection.getresponse()
            response.read()
            result = _outcome(response.status, response.getheader("Location", ""))
        except (OSError, http.client.HTTPException) as error:
            result = f"transport error: {type(error).__name__}"
        finally:
            connection.close()
        with lock:
            outcomes[result] += 1
            latencies.append(time.perf_counter() - sent)

    threads = [
        threading.Thread(target=visitor, args=(n, s), daemon=True) for n, s in enumerate(sessions)
    ]
    for thread in threads:
        thread.start()
    if before_post:
        before_post()
    with contextlib.suppress(threading.BrokenBarrierError):
        barrier.wait()
    start = time.perf_counter()
    fault = threading.Thread(target=during, daemon=True) if during else None
    if fault:
        fault.start()
    for thread in threads:
        thread.join(TIMEOUT * 2)
    if fault:
        fault.join(TIMEOUT)
    elapsed = time.perf_counter() - start
    return BurstResult(
        visitors=len(sessions),
        seconds=round(elapsed, 2),
        outcomes=dict(outcomes),
        server_errors=sum(n for key, n in outcomes.items() if key.startswith("5")),
        transport_errors=sum(n for key, n in outcomes.items() if key.startswith("transport")),
        p50_ms=round(percentile(latencies, 0.50) * 1000, 1),
        p95_ms=round(percentile(latencies, 0.95) * 1000, 1),
        p99_ms=round(percentile(latencies, 0.99) * 1000, 1),
        errors=problems[:10],
    )


def _headers(cookies: dict[str, str]) -> dict[str, str]:
    return {
        "Accept-Language": "en",
        "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan", help="JSON written by python -m stack.prepare burst")
    parser.add_argument("--base", default=os.environ.get("TWINNING_STACK_URL"))
    args = parser.parse_args()
    with open(args.plan) as handle:
        plan = json.load(handle)
    json.dump(burst(args.base, plan).as_dict(), sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
