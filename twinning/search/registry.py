"""Which models are searchable, which of their objects are public, and their texts."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class Searchable:
    model: type[Model]
    # The public objects, ready to show in results (select/prefetch what the texts need).
    public: Callable[[], QuerySet]
    # (title texts, body texts) of one object, in both languages.
    texts: Callable[[Model], tuple[list[str], list[str]]]
    label: str


_registry: dict[type[Model], Searchable] = {}


def register(searchable: Searchable) -> None:
    _registry[searchable.model] = searchable


def get(model: type[Model]) -> Searchable | None:
    return _registry.get(model)


def all_searchables() -> list[Searchable]:
    return list(_registry.values())
