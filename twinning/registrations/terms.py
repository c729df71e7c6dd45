"""The policy's terms as the pricing module and the pages need them."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from twinning.delegations.models import Delegation
from twinning.registrations import pricing
from twinning.registrations.models import RegistrationPolicy


def price_list(policy: RegistrationPolicy) -> pricing.PriceList:
    return pricing.PriceList(
        price=policy.price,
        early_bird_price=policy.early_bird_price,
        early_bird_until=policy.early_bird_until,
        single_room_supplement=policy.single_room_supplement,
        accompanying_person_price=policy.accompanying_person_price,
        deposit=policy.deposit,
        balance_due=policy.balance_due,
    )


def schedule(policy: RegistrationPolicy) -> list[pricing.Step]:
    return [
        pricing.Step(until=rule.until, refund_percent=rule.refund_percent, fee=rule.fee)
        for rule in policy.cancellation_rules.all()
    ]


def registration_closed_reason(delegation: Delegation, *, now: datetime.datetime) -> str:
    """Why the delegation takes no registration now, or "" when it does."""
    policy = getattr(delegation, "registration_policy", None)
    if delegation.status != Delegation.Status.OPEN or policy is None:
        return _("This delegation is not open for registration.")
    if policy.opens_at and now < policy.opens_at:
        return _("Registration opens on %(date)s.") % {
            "date": date_format(policy.opens_at, "DATE_FORMAT")
        }
    if now > policy.deadline:
        return _("Registration closed on %(date)s.") % {
            "date": date_format(policy.deadline, "DATE_FORMAT")
        }
    return ""
