"""Whom a participant should meet, and why: ranked suggestions over plain profiles.

Plain Python, no Django: the selectors turn rows into ``Profile`` objects and the
reasons back into sentences in the reader's language.

A profile's texts, in English or Chinese or both, become *concepts* that do not depend on
the language they were written in:

- phrases of the curated glossary (``glossary.txt``: 盾构机 = "tunnel boring machine"),
- English words, stemmed (Snowball, as the search does),
- Chinese words (jieba), as themselves and as the English words CC-CEDICT translates them
  to (the search's dictionary), so 隧道 meets "tunnel",
- sectors: those the profile names, and those whose keywords its texts contain.

A pair scores for sectors both are in, for what one seeks and the other offers (either
way round, worth most) and, a little, for other concepts they share. A concept is worth
less the more profiles mention it (inverse document frequency), so "company" or 合作 say
nothing while 盾构机 says a lot.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import jieba

from twinning.search.dictionary import translations
from twinning.search.text import fold_chinese, is_cjk, stem

GLOSSARY_FILE = Path(__file__).with_name("glossary.txt")
EN, ZH = "en", "zh"

# Weights of a pair's score.
SECTOR = 2.0  # a sector both name
SECTOR_INFERRED = 1.0  # a sector one names and the other's texts point to
NEED = 3.0  # per concept one seeks and the other offers (times its rarity)
COMMON = 0.5  # per other concept both mention (times its rarity)
TOP_CONCEPTS = 3  # concepts counted per kind of reason: a long text does not win by length
MIN_SCORE = 1.0  # below this a candidate is no suggestion

_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\W_]+", re.UNICODE)
_STOP = frozenset(
    "a an and are as at be by for from has have in into is it its of on or that the their "  # noqa: SIM905
    "then this to was were with we our you your they them us who what which will can all "
    "also more most other such than very well".split()
)
# Words every profile uses: they say nothing about a fit (CEDICT turns 提供 into these too).
_GENERIC = frozenset(
    stem(word)
    for word in (  # noqa: SIM905
        "company companies firm business businesses enterprise group offer offers provide "
        "supply seek seeks looking look want need partner partners partnership cooperation "
        "cooperate service services product products solution solutions project projects "
        "develop development international global local city cities china chinese american "
        "seattle chongqing washington new high quality leading experience years year help "
        "work working meet meeting opportunities opportunity including based market"
    ).split()
)


@dataclass(frozen=True)
class Label:
    """A concept's words as the two profiles wrote them, per language ("en", "zh")."""

    words: tuple[tuple[str, str], ...]

    def get(self, language: str) -> str:
        """The word in ``language``, else the word in any language."""
        found = dict(self.words)
        return found.get(language) or next(iter(found.values()), "")


@dataclass(frozen=True)
class SectorInfo:
    slug: str
    names: dict[str, str]  # language → name
    keywords: tuple[str, ...] = ()  # in any language


@dataclass(frozen=True)
class Profile:
    id: int
    kind: str  # "delegate", "counterpart", "official"
    sectors: frozenset[str] = frozenset()
    offers: tuple[str, ...] = ()  # the texts in every language
    seeks: tuple[str, ...] = ()
    about: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reason:
    """One reason for a suggestion; ``kind`` is "sectors", "you_offer" (the reader offers
    what the other seeks), "they_offer" or "common"."""

    kind: str
    labels: tuple[Label, ...]
    sectors: tuple[str, ...] = ()  # slugs, for kind "sectors"


@dataclass(frozen=True)
class Suggestion:
    profile: Profile
    score: float
    reasons: tuple[Reason, ...]


# -- concepts ----------------------------------------------------------------------------


def _fold(text: str) -> str:
    text = fold_chinese(unicodedata.normalize("NFKC", text or "")).casefold()
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _english_stems(text: str) -> list[str]:
    return [stem(w) for w in re.findall(r"[^\W_]+", _fold(text)) if not is_cjk(w)]


