"""Keeping the search index in step with the public content."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model

from twinning.core.public_cache import bump
from twinning.search import registry
from twinning.search.models import SearchDocument, SearchTerm
from twinning.search.text import document_terms, is_cjk, pinyin_key

VOCABULARY_CACHE_KEY = "search:vocabulary"
INDEX = "search-index"  # its version changes with every write to the index


def _document(searchable: registry.Searchable, obj: Model, content_type: ContentType):
    titles, bodies = searchable.texts(obj)
    return SearchDocument(
        content_type=content_type,
        object_id=obj.pk,
        # Titles are names: their Chinese words are indexed under their pinyin too.
        title_terms=document_terms(*titles, pinyin_max_length=TITLE_PINYIN),
        body_terms=document_terms(*bodies),
    )


TITLE_PINYIN = 1000


def _remember_terms(documents: Iterable[SearchDocument]) -> None:
    terms = {
        term
        for doc in documents
        for term in f"{doc.title_terms} {doc.body_terms}".split()
        if not term.isdigit() and len(term) <= 100
    }
    if terms:
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=t, pinyin=pinyin_key(t)[:200] if is_cjk(t) else "") for t in terms],
            ignore_conflicts=True,
            batch_size=2000,
        )
        cache.delete(VOCABULARY_CACHE_KEY)


@transaction.atomic
def search_index_update(*, obj: Model) -> None:
    """Index ``obj`` if it is public, else take it out of the index."""
    searchable = registry.get(type(obj))
    if searchable is None:
        return
    content_type = ContentType.objects.get_for_model(obj)
    public = searchable.public().filter(pk=obj.pk).first()
    bump(INDEX)
    if public is None:
        SearchDocument.objects.filter(content_type=content_type, object_id=obj.pk).delete()
        return
    document = _document(searchable, public, content_type)
    SearchDocument.objects.update_or_create(
        content_type=content_type,
        object_id=obj.pk,
        defaults={"title_terms": document.title_terms, "body_terms": document.body_terms},
    )
    _remember_terms([document])


@transaction.atomic
def search_index_rebuild(*, batch_size: int = 2000) -> int:
    """Index every public object from scratch; returns how many were indexed."""
    bump(INDEX)
    SearchDocument.objects.all().delete()
    total = 0
    for searchable in registry.all_searchables():
        content_type = ContentType.objects.get_for_model(searchable.model)
        batch: list[SearchDocument] = []
        for obj in searchable.public().iterator(chunk_size=batch_size):
            batch.append(_document(searchable, obj, content_type))
            if len(batch) >= batch_size:
                total += _flush(batch)
        total += _flush(batch)
    return total


def _flush(batch: list[SearchDocument]) -> int:
    SearchDocument.objects.bulk_create(batch)
    _remember_terms(batch)
    count = len(batch)
    batch.clear()
    return count
