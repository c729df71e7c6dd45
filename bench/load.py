"""A small, bounded HTTP load generator: fixed concurrency, fixed duration, request cap.

Each thread keeps one http.client connection and sends GET requests one after another
(gunicorn's sync workers close the connection after each response; http.client then
reconnects by itself). Only 200 responses count as served requests.
"""

from __future__ import annotations

import http.client
import math
import statistics
import threading
import time
from dataclasses import asdict, dataclass


@dataclass
class LoadResult:
    path: str
    seconds: float
    requests: int
    errors: int
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    bytes_per_response: int
    client_cpu_share: float  # CPU the load generator itself used, in cores

    def as_dict(self) -> dict:
        return asdict(self)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (fraction 0.95 → p95); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]


def get(port: int, path: str, *, timeout: float = 10.0) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Language": "en"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def drive(
    port: int,
    path: str,
    *,
    seconds: float,
    concurrency: int,
    max_requests: int = 200_000,
    timeout: float = 10.0,
) -> LoadResult:
    """GET ``path`` from ``concurrency`` threads for ``seconds`` (or ``max_requests``)."""
    lock = threading.Lock()
    latencies: list[float] = []
    counters = {"issued": 0, "ok": 0, "errors": 0, "bytes": 0}
    start = time.perf_counter()
    deadline = start + seconds

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        local: list[float] = []
        ok = errors = size = 0
        while True:
            with lock:
                if counters["issued"] >= max_requests:
                    break
                counters["issued"] += 1
            sent = time.perf_counter()
            if sent >= deadline:
                break
            try:
                connection.request("GET", path, headers={"Accept-Language": "en"})
                response = connection.getresponse()
                body = response.read()
                if response.status == 200:
                    ok += 1
                    size = len(body)
                    local.append(time.perf_counter() - sent)
                else:
                    errors += 1
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        connection.close()
        with lock:
            latencies.extend(local)
            counters["ok"] += ok
            counters["errors"] += errors
            counters["bytes"] = max(counters["bytes"], size)

    cpu_before = time.process_time()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + timeout + 5)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_before
    return LoadResult(
        path=path,
        seconds=round(elapsed, 3),
        requests=counters["ok"],
        errors=counters["errors"],
        requests_per_second=round(counters["ok"] / elapsed, 2) if elapsed else 0.0,
        p50_ms=round(statistics.median(latencies) * 1000, 2) if latencies else 0.0,
        p95_ms=round(percentile(latencies, 0.95) * 1000, 2),
        bytes_per_response=counters["bytes"],
        client_cpu_share=round(cpu / elapsed, 2) if elapsed else 0.0,
    )


def post_each(
    port: int,
    path: str,
    requests: list[dict],
    *,
    concurrency: int,
    success_location: str,
    timeout: float = 30.0,
) -> LoadResult:
    """POST each of ``requests`` ({"cookie", "body"}) once, from ``concurrency`` threads.

    Bounded by the list, not by time: every request is a different person's sign-up.
    A request counts as served when it answers a redirect to ``success_location``.
    """
    lock = threading.Lock()
    pending = list(reversed(requests))
    latencies: list[float] = []
    counters = {"ok": 0, "errors": 0}

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        local: list[float] = []
        ok = errors = 0
        while True:
            with lock:
                if not pending:
                    break
                request = pending.pop()
            headers = {
                "Accept-Language": "en",
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": request["cookie"],
            }
            sent = time.perf_counter()
            try:
                connection.request("POST", path, body=request["body"], headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status == 302 and response.getheader("Location") == success_location:
                    ok += 1
                    local.append(time.perf_counter() - sent)
                else:
                    errors += 1
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        connection.close()
        with lock:
            latencies.extend(local)
            counters["ok"] += ok
            counters["errors"] += errors

    cpu_before = time.process_time()
    start = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout * (len(requests) + 1))
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_before
    return LoadResult(
        path=path,
        seconds=round(elapsed, 3),
        requests=counters["ok"],
        errors=counters["errors"],
        requests_per_second=round(counters["ok"] / elapsed, 2) if elapsed else 0.0,
        p50_ms=round(statistics.median(latencies) * 1000, 2) if latencies else 0.0,
        p95_ms=round(percentile(latencies, 0.95) * 1000, 2),
        bytes_per_response=0,
        client_cpu_share=round(cpu / elapsed, 2) if elapsed else 0.0,
    )
