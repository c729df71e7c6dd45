"""The coordinators' audit-log page: what each reader sees, filters, search, bounded queries,
both languages, no passport data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import UserFactory, verified_login
from tests.delegations.factories import DelegationFactory
from tests.matchmaking import agenda_world
from tests.payments.factories import coordinator_of
from tests.querycount import assert_flat_queries
from tests.visas.factories import RegistrationFactory, with_passport
from twinning.accounts.models import Role
from twinning.audit.models import AuditEntry
from twinning.audit.services import audit_record
from twinning.matchmaking import services as matchmaking_services
from twinning.visas.selectors import passport_get_for

pytestmark = pytest.mark.django_db
URL = "/en/backoffice/office/audit/"


def page(client, user, **params):
    verified_login(client, user)
    response = client.get(URL, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def line(actor, action, delegation=None, **data):
    return audit_record(actor=actor, action=action, delegation=delegation, data=data)


@pytest.fixture
def two():
    """Two delegations, a coordinator of each, one line about each."""
    a, b = DelegationFactory(), DelegationFactory()
    coordinator_a, coordinator_b = coordinator_of(a), coordinator_of(b)
    line(coordinator_a, "registrations.expired", a, registrations=[1])
    line(coordinator_b, "payments.row_ignore", b)
    return a, b, coordinator_a, coordinator_b


def test_the_url_is_the_back_offices():
    assert reverse("backoffice:audit_log") == URL


def test_a_coordinator_sees_their_delegations_lines_and_their_own_acts_only(client, two):
    a, _b, coordinator_a, _coordinator_b = two
    line(UserFactory(), "payments.statement_import", a, new=3, skipped=1)  # someone else's
    line(coordinator_a, "people.hide", hidden=True)  # no delegation: their own act
    line(UserFactory(), "participation.purge", messages=2, reports=0)  # neither

    html = page(client, coordinator_a)

    assert "Released unpaid holds past their deadline" in html
    assert "Imported a bank statement: 3 new rows, 1 skipped" in html
    assert "Hid the page of" in html
    assert "Ignored a bank statement row" not in html
    assert "old messages" not in html


def test_an_administrator_sees_every_line(client, two):
    html = page(client, UserFactory(role=Role.ADMINISTRATOR, is_staff=True))

    assert "Released unpaid holds past their deadline" in html
    assert "Ignored a bank statement row" in html


@pytest.mark.parametrize("role", [Role.DELEGATE, Role.MODERATOR, Role.COORDINATOR])
def test_anyone_who_coordinates_nothing_is_refused(client, two, role):
    verified_login(client, UserFactory(role=role))

    assert client.get(URL).status_code == 403


def test_a_coordinator_cannot_filter_by_a_delegation_they_do_not_coordinate(client, two):
    _a, b, coordinator_a, _coordinator_b = two
    verified_login(client, coordinator_a)

    response = client.get(URL, {"delegation": b.slug})

    assert response.status_code == 400
    assert "Ignored a bank statement row" not in response.content.decode()


def test_a_passport_read_is_told_by_name_without_any_passport_data(client):
    registration = with_passport(
        RegistrationFactory(user=UserFactory(full_name="Dana Miller")), number="Z8Y7X6W5V"
    )
    coordinator = coordinator_of(registration.delegation)
    passport_get_for(actor=coordinator, registration=registration)

    html = page(client, coordinator, q="passport")

    assert "Read passport data of Dana Miller" in html
    assert "Z8Y7X6W5V" not in html


def test_the_search_finds_the_person_acted_on_by_name(client):
    registration = with_passport(RegistrationFactory(user=UserFactory(full_name="Dana Miller")))
    coordinator = coordinator_of(registration.delegation)
    passport_get_for(actor=coordinator, registration=registration)
    line(coordinator, "registrations.expired", registration.delegation)

    html = page(client, coordinator, q="dana mil")

    assert "Read passport data of Dana Miller" in html
    assert "Released unpaid holds" not in html


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"area": "payments"}, "Ignored a bank statement row", "Released unpaid holds"),
        ({"area": "registrations"}, "Released unpaid holds", "Ignored a bank statement row"),
        ({"actor": "second@"}, "Ignored a bank statement row", "Released unpaid holds"),
        ({"object_type": "delegations.Delegation"}, "Asked for", "Released unpaid holds"),
    ],
)
def test_each_filter_narrows_the_lines(client, params, shown, hidden):
    delegation = DelegationFactory()
    admin = UserFactory(role=Role.ADMINISTRATOR, email="first@example.org")
    line(admin, "registrations.expired", delegation)
    line(UserFactory(email="second@example.org"), "payments.row_ignore", delegation)
    audit_record(actor=admin, action="matchmaking.schedule_requested", target=delegation)

    html = page(client, admin, **params)

    assert (shown in html, hidden in html) == (True, False)


def test_the_dates_bound_the_lines(client):
    admin = UserFactory(role=Role.ADMINISTRATOR)
    line(admin, "registrations.expired")
    today = timezone.localdate()

    assert "Released unpaid holds" in page(client, admin, start=today, end=today)
    tomorrow = today + datetime.timedelta(days=1)
    assert "Released unpaid holds" not in page(client, admin, start=tomorrow)


def test_newest_first_fifty_a_page(client):
    admin = UserFactory(role=Role.ADMINISTRATOR)
    for n in range(51):
        line(admin, "payments.statement_import", new=n, skipped=0)

    html = page(client, admin)

    assert html.index("statement: 50 new rows") < html.index("statement: 49 new rows")
    assert "statement: 0 new rows" not in html
    assert "statement: 0 new rows" in page(client, admin, page=2)


def test_a_wrong_date_is_an_error_and_the_other_filters_still_apply(client, two):
    _a, _b, coordinator_a, _coordinator_b = two
    verified_login(client, coordinator_a)

    response = client.get(URL, {"start": "2027-02-30", "area": "registrations"})

    assert response.status_code == 400
    assert "Released unpaid holds" in response.content.decode()


def test_the_page_reads_in_chinese(client, two):
    _a, _b, coordinator_a, _coordinator_b = two
    verified_login(client, coordinator_a)

    html = client.get("/zh-hans/backoffice/office/audit/").content.decode()

    assert "释放了逾期未付款的预留席位" in html
    assert "审计日志" in html


def _move(world, slot):
    matchmaking_services.meeting_move(
        actor=world.coordinator,
        meeting=world.meeting,
        slot=slot,
        table=2,
        interpreter=world.interpreter,
    )


def test_a_move_is_told_with_the_meetings_sides_and_the_slots_times(client):
    world = agenda_world.build()
    _move(world, world.slots[2])

    html = page(client, world.coordinator, area="schedule")

    # 09:00 and 09:40 at the venue in Shanghai, 20 March 2012.
    assert "Moved meeting Cascade Tunnelling / Chongqing Metro Group from slot 03/20/2012" in html
    assert "9 a.m., table 1 to slot 03/20/2012 9:40 a.m., table 2" in html


def test_the_page_runs_as_many_queries_for_many_lines_as_for_one(client):
    world = agenda_world.build()
    registration = with_passport(RegistrationFactory(delegation=world.delegation))
    passport_get_for(actor=world.coordinator, registration=registration)
    _move(world, world.slots[2])
    verified_login(client, world.coordinator)

    def grow():
        for n in range(15):
            other = with_passport(RegistrationFactory(delegation=world.delegation))
            passport_get_for(actor=world.coordinator, registration=other)
            line(UserFactory(), "registrations.expired", world.delegation)
            _move(world, world.slots[1 + n % 2])

    assert assert_flat_queries(client, URL, grow) <= 13  # 13 measured on 2026-12-01
    assert AuditEntry.objects.filter(delegation_id=world.delegation.pk).count() > 45


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"delegation": "a\x00b"}, 400),
        ({"q": "\x00"}, 200),
        ({"actor": "x" * 20_000}, 400),
        ({"start": "9999-12-31T23:59:59+25:00"}, 400),
        ({"end": "13/45/2027"}, 400),
        ({"area": "<script>"}, 400),
        ({"object_type": "../../etc/passwd"}, 400),
        ({"page": "-1"}, 200),
    ],
)
def test_hostile_filters_get_an_answer_not_a_server_error(client, two, params, status):
    _a, _b, coordinator_a, _coordinator_b = two
    verified_login(client, coordinator_a)

    assert client.get(URL, params).status_code == status
