"""The zh-Hans catalogue is complete: every string the code marks is translated."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "twinning/locale/zh_Hans/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")

pytestmark = pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")


def test_every_marked_string_has_a_chinese_translation(tmp_path):
    # makemessages writes into the project's locale folder, so run it on a copy.
    shutil.copytree(ROOT / "twinning", tmp_path / "twinning")
    shutil.copy(ROOT / "manage.py", tmp_path)
    env = os.environ | {"SECRET_KEY": "x", "DEBUG": "true", "PYTHONPATH": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )

    po = polib.pofile(str(tmp_path / "twinning/locale/zh_Hans/LC_MESSAGES/django.po"))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_committed_catalogue_has_no_untranslated_or_fuzzy_entry():
    po = polib.pofile(str(CATALOGUE))

    assert po.percent_translated() == 100
    assert po.fuzzy_entries() == []
    assert len(po.translated_entries()) > 100


def test_translations_keep_every_named_placeholder():
    po = polib.pofile(str(CATALOGUE))

    broken = [
        e.msgid
        for e in po.translated_entries()
        for translation in (e.msgstr_plural.values() if e.msgid_plural else [e.msgstr])
        if set(PLACEHOLDER.findall(e.msgid)) != set(PLACEHOLDER.findall(translation))
    ]
    assert broken == []


def test_catalogue_compiles_with_msgfmt():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(CATALOGUE)],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr
