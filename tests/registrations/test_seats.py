"""Seats are never oversold, even when many people sign up at the same moment."""

import contextlib
import threading

import pytest
from django.db import connection

from tests.accounts.factories import UserFactory
from tests.concurrency import at_once
from tests.registrations.factories import NOW, RegistrationPolicyFactory, details
from twinning.registrations import seats, services
from twinning.registrations.models import Registration

SIGN_UPS, SEATS = 50, 10


def _sign_up_at_once(delegation, users) -> list[str]:
    """Every user signs up in their own thread and connection, released together."""

    def sign_up(user) -> str:
        try:
            services.registration_create(
                delegation=delegation,
                user=user,
                actor=user,
                details=details(),
                terms_version=1,
                now=NOW,
            )
        except services.DelegationFull:
            return "full"
        return "registered"

    return at_once(sign_up, users)


@pytest.fixture
def crowd(db):
    policy = RegistrationPolicyFactory(delegation__capacity=SEATS)
    users = [UserFactory() for _ in range(SIGN_UPS)]
    return policy.delegation, users


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("locked", [True, False], ids=["with-lock", "control-without-lock"])
def test_fifty_concurrent_sign_ups_for_ten_seats(crowd, locked, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    delegation, users = crowd
    if not locked:
        # The control: without the row lock, everyone counts the same free seats.
        monkeypatch.setattr(seats, "lock", lambda pk: type(delegation).objects.get(pk=pk))
        counted = seats.taken
        barrier = threading.Barrier(SIGN_UPS, timeout=10)

        def taken_then_wait(*args, **kwargs):
            value = counted(*args, **kwargs)
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()
            return value

        monkeypatch.setattr(seats, "taken", taken_then_wait)

    outcomes = _sign_up_at_once(delegation, users)
    held = sum(r.seats for r in Registration.objects.filter(delegation=delegation))

    if locked:
        assert held == SEATS
        assert outcomes.count("registered") == SEATS
        assert outcomes.count("full") == SIGN_UPS - SEATS
    else:
        assert held > SEATS  # proves the test can fail: the lock is what holds the line


@pytest.mark.django_db
def test_an_accompanying_person_takes_a_seat():
    policy = RegistrationPolicyFactory(delegation__capacity=2)
    services.registration_create(
        delegation=policy.delegation,
        user=(user := UserFactory()),
        actor=user,
        details=details(accompanying_person="Sam Doe"),
        terms_version=1,
        now=NOW,
    )

    assert seats.left(policy.delegation, now=NOW) == 0
    with pytest.raises(services.DelegationFull):
        other = UserFactory()
        services.registration_create(
            delegation=policy.delegation,
            user=other,
            actor=other,
            details=details(),
            terms_version=1,
            now=NOW,
        )
