import datetime
import zoneinfo

import factory
from djmoney.money import Money

from tests.accounts.factories import UserFactory
from tests.cities.factories import RelationshipFactory
from twinning.delegations.models import (
    Audience,
    Delegation,
    Document,
    Fee,
    Member,
    Session,
    Venue,
)

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name_en = factory.Sequence(lambda n: f"Venue {n}")
    name_zh_hans = factory.Sequence(lambda n: f"场地{n}")
    address_en = "Jiefangbei, Yuzhong District"
    address_zh_hans = "渝中区解放碑"
    time_zone = "Asia/Shanghai"


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    slug = factory.Sequence(lambda n: f"delegation-{n}")
    relationship = factory.SubFactory(RelationshipFactory)
    direction = Delegation.Direction.A_TO_B
    title_en = factory.Sequence(lambda n: f"Trade mission {n}")
    title_zh_hans = factory.Sequence(lambda n: f"商务代表团{n}")
    travel_start = datetime.date(2012, 3, 16)
    travel_end = datetime.date(2012, 3, 26)
    programme_start = datetime.date(2012, 3, 18)
    programme_end = datetime.date(2012, 3, 23)
    capacity = 60
    status = Delegation.Status.OPEN


class FeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fee

    delegation = factory.SubFactory(DelegationFactory)
    label_en = "Delegate fee"
    label_zh_hans = "团费"
    amount = Money(3520, "USD")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    delegation = factory.SubFactory(DelegationFactory)
    user = factory.SubFactory(UserFactory)
    role = Member.Role.DELEGATE
    confirmed = True
    organisation = "Example Engineering"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    delegation = factory.SubFactory(DelegationFactory)
    kind = Session.Kind.OFFICIAL
    title_en = factory.Sequence(lambda n: f"Session {n}")
    title_zh_hans = factory.Sequence(lambda n: f"活动{n}")
    venue = factory.SubFactory(VenueFactory)
    starts_at = datetime.datetime(2012, 3, 20, 9, 0, tzinfo=SHANGHAI)
    ends_at = datetime.datetime(2012, 3, 20, 11, 0, tzinfo=SHANGHAI)
    audience = Audience.PUBLIC


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    delegation = factory.SubFactory(DelegationFactory)
    title_en = factory.Sequence(lambda n: f"Document {n}")
    title_zh_hans = factory.Sequence(lambda n: f"文件{n}")
    file = factory.django.FileField(filename="briefing.pdf", data=b"%PDF-1.4 test")
    audience = Audience.MEMBERS
