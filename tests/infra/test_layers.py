"""The layer contracts in pyproject.toml catch an import that goes the wrong way."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(tmp_path: Path, bad_import: tuple[str, str] | None = None):
    shutil.copytree(
        ROOT / "twinning",
        tmp_path / "twinning",
        ignore=shutil.ignore_patterns("*.pyc", "locale", "static", "templates"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    if bad_import:
        module, target = bad_import
        (tmp_path / "twinning" / module / "wrong_way.py").write_text(f"import {target}\n")
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", "--no-logo"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )


def test_the_code_keeps_its_layers(tmp_path):
    result = _lint(tmp_path)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("module", "target"),
    [
        ("core", "twinning.accounts.rules"),  # core is helpers only
        ("cities", "twinning.exchanges.selectors"),  # upward
        ("people", "twinning.exchanges.models"),  # upward
        ("exchanges", "twinning.pages.selectors"),  # same row
        ("participation", "twinning.delegations.models"),  # same row
        ("delegations", "twinning.portal.views"),  # upward to the top
        ("scheduler", "django"),  # the scheduler is plain Python
        ("scheduler", "twinning.core.translation_fields"),  # and imports no app
    ],
)
def test_an_import_against_the_layers_fails(tmp_path, module, target):
    result = _lint(tmp_path, (module, target))
    assert result.returncode == 1
    assert f"twinning.{module}.wrong_way -> {target}" in result.stdout
