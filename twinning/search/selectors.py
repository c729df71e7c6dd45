"""Reading the search index: ranked, visible results with highlighted snippets."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Model

from twinning.search import backends, registry
from twinning.search.models import SearchTerm
from twinning.search.services import VOCABULARY_CACHE_KEY
from twinning.search.text import correct, is_cjk, query_terms

PER_PAGE = 20


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
        return max(1, -(-self.total // PER_PAGE))


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
    found = SearchResults(query=query, terms=terms, page=max(1, page))
    if not terms:
        return found
    offset = (found.page - 1) * PER_PAGE
    hits, found.total = backends.match(terms, limit=PER_PAGE, offset=offset)
    if found.total == 0:
        corrected = _corrected(terms)
        if corrected:
            hits, found.total = backends.match(corrected, limit=PER_PAGE, offset=offset)
            if found.total:
                found.terms = corrected
                found.corrected_query = " ".join(corrected)
    found.results = _load(hits)
    return found


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
        for obj in searchable.public().filter(pk__in=ids):
            objects[(content_type_id, obj.pk)] = Result(obj=obj, searchable=searchable)
    return [
        objects[(hit.content_type_id, hit.object_id)]
        for hit in hits
        if (hit.content_type_id, hit.object_id) in objects
    ]
