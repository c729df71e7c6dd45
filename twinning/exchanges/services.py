"""Writes to the exchange archive: the draft → review → published workflow and hiding.

Every change is recorded as a django-reversion revision (who, when, what) and keeps the
search index in step, so an unpublished or hidden record leaves search at once.
"""

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.accounts.rules import may
from twinning.core.translation_fields import language_codes, texts_by_language
from twinning.exchanges.models import Exchange
from twinning.search.services import search_index_update

Status = Exchange.Status


def _record(*, exchange: Exchange, user: User | None, comment: str, fields: list[str]) -> None:
    with reversion.create_revision(atomic=True):
        exchange.full_clean()
        exchange.save(update_fields=[*fields, "updated_at"] if fields else None)
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
    search_index_update(obj=exchange)


def _require(user: User | None, action: str, exchange: Exchange) -> None:
    if user is not None and not may(user, action, exchange):
        raise PermissionDenied(action)


@transaction.atomic
def exchange_submit_for_review(*, exchange: Exchange, user: User | None) -> Exchange:
    _require(user, "exchanges.change_exchange", exchange)
    if exchange.status != Status.DRAFT:
        raise ValidationError(_("Only a draft can be submitted for review."))
    exchange.status = Status.REVIEW
    _record(exchange=exchange, user=user, comment=_("Submitted for review"), fields=["status"])
    return exchange


@transaction.atomic
def exchange_publish(*, exchange: Exchange, user: User | None) -> Exchange:
    _require(user, "exchanges.publish_exchange", exchange)
    if exchange.status == Status.PUBLISHED:
        return exchange
    exchange.status = Status.PUBLISHED
    exchange.published_at = exchange.published_at or timezone.now()
    _record(
        exchange=exchange,
        user=user,
        comment=_("Published"),
        fields=["status", "published_at"],
    )
    return exchange


@transaction.atomic
def exchange_return_to_draft(*, exchange: Exchange, user: User | None) -> Exchange:
    _require(user, "exchanges.change_exchange", exchange)
    if exchange.status == Status.DRAFT:
        return exchange
    if exchange.status == Status.PUBLISHED:
        _require(user, "exchanges.publish_exchange", exchange)
    exchange.status = Status.DRAFT
    _record(exchange=exchange, user=user, comment=_("Returned to draft"), fields=["status"])
    return exchange


@transaction.atomic
def exchange_set_hidden(*, exchange: Exchange, hidden: bool, user: User | None) -> Exchange:
    """Hide a record from every public page, feed, sitemap and search (or show it again)."""
    _require(user, "exchanges.hide_exchange", exchange)
    if exchange.hidden == hidden:
        return exchange
    exchange.hidden = hidden
    _record(
        exchange=exchange,
        user=user,
        comment=_("Hidden") if hidden else _("Shown again"),
        fields=["hidden"],
    )
    return exchange


def missing_languages(exchange: Exchange) -> list[str]:
    """Language codes in which the record has no title or no summary."""
    titles = texts_by_language(exchange, "title")
    summaries = texts_by_language(exchange, "summary")
    return [code for code in language_codes() if not titles[code] or not summaries[code]]
