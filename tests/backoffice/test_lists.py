"""The working lists: filter, search, sort, bulk actions, pages; flat query counts."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory, verified_login
from tests.backoffice.factories import more_registrations, office
from tests.exchanges.factories import ExchangeFactory
from tests.participation.factories import MessageFactory, ReportFactory
from tests.querycount import assert_flat_queries
from twinning.accounts.models import Role
from twinning.participation.models import Message
from twinning.payments.models import BankRow, BankStatement
from twinning.registrations.models import Registration

pytestmark = pytest.mark.django_db


def _url(name, o=None, **query):
    kwargs = {"slug": o.delegation.slug} if o is not None else {}
    url = reverse(f"backoffice:{name}", kwargs=kwargs)
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _names(response) -> list[str]:
    return [row["label"] for row in response.context["rows"]]


def _bank_rows(o, count):
    statement, _ = BankStatement.objects.get_or_create(
        delegation=o.delegation,
        file_hash="x" * 64,
        defaults={"format": "csv", "file_name": "s.csv", "imported_by": o.coordinator},
    )
    start = BankRow.objects.count()
    for n in range(start, start + count):
        BankRow.objects.create(
            statement=statement,
            booking_date="2027-01-11",
            amount=("10.00", "USD"),
            reference=f"REF{n}",
            raw={},
            fingerprint=f"fp{n}",
            status=BankRow.Status.UNMATCHED,
        )


def _staff():
    return UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


DELEGATION_LISTS = {
    "registrations": lambda o: more_registrations(o, 3, paid=True),
    "payments": lambda o: more_registrations(o, 3, paid=True),
    "bank_rows": lambda o: _bank_rows(o, 3),
}
OFFICE_LISTS = {
    "messages": lambda: MessageFactory.create_batch(3),
    "reports": lambda: ReportFactory.create_batch(3),
    "exchanges": lambda: ExchangeFactory.create_batch(3),
}


@pytest.mark.parametrize("name", sorted(DELEGATION_LISTS))
def test_a_delegation_list_runs_as_many_queries_for_more_rows(client, name):
    o = office()
    _bank_rows(o, 1)
    client.force_login(o.coordinator)

    assert_flat_queries(client, _url(name, o), lambda: DELEGATION_LISTS[name](o))


@pytest.mark.parametrize("name", sorted(OFFICE_LISTS))
def test_an_office_list_runs_as_many_queries_for_more_rows(client, name):
    OFFICE_LISTS[name]()
    verified_login(client, _staff())

    assert_flat_queries(client, _url(name), OFFICE_LISTS[name])


def test_the_unpaid_filter_shows_only_who_owes(client):
    o = office()
    client.force_login(o.coordinator)

    response = client.get(_url("registrations", o, payment="unpaid"))

    assert _names(response) == [o.unpaid.user.full_name]


def test_the_paid_filter_shows_only_who_paid_in_full(client):
    o = office()
    client.force_login(o.coordinator)

    response = client.get(_url("registrations", o, payment="paid"))

    assert _names(response) == [o.paid[0].user.full_name]


def test_the_unpaid_list_offers_to_write_to_them(client):
    o = office()
    client.force_login(o.coordinator)

    response = client.get(_url("registrations", o, payment="unpaid"))

    assert f"{_url('announce', o)}?group=unpaid" in response.content.decode()


def test_search_finds_by_e_mail(client):
    o = office()
    client.force_login(o.coordinator)

    response = client.get(_url("registrations", o, q=o.paid[0].user.email))

    assert _names(response) == [o.paid[0].user.full_name]


def test_sorting_by_a_column_both_ways(client):
    o = office()
    client.force_login(o.coordinator)
    by_email = sorted([o.unpaid, o.paid[0]], key=lambda r: r.user.email)

    up = client.get(_url("registrations", o, sort="user__email"))
    down = client.get(_url("registrations", o, sort="-user__email"))

    assert _names(up) == [r.user.full_name for r in by_email]
    assert _names(down) == [r.user.full_name for r in reversed(by_email)]


def test_an_unknown_sort_or_filter_value_is_ignored(client):
    o = office()
    client.force_login(o.coordinator)

    response = client.get(_url("registrations", o, sort="user__password", status="nonsense"))

    assert len(_names(response)) == 2


def test_the_list_is_paginated(client):
    from twinning.backoffice import working_lists

    o = office()
    client.force_login(o.coordinator)
    spec = working_lists.REGISTRATIONS
    object.__setattr__(spec, "per_page", 1)
    try:
        response = client.get(_url("registrations", o, page=2))
    finally:
        object.__setattr__(spec, "per_page", 50)

    assert (response.context["page"].number, len(_names(response))) == (2, 1)


def test_bulk_approve_approves_the_ticked_registrations(client):
    o = office(with_paid=False, approval_required=True)
    waiting = more_registrations(o, 2)
    client.force_login(o.coordinator)

    client.post(
        _url("registrations", o),
        {"action": "approve", "ids": [r.pk for r in waiting]},
    )

    statuses = set(
        Registration.objects.filter(pk__in=[r.pk for r in waiting]).values_list("status", flat=True)
    )
    assert statuses == {Registration.Status.AWAITING_PAYMENT}


def test_bulk_actions_reach_only_the_lists_own_rows(client):
    o = office(with_paid=False, approval_required=True)
    other = office(with_paid=False, approval_required=True)
    client.force_login(o.coordinator)

    client.post(_url("registrations", o), {"action": "approve", "ids": [other.unpaid.pk]})

    other.unpaid.refresh_from_db()
    assert other.unpaid.status == Registration.Status.AWAITING_APPROVAL


def test_bulk_mark_handled_closes_messages(client):
    messages = MessageFactory.create_batch(2)
    verified_login(client, _staff())

    response = client.post(_url("messages"), {"action": "close", "ids": [m.pk for m in messages]})

    assert response.status_code == 302
    assert set(Message.objects.values_list("status", flat=True)) == {Message.Status.CLOSED}


def test_bulk_ignore_takes_bank_rows_out_of_the_queue(client):
    o = office()
    _bank_rows(o, 2)
    client.force_login(o.coordinator)

    client.post(
        _url("bank_rows", o),
        {"action": "ignore", "ids": list(BankRow.objects.values_list("pk", flat=True))},
    )

    assert set(BankRow.objects.values_list("status", flat=True)) == {BankRow.Status.IGNORED}


def test_a_delegation_list_is_not_found_for_a_stranger(client):
    o = office()
    client.force_login(UserFactory())

    assert client.get(_url("registrations", o)).status_code == 404


def test_bulk_reminder_mails_who_owes_once_a_day(client):
    o = office()
    client.force_login(o.coordinator)
    ids = [o.unpaid.pk, o.paid[0].pk]

    # Twice: the second press queues nothing more; the paid registration owes nothing.
    client.post(_url("registrations", o), {"action": "remind", "ids": ids})
    client.post(_url("registrations", o), {"action": "remind", "ids": ids})

    from twinning.notifications.models import Notification

    keys = list(
        Notification.objects.filter(key__startswith="backoffice.reminder-").values_list(
            "to", flat=True
        )
    )
    assert keys == [o.unpaid.user.email]
