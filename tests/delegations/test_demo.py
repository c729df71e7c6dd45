import datetime
import zoneinfo

import pytest
from django.core.files.storage import FileSystemStorage
from djmoney.money import Money
from modeltranslation.translator import translator

from twinning.accounts.demo import demo_accounts_create
from twinning.accounts.models import User
from twinning.cities import demo as cities_demo
from twinning.delegations import demo
from twinning.delegations.models import (
    Aim,
    Audience,
    Contact,
    Delegation,
    Document,
    Fee,
    Member,
    Outcome,
    Session,
    Venue,
)
from twinning.exchanges import demo as exchanges_demo

SLUG = "2012-seattle-week-in-chongqing"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
COORDINATOR = "coordinator@demo.twinning.test"


@pytest.fixture(autouse=True)
def private_storage(tmp_path, monkeypatch):
    """Demo documents go to a throwaway directory, not the project's private media."""
    storage = FileSystemStorage(location=tmp_path, base_url=None)
    monkeypatch.setattr(Document._meta.get_field("file"), "storage", storage)
    return tmp_path


@pytest.fixture
def archive(db):
    cities_demo.load()
    exchanges_demo.load()


@pytest.fixture
def loaded(archive, django_capture_on_commit_callbacks):
    demo_accounts_create()
    with django_capture_on_commit_callbacks(execute=True):
        counts = demo.load()
    return counts


@pytest.fixture
def delegation(loaded):
    return Delegation.objects.get(slug=SLUG)


def _counts():
    return tuple(
        model.objects.count()
        for model in (
            Delegation,
            Aim,
            Fee,
            Session,
            Member,
            Venue,
            Contact,
            Document,
            Outcome,
            User,
        )
    )


def _stored_files(root):
    return sorted(path.relative_to(root) for path in root.rglob("*") if path.is_file())


def test_second_load_duplicates_nothing(
    loaded, private_storage, django_capture_on_commit_callbacks
):
    counts = _counts()
    files = _stored_files(private_storage)
    names = dict(Document.objects.values_list("title_en", "file"))
    tokens = dict(Member.objects.values_list("user__email", "calendar_token"))

    with django_capture_on_commit_callbacks(execute=True):
        assert demo.load() == loaded

    assert _counts() == counts
    assert _stored_files(private_storage) == files
    assert dict(Document.objects.values_list("title_en", "file")) == names
    assert dict(Member.objects.values_list("user__email", "calendar_token")) == tokens


def test_counts_match_what_was_loaded(loaded, delegation):
    assert loaded["sessions"] == delegation.sessions.count()
    assert 14 <= loaded["sessions"] <= 20
    assert loaded["members"] == 7  # 4 delegates, 2 presenters, the demo coordinator
    assert loaded["documents"] == 2
    assert 2 <= loaded["outcomes"] <= 3


def test_delegation_dates_direction_and_fee(delegation):
    assert delegation.relationship.slug == "seattle-chongqing"
    assert delegation.direction == Delegation.Direction.A_TO_B
    assert [city.slug for city in delegation.cities] == ["seattle", "chongqing"]
    assert delegation.status == Delegation.Status.COMPLETED
    assert delegation.capacity == 60
    assert delegation.travel_start == datetime.date(2012, 3, 16)
    assert delegation.travel_end == datetime.date(2012, 3, 26)
    assert delegation.programme_start == datetime.date(2012, 3, 18)
    assert delegation.programme_end == datetime.date(2012, 3, 23)
    assert [fee.amount for fee in delegation.fees.all()] == [Money(3520, "USD")]
    assert [aim.title_en for aim in delegation.aims.all()] == ["The policy", "The result"]


def test_closed_reality_check_briefing(delegation):
    briefing = delegation.sessions.get(title_en__startswith="Reality check")

    assert briefing.kind == Session.Kind.BRIEFING
    assert briefing.audience == Audience.MEMBERS
    assert briefing.title_is_public
    assert briefing.speakers_en and briefing.speakers_zh_hans
    assert set(briefing.presenters.values_list("role", flat=True)) == {Member.Role.PRESENTER}
    notes = briefing.documents.get()
    assert notes.audience == Audience.MEMBERS
    assert "Reality check" in notes.file.open("rb").read().decode("utf-8")


def test_coordinators_only_session_hides_its_title(delegation):
    session = delegation.sessions.get(audience=Audience.COORDINATORS)

    assert not session.title_is_public


