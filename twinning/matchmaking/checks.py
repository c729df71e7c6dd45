"""The rules a meeting's place must keep (the same as the scheduler's, in the exchange
format's words): each participant and interpreter in one meeting per slot and only where
available, one meeting per table, tables within the slot's count, an interpreter when the
two share no language, and one whose pairs bridge theirs.

Plain functions over rows already loaded: the grid checks every meeting at once with them
(no query per cell), and the move service checks one placement.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


def _primary(tag: str) -> str:
    """ "zh-Hans" and "zh" are one language for an interpreter: the primary subtag."""
    return str(tag).split("-")[0].strip().lower()


def languages_of(participant) -> set[str]:
    return {_primary(tag) for tag in participant.languages or []}


def needs_interpreter(a, b) -> bool:
    return not (languages_of(a) & languages_of(b))


def bridges(interpreter, a, b) -> bool:
    """One of the interpreter's pairs has one language spoken by a and the other by b."""
    spoken_a, spoken_b = languages_of(a), languages_of(b)
    for pair in interpreter.pairs or []:
        if len(pair) != 2:
            continue
        x, y = _primary(pair[0]), _primary(pair[1])
        if (x in spoken_a and y in spoken_b) or (y in spoken_a and x in spoken_b):
            return True
    return False


@dataclass
class Context:
    """What the checks need to know about a delegation's meetings (loaded once)."""

    # participant id / interpreter id → slot ids they cannot meet in
    participant_unavailable: dict[int, set[int]] = field(default_factory=dict)
    interpreter_unavailable: dict[int, set[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Place:
    slot: object
    table: int
    interpreter: object | None


def place_problems(meeting, place: Place, others: Iterable, context: Context) -> list[str]:
    """Why ``meeting`` cannot be at ``place`` given the ``others`` scheduled meetings (the
    meeting itself among them or not); [] when it can."""
    a, b = meeting.participant_a, meeting.participant_b
    slot, interpreter = place.slot, place.interpreter
    problems = []
    if not 1 <= place.table <= slot.tables:
        problems.append(
            _("Table %(table)s does not exist in this slot (it has %(tables)s tables).")
            % {"table": place.table, "tables": slot.tables}
        )
    for participant in (a, b):
        if slot.pk in context.participant_unavailable.get(participant.pk, set()):
            problems.append(_("%(name)s is not available in this slot.") % {"name": participant})
    if needs_interpreter(a, b):
        if interpreter is None:
            problems.append(
                _("%(a)s and %(b)s share no language: the meeting needs an interpreter.")
                % {"a": a, "b": b}
            )
        elif not bridges(interpreter, a, b):
            problems.append(
                _("%(interpreter)s does not interpret between the languages of %(a)s and %(b)s.")
                % {"interpreter": interpreter, "a": a, "b": b}
            )
    if interpreter is not None and slot.pk in context.interpreter_unavailable.get(
        interpreter.pk, set()
    ):
        problems.append(
            _("%(interpreter)s is not available in this slot.") % {"interpreter": interpreter}
        )
    for other in others:
        if other.pk == meeting.pk or other.slot_id != slot.pk:
            continue
        if other.table == place.table:
            problems.append(
                _("Table %(table)s is taken in this slot (%(meeting)s).")
                % {"table": place.table, "meeting": other}
            )
        busy = {other.participant_a_id, other.participant_b_id}
        for participant in (a, b):
            if participant.pk in busy:
                problems.append(
                    _("%(name)s has another meeting in this slot (%(meeting)s).")
                    % {"name": participant, "meeting": other}
                )
        if interpreter is not None and other.interpreter_id == interpreter.pk:
            problems.append(
                _("%(interpreter)s interprets another meeting in this slot (%(meeting)s).")
                % {"interpreter": interpreter, "meeting": other}
            )
    return problems


def conflicts(meetings: list, context: Context) -> dict[int, list[str]]:
    """Every scheduled meeting that breaks a rule where it stands, with the reasons."""
    by_slot = defaultdict(list)
    for meeting in meetings:
        by_slot[meeting.slot_id].append(meeting)
    found = {}
    for meeting in meetings:
        problems = place_problems(
            meeting,
            Place(meeting.slot, meeting.table, meeting.interpreter),
            by_slot[meeting.slot_id],
            context,
        )
        if problems:
            found[meeting.pk] = problems
    return found
