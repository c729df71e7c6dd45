"""A delegation's meetings for the back office: the agenda tests' small world (three slots,
here of ten tables, with one meeting at the first table of the first slot, its interpreter)
and more meetings when a test needs them."""

from tests.matchmaking.agenda_world import build as build_agenda
from tests.matchmaking.factories import (
    CounterpartParticipantFactory,
    DelegateParticipantFactory,
    MeetingFactory,
)

TABLES = 10


def build(**kwargs):
    world = build_agenda(**kwargs)
    for slot in world.slots:
        slot.tables = TABLES
        slot.save(update_fields=["tables"])
    return world


def more_meetings(world, count: int) -> list:
    """``count`` more meetings of new pairs who share a language, each in a free place."""
    made = []
    taken = {(m.slot_id, m.table) for m in world.delegation.meetings.all()}
    places = [(s, t) for s in world.slots for t in range(1, s.tables + 1)]
    free = [(s, t) for s, t in places if (s.pk, t) not in taken]
    for n in range(count):
        slot, table = free[n]
        a = DelegateParticipantFactory(delegation=world.delegation, languages=["en"])
        b = CounterpartParticipantFactory(delegation=world.delegation, languages=["en"])
        made.append(
            MeetingFactory(
                delegation=world.delegation,
                participant_a=a,
                participant_b=b,
                slot=slot,
                table=table,
            )
        )
    return made


__all__ = ["build", "more_meetings"]
