"""Coordinators read and keep profiles, meeting requests and meetings, object by object
through the matchmaking pages' gate, within their token's scopes."""

import datetime
import json
from dataclasses import dataclass

import pytest
from django.utils import timezone

from tests.api.factories import bearer, token_for
from tests.matchmaking.factories import (
    MeetingFactory,
    MeetingRequestFactory,
    SectorFactory,
    SlotFactory,
)
from tests.matchmaking.flow_helpers import coordinator_of, mails, small_world
from twinning.audit.models import AuditEntry
from twinning.matchmaking.models import Meeting, MeetingRequest, Participant

pytestmark = pytest.mark.django_db
JSON = "application/json"
PROFILE = {
    "kind": "official",
    "organisation": {"en": "Liangjiang New Area Commerce Bureau", "zh-hans": "两江新区商务局"},
    "description": {"en": "Investment promotion.", "zh-hans": "招商引资。"},
    "seeks": {"zh-hans": "先进制造业"},
    "contact_name": "Wang Li",
    "contact_email": "wang.li@example.cn",
    "languages": ["zh", "en"],
    "min_meetings": 2,
    "max_meetings": 6,
}


@dataclass
class Fair:
    """A delegation's meetings: two delegates, two counterparts, a request, a meeting."""

    slug: str
    coordinator: object
    delegates: list
    counterparts: list
    request: MeetingRequest
    meeting: Meeting

    @property
    def participant(self) -> Participant:
        return self.counterparts[0]


@pytest.fixture
def fair():
    delegation, delegates, counterparts = small_world()
    request = MeetingRequestFactory(
        delegation=delegation,
        requester=delegates[0],
        target=counterparts[0],
        created_by=delegates[0].member.user,
    )
    nine = datetime.datetime(2012, 3, 20, 1, 0, tzinfo=datetime.UTC)  # 09:00 in Chongqing
    meeting = MeetingFactory(
        delegation=delegation,
        participant_a=delegates[1],
        participant_b=counterparts[1],
        slot=SlotFactory(
            delegation=delegation, starts_at=nine, ends_at=nine + datetime.timedelta(minutes=20)
        ),
    )
    return Fair(
        delegation.slug, coordinator_of(delegation), delegates, counterparts, request, meeting
    )


def _auth(fair, scopes=None):
    return bearer(token_for(fair.coordinator, scopes))


def _send(client, method, url, body=None, **headers):
    if method == "GET":
        return client.get(url, **headers)
    return client.generic(
        method, url, json.dumps(body) if body is not None else "", content_type=JSON, **headers
    )


# Every operation: (method, path with the fair's ids, body of a valid request).
OPERATIONS = {
    "participant_list": ("GET", "/delegations/{slug}/participants", None),
    "participant_detail": ("GET", "/participants/{participant}", None),
    "participant_create": ("POST", "/delegations/{slug}/participants", PROFILE),
    "participant_update": ("PUT", "/participants/{participant}", PROFILE),
    "participant_withdraw": ("POST", "/participants/{participant}/withdraw", None),
    "meeting_request_list": ("GET", "/delegations/{slug}/meeting-requests", None),
    "meeting_request_detail": ("GET", "/meeting-requests/{request}", None),
    "meeting_request_create": (
        "POST",
        "/delegations/{slug}/meeting-requests",
        lambda f: {
            "requester": f.delegates[1].pk,
            "target": f.counterparts[0].pk,
            "priority": "must",
        },
    ),
    "meeting_request_accept": ("POST", "/meeting-requests/{request}/accept", None),
    "meeting_request_decline": ("POST", "/meeting-requests/{request}/decline", None),
    "meeting_request_withdraw": ("POST", "/meeting-requests/{request}/withdraw", None),
    "meeting_list": ("GET", "/delegations/{slug}/meetings", None),
    "meeting_detail": ("GET", "/meetings/{meeting}", None),
    "meeting_lock": ("POST", "/meetings/{meeting}/lock", None),
    "meeting_unlock": ("POST", "/meetings/{meeting}/unlock", None),
    "meeting_cancel": ("POST", "/meetings/{meeting}/cancel", None),
    "meeting_check_in": ("POST", "/meetings/{meeting}/check-in", None),
    "meeting_attendance": ("POST", "/meetings/{meeting}/attendance", {"attendance": "no_show_b"}),
}
WRITES = sorted(name for name, (method, _path, _body) in OPERATIONS.items() if method != "GET")
CREATED = {"participant_create": 201, "meeting_request_create": 201}


