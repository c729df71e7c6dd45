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
# Who asks whom (by e-mail address), how much, and the answer (accepted unless named); a
# pair named on both sides is a mutual wish. "official" targets are asked by the demo
# coordinator (offices are arranged by coordinators only). Requests of members who are not
# confirmed yet (Jordan Park, Casey Ng) wait until they are.
AVERY, MORGAN = "avery.chen@cascade-tunnelling.test", "morgan.lee@puget-greenbuild.test"
SAM, PRIYA, WEI = (
    "sam.rivera@salish-water.test",
    "priya.shah@cascadia-cloud.test",
    "wei.zhang@pacific-rim-foods.test",
)
JAMIE, ALEX = "jamie.fox@rainier-aero.test", "alex.torres@sound-medical.test"
LEE, KIM = "lee.nakamura@elliott-bay-travel.test", "kim.jensen@evergreen-power.test"
JORDAN, CASEY = "jordan.park@rainier-bio.test", "casey.ng@emerald-freight.test"
RAIL, MACHINERY = "liu.yang@cq-rail-build.test", "zhou.min@yongchuan-machinery.test"
HOUSING, HOUSING_OFFICE = "chen.jing@cq-housing-dev.test", "office@cq-housing-commission.test"
COMMERCE, LOGISTICS = "office@cq-commerce.test", "zhao.lei@liangjiang-logistics.test"
AERO, AIRPORT = "qian.jun@cq-aerospace.test", "partners@cq-airport-services.test"
UNIVERSITY, HOSPITAL = "sun.mei@cq-university.test", "intl@cq-hospital.test"
CLOUD, LAPTOPS = "li.na@cq-software.test", "sales@cq-laptops.test"
CAFES, CRUISES = "hello@cq-hotpot-cafe.test", "trips@yangtze-cruises.test"
EV, NEW_AREA = "office@cq-ev-makers.test", "office@liangjiang-new-area.test"
WATER, COLD_CHAIN = "projects@cq-water-group.test", "import@cq-cold-chain.test"
MED_SUPPLIES, PARKS = "bd@cq-med-distribution.test", "energy@cq-industrial-parks.test"
FLOW_REQUESTS = [
    (AVERY, RAIL, "must"),
    (RAIL, AVERY, "must"),
    (AVERY, MACHINERY, "would"),
    (AVERY, NEW_AREA, "would"),
    (AERO, AVERY, "would", "declined"),
    (MORGAN, HOUSING, "must"),
    (HOUSING, MORGAN, "would"),
    (MORGAN, HOUSING_OFFICE, "would"),
    (MORGAN, PARKS, "would"),
    (MORGAN, WATER, "would", "expired"),
    (SAM, WATER, "must"),
    (WATER, SAM, "must"),
    (SAM, HOUSING, "would"),
    (SAM, NEW_AREA, "would"),
    (RAIL, SAM, "would", "pending"),
    (PRIYA, CLOUD, "must"),
    (CLOUD, PRIYA, "would"),
    (PRIYA, LAPTOPS, "must"),
    (LAPTOPS, PRIYA, "would"),
    (PRIYA, EV, "would"),
    (PRIYA, HOSPITAL, "would", "declined"),
    (WEI, COLD_CHAIN, "must"),
    (COLD_CHAIN, WEI, "must"),
    (WEI, CAFES, "would"),
    (CAFES, WEI, "would"),
    (LOGISTICS, WEI, "would"),
    (WEI, COMMERCE, "would"),
    (JAMIE, AERO, "must"),
    (AERO, JAMIE, "would"),
    (JAMIE, AIRPORT, "would"),
    (JAMIE, MACHINERY, "would", "declined"),
    (ALEX, HOSPITAL, "must"),
    (ALEX, MED_SUPPLIES, "must"),
    (MED_SUPPLIES, ALEX, "must"),
    (ALEX, UNIVERSITY, "would"),
    (UNIVERSITY, ALEX, "would"),
    (LEE, CRUISES, "must"),
    (CRUISES, LEE, "would"),
    (LEE, AIRPORT, "would"),
    (LEE, CAFES, "would", "expired"),
    (LEE, UNIVERSITY, "would"),
    (KIM, EV, "must"),
    (EV, KIM, "would"),
    (KIM, PARKS, "must"),
    (KIM, NEW_AREA, "would"),
    (COMMERCE, KIM, "would"),
    (KIM, LOGISTICS, "would", "expired"),
    (HOUSING, KIM, "would", "pending"),
    (JORDAN, HOSPITAL, "must"),
    (JORDAN, UNIVERSITY, "would"),
    (UNIVERSITY, JORDAN, "would"),
    (CASEY, LOGISTICS, "must"),
    (CASEY, AIRPORT, "would"),
    (CASEY, COMMERCE, "would"),
    (AERO, CASEY, "would"),
]
FLOW_INTERPRETERS = [
    ("Wang Fang", "wang.fang@interpreters.test"),
    ("Lin Tao", "lin.tao@interpreters.test"),
    ("Grace Ho", "grace.ho@interpreters.test"),
    ("Xu Ying", "xu.ying@interpreters.test"),
    ("Daniel Lau", "daniel.lau@interpreters.test"),
    ("Hu Jie", "hu.jie@interpreters.test"),
]
FLOW_TABLES = 8
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


def _flow_answer(status: str, coordinator, now) -> dict:
    """An answered request (accepted, declined), or one still open or run out of time."""
    import datetime

    hours = datetime.timedelta(hours=72)
    if status in ("accepted", "declined"):
        return {"status": status, "answered_by": coordinator, "answered_at": now}
    if status == "expired":
        return {"status": status, "expires_at": now - hours}
    return {"status": status, "expires_at": now + hours}


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
        for requester, target, priority, *answer in FLOW_REQUESTS:
            if requester not in people or target not in people:
                continue
            MeetingRequest.objects.get_or_create(
                requester=people[requester],
                target=people[target],
                defaults={
                    "delegation": delegation,
                    "priority": priority,
                    "created_by": coordinator,
                    **_flow_answer(answer[0] if answer else "accepted", coordinator, now),
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
