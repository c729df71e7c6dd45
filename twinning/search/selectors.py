"""Reading the search index: ranked, visible results with highlighted snippets."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Model

from twinning.core import public_cache
from twinning.search import backends, registry
from twinning.search.models import SearchTerm
from twinning.search.services import INDEX, VOCABULARY_CACHE_KEY
from twinning.search.text import correct, is_cjk, query_terms

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

    @property
    def pages(self) -> int:
        return max(1, -(-min(self.total, backends.MAX_COUNTED) // PER_PAGE))

    @property
    def more_than_counted(self) -> bool:
        return self.total > backends.MAX_COUNTED


def _vocabulary() -> list[str]:
    words = cache.get(VOCABULARY_CACHE_KEY)
    if words is None:
        words = list(SearchTerm.objects.values_list("term", flat=True))
        cache.set(VOCABULARY_CACHE_KEY, words, timeout=600)
    return words


def _corrected(terms: list[str]) -> list[str] | None:
    english = [t for t in terms if not is_cjk(t)]
    known = set(SearchTerm.objects.filter(term__in=english).values_list("term", flat=True))
    unknown = [t for t in english if t not in known]
    if not unknown:
        return None
    vocabulary = _vocabulary()
    fixes = {t: correct(t, vocabulary) for t in unknown}
    if not any(fixes.values()):
        return None
    return [fixes.get(t) or t for t in terms]


def search(*, query: str, page: int = 1) -> SearchResults:
    """Public objects matching every term of ``query``, best first (one page of them).

    A query with no result whose English words are unknown is retried once with
    each unknown word replaced by the nearest known one ("McGin" → "mcginn").
    """
    query = (query or "").strip()[:200]
    terms = query_terms(query)
    found = SearchResults(query=query, terms=terms, page=min(max(1, page), MAX_PAGE))
    if not terms:
        return found
    hits, found.total, corrected = _matches(terms, found.page)
    if corrected:
        found.terms = corrected
        found.corrected_query = " ".join(corrected)
    found.results = _load(hits)
    return found


def _matches(terms: list[str], page: int):
    """(hits, total, corrected terms or None), cached until the index changes."""
    key = None
    if public_cache.enabled():
        digest = hashlib.sha256(" ".join(terms).encode()).hexdigest()
        key = f"search:{public_cache.version(INDEX)}:{digest}:{page}"
        cached = cache.get(key)
        if cached is not None:
            return cached
    offset = (page - 1) * PER_PAGE
    hits, total = backends.match(terms, limit=PER_PAGE, offset=offset)
    corrected = None
    if total == 0:
        corrected = _corrected(terms)
        if corrected:
            hits, total = backends.match(corrected, limit=PER_PAGE, offset=offset)
            corrected = corrected if total else None
    if key:
        cache.set(key, (hits, total, corrected), public_cache.PAGE_TIMEOUT)
    return hits, total, corrected


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