@dataclass(frozen=True)
class _Entry:
    key: str
    labels: dict[str, str]
    english: tuple[tuple[str, ...], ...]  # stem sequences
    chinese: tuple[str, ...]


@cache
def glossary() -> tuple[_Entry, ...]:
    entries = []
    for line in GLOSSARY_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        english, chinese = (part.strip() for part in line.split(";", 1))
        en_phrases = [p.strip() for p in english.split("|") if p.strip()]
        zh_phrases = [fold_chinese(p.strip()) for p in chinese.split("|") if p.strip()]
        entries.append(
            _Entry(
                key="g:" + en_phrases[0],
                labels={EN: en_phrases[0], ZH: zh_phrases[0]},
                english=tuple(tuple(_english_stems(p)) for p in en_phrases),
                chinese=tuple(zh_phrases),
            )
        )
    return tuple(entries)


def _contains(sequence: Sequence[str], part: Sequence[str]) -> bool:
    n = len(part)
    return any(tuple(sequence[i : i + n]) == tuple(part) for i in range(len(sequence) - n + 1))


_KIND_ORDER = {"g:": 2, "en": 1, "zh": 0}
Concepts = dict[str, dict[str, str]]  # concept → {language: the word as written}


def _add(found: Concepts, key: str, language: str, word: str) -> None:
    found.setdefault(key, {}).setdefault(language, word)


@lru_cache(maxsize=8192)
def concepts(text: str) -> Concepts:
    """The concepts of one text, each with the words that stood for it."""
    found: Concepts = {}
    folded = _fold(text)
    stems = _english_stems(text)
    for entry in glossary():
        if any(phrase in folded for phrase in entry.chinese):
            _add(found, entry.key, ZH, entry.labels[ZH])
        if any(phrase and _contains(stems, phrase) for phrase in entry.english):
            _add(found, entry.key, EN, entry.labels[EN])
    for match in _TOKEN.finditer(fold_chinese(unicodedata.normalize("NFKC", text or ""))):
        chunk = match.group()
        if is_cjk(chunk):
            for word in jieba.cut(chunk):
                if len(word) < 2:
                    continue
                _add(found, "zh:" + word, ZH, word)
                for sense in translations(word)[:3]:
                    if len(sense) == 1 and sense[0] not in _GENERIC | _STOP:
                        _add(found, "en:" + sense[0], ZH, word)
        else:
            word = chunk.casefold()
            if word in _STOP or word.isdigit() or len(word) < 2:
                continue
            key = stem(_fold(word))
            if key not in _GENERIC:
                _add(found, "en:" + key, EN, chunk)
    return found


def _merge(texts: Iterable[str]) -> Concepts:
    merged: Concepts = {}
    for text in texts:
        for key, words in concepts(text).items():
            for language, word in words.items():
                _add(merged, key, language, word)
    return merged


# -- the index and the score --------------------------------------------------------------


@dataclass
class _Prepared:
    profile: Profile
    offers: Concepts
    seeks: Concepts
    every: Concepts
    inferred: frozenset[str]


