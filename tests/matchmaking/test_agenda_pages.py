"""A participant's agenda on the web, in the feed and as a PDF; an interpreter's agenda."""

import io

import icalendar
import pypdfium2
import pytest

from tests.accounts.factories import UserFactory
from tests.matchmaking import agenda_world
from tests.matchmaking.factories import (
    CounterpartParticipantFactory,
    DelegateParticipantFactory,
    MeetingFactory,
)
from tests.querycount import assert_flat_queries

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(io.BytesIO(content))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


@pytest.fixture
def world():
    return agenda_world.build(status="preliminary")


def test_the_delegate_sees_time_table_counterpart_and_interpreter(client, world):
    client.force_login(world.delegate.member.user)

    page = client.get("/en/delegations/mission/meetings/agenda/").content.decode()

    assert "Table 1" in page
    assert "Chongqing Metro Group" in page
    assert "Li Na" in page
    # 01:00 UTC is 09:00 at the venue (Shanghai time) and 18:00 the day before in Seattle.
    assert "09:00" in page and "09:20" in page
    assert "18:00" in page
    assert "Preliminary agenda" in page


def test_the_counterpart_sees_the_same_meeting_in_chinese(client, world):
    client.force_login(world.counterpart.user)

    page = client.get("/zh-hans/delegations/mission/meetings/agenda/").content.decode()

    assert "喀斯喀特隧道公司" in page
    assert "Li Na" in page
    assert "初步" in page


def test_participants_see_nothing_while_the_agenda_is_a_draft(client, world):
    world.policy.agenda_status = "draft"
    world.policy.save()
    client.force_login(world.delegate.member.user)

    page = client.get("/en/delegations/mission/meetings/agenda/").content.decode()
    pdf = client.get("/en/delegations/mission/meetings/agenda.pdf")

    assert "The agenda is not published yet." in page
    assert "Chongqing Metro Group" not in page
    assert pdf.status_code == 404


def test_someone_without_a_profile_has_no_agenda(client, world):
    client.force_login(UserFactory())

    assert client.get("/en/delegations/mission/meetings/agenda/").status_code == 403


def test_the_members_own_feed_carries_the_meetings(client, world):
    member = world.delegate.member

    response = client.get(f"/en/delegations/calendar/{member.calendar_token}.ics")

    feed = icalendar.Calendar.from_ical(response.content)
    meetings = [e for e in feed.walk("VEVENT") if str(e["uid"]).startswith("meeting-")]
    assert [str(e["summary"]) for e in meetings] == ["Meeting: Chongqing Metro Group"]
    event = meetings[0]
    assert event.decoded("dtstart").hour == 9  # local time at the venue, with its TZID
    assert event["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert "Table 1" in str(event["location"])
    assert "Li Na" in str(event["description"])
    assert str(event["status"]) == "TENTATIVE"


def test_the_feed_has_no_meetings_while_the_agenda_is_a_draft(client, world):
    world.policy.agenda_status = "draft"
    world.policy.save()
    member = world.delegate.member

    response = client.get(f"/en/delegations/calendar/{member.calendar_token}.ics")

    feed = icalendar.Calendar.from_ical(response.content)
    assert [e for e in feed.walk("VEVENT") if str(e["uid"]).startswith("meeting-")] == []


def test_the_agenda_pdf_reads_back_in_chinese(client, world):
    client.force_login(world.counterpart.user)

    response = client.get("/zh-hans/delegations/mission/meetings/agenda.pdf")

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "喀斯喀特隧道公司" in text
    assert "Li Na" in text
    assert "初步" in text


def test_the_interpreter_reads_their_agenda_behind_the_secret_address(client, world):
    token = world.interpreter.calendar_token
    base = f"/en/delegations/mission/meetings/interpreter/{token}"

    page = client.get(f"{base}/").content.decode()
    feed = icalendar.Calendar.from_ical(client.get(f"{base}.ics").content)
    text = pdf_text(client.get(f"{base}.pdf").content)

    assert "Cascade Tunnelling / Chongqing Metro Group" in page
    assert [str(e["summary"]) for e in feed.walk("VEVENT")] == [
        "Interpreting: Cascade Tunnelling / Chongqing Metro Group"
    ]
    assert "Cascade Tunnelling" in text


def test_the_interpreter_reads_their_agenda_when_signed_in(client, world):
    client.force_login(world.interpreter.user)

    page = client.get("/en/delegations/mission/meetings/interpreting/").content.decode()

    assert "Cascade Tunnelling / Chongqing Metro Group" in page


def test_a_wrong_interpreter_address_gives_nothing(client, world):
    assert client.get("/en/delegations/mission/meetings/interpreter/nope/").status_code == 404


def test_the_agenda_page_runs_as_many_queries_with_more_meetings(client, world):
    client.force_login(world.delegate.member.user)

    def grow():
        for slot in world.slots[1:]:
            other = CounterpartParticipantFactory(delegation=world.delegation)
            agenda_world.delegate_meets(world, other, slot)

    assert_flat_queries(client, "/en/delegations/mission/meetings/agenda/", grow)


def test_the_agenda_counts_only_the_participants_own_meetings(client, world):
    other = DelegateParticipantFactory(delegation=world.delegation)
    MeetingFactory(
        delegation=world.delegation,
        participant_a=other,
        participant_b=CounterpartParticipantFactory(delegation=world.delegation),
        slot=world.slots[1],
        table=1,
    )
    client.force_login(world.delegate.member.user)

    page = client.get("/en/delegations/mission/meetings/agenda/").content.decode()

    assert page.count('id="meeting-') == 1