def _url(fair, path: str) -> str:
    return "/api/v1" + path.format(
        slug=fair.slug,
        participant=fair.participant.pk,
        request=fair.request.pk,
        meeting=fair.meeting.pk,
    )


def _call(client, fair, name, auth, **headers):
    method, path, body = OPERATIONS[name]
    body = body(fair) if callable(body) else body
    return _send(client, method, _url(fair, path), body, **auth, **headers)


def _state(fair) -> tuple:
    """What a write could have changed."""
    return (
        Participant.objects.count(),
        sorted(Participant.objects.values_list("pk", "organisation_en", "withdrawn_at")),
        sorted(MeetingRequest.objects.values_list("pk", "status")),
        sorted(Meeting.objects.values_list("pk", "locked", "attendance", "status")),
    )


# ---------------------------------------------------------------- every operation


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_each_operation_answers_the_delegations_coordinator(client, fair, name):
    response = _call(client, fair, name, _auth(fair))

    assert response.status_code == CREATED.get(name, 200), response.content


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_each_operation_without_a_token_is_401(client, fair, name):
    before = _state(fair)

    response = _call(client, fair, name, {})

    assert (response.status_code, response["Content-Type"]) == (401, "application/problem+json")
    assert _state(fair) == before


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_each_operation_needs_its_scope(client, fair, name):
    method = OPERATIONS[name][0]
    # A read with another area's scopes; a write with matchmaking's read scope only.
    scopes = ["registrations:read", "payments:write"] if method == "GET" else ["matchmaking:read"]
    before = _state(fair)

    response = _call(client, fair, name, _auth(fair, scopes))

    assert response.status_code == 403
    assert response.json()["type"] == "/api/v1/problems/scope-missing"
    assert _state(fair) == before


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_a_coordinator_of_another_delegation_gets_404(client, fair, name):
    other, _delegates, _counterparts = small_world()
    before = _state(fair)

    response = _call(client, fair, name, bearer(token_for(coordinator_of(other))))

    assert (response.status_code, response["Content-Type"]) == (404, "application/problem+json")
    assert _state(fair) == before


@pytest.mark.parametrize("name", WRITES)
def test_a_repeated_idempotency_key_returns_the_first_answer(client, fair, name):
    auth = _auth(fair)

    first = _call(client, fair, name, auth, HTTP_IDEMPOTENCY_KEY=f"{name}-1")
    after_first = _state(fair)
    again = _call(client, fair, name, auth, HTTP_IDEMPOTENCY_KEY=f"{name}-1")

    assert first.status_code == CREATED.get(name, 200), first.content
    assert (again.status_code, again.content) == (first.status_code, first.content)
    assert again["Idempotent-Replayed"] == "true"
    assert _state(fair) == after_first


INVALID_BODIES = [
    ("participant_create", {"organisation": {"en": "", "zh-hans": ""}}),
    ("participant_create", {"organisation": {"fr": "Bureau"}}),
    ("participant_create", {"organisation": {"en": "x" * 201}}),
    ("participant_create", PROFILE | {"kind": "delegate"}),
    ("participant_create", PROFILE | {"contact_email": "not an address"}),
    ("participant_create", PROFILE | {"languages": ["xx"]}),
    ("participant_create", PROFILE | {"min_meetings": 7, "max_meetings": 6}),
    ("participant_create", PROFILE | {"description": {"en": "nul \x00"}}),
    ("participant_create", PROFILE | {"sectors": ["no-such-sector"]}),
    ("participant_update", {"contact_name": "no organisation"}),
    ("participant_update", PROFILE | {"max_meetings": 101}),
    ("meeting_request_create", {"requester": 1, "target": 2, "priority": "maybe"}),
    ("meeting_request_create", {"target": 2, "priority": "must"}),
    ("meeting_attendance", {"attendance": "late"}),
    ("meeting_attendance", {}),
]


