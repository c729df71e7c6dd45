"""Turning English and Chinese text into search terms, and back into highlighted snippets.

Plain Python, no Django: the same terms feed SQLite FTS5 and PostgreSQL full-text search,
so both databases find exactly the same records.

- English words are case-folded, stripped of accents and stemmed (Snowball), so
  "machines" finds "machine" and "boring" finds "bore".
- Chinese runs are segmented into words with jieba; documents are cut in "search" mode
  (a long word also yields its parts: 重庆市政府 → 重庆, 市政府, 重庆市政府...) and queries
  in precise mode, so a query word is found inside longer document words.
- Traditional characters fold to Simplified (OpenCC, "t2s") in documents and queries
  alike, so 圖書館 finds 图书馆.
- Chinese words of titles and names are also indexed under their toneless pinyin
  (pypinyin): 西雅图 under "xiyatu", 黄奇帆 under "huangqifan" and "huang" + "qifan".
- Typo tolerance: an English query term that is in no document is replaced by the
  closest known term within a small edit distance, a swap of two letters counting as
  one (rapidfuzz, optimal string alignment); an unknown Chinese word by known words that
  sound the same (``pinyin_key``).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import jieba
import opencc
import snowballstemmer
from pypinyin import lazy_pinyin
from rapidfuzz import process
from rapidfuzz.distance import OSA

jieba.setLogLevel(logging.WARNING)

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W_]+", re.UNICODE)
_IS_CJK = re.compile(rf"[{_CJK}]")
_STOP_WORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or that the their "  # noqa: SIM905
    "then this to was were with".split()
)
_stemmer = snowballstemmer.stemmer("english")


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer.stemWord(_fold(word))


def is_cjk(term: str) -> bool:
    return bool(_IS_CJK.match(term))


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold_chinese(text: str) -> str:
    """Traditional characters as Simplified ones; text without Chinese is left alone."""
    return _to_simplified().convert(text) if _IS_CJK.search(text) else text


@lru_cache(maxsize=65536)
def pinyin_key(word: str) -> str:
    """The toneless pinyin of a Chinese word, syllables run together: 口罩 → "kouzhao"."""
    return "".join(lazy_pinyin(word)).lower()


def _pinyin_terms(word: str) -> list[str]:
    if len(word) < 2:
        return []
    terms = [stem(pinyin_key(word))]
    if len(word) == 3:
        # Most Chinese names are a one-character surname and a two-character given name,
        # written "Huang Qifan" in English.
        terms += [stem(pinyin_key(word[0])), stem(pinyin_key(word[1:]))]
    return terms


def _terms(text: str, *, cut, pinyin: bool = False) -> Iterable[str]:
    text = fold_chinese(unicodedata.normalize("NFKC", text or ""))
    for match in _TOKEN.finditer(text):
        chunk = match.group()
        if is_cjk(chunk):
            for word in cut(chunk):
                if word.strip():
                    yield word
                    if pinyin:
                        yield from _pinyin_terms(word)
        else:
            folded = _fold(chunk)
            if folded not in _STOP_WORDS:
                yield stem(folded)


# Texts up to this long are names, places or offices: their Chinese words are indexed
# under their pinyin too. Longer ones (summaries) are not, to keep the index small.
PINYIN_MAX_LENGTH = 40


def document_terms(*texts: str, pinyin_max_length: int = PINYIN_MAX_LENGTH) -> str:
    """The space-separated terms a document is indexed under."""
    return " ".join(
        term
        for text in texts
        for term in _terms(
            text, cut=jieba.cut_for_search, pinyin=len(text or "") <= pinyin_max_length
        )
    )


def query_terms(text: str) -> list[str]:
    """The distinct terms of a query, in order; a record must match all of them."""
    return list(dict.fromkeys(_terms(text, cut=jieba.cut)))


def max_typos(term: str) -> int:
    return 0 if len(term) <= 3 else 1 if len(term) <= 6 else 2


def correct(term: str, vocabulary: Sequence[str]) -> str | None:
    """The known term closest to an unknown English ``term``, or None."""
    if is_cjk(term) or term.isdigit() or max_typos(term) == 0:
        return None
    best = process.extractOne(term, vocabulary, scorer=OSA.distance, score_cutoff=max_typos(term))
    return best[0] if best else None


@dataclass(frozen=True)
class Piece:
    text: str
    match: bool


def _matches(word: str, terms: frozenset[str]) -> bool:
    return stem(word) in terms


def highlight(text: str, terms: Sequence[str], *, width: int = 200) -> list[Piece]:
    """A window of ``text`` around the first match, cut into plain and matching pieces."""
    text = text or ""
    english = frozenset(t for t in terms if not is_cjk(t))
    chinese = sorted({t for t in terms if is_cjk(t)}, key=len, reverse=True)
    spans: list[tuple[int, int]] = [
        m.span()
        for m in re.finditer(r"[^\W_]+", text)
        if not is_cjk(m.group()) and _matches(m.group(), english)
    ]
    for term in chinese:
        spans += [(m.start(), m.end()) for m in re.finditer(re.escape(term), text)]
    spans = _merge(sorted(spans))
    start = 0
    if len(text) > width:
        first = spans[0][0] if spans else 0
        start = _word_start(text, max(0, min(first - width // 4, len(text) - width)))
    end = _word_end(text, min(len(text), start + width))
    pieces: list[Piece] = []
    if start > 0:
        pieces.append(Piece("…", False))
    cursor = start
    for a, b in spans:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        if a > cursor:
            pieces.append(Piece(text[cursor:a], False))
        pieces.append(Piece(text[a:b], True))
        cursor = b
    if cursor < end:
        pieces.append(Piece(text[cursor:end], False))
    if end < len(text):
        pieces.append(Piece("…", False))
    return pieces


def _inside_word(text: str, i: int) -> bool:
    before, after = text[i - 1], text[i]
    return before.isalnum() and after.isalnum() and not (is_cjk(before) or is_cjk(after))


def _word_start(text: str, start: int) -> int:
    """``start``, or the beginning of the next word if it falls inside one."""
    if start <= 0 or not _inside_word(text, start):
        return start
    while start < len(text) and _inside_word(text, start):
        start += 1
    while start < len(text) and text[start].isspace():
        start += 1
    return start


def _word_end(text: str, end: int) -> int:
    """``end``, or the end of the previous word if it falls inside one."""
    if end >= len(text) or not _inside_word(text, end):
        return end
    cut = end
    while cut > 0 and _inside_word(text, cut):
        cut -= 1
    return cut if cut > 0 else end


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged
