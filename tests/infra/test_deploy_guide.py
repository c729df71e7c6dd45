"""docs/deploy.md is what scripts/deploy-check.sh runs (CI: `make deploy-check`).

These checks are quick and need no network: the blocks the script needs are marked in the
guide, the script takes its commands from there and has none of its own, and the guide's
environment file survives the shell with its quoted values whole.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
SCRIPT = (ROOT / "scripts" / "deploy-check.sh").read_text(encoding="utf-8")
MARKED = re.compile(r"^<!-- deploy-check: ([\w-]+) -->\n```\w*\n(.*?)^```", re.M | re.S)


def _blocks() -> dict[str, str]:
    return {name: body for name, body in MARKED.findall(GUIDE)}


@pytest.mark.parametrize("name", ["env-file", "install", "migrate", "demo", "serve"])
def test_guide_marks_each_block_the_check_runs(name):
    assert _blocks().get(name, "").strip()
    assert re.search(rf"\b{re.escape(name)}\b", SCRIPT)


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("install", 'pip" install --quiet -c requirements/constraints.txt .'),
        ("migrate", 'twinning" migrate --no-input'),
        ("migrate", 'twinning" collectstatic --no-input'),
        ("migrate", 'mkdir -p "$TWINNING_DATA_DIR"'),
        ("demo", 'twinning" demo'),
        ("serve", 'gunicorn" twinning.wsgi:application --bind'),
    ],
)
def test_the_guides_commands_come_from_the_guide_not_the_script(name, command):
    assert command in _blocks()[name]
    assert command not in SCRIPT


def test_guide_no_longer_splits_the_environment_file_at_spaces():
    assert "export $(cat" not in "\n".join(_blocks().values())
    assert "xargs" not in "\n".join(_blocks().values())


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("OTP_TOTP_ISSUER", "Seattle Sister City Office"),
        ("DEFAULT_FROM_EMAIL", "Seattle Sister City Office <office@example.org>"),
        ("TWINNING_DATA_DIR", "/srv/twinning/data"),
        ("TRUSTED_PROXY_COUNT", "1"),
    ],
)
def test_environment_file_values_with_spaces_survive_the_shell(tmp_path, name, value):
    env_file = tmp_path / "twinning.env"
    env_file.write_text(_blocks()["env-file"], encoding="utf-8")

    shown = subprocess.run(
        ["bash", "-c", f'set -a; . "{env_file}"; set +a; printf %s "${name}"'],
        capture_output=True,
        text=True,
        check=True,
        timeout=10,
        env={"PATH": "/usr/bin:/bin"},
    ).stdout

    assert shown == value


@pytest.mark.parametrize("header", ["X-Forwarded-For", "X-Forwarded-Proto", "Host"])
def test_proxy_example_passes_the_visitors_address_and_scheme(header):
    nginx = GUIDE.split("```nginx", 1)[1].split("```", 1)[0]

    assert f"proxy_set_header {header} " in nginx


@pytest.mark.parametrize("variable", ["TWINNING_DATA_DIR", "PRIVATE_MEDIA_ROOT", "MEDIA_ROOT"])
def test_guide_documents_where_files_go(variable):
    assert f"| `{variable}` |" in GUIDE


@pytest.mark.parametrize(
    ("data_dir", "expected"),
    [("", "Set TWINNING_DATA_DIR"), ("/srv/twinning/data", "/srv/twinning/data/private")],
)
def test_installed_package_keeps_no_files_in_site_packages(tmp_path, data_dir, expected):
    """Installed, the settings sit in site-packages (no manage.py beside them)."""
    package = tmp_path / "site-packages" / "twinning"
    package.mkdir(parents=True)
    (package / "settings.py").write_text((ROOT / "twinning" / "settings.py").read_text())
    code = (
        "import runpy\n"
        "try:\n"
        f"    print(runpy.run_path({str(package / 'settings.py')!r})['PRIVATE_MEDIA_ROOT'])\n"
        "except Exception as error:\n"
        "    print(error)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "x", "TWINNING_DATA_DIR": data_dir}

    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    ).stdout

    assert expected in shown
    assert "site-packages" not in shown
