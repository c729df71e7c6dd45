"""A third language is a settings change for the code: the helpers loop over LANGUAGES."""

import ast
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.test import override_settings

from twinning.core.translation_fields import (
    all_languages,
    copy_languages,
    field_names,
    has_text,
    language_codes,
    localized_values,
    texts_by_language,
)

THREE = [("en", "English"), ("zh-hans", "Simplified Chinese"), ("zh-hant", "Traditional Chinese")]
three_languages = override_settings(LANGUAGES=THREE)


def _record(**texts):
    fields = {f"title_{code}": "" for code in ("en", "zh_hans", "zh_hant")}
    return SimpleNamespace(**(fields | texts))


@three_languages
def test_language_codes_follow_the_settings():
    assert language_codes() == ["en", "zh-hans", "zh-hant"]


@three_languages
def test_field_names_has_one_column_per_language():
    assert field_names("title") == ["title_en", "title_zh_hans", "title_zh_hant"]


@three_languages
def test_localized_values_fills_every_language():
    assert localized_values("title", {"zh-hant": "姊妹市"}) == {
        "title_en": "",
        "title_zh_hans": "",
        "title_zh_hant": "姊妹市",
    }


@three_languages
def test_texts_by_language_reads_every_language():
    record = _record(title_en="Sister cities", title_zh_hant="姊妹市")
    assert texts_by_language(record, "title") == {
        "en": "Sister cities",
        "zh-hans": "",
        "zh-hant": "姊妹市",
    }
    assert all_languages(record, "title") == ["Sister cities", "姊妹市"]


@three_languages
@pytest.mark.parametrize(("texts", "expected"), [({}, False), ({"title_zh_hant": "姊妹市"}, True)])
def test_has_text_sees_a_text_in_any_language(texts, expected):
    assert has_text(_record(**texts), "title") is expected


@three_languages
def test_copy_languages_copies_every_language():
    source = SimpleNamespace(description_en="a", description_zh_hans="b", description_zh_hant="c")
    target = SimpleNamespace()
    copy_languages(source, "description", target, "summary")
    assert vars(target) == {"summary_en": "a", "summary_zh_hans": "b", "summary_zh_hant": "c"}


@three_languages
@pytest.mark.parametrize(("texts", "expected"), [({}, "no"), ({"title_zh_hant": "姊妹市"}, "yes")])
def test_the_filled_filter_sees_a_text_in_any_language(texts, expected):
    template = Template(
        '{% load twinning %}{% if record|filled:"title" %}yes{% else %}no{% endif %}'
    )
    assert template.render(Context({"record": _record(**texts)})) == expected


# Where naming the languages is the point: settings, the language choices and their short
# names, the demo data, and the importer (being split into a package; to follow).
PACKAGE = Path(__file__).resolve().parents[2] / "twinning"
ALLOWED = {
    "settings.py",
    "core/languages.py",
    "core/translation_fields.py",  # its docstrings give examples
    "exchanges/importing.py",
    "delegations/demo.py",
}


def _python_files():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if "/migrations/" in relative or relative.startswith("formats/"):
            continue
        if relative in ALLOWED or relative.startswith("exchanges/importing/"):
            continue
        yield relative


def _docstrings(tree) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            ids.add(id(first.value))
    return ids


def _language_literals(source: str) -> list[str]:
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings:
                names.append(node.value)
        elif isinstance(node, ast.Name):
            names.append(node.id)
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
        elif isinstance(node, ast.keyword | ast.arg):
            names.append(node.arg or "")
        found += [f"line {node.lineno}: {n!r}" for n in names if "zh_hans" in n or "zh-hans" in n]
    return found


@pytest.mark.parametrize("relative", list(_python_files()))
def test_no_language_is_named_in_the_code(relative):
    assert _language_literals((PACKAGE / relative).read_text(encoding="utf-8")) == []


def test_the_language_check_finds_a_named_language():
    assert _language_literals('x = obj.title_zh_hans or f("zh-hans")\n') == [
        "line 1: 'title_zh_hans'",
        "line 1: 'zh-hans'",
    ]
