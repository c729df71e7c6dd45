import datetime

import factory
from djmoney.money import Money

from tests.accounts.factories import UserFactory
from tests.delegations.factories import MemberFactory
from tests.registrations.factories import NOW, RegistrationPolicyFactory
from twinning.delegations.models import Member
from twinning.registrations.models import Registration
from twinning.visas.services import PassportData

# The factories' trip ends on 2027-05-20.
TRIP_END = datetime.date(2027, 5, 20)
TODAY = datetime.date(2027, 1, 10)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    delegation = factory.LazyFunction(lambda: RegistrationPolicyFactory().delegation)
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.CONFIRMED
    company = "Cascade Tunnelling Inc."
    job_title = "Director"
    emergency_contact = "Pat Doe, +1 206 555 0199"
    terms_version = 1
    terms_accepted_at = NOW
    total = Money(3520, "USD")
    confirmed_at = NOW


def coordinator_of(delegation):
    return MemberFactory(delegation=delegation, role=Member.Role.COORDINATOR).user


def passport_data(**overrides) -> PassportData:
    values = {
        "full_name": "DOE JANE MARIE",
        "number": "X12345678",
        "date_of_birth": datetime.date(1980, 4, 2),
        "issuing_country": "US",
        "nationality": "US",
        "expiry_date": datetime.date(2031, 6, 30),
    }
    values.update(overrides)
    return PassportData(**values)


def host_for(delegation):
    from twinning.visas.models import HostOrganisation

    return HostOrganisation.objects.get_or_create(
        delegation=delegation,
        defaults={
            "name_en": "Chongqing Foreign Affairs Office",
            "name_zh_hans": "重庆市外事办公室",
            "address_en": "Chongqing, China",
            "address_zh_hans": "中国重庆",
            "signatory": "Wang Fang, Director",
        },
    )[0]


def with_passport(registration=None, **overrides):
    from twinning.visas.services import passport_save

    registration = registration or RegistrationFactory()
    passport_save(
        registration=registration,
        actor=registration.user,
        data=passport_data(**overrides),
        today=TODAY,
    )
    return registration


def issue_for(registration, actor=None, now=None):
    from twinning.visas.services import visa_letter_issue

    host_for(registration.delegation)
    actor = actor or coordinator_of(registration.delegation)
    return visa_letter_issue(registration=registration, actor=actor, now=now)
