import datetime

import factory
from djmoney.money import Money

from tests.delegations.factories import DelegationFactory
from twinning.registrations.models import CancellationRule, RegistrationPolicy
from twinning.registrations.services import Details

# The demo trip's dates: registration runs in early 2027, the trip in May.
NOW = datetime.datetime(2027, 1, 10, 9, 0, tzinfo=datetime.UTC)


class RegistrationPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationPolicy

    delegation = factory.SubFactory(
        DelegationFactory,
        travel_start=datetime.date(2027, 5, 10),
        travel_end=datetime.date(2027, 5, 20),
        programme_start=datetime.date(2027, 5, 11),
        programme_end=datetime.date(2027, 5, 18),
        capacity=10,
    )
    deadline = datetime.datetime(2027, 3, 31, 23, 59, tzinfo=datetime.UTC)
    price = Money(3520, "USD")
    accompanying_person_price = Money(1800, "USD")
    terms_en = "Terms of the trip."
    terms_zh_hans = "行程条款。"
    fee_covers_en = "Programme, local transport, interpreters."
    fee_covers_zh_hans = "活动、当地交通、翻译。"


class CancellationRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CancellationRule

    policy = factory.SubFactory(RegistrationPolicyFactory)
    until = datetime.date(2027, 2, 28)
    refund_percent = 90


def details(**overrides) -> Details:
    values = {
        "company": "Cascade Tunnelling Inc.",
        "job_title": "Director",
        "emergency_contact": "Pat Doe, +1 206 555 0199",
    }
    values.update(overrides)
    return Details(**values)
