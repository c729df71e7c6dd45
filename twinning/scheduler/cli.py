"""`twinning schedule INPUT.json [-o OUTPUT.json] [--time-limit SECONDS]` (no Django needed).

Exit status 0 on success, 2 when the input breaks the format (the message names the item,
on standard error), and nothing is written then: the output goes to a temporary file in the
same directory that is renamed over OUTPUT.json only once complete.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import sys
import tempfile
import time

from .schedule import Schedule
from .solver import solve
from .spec import InputError, parse


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="twinning schedule",
        description="Schedule one-on-one meetings (format twinning.meetings/1 → "
        "twinning.schedule/1) with a proven upper bound on the best total weight.",
    )
    p.add_argument("input", help="the input document (JSON); - reads standard input")
    p.add_argument("-o", "--output", help="where to write the schedule (default: standard output)")
    p.add_argument("--time-limit", type=float, default=10.0, help="seconds to spend (default 10)")
    p.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    return p


def _read(path: str):
    if path == "-":
        return json.load(sys.stdin)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write_atomically(path: str, text: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".schedule-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def process_started() -> float:
    """When this process started, on the time.perf_counter() scale (Linux: from /proc; else
    now), so that a command's time limit also covers Python's start and the imports."""
    now = time.perf_counter()
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        age = time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return now
    return now - age if 0 <= age < 60 else now


def main(argv: list[str] | None = None, *, started: float | None = None) -> int:
    """The command; the time limit counts from `started` (default: now)."""
    t0 = time.perf_counter() if started is None else started
    args = _parser().parse_args(argv)
    if not (args.time_limit > 0 and math.isfinite(args.time_limit)):
        print("twinning schedule: --time-limit must be a positive number", file=sys.stderr)
        return 2
    try:
        doc = _read(args.input)
    except OSError as e:
        print(f"twinning schedule: cannot read {args.input}: {e.strerror}", file=sys.stderr)
        return 2
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        print(f"twinning schedule: {args.input} is not valid JSON: {e}", file=sys.stderr)
        return 2
    try:
        instance = parse(doc)
    except InputError as e:
        print(f"twinning schedule: invalid input: {e}", file=sys.stderr)
        return 2
    schedule: Schedule = solve(instance, time_limit=args.time_limit, seed=args.seed, started=t0)
    schedule.seconds = time.perf_counter() - t0
    text = json.dumps(schedule.to_json(), ensure_ascii=False, indent=1) + "\n"
    if args.output:
        write_atomically(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


def run_as_command(argv: list[str]) -> None:
    """The process's end: once the output is written, exit without waiting for a HiGHS
    thread still running towards its own limit. Only for a process of its own — main() as a
    function returns, since os._exit in a caller's process (a test run) would end it."""
    status = main(argv, started=process_started())
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":  # pragma: no cover
    run_as_command(sys.argv[1:])