@pytest.mark.parametrize(
    ("name", "body"), INVALID_BODIES, ids=[f"{n}-{i}" for i, (n, _b) in enumerate(INVALID_BODIES)]
)
def test_an_invalid_body_is_a_422_problem_and_writes_nothing(client, fair, name, body):
    method, path, _body = OPERATIONS[name]
    before = _state(fair)

    response = _send(client, method, _url(fair, path), body, **_auth(fair))

    assert (response.status_code, response["Content-Type"]) == (422, "application/problem+json")
    assert response.json()["type"] == "/api/v1/problems/invalid-request"
    assert _state(fair) == before


# ---------------------------------------------------------------- participants


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(item["id"] for item in response.json()["items"])


@pytest.fixture
def directory(fair):
    """The fair's participants with a sector, languages and words to find them by."""
    sector = SectorFactory(slug="rail")
    official = fair.counterparts[1]
    official.kind = Participant.Kind.OFFICIAL
    official.seeks_en = "Tunnel boring machines"
    official.languages = ["zh", "ja"]
    official.save()
    official.sectors.add(sector)
    return fair


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["d0", "d1", "c0", "c1"]),
        ({"kind": "delegate"}, ["d0", "d1"]),
        ({"kind": "official"}, ["c1"]),
        ({"sector": "rail"}, ["c1"]),
        ({"language": "ja"}, ["c1"]),
        ({"language": "zh"}, ["c0", "c1"]),
        ({"search": "boring"}, ["c1"]),
        ({"search": "Seattle"}, ["d0", "d1"]),
        ({"kind": "counterpart", "language": "ja"}, []),
    ],
)
def test_the_participants_list_filters_as_the_directory(client, directory, query, expected):
    fair = directory
    names = {f"d{i}": p.pk for i, p in enumerate(fair.delegates)} | {
        f"c{i}": p.pk for i, p in enumerate(fair.counterparts)
    }
    url = f"/api/v1/delegations/{fair.slug}/participants"

    found = _ids(client.get(url, query, **_auth(fair, ["matchmaking:read"])))

    assert found == sorted(names[name] for name in expected)


def test_the_participants_list_pages_by_cursor_and_syncs_by_modified_since(client, fair):
    auth = _auth(fair, ["matchmaking:read"])
    url = f"/api/v1/delegations/{fair.slug}/participants"
    first = client.get(url, {"limit": 3}, **auth).json()
    rest = client.get(url, {"limit": 3, "cursor": first["next_cursor"]}, **auth).json()
    mark = timezone.now().isoformat()
    changed = fair.counterparts[0]
    changed.contact_name = "Zhang Wei"
    changed.save()

    since = client.get(url, {"modified_since": mark}, **auth).json()

    assert (len(first["items"]), len(rest["items"]), rest["next_cursor"]) == (3, 1, None)
    assert {i["id"] for i in first["items"]} | {i["id"] for i in rest["items"]} == {
        p.pk for p in fair.delegates + fair.counterparts
    }
    assert [item["id"] for item in since["items"]] == [changed.pk]


def test_a_profile_reads_in_every_language(client, directory):
    fair = directory
    official = fair.counterparts[1]

    body = client.get(f"/api/v1/participants/{official.pk}", **_auth(fair)).json()

    assert body["organisation"] == {
        "en": official.organisation_en,
        "zh-hans": official.organisation_zh_hans,
    }
    assert body["seeks"] == {"en": "Tunnel boring machines", "zh-hans": ""}
    assert (body["kind"], body["sectors"], body["languages"]) == (
        "official",
        ["rail"],
        ["zh", "ja"],
    )
    assert (body["delegation"], body["claimed_at"], body["withdrawn_at"]) == (fair.slug, None, None)


