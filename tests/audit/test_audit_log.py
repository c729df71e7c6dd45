"""The audit log: who did what, to what and when; append-only in the model and the database."""

import pytest
from django.db import DatabaseError, connection, transaction
from djmoney.money import Money

from tests.accounts.factories import UserFactory
from tests.payments.factories import setup
from tests.registrations.factories import NOW
from tests.visas.factories import issue_for, with_passport
from twinning.audit.models import AppendOnly, AuditEntry
from twinning.audit.services import audit_record
from twinning.payments import services as payment_services
from twinning.payments.models import Refund
from twinning.registrations import services as registration_services
from twinning.visas.models import PassportAccess

pytestmark = pytest.mark.django_db


def actions(**filters) -> list[str]:
    return list(
        AuditEntry.objects.filter(**filters).order_by("pk").values_list("action", flat=True)
    )


def test_a_registration_its_payment_and_its_refund_are_logged_with_their_actor():
    _policy, _issuer, coordinator, registration = setup()
    payment = payment_services.payment_record(
        registration=registration, amount=Money(3520, "USD"), actor=coordinator, received_at=NOW
    )
    refund = payment_services.refund_record(
        payment=payment,
        amount=Money(500, "USD"),
        method=Refund.Method.BANK,
        external_id="bank-audit",
        reason="Single room dropped",
        actor=coordinator,
    )

    assert actions(actor=registration.user) == ["registrations.received"]
    assert actions(actor=coordinator) == [
        "payments.payment_record",
        "registrations.paid",
        "payments.refund_record",
    ]
    line = AuditEntry.objects.get(action="payments.refund_record")
    assert (line.target_model, line.target_id, line.data["amount"]) == (
        "payments.Refund",
        str(refund.pk),
        "$500.00",
    )
    # Each line names the registration's delegation (told by the service or its target).
    assert set(AuditEntry.objects.values_list("delegation_id", flat=True)) == {
        registration.delegation_id
    }


def test_a_cancellation_is_logged():
    _policy, _issuer, _coordinator, registration = setup()

    registration_services.registration_cancel(
        registration=registration, actor=registration.user, now=NOW
    )

    assert (
        actions(target_id=str(registration.pk), target_model="registrations.Registration")[-1]
        == "registrations.cancelled"
    )


def test_each_passport_data_access_is_mirrored_with_its_access_line_and_no_data():
    registration = with_passport(number="Z8Y7X6W5V")
    issue_for(registration)

    mirrored = {
        entry.data["access"] for entry in AuditEntry.objects.filter(action__startswith="visas.")
    }
    assert mirrored == set(PassportAccess.objects.values_list("pk", flat=True))
    assert not AuditEntry.objects.filter(data__icontains="Z8Y7X6W5V").exists()


def test_an_entry_is_never_changed_nor_deleted():
    entry = audit_record(actor=UserFactory(), action="test.case", data={"n": 1})

    entry.action = "changed"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(action="changed")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.case"


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditentry SET action = 'x' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ],
)
def test_the_database_itself_refuses_to_change_the_log(statement):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    entry = audit_record(actor=UserFactory(), action="test.case")

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [entry.pk])


def test_an_inactive_account_writes_no_line():
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        audit_record(actor=UserFactory(is_active=False), action="test.case")
    assert AuditEntry.objects.count() == 0


def test_a_role_changed_in_the_admin_is_logged_with_the_administrator():
    """The admin writes a LogEntry for each change it saves (as here); it is mirrored."""
    from django.contrib.admin.models import CHANGE, LogEntry

    from twinning.accounts.models import Role

    admin = UserFactory(role=Role.ADMINISTRATOR, is_staff=True)
    someone = UserFactory(role=Role.VISITOR)

    LogEntry.objects.log_actions(
        admin.pk,
        [someone],
        CHANGE,
        change_message=[{"changed": {"fields": ["Role", "Staff status"]}}],
        single_object=True,
    )

    line = AuditEntry.objects.get(action="accounts.changed_in_admin")
    assert (line.actor, line.data["account"], line.data["fields"]) == (
        admin,
        str(someone.pk),
        ["Role", "Staff status"],
    )
