"""Registration and waiting-list writes: the rules a delegate and a coordinator meet."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from djmoney.money import Money

from tests.accounts.factories import UserFactory
from tests.delegations.factories import MemberFactory
from tests.registrations.factories import (
    NOW,
    CancellationRuleFactory,
    RegistrationPolicyFactory,
    details,
)
from twinning.accounts.rules import system_actor
from twinning.delegations.models import Delegation, Member
from twinning.registrations import seats, services
from twinning.registrations.models import Registration, WaitingListEntry, WaitingListEvent

pytestmark = pytest.mark.django_db
Status = Registration.Status


def register(policy, user=None, *, now=NOW, **overrides):
    user = user or UserFactory()
    return services.registration_create(
        delegation=policy.delegation,
        user=user,
        actor=user,
        details=details(**overrides),
        terms_version=policy.terms_version,
        now=now,
    )


def coordinator_of(delegation):
    return MemberFactory(delegation=delegation, role=Member.Role.COORDINATOR, confirmed=True).user


def test_a_registration_holds_its_seat_until_its_payment_deadline():
    policy = RegistrationPolicyFactory(payment_days=14)

    registration = register(policy)

    assert registration.status == Status.AWAITING_PAYMENT
    assert registration.payment_deadline == NOW + datetime.timedelta(days=14)
    assert registration.total == Money(3520, "USD")
    assert seats.left(policy.delegation, now=NOW) == 9


def test_an_unpaid_registration_expires_after_its_deadline_and_frees_the_seat():
    policy = RegistrationPolicyFactory(delegation__capacity=1, payment_days=3)
    first = register(policy)
    later = NOW + datetime.timedelta(days=4)

    second = register(policy, now=later)

    first.refresh_from_db()
    assert (first.status, second.status) == (Status.EXPIRED, Status.AWAITING_PAYMENT)


def test_the_terms_accepted_and_the_schedule_are_copied_onto_the_registration():
    policy = RegistrationPolicyFactory(terms_version=3)
    rule = CancellationRuleFactory(policy=policy, until=datetime.date(2027, 2, 28))

    registration = register(policy)
    rule.refund_percent = 0
    rule.save()

    registration.refresh_from_db()
    assert registration.terms_version == 3
    assert registration.cancellation_schedule == [
        {"until": "2027-02-28", "refund_percent": 90, "fee": None}
    ]


def test_terms_changed_since_the_form_was_opened_are_refused():
    policy = RegistrationPolicyFactory(terms_version=2)
    user = UserFactory()

    with pytest.raises(ValidationError, match="terms have changed"):
        services.registration_create(
            delegation=policy.delegation,
            user=user,
            actor=user,
            details=details(),
            terms_version=1,
            now=NOW,
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": Delegation.Status.CLOSED}, "not open"),
        ({"deadline": NOW - datetime.timedelta(minutes=1)}, "closed on"),
        ({"opens_at": NOW + datetime.timedelta(days=1)}, "opens on"),
    ],
)
def test_outside_the_registration_window_the_reason_is_given(change, message):
    policy = RegistrationPolicyFactory()
    if "status" in change:
        Delegation.objects.filter(pk=policy.delegation_id).update(status=change["status"])
    else:
        for field, value in change.items():
            setattr(policy, field, value)
        policy.save()

    with pytest.raises(ValidationError, match=message):
        register(policy)
    assert Registration.objects.count() == 0


def test_a_second_active_registration_of_the_same_person_is_refused():
    policy = RegistrationPolicyFactory()
    user = UserFactory()
    register(policy, user)

    with pytest.raises(ValidationError, match="registered for this delegation already"):
        register(policy, user)


def test_someone_else_may_not_register_a_person_unless_coordinating():
    policy = RegistrationPolicyFactory()
    stranger, person = UserFactory(), UserFactory()

    with pytest.raises(PermissionDenied):
        services.registration_create(
            delegation=policy.delegation,
            user=person,
            actor=stranger,
            details=details(),
            terms_version=1,
            now=NOW,
        )
    services.registration_create(
        delegation=policy.delegation,
        user=person,
        actor=coordinator_of(policy.delegation),
        details=details(),
        terms_version=1,
        now=NOW,
    )


def test_with_approval_a_coordinator_decides_before_payment_is_due():
    policy = RegistrationPolicyFactory(approval_required=True)
    registration = register(policy)
    assert (registration.status, registration.payment_deadline) == (Status.AWAITING_APPROVAL, None)

    with pytest.raises(PermissionDenied):
        services.registration_decide(
            registration=registration, actor=registration.user, approve=True, now=NOW
        )
    services.registration_decide(
        registration=registration, actor=coordinator_of(policy.delegation), approve=True, now=NOW
    )

    registration.refresh_from_db()
    assert registration.status == Status.AWAITING_PAYMENT
    assert registration.payment_deadline is not None


def test_a_full_delegation_offers_the_waiting_list_and_a_cancellation_moves_it():
    policy = RegistrationPolicyFactory(delegation__capacity=1, offer_hours=48)
    taken = register(policy)
    with pytest.raises(services.DelegationFull, match="waiting list"):
        register(policy)
    waiting_user = UserFactory()
    entry = services.waiting_list_join(
        delegation=policy.delegation, user=waiting_user, actor=waiting_user, now=NOW
    )
    assert entry.status == WaitingListEntry.Status.WAITING

    services.registration_cancel(registration=taken, actor=taken.user, now=NOW)

    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.OFFERED
    assert entry.offer_expires_at == NOW + datetime.timedelta(hours=48)
    assert seats.left(policy.delegation, now=NOW) == 0  # the offer holds the freed seat
    registration = services.waiting_list_offer_accept(
        entry=entry, actor=waiting_user, details=details(), terms_version=1, now=NOW
    )
    assert registration.status == Status.AWAITING_PAYMENT
    assert list(WaitingListEvent.objects.filter(entry=entry).values_list("status", flat=True)) == [
        "waiting",
        "offered",
        "accepted",
    ]


def test_an_offer_never_runs_past_the_registration_deadline():
    deadline = NOW + datetime.timedelta(hours=5)
    policy = RegistrationPolicyFactory(delegation__capacity=1, deadline=deadline, offer_hours=48)
    taken = register(policy)
    waiting_user = UserFactory()
    entry = services.waiting_list_join(
        delegation=policy.delegation, user=waiting_user, actor=waiting_user, now=NOW
    )

    services.registration_cancel(registration=taken, actor=taken.user, now=NOW)

    entry.refresh_from_db()
    assert entry.offer_expires_at == deadline


def test_an_expired_offer_passes_the_seat_to_the_next_in_line():
    policy = RegistrationPolicyFactory(delegation__capacity=1, offer_hours=24)
    taken = register(policy)
    first, second = UserFactory(), UserFactory()
    entries = [
        services.waiting_list_join(delegation=policy.delegation, user=u, actor=u, now=NOW)
        for u in (first, second)
    ]
    services.registration_cancel(registration=taken, actor=taken.user, now=NOW)

    services.holds_expire(
        delegation=policy.delegation,
        actor=system_actor(),
        now=NOW + datetime.timedelta(hours=25),
    )

    statuses = [WaitingListEntry.objects.get(pk=e.pk).status for e in entries]
    assert statuses == [WaitingListEntry.Status.EXPIRED, WaitingListEntry.Status.OFFERED]
    with pytest.raises(ValidationError, match="expired"):
        services.waiting_list_offer_accept(
            entry=entries[0],
            actor=first,
            details=details(),
            terms_version=1,
            now=NOW + datetime.timedelta(hours=26),
        )


def test_someone_wanting_two_seats_does_not_block_a_single_free_seat():
    policy = RegistrationPolicyFactory(delegation__capacity=1)
    taken = register(policy)
    pair, single = UserFactory(), UserFactory()
    services.waiting_list_join(
        delegation=policy.delegation, user=pair, actor=pair, seats_wanted=2, now=NOW
    )
    entry = services.waiting_list_join(
        delegation=policy.delegation, user=single, actor=single, now=NOW
    )

    services.registration_cancel(registration=taken, actor=taken.user, now=NOW)

    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.OFFERED


def test_a_person_leaves_the_waiting_list_themself_and_nobody_else_can():
    policy = RegistrationPolicyFactory(delegation__capacity=0)
    user = UserFactory()
    entry = services.waiting_list_join(delegation=policy.delegation, user=user, actor=user, now=NOW)

    with pytest.raises(PermissionDenied):
        services.waiting_list_leave(entry=entry, actor=UserFactory(), now=NOW)
    services.waiting_list_leave(entry=entry, actor=user, now=NOW)

    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.LEFT


def test_the_refund_of_a_cancellation_follows_the_copied_schedule():
    policy = RegistrationPolicyFactory()
    CancellationRuleFactory(policy=policy, until=datetime.date(2027, 2, 1), refund_percent=90)
    registration = register(policy)

    refund = services.refund_if_cancelled(
        registration, paid=Money(3520, "USD"), on=datetime.date(2027, 1, 20)
    )

    assert refund == Money("3168.00", "USD")


@pytest.mark.parametrize(
    ("code", "total"),
    [("EARLY10", Money("3168.00", "USD")), ("early10", Money("3168.00", "USD"))],
)
def test_a_discount_code_lowers_the_total(code, total):
    policy = RegistrationPolicyFactory()
    policy.discount_codes.create(code="EARLY10", percent=10)

    user = UserFactory()
    registration = services.registration_create(
        delegation=policy.delegation,
        user=user,
        actor=user,
        details=details(),
        terms_version=1,
        discount_code=code,
        now=NOW,
    )

    assert registration.total == total


def test_an_unknown_discount_code_is_refused_and_nothing_is_written():
    policy = RegistrationPolicyFactory()
    user = UserFactory()

    with pytest.raises(ValidationError, match="not valid"):
        services.registration_create(
            delegation=policy.delegation,
            user=user,
            actor=user,
            details=details(),
            terms_version=1,
            discount_code="NOPE",
            now=NOW,
        )
    assert Registration.objects.count() == 0


def test_a_confirmed_registration_makes_a_confirmed_delegate_and_a_cancelled_one_undoes_it():
    policy = RegistrationPolicyFactory(price=Money(0, "USD"))

    registration = register(policy)

    member = Member.objects.get(delegation=policy.delegation, user=registration.user)
    assert (registration.status, member.confirmed, member.organisation) == (
        Status.CONFIRMED,
        True,
        "Cascade Tunnelling Inc.",
    )
    services.registration_cancel(registration=registration, actor=registration.user, now=NOW)
    member.refresh_from_db()
    assert member.confirmed is False


def test_each_registration_event_sends_its_e_mail_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    policy = RegistrationPolicyFactory(delegation__capacity=1)
    waiting_user = UserFactory(preferred_language="zh-hans")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(policy)
        services.waiting_list_join(
            delegation=policy.delegation, user=waiting_user, actor=waiting_user, now=NOW
        )
        services.registration_cancel(registration=registration, actor=registration.user, now=NOW)

    subjects = [message.subject for message in mailoutbox]
    assert subjects == [
        f"How to pay: {policy.delegation.title_en}",
        f"Registration received: {policy.delegation.title_en}",
        f"Registration cancelled: {policy.delegation.title_en}",
        f"为您空出一个名额：{policy.delegation.title_zh_hans}",
    ]


def test_the_scheduled_command_releases_overdue_holds(monkeypatch):
    import io

    from django.core.management import call_command
    from django.utils import timezone as django_timezone

    policy = RegistrationPolicyFactory(payment_days=1)
    registration = register(policy)
    monkeypatch.setattr(django_timezone, "now", lambda: NOW + datetime.timedelta(days=2))
    out = io.StringIO()

    call_command("registrations_expire", stdout=out)

    registration.refresh_from_db()
    assert registration.status == Status.EXPIRED
    assert out.getvalue().strip() == "1 seat hold(s) released"