def test_a_coordinator_creates_a_counterpart_profile_in_both_languages(client, fair):
    SectorFactory(slug="rail")

    response = client.post(
        f"/api/v1/delegations/{fair.slug}/participants",
        json.dumps(PROFILE | {"sectors": ["rail"]}),
        content_type=JSON,
        **_auth(fair, ["matchmaking:write"]),
    )

    assert response.status_code == 201, response.content
    created = Participant.objects.get(pk=response.json()["id"])
    assert (
        created.kind,
        created.organisation_zh_hans,
        created.seeks_en,
        created.seeks_zh_hans,
    ) == (
        "official",
        "两江新区商务局",
        "",
        "先进制造业",
    )
    assert (created.min_meetings, created.max_meetings) == (2, 6)
    assert list(created.sectors.values_list("slug", flat=True)) == ["rail"]
    assert created.languages == ["zh", "en"]


def test_a_new_profile_is_a_counterpart_unless_told(client, fair):
    response = client.post(
        f"/api/v1/delegations/{fair.slug}/participants",
        json.dumps({"organisation": {"zh-hans": "重庆机电"}}),
        content_type=JSON,
        **_auth(fair),
    )

    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "counterpart"
    assert response.json()["organisation"] == {"en": "", "zh-hans": "重庆机电"}


def test_an_update_replaces_the_profile_as_the_form_does(client, fair):
    participant = fair.counterparts[0]
    participant.description_en = "Old text"
    participant.save()
    participant.sectors.add(SectorFactory(slug="rail"))

    response = client.put(
        f"/api/v1/participants/{participant.pk}",
        json.dumps({"organisation": {"en": "Chongqing Rail"}, "contact_name": "Li Na"}),
        content_type=JSON,
        **_auth(fair),
    )

    assert response.status_code == 200, response.content
    participant.refresh_from_db()
    assert (participant.organisation_en, participant.organisation_zh_hans) == ("Chongqing Rail", "")
    assert (participant.description_en, participant.contact_name) == ("", "Li Na")
    assert (participant.kind, list(participant.sectors.all())) == ("counterpart", [])


def test_a_delegate_stays_a_delegate(client, fair):
    delegate = fair.delegates[0]

    response = client.put(
        f"/api/v1/participants/{delegate.pk}", json.dumps(PROFILE), content_type=JSON, **_auth(fair)
    )

    assert (response.status_code, response.json()["kind"]) == (200, "delegate")


def test_a_delegate_with_a_token_keeps_their_own_profile_but_not_its_kind(client, fair):
    delegate = fair.delegates[0]
    auth = bearer(token_for(delegate.member.user))
    url = f"/api/v1/participants/{delegate.pk}"
    own = PROFILE | {"kind": None}

    kept = client.put(url, json.dumps(own), content_type=JSON, **auth)
    kind = client.put(url, json.dumps(PROFILE), content_type=JSON, **auth)
    other = client.get(f"/api/v1/participants/{fair.delegates[1].pk}", **auth)
    listing = client.get(f"/api/v1/delegations/{fair.slug}/participants", **auth)

    assert (kept.status_code, kind.status_code) == (200, 403)
    assert (other.status_code, listing.status_code) == (404, 404)


def test_withdrawing_a_participant_cancels_their_meetings_and_repairs_the_schedule(client, fair):
    meeting = fair.meeting
    meeting.locked = True
    meeting.save()
    partner = fair.counterparts[1]

    response = client.post(f"/api/v1/participants/{partner.pk}/withdraw", **_auth(fair))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["participant"]["withdrawn_at"] is not None
    assert body["repair_run"] is not None
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED


def test_withdrawing_before_any_meeting_is_planned_starts_no_repair(client, fair):
    fair.meeting.delete()

    response = client.post(
        f"/api/v1/participants/{fair.counterparts[0].pk}/withdraw", **_auth(fair)
    )

    assert (response.status_code, response.json()["repair_run"]) == (200, None)


# ---------------------------------------------------------------- meeting requests


@pytest.fixture
def asked(fair):
    """Besides the fair's pending request: an accepted one the other way round."""
    accepted = MeetingRequestFactory(
        delegation=fair.request.delegation,
        requester=fair.counterparts[1],
        target=fair.delegates[1],
        status=MeetingRequest.Status.ACCEPTED,
        created_by=fair.coordinator,
    )
    return fair, accepted


def test_the_requests_list_filters_by_status_and_participant(client, asked):
    fair, accepted = asked
    auth = _auth(fair, ["matchmaking:read"])
    url = f"/api/v1/delegations/{fair.slug}/meeting-requests"

    every = _ids(client.get(url, **auth))
    pending = _ids(client.get(url, {"status": "pending"}, **auth))
    of_delegate = _ids(client.get(url, {"participant": fair.delegates[1].pk}, **auth))
    of_nobody = _ids(
        client.get(url, {"participant": fair.delegates[0].pk, "status": "accepted"}, **auth)
    )

    assert every == sorted([fair.request.pk, accepted.pk])
    assert (pending, of_delegate, of_nobody) == ([fair.request.pk], [accepted.pk], [])


def test_an_unanswered_request_past_its_time_is_listed_expired(client, fair):
    fair.request.expires_at = datetime.datetime(2012, 1, 1, tzinfo=datetime.UTC)
    fair.request.save()

    response = client.get(f"/api/v1/delegations/{fair.slug}/meeting-requests", **_auth(fair))

    assert [item["status"] for item in response.json()["items"]] == ["expired"]


def test_a_request_reads_with_both_sides(client, fair):
    body = client.get(f"/api/v1/meeting-requests/{fair.request.pk}", **_auth(fair)).json()

    assert (body["requester"]["id"], body["target"]["id"]) == (
        fair.delegates[0].pk,
        fair.counterparts[0].pk,
    )
    assert body["target"]["organisation"]["zh-hans"] == fair.counterparts[0].organisation_zh_hans
    assert (body["status"], body["priority"], body["delegation"]) == ("pending", "would", fair.slug)


def test_a_coordinator_asks_on_behalf_of_a_participant_and_the_other_side_is_told(client, fair):
    target = fair.counterparts[1]

    response = client.post(
        f"/api/v1/delegations/{fair.slug}/meeting-requests",
        json.dumps({"requester": fair.delegates[0].pk, "target": target.pk, "priority": "must"}),
        content_type=JSON,
        **_auth(fair, ["matchmaking:write"]),
    )

    assert response.status_code == 201, response.content
    made = MeetingRequest.objects.get(pk=response.json()["id"])
    assert (made.status, made.priority, made.created_by) == ("pending", "must", fair.coordinator)
    assert len(mails(key__startswith=f"meetingrequest-{made.pk}-received")) == 1


def test_asking_as_a_participant_of_another_delegation_is_422(client, fair):
    _other, delegates, _counterparts = small_world()

    response = client.post(
        f"/api/v1/delegations/{fair.slug}/meeting-requests",
        json.dumps(
            {"requester": delegates[0].pk, "target": fair.counterparts[1].pk, "priority": "must"}
        ),
        content_type=JSON,
        **_auth(fair),
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "requester"]
    assert not MeetingRequest.objects.filter(requester=delegates[0]).exists()


def test_asking_twice_is_refused_with_the_reason(client, fair):
    response = client.post(
        f"/api/v1/delegations/{fair.slug}/meeting-requests",
        json.dumps(
            {
                "requester": fair.delegates[0].pk,
                "target": fair.counterparts[0].pk,
                "priority": "must",
            }
        ),
        content_type=JSON,
        **_auth(fair),
    )

    assert (response.status_code, response.json()["type"]) == (409, "/api/v1/problems/refused")
    assert "already" in response.json()["detail"]


@pytest.mark.parametrize(("answer", "status"), [("accept", "accepted"), ("decline", "declined")])
def test_a_coordinator_answers_a_request_once(client, fair, answer, status):
    url = f"/api/v1/meeting-requests/{fair.request.pk}/{answer}"
    auth = _auth(fair, ["matchmaking:write"])

    first, second = client.post(url, **auth), client.post(url, **auth)

    assert (first.status_code, first.json()["status"]) == (200, status)
    assert (second.status_code, second.json()["type"]) == (409, "/api/v1/problems/refused")
    fair.request.refresh_from_db()
    assert (fair.request.status, fair.request.answered_by) == (status, fair.coordinator)


def test_a_coordinator_withdraws_a_request(client, fair):
    response = client.post(f"/api/v1/meeting-requests/{fair.request.pk}/withdraw", **_auth(fair))

    assert (response.status_code, response.json()["status"]) == (200, "withdrawn")


# ---------------------------------------------------------------- meetings


