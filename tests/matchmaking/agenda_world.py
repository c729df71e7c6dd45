"""A small delegation with a schedule, for the agenda tests: a delegate from Seattle (English),
a counterpart in Chongqing (Chinese, claimed profile), an interpreter, three slots of two
tables, and one meeting with the interpreter at table 1 of the first slot."""

import datetime
from dataclasses import dataclass

from tests.accounts.factories import UserFactory
from tests.delegations.factories import DelegationFactory, MemberFactory, VenueFactory
from tests.matchmaking.factories import (
    CounterpartParticipantFactory,
    DelegateParticipantFactory,
    InterpreterFactory,
    MatchmakingPolicyFactory,
    MeetingFactory,
    SlotFactory,
)
from twinning.accounts.models import Role
from twinning.delegations.models import Member
from twinning.matchmaking import services


@dataclass
class AgendaWorld:
    delegation: object
    policy: object
    coordinator: object
    delegate: object  # Participant
    counterpart: object  # Participant
    interpreter: object
    slots: list
    meeting: object
    venue: object


def build(*, slug="mission", status="draft") -> AgendaWorld:
    delegation = DelegationFactory(slug=slug)
    policy = MatchmakingPolicyFactory(delegation=delegation, agenda_status=status)
    coordinator = MemberFactory(
        delegation=delegation,
        role=Member.Role.COORDINATOR,
        user=UserFactory(role=Role.COORDINATOR, is_staff=True),
    ).user
    delegate = DelegateParticipantFactory(
        delegation=delegation,
        member__user=UserFactory(time_zone="America/Los_Angeles", full_name="Dana Miller"),
        organisation_en="Cascade Tunnelling",
        organisation_zh_hans="喀斯喀特隧道公司",
        languages=["en"],
    )
    counterpart = CounterpartParticipantFactory(
        delegation=delegation,
        user=UserFactory(preferred_language="zh-hans", full_name="王芳"),
        organisation_en="Chongqing Metro Group",
        organisation_zh_hans="重庆轨道交通集团",
        contact_name="王芳",
        languages=["zh"],
    )
    interpreter = InterpreterFactory(
        delegation=delegation, name="Li Na", user=UserFactory(), pairs=[["en", "zh"]]
    )
    venue = VenueFactory()
    # 09:00, 09:20 and 09:40 at the venue (Shanghai time) on 20 March 2012.
    first = datetime.datetime(2012, 3, 20, 1, 0, tzinfo=datetime.UTC)
    slots = [
        SlotFactory(
            delegation=delegation,
            tables=2,
            venue=venue,
            starts_at=first + datetime.timedelta(minutes=20 * n),
            ends_at=first + datetime.timedelta(minutes=20 * (n + 1)),
        )
        for n in range(3)
    ]
    meeting = MeetingFactory(
        delegation=delegation,
        participant_a=delegate,
        participant_b=counterpart,
        slot=slots[0],
        table=1,
        interpreter=interpreter,
    )
    return AgendaWorld(
        delegation, policy, coordinator, delegate, counterpart, interpreter, slots, meeting, venue
    )


def delegate_meets(world: AgendaWorld, other, slot, *, table: int = 2, **extra):
    """One more meeting of the world's delegate: with ``other`` at ``table`` of ``slot``."""
    return MeetingFactory(
        delegation=world.delegation,
        participant_a=world.delegate,
        participant_b=other,
        slot=slot,
        table=table,
        **extra,
    )


def move(world: AgendaWorld, *, slot=None, table=1, interpreter="keep", meeting=None, actor=None):
    """A move of the world's meeting (or ``meeting``) by the coordinator (or ``actor``), to the
    second slot unless told; the meeting keeps its interpreter unless told."""
    meeting = meeting or world.meeting
    return services.meeting_move(
        actor=actor or world.coordinator,
        meeting=meeting,
        slot=slot or world.slots[1],
        table=table,
        interpreter=meeting.interpreter if interpreter == "keep" else interpreter,
    )
