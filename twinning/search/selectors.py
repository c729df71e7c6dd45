"""Reading the search index: ranked, visible results with highlighted snippets."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Model

from twinning.core import public_cache
from twinning.search import backends, registry
from twinning.search.dictionary import MAX_TRANSLATIONS, translations
from twinning.search.models import SearchTerm
from twinning.search.services import INDEX, VOCABULARY_CACHE_KEY
from twinning.search.text import correct, is_cjk, pinyin_key, query_terms

PER_PAGE = 20
MAX_PAGE = backends.MAX_COUNTED // PER_PAGE


@dataclass
class Result:
    obj: Model
    searchable: registry.Searchable


@dataclass
class SearchResults:
    query: str
    terms: list[str]
    results: list[Result] = field(default_factory=list)
    total: int = 0
    page: int = 1
    corrected_query: str | None = None
    partial: bool = False  # no record holds every word: these hold most of them

    @property
    def pages(self) -> int:
        return max(1, -(-min(self.total, backends.MAX_COUNTED) // PER_PAGE))

    @property
    def more_than_counted(self) -> bool:
        return self.total > backends.MAX_COUNTED


def _vocabulary() -> list[str]:
    """The English (and pinyin) terms of the index, for typo correction."""
    words = cache.get(VOCABULARY_CACHE_KEY)
    if words is None:
        words = list(SearchTerm.objects.filter(pinyin="").values_list("term", flat=True))
        cache.set(VOCABULARY_CACHE_KEY, words, timeout=600)
    return words


# Translations looked up per query word, and how many the index knows that are kept.
CANDIDATE_TRANSLATIONS = 20
MAX_SOUNDALIKES = 3


@dataclass
class _Expansion:
    groups: list[backends.Group]
    all_known: bool  # every word is in some document: the plain query may match
    replaced: dict[str, str]  # unknown word → the known word standing in for it


def _expand(terms: list[str]) -> _Expansion:
    """Each query word with its alternatives: the nearest spelling of an unknown English
    word, known words that sound like an unknown Chinese one, and translations the index
    holds (CC-CEDICT). One query for all the words, one more for sound-alikes.
    """
    candidates = {
        term: [] if term.isdigit() else translations(term)[:CANDIDATE_TRANSLATIONS]
        for term in terms
    }
    lookup = set(terms) | {part for alts in candidates.values() for alt in alts for part in alt}
    known = set(SearchTerm.objects.filter(term__in=lookup).values_list("term", flat=True))
    unknown = [term for term in terms if term not in known and not term.isdigit()]
    stand_ins: dict[str, list[str]] = {}
    english = [term for term in unknown if not is_cjk(term)]
    if english:
        vocabulary = _vocabulary()
        for term in english:
            if fix := correct(term, vocabulary):
                stand_ins[term] = [fix]
    chinese = {term: pinyin_key(term) for term in unknown if is_cjk(term)}
    if chinese:
        sounds: dict[str, list[str]] = defaultdict(list)
        for word, key in SearchTerm.objects.filter(pinyin__in=set(chinese.values())).values_list(
            "term", "pinyin"
        ):
            sounds[key].append(word)
        for term, key in chinese.items():
            if sounds[key]:
                stand_ins[term] = sorted(sounds[key])[:MAX_SOUNDALIKES]
    groups: list[backends.Group] = []
    for term in terms:
        group: list[backends.Alternative] = [(term,)]
        group += [(word,) for word in stand_ins.get(term, [])]
        known_translations = [
            alt for alt in candidates[term] if alt not in group and all(p in known for p in alt)
        ]
        group += known_translations[:MAX_TRANSLATIONS]
        groups.append(group)
    return _Expansion(
        groups=groups,
        all_known=not unknown,
        replaced={term: words[0] for term, words in stand_ins.items()},
    )


def search(*, query: str, page: int = 1) -> SearchResults:
    """Public objects matching ``query``, best first (one page of them).

    First the records holding every word; below them those that hold every word or its
    translation, spelling fix or sound-alike ("Confucious" → "confucius", 口照 → 口罩,
    隧道 → "tunnel"). When no record holds them all, the records holding most of them,
    and ``partial`` says so.
    """
    query = (query or "").strip()[:200]
    terms = query_terms(query)
    found = SearchResults(query=query, terms=terms, page=min(max(1, page), MAX_PAGE))
    if not terms:
        return found
    matched = _matches(terms, found.page)
    found.total, found.partial, found.terms = matched.total, matched.partial, matched.shown
    if matched.corrected:
        found.corrected_query = " ".join(matched.corrected)
    found.results = _load(matched.hits)
    return found


@dataclass
class _Matched:
    hits: list[backends.Hit]
    total: int
    shown: list[str]  # the terms to highlight: the words and their stand-ins
    corrected: list[str] | None = None
    partial: bool = False


def _matches(terms: list[str], page: int) -> _Matched:
    """The page of hits, cached until the index changes."""
    key = None
    if public_cache.enabled():
        digest = hashlib.sha256(" ".join(terms).encode()).hexdigest()
        key = f"search:{public_cache.version(INDEX)}:{digest}:{page}"
        cached = cache.get(key)
        if cached is not None:
            return cached
    matched = _run(terms, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    if key:
        cache.set(key, matched, public_cache.PAGE_TIMEOUT)
    return matched


def _run(terms: list[str], *, limit: int, offset: int) -> _Matched:
    expansion = _expand(terms)
    direct = backends.plain(terms)
    shown = list(dict.fromkeys(t for g in expansion.groups for alt in g for t in alt))
    hits: list[backends.Hit] = []
    total = 0
    if expansion.all_known:
        hits, total = backends.match(direct, limit=limit, offset=offset)
    extra = 0
    # Past MAX_COUNTED direct matches the reader pages no further: nothing to add below.
    if expansion.groups != direct and total <= backends.MAX_COUNTED:
        more, extra = backends.match(
            expansion.groups,
            limit=limit - len(hits),
            offset=max(0, offset - total),
            excluding=direct if expansion.all_known else (),
            cap=backends.MAX_COUNTED + 1 - total,
        )
        hits += more
    if total + extra:
        corrected = None
        if total == 0 and expansion.replaced:
            corrected = [expansion.replaced.get(t, t) for t in terms]
        return _Matched(hits, total + extra, shown, corrected)
    if len(terms) < 2:
        return _Matched([], 0, shown)
    hits, total = backends.match_most(expansion.groups, limit=limit, offset=offset)
    return _Matched(hits, total, shown, partial=bool(total))


def _load(hits: list[backends.Hit]) -> list[Result]:
    """The hits' objects, through each model's public queryset (one query per model)."""
    ids_by_type: dict[int, list[int]] = defaultdict(list)
    for hit in hits:
        ids_by_type[hit.content_type_id].append(hit.object_id)
    objects: dict[tuple[int, int], Result] = {}
    for content_type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        searchable = registry.get(model)
        if searchable is None:
            continue
        # Results show a title, a snippet and a date: none of the list pages' prefetches.
        for obj in searchable.public().prefetch_related(None).filter(pk__in=ids):
            objects[(content_type_id, obj.pk)] = Result(obj=obj, searchable=searchable)
    return [
        objects[(hit.content_type_id, hit.object_id)]
        for hit in hits
        if (hit.content_type_id, hit.object_id) in objects
    ]
