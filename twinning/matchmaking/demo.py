"""Load the matchmaking demo (idempotent): the sector list, the 2027 mission's delegates'
profiles and Chongqing counterparts, in both languages.

Runs after the registrations demo. A delegate's profile needs a confirmed membership:
the registrations demo writes its registrations directly, so this loader gives each
confirmed registrant of the mission the membership a confirmation brings (as the
registration services would) and then the profile. Keys: sectors by slug, delegates by
their account's e-mail address, counterparts by their contact e-mail address.
"""

from pathlib import Path

import yaml
from django.db import transaction

from twinning.core.translation_fields import localized_values
from twinning.delegations.models import Delegation, Member
from twinning.matchmaking.models import MatchmakingPolicy, Participant, Sector
from twinning.registrations.models import Registration

DATA_FILE = Path(__file__).with_name("demo_data.yaml")
TEXTS = ("organisation", "description", "offers", "seeks", "brings")


def _texts(record: dict, *fields: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for name in fields:
        values |= localized_values(name, record.get(name))
    return values


def _sectors(records: list[dict]) -> dict[str, Sector]:
    found = {}
    for position, record in enumerate(records, start=1):
        sector, _created = Sector.objects.update_or_create(
            slug=record["slug"],
            defaults={
                "position": position,
                **localized_values("name", record["name"]),
                **localized_values("keywords", record.get("keywords")),
            },
        )
        found[sector.slug] = sector
    return found


def _profile(participant: Participant, record: dict, sectors: dict[str, Sector]) -> None:
    for name, value in _texts(record, *TEXTS).items():
        setattr(participant, name, value)
    participant.languages = record.get("languages", [])
    participant.min_meetings = record.get("min_meetings")
    participant.max_meetings = record.get("max_meetings")
    participant.save()
    participant.sectors.set([sectors[slug] for slug in record.get("sectors", [])])


def _delegate(delegation: Delegation, record: dict, sectors) -> bool:
    registration = Registration.objects.filter(
        delegation=delegation,
        user__email=record["email"],
        status=Registration.Status.CONFIRMED,
    ).first()
    if registration is None:
        return False
    member, _created = Member.objects.get_or_create(
        delegation=delegation,
        user=registration.user,
        defaults={
            "role": Member.Role.DELEGATE,
            "confirmed": True,
            "organisation": registration.company,
            "job_title": registration.job_title,
        },
    )
    if not member.confirmed or member.role != Member.Role.DELEGATE:
        return False
    participant = Participant.objects.filter(member=member).first() or Participant(
        delegation=delegation, kind=Participant.Kind.DELEGATE, member=member
    )
    participant.contact_name = registration.user.full_name
    participant.contact_email = registration.user.email
    _profile(participant, record, sectors)
    return True


def _counterpart(delegation: Delegation, record: dict, sectors) -> None:
    participant = Participant.objects.filter(
        delegation=delegation, contact_email=record["email"]
    ).first() or Participant(delegation=delegation, contact_email=record["email"])
    participant.kind = record.get("kind", Participant.Kind.COUNTERPART)
    participant.contact_name = record.get("contact", "")
    _profile(participant, record, sectors)


@transaction.atomic
def load() -> dict[str, int]:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    sectors = _sectors(data["sectors"])
    counts = {"sectors": len(sectors), "delegates": 0, "counterparts": 0}
    delegation = Delegation.objects.filter(slug=data["delegation"]).first()
    if delegation is None:
        return counts
    MatchmakingPolicy.objects.update_or_create(delegation=delegation, defaults=data["policy"])
    for record in data["delegates"]:
        counts["delegates"] += _delegate(delegation, record, sectors)
    for record in data["counterparts"]:
        _counterpart(delegation, record, sectors)
        counts["counterparts"] += 1
    return counts


# -- flow: requests, slots and tables, interpreters, and a schedule -----------------------
# Which delegate asks whom (by e-mail address), and how much; a pair named on both sides is
# a mutual wish. "official" targets are asked by the demo coordinator (offices are arranged
# by coordinators only). Every request is accepted, as the counterparts would have answered.
FLOW_REQUESTS = [
    ("avery.chen@cascade-tunnelling.test", "liu.yang@cq-rail-build.test", "must"),
    ("liu.yang@cq-rail-build.test", "avery.chen@cascade-tunnelling.test", "must"),
    ("avery.chen@cascade-tunnelling.test", "zhou.min@yongchuan-machinery.test", "would"),
    ("morgan.lee@puget-greenbuild.test", "chen.jing@cq-housing-dev.test", "must"),
    ("chen.jing@cq-housing-dev.test", "morgan.lee@puget-greenbuild.test", "would"),
    ("morgan.lee@puget-greenbuild.test", "office@cq-housing-commission.test", "would"),
    ("jordan.park@rainier-bio.test", "intl@cq-hospital.test", "must"),
    ("jordan.park@rainier-bio.test", "sun.mei@cq-university.test", "would"),
    ("sun.mei@cq-university.test", "jordan.park@rainier-bio.test", "would"),
    ("casey.ng@emerald-freight.test", "zhao.lei@liangjiang-logistics.test", "must"),
    ("casey.ng@emerald-freight.test", "partners@cq-airport-services.test", "would"),
    ("casey.ng@emerald-freight.test", "office@cq-commerce.test", "would"),
    ("qian.jun@cq-aerospace.test", "casey.ng@emerald-freight.test", "would"),
]
FLOW_INTERPRETERS = [
    ("Wang Fang", "wang.fang@interpreters.test"),
    ("Lin Tao", "lin.tao@interpreters.test"),
    ("Grace Ho", "grace.ho@interpreters.test"),
]
FLOW_TABLES = 6
FLOW_TIME_LIMIT = 1.0  # keeps `make run` quick; a real run takes the coordinator's limit


def _flow_by_email(delegation) -> dict[str, Participant]:
    found = {}
    for participant in Participant.objects.filter(delegation=delegation).select_related(
        "member__user"
    ):
        if participant.member_id:
            found[participant.member.user.email] = participant
        if participant.contact_email:
            found.setdefault(participant.contact_email, participant)
    return found


def _flow_session_times(delegation):
    """The matchmaking session's times, else the programme's second afternoon in Chongqing."""
    import datetime
    import zoneinfo

    session = (
        delegation.sessions.filter(title_en__icontains="matchmaking")
        .select_related("venue")
        .order_by("starts_at")
        .first()
    )
    if session is not None:
        return session.starts_at, session.ends_at, session.venue
    zone = zoneinfo.ZoneInfo("Asia/Shanghai")
    day = delegation.programme_start + datetime.timedelta(days=1)
    return (
        datetime.datetime.combine(day, datetime.time(14, 30), tzinfo=zone),
        datetime.datetime.combine(day, datetime.time(17, 30), tzinfo=zone),
        None,
    )


def _flow_slots(delegation, policy) -> int:
    import datetime

    from twinning.matchmaking.models import Slot

    starts, ends, venue = _flow_session_times(delegation)
    step = datetime.timedelta(minutes=policy.slot_minutes)
    made = 0
    while starts + step <= ends:
        Slot.objects.get_or_create(
            delegation=delegation,
            starts_at=starts,
            defaults={"ends_at": starts + step, "tables": FLOW_TABLES, "venue": venue},
        )
        starts += step
        made += 1
    return made


def _flow_coordinator(delegation):
    from twinning.accounts.rules import system_actor

    member = (
        Member.objects.filter(delegation=delegation, role=Member.Role.COORDINATOR, confirmed=True)
        .select_related("user")
        .first()
    )
    return member.user if member else system_actor()


def flow_load() -> dict[str, int]:
    """Requests, slots, interpreters, then the scheduler run synchronously (a second or so).

    Idempotent: requests are keyed by their pair, slots by their start, interpreters by
    e-mail; a second load finds the meetings there and schedules nothing again.
    """
    from django.utils import timezone

    from twinning.matchmaking import services
    from twinning.matchmaking.models import Interpreter, Meeting, MeetingRequest

    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    counts = {"requests": 0, "slots": 0, "interpreters": 0, "meetings": 0}
    delegation = Delegation.objects.filter(slug=data["delegation"]).first()
    if delegation is None:
        return counts
    policy, _created = MatchmakingPolicy.objects.get_or_create(delegation=delegation)
    coordinator = _flow_coordinator(delegation)
    people = _flow_by_email(delegation)
    now = timezone.now()
    with transaction.atomic():
        for requester, target, priority in FLOW_REQUESTS:
            if requester not in people or target not in people:
                continue
            MeetingRequest.objects.get_or_create(
                requester=people[requester],
                target=people[target],
                defaults={
                    "delegation": delegation,
                    "priority": priority,
                    "status": MeetingRequest.Status.ACCEPTED,
                    "created_by": coordinator,
                    "answered_by": coordinator,
                    "answered_at": now,
                },
            )
            counts["requests"] += 1
        counts["slots"] = _flow_slots(delegation, policy)
        for name, email in FLOW_INTERPRETERS:
            Interpreter.objects.get_or_create(
                delegation=delegation, email=email, defaults={"name": name, "pairs": [["en", "zh"]]}
            )
            counts["interpreters"] += 1
    meetings = Meeting.objects.filter(delegation=delegation, status=Meeting.Status.SCHEDULED)
    if not meetings.exists():
        from twinning.accounts.rules import system_actor
        from twinning.matchmaking.models import ScheduleRun

        run = ScheduleRun.objects.create(
            delegation=delegation, requested_by=coordinator, time_limit=FLOW_TIME_LIMIT
        )
        services.schedule_run_execute(actor=system_actor(), run=run)
    counts["meetings"] = meetings.count()
    return counts
