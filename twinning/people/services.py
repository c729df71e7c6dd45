"""Writes of people and organisations; each keeps the search index in step."""

from collections.abc import Callable

from django.db import transaction

from twinning.accounts.models import User
from twinning.accounts.rules import require
from twinning.audit.services import audit_record
from twinning.people.models import Organisation, Person
from twinning.people.signals import entry_changed
from twinning.search.services import search_index_update

Entry = Person | Organisation


def _after_write(obj: Entry) -> None:
    """The one place where a write to people and organisations reaches the search index.

    The records that name them carry their names in their own search texts: the exchanges
    app re-indexes those on ``entry_changed`` (people sits below exchanges in the layers).
    """
    search_index_update(obj=obj)
    entry_changed.send(sender=type(obj), obj=obj)


def _action(verb: str, obj: Entry) -> str:
    return f"people.{verb}_{obj._meta.model_name}"


@transaction.atomic
def people_save(
    *, obj: Entry, actor: User, related: Callable[[Entry], None] | None = None
) -> Entry:
    """Save a person or organisation as edited (and ``related``: its appointments)."""
    require(actor, _action("add" if obj.pk is None else "change", obj), obj)
    stored = type(obj).objects.filter(pk=obj.pk).values_list("hidden", flat=True).first()
    if obj.hidden != bool(stored):
        require(actor, "people.hide_people", obj)
    obj.full_clean()
    obj.save()
    if related is not None:
        related(obj)
    _after_write(obj)
    return obj


@transaction.atomic
def people_set_hidden(*, obj: Entry, hidden: bool, actor: User) -> Entry:
    """Hide a person's or organisation's page (and take it out of search), or show it again."""
    require(actor, "people.hide_people", obj)
    obj.hidden = hidden
    obj.save(update_fields=["hidden"])
    audit_record(actor=actor, action="people.hide", target=obj, data={"hidden": hidden})
    _after_write(obj)
    return obj
