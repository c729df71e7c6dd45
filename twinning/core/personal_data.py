"""Every app's share of a person's data, exported and erased on request (a registry).

An app that keeps anything about an account registers one section in its
``AppConfig.ready()``: ``export(user, *, actor)`` returns what it holds as JSON-ready
data, ``erase(user, *, actor)`` removes or anonymises it and returns an ``Erasure``: how
many rows of which model it changed and what it kept, with the reason (invoices, for
instance, are legal copies). ``blockers(user)`` names what must happen first (a
registration still holding seats). ``accounts.services`` runs them all, so the accounts
app never imports the apps above it.

Sections run in the order they were registered (the order of ``INSTALLED_APPS``) for an
export, in the reverse order for an erasure: the apps higher in the layers go first and
the account itself goes last.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Kept:
    """Something left in place on purpose: which columns of which model, and why."""

    model: str  # "app_label.ModelName"
    fields: tuple[str, ...]
    why: str
    rows: int = 0

    def as_data(self) -> dict:
        return {
            "model": self.model,
            "fields": list(self.fields),
            "why": self.why,
            "rows": self.rows,
        }


@dataclass
class Erasure:
    changed: dict[str, int] = field(default_factory=dict)  # model label → rows erased
    kept: list[Kept] = field(default_factory=list)

    def count(self, model: str, rows: int) -> None:
        if rows:
            self.changed[model] = self.changed.get(model, 0) + rows

    def keep(self, model: str, fields: tuple[str, ...], why: str, rows: int) -> None:
        if rows:
            self.kept.append(Kept(model=model, fields=fields, why=why, rows=rows))


@dataclass(frozen=True)
class Section:
    name: str
    export: Callable[..., Any]
    erase: Callable[..., Erasure]
    blockers: Callable[[Any], list[str]] | None = None
    # Models whose rows point at the account (or carry its address): the registry test
    # checks that every such model in the project is some section's.
    models: tuple[str, ...] = ()


_sections: dict[str, Section] = {}


def register(
    name: str,
    *,
    export: Callable[..., Any],
    erase: Callable[..., Erasure],
    blockers: Callable[[Any], list[str]] | None = None,
    models: tuple[str, ...] = (),
) -> None:
    """Add (or, on a second ``ready()``, replace) the section ``name``."""
    _sections[name] = Section(
        name=name, export=export, erase=erase, blockers=blockers, models=models
    )


def sections() -> list[Section]:
    return list(_sections.values())
