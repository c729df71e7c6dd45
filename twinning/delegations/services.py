"""Writes of the delegations app."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.accounts.rules import require
from twinning.audit.services import audit_record
from twinning.core.dates import DatePrecision
from twinning.core.translation_fields import copy_languages, localized_values
from twinning.delegations.models import Delegation, Member, Outcome
from twinning.exchanges.models import Category, Exchange
from twinning.exchanges.services import exchange_create, exchange_publish

# Where each kind of outcome belongs in the archive (category slugs of the demo data);
# an installation without that category uses its first one.
CATEGORY_FOR = {
    Outcome.Kind.AGREEMENT: "other-cooperation",
    Outcome.Kind.DEAL: "economy-technology",
    Outcome.Kind.VISIT: "official-visits",
    Outcome.Kind.OTHER: "other-cooperation",
}


def _archive_record(outcome: Outcome, category: Category) -> Exchange:
    delegation = outcome.delegation
    exchange = Exchange(
        key=f"{delegation.slug}-outcome-{outcome.pk}"[:100],
        relationship=delegation.relationship,
        category=category,
        direction=Exchange.Direction.A_TO_B
        if delegation.direction == Delegation.Direction.A_TO_B
        else Exchange.Direction.B_TO_A,
        date_start=outcome.date or delegation.programme_start,
        date_precision=DatePrecision.DAY if outcome.date else DatePrecision.MONTH,
    )
    copy_languages(outcome, "title", exchange, "title")
    copy_languages(outcome, "description", exchange, "summary")
    return exchange


@transaction.atomic
def outcome_publish_to_archive(*, outcome: Outcome, actor: User) -> Exchange:
    """Publish a delegation's outcome as a record of its relationship's exchange archive.

    The record goes through the archive's own writers; they accept the delegation's
    coordinator because the record is that outcome's (``delegations.publish_outcome``).
    """
    require(actor, "delegations.publish_outcome", outcome)
    if outcome.exchange_id:
        raise ValidationError(_("This outcome is in the archive already."))
    category = (
        Category.objects.filter(slug=CATEGORY_FOR[outcome.kind]).first() or Category.objects.first()
    )
    if category is None:
        raise ValidationError(_("The archive has no category yet."))
    exchange = _archive_record(outcome, category)
    # Linked in memory first, so that the gate sees whose outcome the new record is.
    outcome.exchange = exchange
    exchange_create(
        exchange=exchange,
        actor=actor,
        comment=_("From the outcomes of the delegation %(delegation)s")
        % {"delegation": outcome.delegation.title},
    )
    outcome.save(update_fields=["exchange"])
    return exchange_publish(exchange=exchange, actor=actor)


@transaction.atomic
def outcome_create(
    *,
    delegation: Delegation,
    actor: User,
    kind: str,
    titles: dict[str, str],
    descriptions: dict[str, str] | None = None,
    date=None,
) -> Outcome:
    """Record what came of the trip (``titles``/``descriptions`` by language code); the
    coordinators publish it to the archive afterwards (``outcome_publish_to_archive``)."""
    require(actor, "delegations.record_outcome", delegation)
    if kind not in Outcome.Kind.values:
        raise ValidationError(_("Unknown kind of outcome."))
    outcome = Outcome(
        delegation=delegation,
        kind=kind,
        date=date,
        **localized_values("title", titles),
        **localized_values("description", descriptions),
    )
    outcome.full_clean(exclude=["exchange"])
    outcome.save()
    return outcome


@transaction.atomic
def member_set_confirmed(
    *,
    delegation: Delegation,
    user: User,
    actor: User,
    confirmed: bool,
    organisation: str = "",
    job_title: str = "",
) -> Member:
    """Make ``user`` a (confirmed or no longer confirmed) delegate of the delegation.

    Registrations call this when a registration is confirmed or ends; coordinators may too.
    """
    require(actor, "delegations.confirm_member", delegation)
    member, _created = Member.objects.get_or_create(
        delegation=delegation,
        user=user,
        defaults={"role": Member.Role.DELEGATE, "confirmed": confirmed},
    )
    member.confirmed = confirmed
    member.organisation = organisation or member.organisation
    member.job_title = job_title or member.job_title
    member.save(update_fields=["confirmed", "organisation", "job_title"])
    audit_record(
        actor=actor,
        action="delegations.member_confirmed",
        target=member,
        data={"delegation": delegation.pk, "user": user.pk, "confirmed": confirmed},
    )
    return member