@dataclass
class Index:
    """Profiles prepared for scoring, with how common each concept is among them."""

    profiles: Sequence[Profile]
    sectors: Sequence[SectorInfo] = ()
    _prepared: dict[int, _Prepared] = field(init=False, default_factory=dict)
    _frequency: Counter = field(init=False, default_factory=Counter)

    def __post_init__(self):
        keywords = [
            (sector.slug, [concepts(k) for k in sector.keywords if k.strip()])
            for sector in self.sectors
        ]
        for profile in self.profiles:
            offers, seeks = _merge(profile.offers), _merge(profile.seeks)
            every = _merge((*profile.offers, *profile.seeks, *profile.about))
            inferred = frozenset(
                slug
                for slug, words in keywords
                if any(word and set(word) <= set(every) for word in words)
            )
            self._prepared[profile.id] = _Prepared(profile, offers, seeks, every, inferred)
            self._frequency.update(every.keys())

    def rarity(self, concept: str) -> float:
        """1.0 for a concept one profile mentions, towards 0 for one that all do."""
        n = len(self.profiles)
        if n < 2:
            return 1.0
        return math.log((n + 1) / max(1, self._frequency[concept])) / math.log(n + 1)

    def _best(self, keys: Iterable[str], *sides: Concepts) -> list[tuple[float, Label]]:
        """The rarest concepts, one per word: 软件 stands for "software" once, though it
        is both a glossary phrase and a dictionary word."""
        chosen: list[tuple[float, Label]] = []
        used: set[str] = set()
        # The rarest first; among equals a glossary phrase (it has both languages' words),
        # then an English word, then a Chinese one.
        ranked = sorted(keys, key=lambda k: (-self.rarity(k), -_KIND_ORDER[k[:2]], k))
        for key in ranked:
            weight = self.rarity(key)
            label = _label(key, *(side[key] for side in sides))
            words = {word.casefold() for _language, word in label.words}
            if weight <= 0 or words & used:
                continue
            used |= words
            chosen.append((weight, label))
            if len(chosen) == TOP_CONCEPTS:
                break
        return chosen

    def score(self, reader: Profile, other: Profile) -> Suggestion:
        a, b = self._prepared[reader.id], self._prepared[other.id]
        total = 0.0
        reasons: list[Reason] = []
        both = reader.sectors & other.sectors
        loose = ((reader.sectors | a.inferred) & (other.sectors | b.inferred)) - both
        total += SECTOR * len(both) + SECTOR_INFERRED * len(loose)
        if both or loose:
            reasons.append(Reason("sectors", (), tuple(sorted(both) + sorted(loose))))
        counted: set[str] = set()
        for kind, giver, taker in (("they_offer", b, a), ("you_offer", a, b)):
            keys = set(giver.offers) & set(taker.seeks)
            matched = self._best(keys, taker.seeks, giver.offers)
            if matched:
                total += NEED * sum(w for w, _label in matched)
                reasons.append(Reason(kind, tuple(label for _w, label in matched)))
                counted |= keys
        shared = self._best(set(a.every) & set(b.every) - counted, a.every, b.every)
        if shared:
            total += COMMON * sum(w for w, _label in shared)
            reasons.append(Reason("common", tuple(label for _w, label in shared)))
        return Suggestion(other, round(total, 4), tuple(reasons))

    def suggest(
        self,
        reader: Profile,
        *,
        exclude: Iterable[int] = (),
        limit: int = 10,
        min_score: float = MIN_SCORE,
    ) -> list[Suggestion]:
        """The best candidates for ``reader`` on the other side (delegates meet the host
        city, the host city meets delegates), best first."""
        skip = {reader.id, *exclude}
        delegate = reader.kind == "delegate"
        found = [
            self.score(reader, other)
            for other in self.profiles
            if other.id not in skip and (other.kind == "delegate") != delegate
        ]
        found = [s for s in found if s.score >= min_score]
        found.sort(key=lambda s: (-s.score, s.profile.id))
        return found[:limit]


def _label(key: str, *sides: dict[str, str]) -> Label:
    words: dict[str, str] = {}
    for side in sides:
        for language, word in side.items():
            words.setdefault(language, word)
    if key.startswith("g:"):
        entry = next(e for e in glossary() if e.key == key)
        words = {EN: entry.labels[EN], ZH: entry.labels[ZH]}
    return Label(tuple(sorted(words.items())))


# -- measuring ---------------------------------------------------------------------------


def precision_at(
    ranked: Sequence[int], relevant: set[int], judged: set[int], k: int = 5
) -> float | None:
    """Of the first ``k`` judged candidates in ``ranked`` (fewer when fewer are relevant,
    so a perfect ranking scores 1.0), the share that is relevant; None without any."""
    depth = min(k, len(relevant))
    if depth == 0:
        return None
    top = [pid for pid in ranked if pid in judged][:depth]
    return sum(1 for pid in top if pid in relevant) / depth