@pytest.fixture
def day_two(fair):
    """A cancelled meeting at 01:00 on the 21st in Chongqing (17:00 on the 20th in UTC)."""
    slot = SlotFactory(
        delegation=fair.meeting.delegation,
        starts_at=datetime.datetime(2012, 3, 20, 17, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2012, 3, 20, 17, 20, tzinfo=datetime.UTC),
    )
    cancelled = MeetingFactory(
        delegation=fair.meeting.delegation,
        participant_a=fair.delegates[0],
        participant_b=fair.counterparts[0],
        slot=slot,
        status=Meeting.Status.CANCELLED,
    )
    return fair, cancelled


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["first", "cancelled"]),
        ({"day": "2012-03-20"}, ["first"]),
        ({"day": "2012-03-21"}, ["cancelled"]),
        ({"day": "2012-03-22"}, []),
        ({"status": "scheduled"}, ["first"]),
        ({"status": "cancelled"}, ["cancelled"]),
        ({"participant": "delegate 0"}, ["cancelled"]),
        ({"participant": "counterpart 1"}, ["first"]),
    ],
)
def test_the_meetings_list_filters_by_day_participant_and_status(client, day_two, query, expected):
    fair, cancelled = day_two
    meetings = {"first": fair.meeting.pk, "cancelled": cancelled.pk}
    people = {"delegate 0": fair.delegates[0].pk, "counterpart 1": fair.counterparts[1].pk}
    if "participant" in query:
        query = query | {"participant": people[query["participant"]]}

    found = _ids(client.get(f"/api/v1/delegations/{fair.slug}/meetings", query, **_auth(fair)))

    assert found == sorted(meetings[name] for name in expected)


def test_a_meeting_reads_with_its_place_and_time(client, fair):
    body = client.get(f"/api/v1/meetings/{fair.meeting.pk}", **_auth(fair)).json()

    assert (body["participant_a"]["id"], body["participant_b"]["id"]) == (
        fair.delegates[1].pk,
        fair.counterparts[1].pk,
    )
    assert (body["starts_at"], body["time_zone"]) == ("2012-03-20T01:00:00Z", "Asia/Shanghai")
    assert (body["table"], body["interpreter"], body["locked"]) == (fair.meeting.table, None, False)
    assert (body["status"], body["attendance"]) == ("scheduled", "unknown")


def test_locking_and_unlocking_a_meeting(client, fair):
    auth = _auth(fair, ["matchmaking:write"])
    url = f"/api/v1/meetings/{fair.meeting.pk}"

    locked = client.post(f"{url}/lock", **auth).json()["locked"]
    unlocked = client.post(f"{url}/unlock", **auth).json()["locked"]

    assert (locked, unlocked) == (True, False)


def test_cancelling_a_meeting_twice_answers_the_cancelled_meeting_both_times(client, fair):
    auth = _auth(fair, ["matchmaking:write"])
    url = f"/api/v1/meetings/{fair.meeting.pk}/cancel"

    first, again = client.post(url, **auth), client.post(url, **auth)

    assert [(r.status_code, r.json()["status"]) for r in (first, again)] == [
        (200, "cancelled"),
        (200, "cancelled"),
    ]
    assert AuditEntry.objects.filter(action="matchmaking.meeting_cancelled").count() == 1


def test_checking_in_records_that_the_meeting_took_place(client, fair):
    response = client.post(f"/api/v1/meetings/{fair.meeting.pk}/check-in", **_auth(fair))

    assert response.json()["attendance"] == "held"
    assert response.json()["checked_in_at"] is not None


def test_a_no_show_is_recorded(client, fair):
    response = client.post(
        f"/api/v1/meetings/{fair.meeting.pk}/attendance",
        json.dumps({"attendance": "no_show_a"}),
        content_type=JSON,
        **_auth(fair),
    )

    assert (response.status_code, response.json()["attendance"]) == (200, "no_show_a")


def test_checking_in_a_cancelled_meeting_is_refused(client, day_two):
    fair, cancelled = day_two

    response = client.post(f"/api/v1/meetings/{cancelled.pk}/check-in", **_auth(fair))

    assert (response.status_code, response.json()["type"]) == (409, "/api/v1/problems/refused")