def test_session_at_nine_in_chongqing_is_stored_at_one_utc(delegation):
    nine = datetime.datetime(2012, 3, 20, 9, 0, tzinfo=SHANGHAI)

    session = delegation.sessions.get(starts_at=nine)

    assert session.kind in {Session.Kind.OFFICIAL, Session.Kind.FORUM}
    assert session.venue.time_zone == "Asia/Shanghai"
    assert session.starts_at.astimezone(datetime.UTC) == datetime.datetime(
        2012, 3, 20, 1, 0, tzinfo=datetime.UTC
    )


def test_sessions_fall_in_local_daytime_within_the_trip(delegation):
    for session in delegation.sessions.select_related("venue"):
        zone = session.venue.zone
        starts, ends = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
        assert starts.hour >= 7 and ends.hour <= 22, session
        assert starts.date() == ends.date(), session
        if session.kind != Session.Kind.BRIEFING:  # the pre-departure briefing comes earlier
            assert delegation.travel_start <= starts.date() <= delegation.travel_end, session
    seattle = delegation.sessions.filter(venue__time_zone="America/Los_Angeles").first()
    assert seattle is not None


def test_all_translated_fields_are_filled_in_both_languages(delegation):
    objects = [
        delegation,
        *delegation.aims.all(),
        *delegation.fees.all(),
        *delegation.contacts.all(),
        *delegation.sessions.all(),
        *delegation.documents.all(),
        *delegation.outcomes.all(),
        *Venue.objects.filter(sessions__delegation=delegation).distinct(),
    ]
    for obj in objects:
        for field in translator.get_options_for_model(type(obj)).fields:
            english, chinese = getattr(obj, f"{field}_en"), getattr(obj, f"{field}_zh_hans")
            if field == "speakers":  # optional, but never in one language only
                assert bool(english) == bool(chinese), (obj, field)
            else:
                assert english and chinese, (obj, field)
            assert not english or chinese != english, (obj, field)


def test_demo_users_cannot_log_in_and_one_delegate_is_unconfirmed(delegation):
    members = delegation.members.exclude(user__email=COORDINATOR).select_related("user")

    assert sorted(m.role for m in members) == ["delegate"] * 4 + ["presenter"] * 2
    assert all(not m.user.has_usable_password() for m in members)
    assert all(m.user.email.endswith("@demo.twinning.test") for m in members)
    assert [m.confirmed for m in members if m.role == Member.Role.DELEGATE].count(False) == 1


def test_coordinator_account_is_a_confirmed_coordinator_member(delegation):
    member = delegation.members.get(user__email=COORDINATOR)

    assert member.role == Member.Role.COORDINATOR
    assert member.confirmed
    assert member.user.check_password("seattle-chongqing-1983")  # the loader left it alone


def test_without_the_demo_accounts_the_coordinator_is_not_created(archive):
    demo.load()

    assert not User.objects.filter(email=COORDINATOR).exists()
    delegation = Delegation.objects.get(slug=SLUG)
    assert not delegation.members.filter(role=Member.Role.COORDINATOR).exists()

    demo_accounts_create()
    demo.load()

    assert delegation.members.get(role=Member.Role.COORDINATOR).user.email == COORDINATOR


def test_outcomes_link_to_the_archive_records(delegation):
    linked = dict(
        delegation.outcomes.filter(exchange__isnull=False).values_list("exchange__key", "kind")
    )

    assert linked == {
        "2012-03-green-low-carbon-building-forum": Outcome.Kind.AGREEMENT,
        "2012-03-student-exchange-memorandum": Outcome.Kind.AGREEMENT,
    }


def test_outcome_renamed_in_the_file_keeps_its_archive_link(delegation):
    outcome = delegation.outcomes.get(exchange__key="2012-03-student-exchange-memorandum")
    outcome.title_en = "An older title"
    outcome.save()

    counts = demo.load()

    assert counts["linked"] == 2
    assert not delegation.outcomes.filter(title_en="An older title").exists()


def test_outcomes_load_without_the_archive(db):
    cities_demo.load()

    counts = demo.load()

    assert counts["outcomes"] >= 2
    assert counts["linked"] == 0


def test_changed_document_content_replaces_the_file(
    loaded, delegation, private_storage, django_capture_on_commit_callbacks
):
    overview = delegation.documents.get(title_en="Programme overview")
    assert overview.audience == Audience.PUBLIC
    assert overview.session is None
    old_name = overview.file.name
    (private_storage / old_name).write_text("outdated", encoding="utf-8")

    with django_capture_on_commit_callbacks(execute=True):
        demo.load()

    overview.refresh_from_db()
    assert overview.file.name != old_name
    assert not (private_storage / old_name).exists()
    assert len(_stored_files(private_storage)) == 2
    text = overview.file.open("rb").read().decode("utf-8")
    assert "09:00–11:00 (Asia/Shanghai)" in text
    assert "日程概览" in text
    assert "Coordinators' logistics check" not in text
