import datetime

import factory

from tests.accounts.factories import UserFactory
from tests.delegations.factories import DelegationFactory, MemberFactory
from twinning.matchmaking.models import (
    Interpreter,
    MatchmakingPolicy,
    Meeting,
    MeetingRequest,
    Participant,
    Sector,
    Slot,
)


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"sector-{n}")
    name_en = factory.Sequence(lambda n: f"Sector {n}")
    name_zh_hans = factory.Sequence(lambda n: f"行业{n}")


class MatchmakingPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchmakingPolicy

    delegation = factory.SubFactory(DelegationFactory)


class DelegateParticipantFactory(factory.django.DjangoModelFactory):
    """A delegate: a confirmed member of the delegation with a profile."""

    class Meta:
        model = Participant

    delegation = factory.SubFactory(DelegationFactory)
    kind = Participant.Kind.DELEGATE
    member = factory.SubFactory(MemberFactory, delegation=factory.SelfAttribute("..delegation"))
    organisation_en = factory.Sequence(lambda n: f"Seattle Company {n}")
    organisation_zh_hans = factory.Sequence(lambda n: f"西雅图公司{n}")
    languages = ["en"]


class CounterpartParticipantFactory(factory.django.DjangoModelFactory):
    """A counterpart in the host city whose profile a coordinator keeps."""

    class Meta:
        model = Participant

    delegation = factory.SubFactory(DelegationFactory)
    kind = Participant.Kind.COUNTERPART
    organisation_en = factory.Sequence(lambda n: f"Chongqing Company {n}")
    organisation_zh_hans = factory.Sequence(lambda n: f"重庆公司{n}")
    contact_email = factory.Sequence(lambda n: f"counterpart{n}@example.cn")
    languages = ["zh"]


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    delegation = factory.SubFactory(DelegationFactory)
    # 20-minute slots from 09:00 Chongqing time (01:00 UTC) on the programme's first day.
    starts_at = factory.Sequence(
        lambda n: (
            datetime.datetime(2012, 3, 20, 1, 0, tzinfo=datetime.UTC)
            + datetime.timedelta(minutes=20 * n)
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(minutes=20))
    tables = 10


class InterpreterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interpreter

    delegation = factory.SubFactory(DelegationFactory)
    name = factory.Sequence(lambda n: f"Interpreter {n}")
    pairs = [["en", "zh"]]


class MeetingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingRequest

    delegation = factory.SubFactory(DelegationFactory)
    requester = factory.SubFactory(
        DelegateParticipantFactory, delegation=factory.SelfAttribute("..delegation")
    )
    target = factory.SubFactory(
        CounterpartParticipantFactory, delegation=factory.SelfAttribute("..delegation")
    )
    priority = MeetingRequest.Priority.WOULD
    created_by = factory.SubFactory(UserFactory)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A scheduled meeting; pass ``participant_a``/``participant_b`` with a.pk < b.pk."""

    class Meta:
        model = Meeting

    delegation = factory.SubFactory(DelegationFactory)
    participant_a = factory.SubFactory(
        DelegateParticipantFactory, delegation=factory.SelfAttribute("..delegation")
    )
    participant_b = factory.SubFactory(
        CounterpartParticipantFactory, delegation=factory.SelfAttribute("..delegation")
    )
    slot = factory.SubFactory(SlotFactory, delegation=factory.SelfAttribute("..delegation"))
    table = factory.Sequence(lambda n: n % 10 + 1)
