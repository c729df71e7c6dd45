"""Writes to the exchange archive: creating and changing records, the draft → review →
published workflow, and hiding.

These are the only writers of an exchange record: the admin, the importer and delegation
outcomes all call them. Each is one transaction that passes the permission gate, records
one django-reversion revision (actor and comment) and keeps the search index in step, so
an unpublished or hidden record leaves search at once.
"""

from collections.abc import Callable

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.accounts.rules import require
from twinning.audit.services import audit_record
from twinning.core import events
from twinning.core.translation_fields import language_codes, texts_by_language
from twinning.exchanges.models import Exchange
from twinning.search.services import search_index_update

Status = Exchange.Status

# Writes what belongs to a record besides its own fields (links, people, figures,
# sources, the admin's inlines) once the record itself is saved.
RelatedWriter = Callable[[Exchange], None]


def _after_write(exchange: Exchange) -> None:
    """The one place where a write to the archive reaches the search index."""
    search_index_update(obj=exchange)


def _write(
    *,
    exchange: Exchange,
    actor: User,
    comment: str,
    fields: list[str] | None = None,
    related: RelatedWriter | None = None,
) -> None:
    if exchange.status == Status.PUBLISHED and exchange.published_at is None:
        exchange.published_at = timezone.now()
        fields = [*fields, "published_at"] if fields else fields
    # The version is added by hand once everything is written: the record with its final
    # people, figures and sources (followed), rather than once per signal.
    with reversion.create_revision(manage_manually=True):
        exchange.full_clean()
        exchange.save(update_fields=[*fields, "updated_at"] if fields else None)
        if related is not None:
            related(exchange)
        reversion.add_to_revision(exchange)
        reversion.set_user(actor)
        reversion.set_comment(comment)
    # Publishing, hiding and every edit: the revision has the content, the log the act.
    audit_record(
        actor=actor,
        action="exchanges.write",
        target=exchange,
        data={"status": exchange.status, "hidden": exchange.hidden, "fields": fields or []},
    )
    _after_write(exchange)


def _stored(exchange: Exchange) -> Exchange:
    """The record as the database holds it (locked until the write ends): the gate judges
    the record as it is, not as the caller has already changed it in memory."""
    return Exchange.objects.select_for_update().get(pk=exchange.pk)


def _require_workflow_change(*, actor: User, before: Exchange | None, after: Exchange) -> None:
    """A write that publishes, unpublishes, hides or shows needs that right as well."""
    status_before = before.status if before is not None else Status.DRAFT
    if Status.PUBLISHED in (status_before, after.status) and status_before != after.status:
        require(actor, "exchanges.publish_exchange", after)
    if after.hidden != (before.hidden if before is not None else False):
        require(actor, "exchanges.hide_exchange", after)


@transaction.atomic
def exchange_create(
    *,
    exchange: Exchange,
    actor: User,
    related: RelatedWriter | None = None,
    comment: str = "",
) -> Exchange:
    """Save a new record (in the status it was given, if the actor may give it that)."""
    if exchange.pk is not None:
        raise ValueError("exchange_create saves a new record; use exchange_update")
    require(actor, "exchanges.add_exchange", exchange)
    _require_workflow_change(actor=actor, before=None, after=exchange)
    _write(exchange=exchange, actor=actor, comment=comment or _("Created"), related=related)
    return exchange


@transaction.atomic
def exchange_update(
    *,
    exchange: Exchange,
    actor: User,
    related: RelatedWriter | None = None,
    comment: str = "",
) -> Exchange:
    """Save the changes made to ``exchange`` in memory.

    Without the right to publish, a published record cannot be changed at all
    (``exchanges.change_exchange``): a live edit is a publisher's decision.
    """
    if exchange.pk is None:
        raise ValueError("exchange_update saves an existing record; use exchange_create")
    before = _stored(exchange)
    require(actor, "exchanges.change_exchange", before)
    _require_workflow_change(actor=actor, before=before, after=exchange)
    _write(exchange=exchange, actor=actor, comment=comment or _("Changed"), related=related)
    return exchange


@transaction.atomic
def exchange_submit_for_review(*, exchange: Exchange, actor: User) -> Exchange:
    require(actor, "exchanges.change_exchange", _stored(exchange))
    if exchange.status != Status.DRAFT:
        raise ValidationError(_("Only a draft can be submitted for review."))
    exchange.status = Status.REVIEW
    _write(exchange=exchange, actor=actor, comment=_("Submitted for review"), fields=["status"])
    return exchange


@transaction.atomic
def exchange_publish(*, exchange: Exchange, actor: User) -> Exchange:
    require(actor, "exchanges.publish_exchange", exchange)
    if exchange.status == Status.PUBLISHED:
        return exchange
    exchange.status = Status.PUBLISHED
    _write(exchange=exchange, actor=actor, comment=_("Published"), fields=["status"])
    events.emit(
        events.RECORD_PUBLISHED,
        key=f"record-{exchange.pk}-published-{timezone.now().timestamp()}",
        data={"record": exchange.key, "relationship": exchange.relationship.slug},
    )
    return exchange


@transaction.atomic
def exchange_return_to_draft(*, exchange: Exchange, actor: User) -> Exchange:
    before = _stored(exchange)
    require(actor, "exchanges.change_exchange", before)
    if exchange.status == Status.DRAFT:
        return exchange
    if before.status == Status.PUBLISHED:
        # Taking a record out of publication is a publisher's decision.
        require(actor, "exchanges.publish_exchange", exchange)
    exchange.status = Status.DRAFT
    _write(exchange=exchange, actor=actor, comment=_("Returned to draft"), fields=["status"])
    return exchange


@transaction.atomic
def exchange_hide(*, exchange: Exchange, actor: User, hidden: bool = True) -> Exchange:
    """Hide a record from every public page, feed, sitemap and search (or show it again)."""
    require(actor, "exchanges.hide_exchange", exchange)
    if exchange.hidden == hidden:
        return exchange
    exchange.hidden = hidden
    _write(
        exchange=exchange,
        actor=actor,
        comment=_("Hidden") if hidden else _("Shown again"),
        fields=["hidden"],
    )
    return exchange


def missing_languages(exchange: Exchange) -> list[str]:
    """Language codes in which the record has no title or no summary."""
    titles = texts_by_language(exchange, "title")
    summaries = texts_by_language(exchange, "summary")
    return [code for code in language_codes() if not titles[code] or not summaries[code]]
