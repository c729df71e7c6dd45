"""The running production stack of scripts/stack.sh, driven from outside as a client would.

These tests stop and kill parts of the stack, so they run only where TWINNING_STACK_DIR
names a stack started for them (CI does, after `scripts/stack.sh start`); elsewhere they
are skipped. Each leaves the stack as it found it: every part running.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from stack.http import Browser

ROOT = Path(__file__).resolve().parents[2]
STACK_DIR = os.environ.get("TWINNING_STACK_DIR", "")
# Each test's figures, also kept for docs/security.md by tests/figures.py.
RECORDED: dict[str, dict] = {}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/stack/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.stack)
            if not STACK_DIR:
                item.add_marker(pytest.mark.skip(reason="no stack: set TWINNING_STACK_DIR"))


class Stack:
    def __init__(self, folder: Path):
        self.folder = folder
        env_file = folder / "env"
        if not env_file.exists():
            pytest.fail(f"{env_file} is missing: run scripts/stack.sh start first")
        self.env = dict(
            line.split("=", 1) for line in env_file.read_text().splitlines() if "=" in line
        )
        self.url = self.env["TWINNING_STACK_URL"]
        self.mail = Path(self.env["TWINNING_STACK_SMTP_DIR"])
        self.results = folder / "results"
        self.results.mkdir(exist_ok=True)

    def browser(self, **kwargs) -> Browser:
        return Browser(self.url, **kwargs)

    def control(self, *args: str) -> None:
        """scripts/stack.sh with this stack's folder (app 1 kill, redis stop, ...)."""
        subprocess.run(
            ["bash", str(ROOT / "scripts/stack.sh"), *args],
            env={**os.environ, "STACK_DIR": str(self.folder)},
            check=True,
            timeout=120,
        )

    def run(self, *command: str, timeout: float = 120) -> str:
        """A command run with the stack's environment; its output."""
        result = subprocess.run(
            command,
            env={**os.environ, **self.env, "DJANGO_SETTINGS_MODULE": "twinning.settings"},
            cwd=ROOT,
            check=True,
            timeout=timeout,
            capture_output=True,
            text=True,
        )
        return result.stdout

    def twinning(self, *args: str) -> str:
        return self.run(str(Path(sys.executable).with_name("twinning")), *args)

    def prepare_burst(self, *, seats: int, visitors: int) -> dict:
        command = ["-m", "stack.prepare", "burst", "--seats", str(seats)]
        return json.loads(self.run(sys.executable, *command, "--visitors", str(visitors)))

    def sql(self, query: str, *params):
        with psycopg.connect(self.env["DATABASE_URL"], connect_timeout=5) as connection:
            return connection.execute(query, params).fetchall()

    def pid(self, name: str) -> int:
        return int((self.folder / "run" / f"{name}.pid").read_text())

    def record(self, name: str, figures: dict) -> None:
        """Keep a test's figures for docs/performance.md."""
        (self.results / f"{name}.json").write_text(json.dumps(figures, indent=2) + "\n")
        RECORDED[name] = figures
        print(name, json.dumps(figures))

    def wait_until(self, check, *, seconds: float, what: str):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = check()
            if value:
                return value
            time.sleep(0.2)
        pytest.fail(f"{what}: not within {seconds} s")


@pytest.fixture(scope="session")
def stack() -> Stack:
    return Stack(Path(STACK_DIR))
