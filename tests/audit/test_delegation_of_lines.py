"""Each line names the delegation it concerns: told by the acting service, or read from the
target in memory; old lines got theirs from the migration (which the trigger lets through)."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from tests.accounts.factories import UserFactory
from tests.payments.factories import setup
from tests.visas.factories import with_passport
from twinning.audit.models import AuditEntry
from twinning.audit.services import audit_record

pytestmark = pytest.mark.django_db
fill = importlib.import_module("twinning.audit.migrations.0002_auditentry_delegation").fill


def test_a_passport_line_names_the_delegation():
    registration = with_passport()

    assert set(
        AuditEntry.objects.filter(action__startswith="visas.").values_list(
            "delegation_id", flat=True
        )
    ) == {registration.delegation_id}


def test_a_line_about_no_delegation_names_none():
    assert audit_record(actor=UserFactory(), action="test.case").delegation_id is None


def _old_line(**fields) -> AuditEntry:
    return AuditEntry.objects.create(actor=None, action="old.line", **fields)


def _schema_editor():
    # The migration's fill needs only these two of a schema editor.
    cursor = connection.cursor()
    return SimpleNamespace(
        connection=connection, execute=lambda sql, params=None: cursor.execute(sql)
    )


def test_the_migration_gives_old_lines_their_delegation_where_it_is_known():
    _policy, _issuer, _coordinator, registration = setup()
    delegation = registration.delegation_id
    by_target = _old_line(target_model="registrations.Registration", target_id=str(registration.pk))
    by_data = _old_line(data={"registration": registration.pk})
    by_delegation = _old_line(target_model="delegations.Delegation", target_id=str(delegation))
    unknown = _old_line(target_model="exchanges.Exchange", target_id="7")

    fill(apps, _schema_editor())

    assert [
        AuditEntry.objects.get(pk=line.pk).delegation_id
        for line in (by_target, by_data, by_delegation, unknown)
    ] == [delegation, delegation, delegation, None]


@pytest.mark.postgres
def test_the_migration_leaves_the_log_append_only():
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    from django.db import DatabaseError, transaction

    _old_line(target_model="delegations.Delegation", target_id="1")
    fill(apps, _schema_editor())
    entry = AuditEntry.objects.first()

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditentry SET action = 'x' WHERE id = %s", [entry.pk])
