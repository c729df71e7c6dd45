"""Letter numbers have no gap and no repeat, even when coordinators issue at the same moment."""

import contextlib
import threading

import pytest
from django.db import connection

from tests.concurrency import at_once
from tests.registrations.factories import NOW
from tests.visas.factories import RegistrationFactory, coordinator_of, host_for, with_passport
from twinning.visas import services
from twinning.visas.models import LetterCounter, VisaLetter

LETTERS = 8


def _issue_at_once(registrations, actor) -> list[str]:
    def issue(registration) -> str:
        services.visa_letter_issue(registration=registration, actor=actor, now=NOW)
        return "issued"

    return at_once(issue, registrations)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("locked", [True, False], ids=["with-lock", "control-without-lock"])
def test_letters_issued_at_once_get_consecutive_numbers(locked, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    first = with_passport()
    delegation = first.delegation
    registrations = [first] + [
        with_passport(RegistrationFactory(delegation=delegation)) for _ in range(LETTERS - 1)
    ]
    host_for(delegation)
    actor = coordinator_of(delegation)
    LetterCounter.objects.create(year=NOW.year)
    if not locked:
        # The control: without the row lock, everyone reads the same last number.
        barrier = threading.Barrier(LETTERS, timeout=10)

        def unlocked(year):
            counter = LetterCounter.objects.get(year=year)
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()
            counter.last += 1
            counter.save(update_fields=["last"])
            return counter.last

        monkeypatch.setattr(services, "_next_number", unlocked)

    outcomes = _issue_at_once(registrations, actor)
    numbers = sorted(VisaLetter.objects.values_list("sequence", flat=True))

    if locked:
        assert outcomes == ["issued"] * LETTERS
        assert numbers == list(range(1, LETTERS + 1))
    else:
        assert outcomes.count("issued") < LETTERS  # proves the lock is what holds the line
