"""Bank transfers: statements imported, rows matched by reference, the rest matched by hand."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from djmoney.money import Money

from tests.accounts.factories import UserFactory
from tests.payments.factories import register, setup
from tests.registrations.factories import NOW
from twinning.accounts.rules import system_actor
from twinning.delegations.models import Member
from twinning.payments import demo, selectors, services
from twinning.payments.models import BankRow, InvoiceToFollow, Payment
from twinning.payments.statements import Mapping, StatementError, parse_camt053, parse_csv
from twinning.registrations import services as registration_services
from twinning.registrations.models import Registration

pytestmark = pytest.mark.django_db
Status = Registration.Status
MAPPING = Mapping(date="date", amount="amount", reference="reference", counterparty="payer")


def csv_of(*rows: str) -> bytes:
    return ("date,amount,reference,payer\n" + "\n".join(rows) + "\n").encode()


def import_csv(policy, coordinator, content: bytes, mapping=MAPPING):
    return services.statement_import(
        delegation=policy.delegation,
        actor=coordinator,
        file_name="statement.csv",
        content=content,
        format="csv",
        mapping=mapping,
    )


def ref(registration) -> str:
    return selectors.reference_for(registration)


def test_a_payment_in_full_confirms_the_registration_and_the_member(
    mailoutbox, django_capture_on_commit_callbacks
):
    policy, _issuer, coordinator, registration = setup()
    with django_capture_on_commit_callbacks(execute=True):
        import_csv(policy, coordinator, csv_of(f"2027-01-12,3520.00,{ref(registration)},Pat"))

    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert Member.objects.get(delegation=policy.delegation, user=registration.user).confirmed
    assert selectors.paid_amount(registration) == Money(3520, "USD")
    assert mailoutbox[-1].subject.startswith("Payment received, registration confirmed")


def test_a_partial_payment_leaves_a_balance_due_and_says_so(
    mailoutbox, django_capture_on_commit_callbacks
):
    policy, _issuer, coordinator, registration = setup()
    with django_capture_on_commit_callbacks(execute=True):
        import_csv(policy, coordinator, csv_of(f"2027-01-12,1000,{ref(registration)},Pat"))

    registration.refresh_from_db()
    account = selectors.account(registration, today=NOW.date())
    assert registration.status == Status.AWAITING_PAYMENT
    assert (account.paid, account.due) == (Money(1000, "USD"), Money(2520, "USD"))
    assert "balance due: $2,520" in mailoutbox[-1].body


def test_the_deposit_confirms_before_the_balance_is_due_and_not_after():
    policy, _issuer, coordinator, early = setup(
        deposit=Money(1000, "USD"), balance_due=datetime.date(2027, 3, 1)
    )
    late = register(policy)

    import_csv(
        policy,
        coordinator,
        csv_of(f"2027-01-12,1000,{ref(early)},A", f"2027-03-02,1000,{ref(late)},B"),
    )

    early.refresh_from_db()
    late.refresh_from_db()
    assert (early.status, late.status) == (Status.CONFIRMED, Status.AWAITING_PAYMENT)


def test_a_re_imported_row_is_skipped_and_not_counted_twice():
    policy, _issuer, coordinator, registration = setup()
    content = csv_of(f"2027-01-12,1000,{ref(registration)},Pat")
    import_csv(policy, coordinator, content)

    again = import_csv(policy, coordinator, content)

    assert (again.rows_new, again.rows_skipped) == (0, 1)
    assert Payment.objects.count() == 1


def test_two_identical_transfers_in_one_file_are_two_payments():
    policy, _issuer, coordinator, registration = setup()
    row = f"2027-01-12,500,{ref(registration)},Pat"

    statement = import_csv(policy, coordinator, csv_of(row, row))

    assert statement.rows_new == 2
    assert selectors.paid_amount(registration) == Money(1000, "USD")


def test_zero_amount_unknown_and_foreign_currency_rows_wait_for_a_coordinator():
    policy, _issuer, coordinator, registration = setup()
    content = (
        "date,amount,currency,reference,payer\n"
        f"2027-01-12,0,USD,{ref(registration)},Zero\n"
        "2027-01-12,300,USD,no reference,Someone\n"
        f"2027-01-12,300,EUR,{ref(registration)},Euro\n"
    ).encode()

    import_csv(
        policy, coordinator, content, Mapping(**{**MAPPING.__dict__, "currency": "currency"})
    )

    queued = list(
        selectors.queue(delegation=policy.delegation).values_list("counterparty", flat=True)
    )
    assert queued == ["Zero", "Someone", "Euro"]
    assert not Payment.objects.exists()


def test_a_coordinator_matches_a_row_by_hand_or_ignores_it():
    policy, _issuer, coordinator, registration = setup()
    import_csv(policy, coordinator, csv_of("2027-01-12,3520,transfer,Pat", "2027-01-13,5,x,Bank"))
    first, second = selectors.queue(delegation=policy.delegation)

    services.row_assign(row=first, registration=registration, actor=coordinator)
    services.row_ignore(row=second, actor=coordinator)

    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert list(BankRow.objects.values_list("status", flat=True)) == ["matched", "ignored"]
    with pytest.raises(ValidationError, match="already"):
        services.row_ignore(row=first, actor=coordinator)


def test_nobody_but_a_coordinator_imports_or_matches():
    policy, _issuer, coordinator, registration = setup()
    with pytest.raises(PermissionDenied):
        import_csv(policy, registration.user, csv_of("2027-01-12,3520,x,Pat"))
    import_csv(policy, coordinator, csv_of("2027-01-12,3520,x,Pat"))
    with pytest.raises(PermissionDenied):
        services.row_assign(
            row=BankRow.objects.get(), registration=registration, actor=UserFactory()
        )


def test_a_row_is_matched_only_to_a_registration_of_the_statement_delegation():
    policy, _issuer, coordinator, _registration = setup()
    _other_policy, _other_issuer, _coordinator, other = setup()

    import_csv(policy, coordinator, csv_of(f"2027-01-12,3520,{ref(other)},Pat"))

    assert BankRow.objects.get().status == "unmatched"
    with pytest.raises(ValidationError, match="not one of this delegation"):
        services.row_assign(row=BankRow.objects.get(), registration=other, actor=coordinator)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"date,amount,reference,payer\n12/01/2027,1,x,y\n", "does not read as"),
        (b"date,amount,reference,payer\n2027-01-12,lots,x,y\n", "is not an amount"),
        (b"when,amount,reference,payer\n2027-01-12,1,x,y\n", "no column"),
        (b"", "empty"),
    ],
)
def test_a_csv_file_that_does_not_fit_the_mapping_is_refused_with_the_reason(content, message):
    with pytest.raises(StatementError, match=message):
        parse_csv(content, MAPPING)


def test_a_refused_file_writes_nothing():
    policy, _issuer, coordinator, registration = setup()
    with pytest.raises(StatementError):
        import_csv(
            policy, coordinator, csv_of(f"2027-01-12,3520,{ref(registration)},Pat", "bad,1,x,y")
        )

    assert not BankRow.objects.exists()
    assert not Payment.objects.exists()


def test_camt053_credits_are_read_with_their_reference_and_debtor_debits_left_out():
    rows = parse_camt053((demo.STATEMENTS / "seattle_camt053.xml").read_bytes())

    assert [(str(r.booking_date), r.amount, r.counterparty) for r in rows] == [
        ("2027-01-15", Money("1000.00", "USD"), "Rainier Biosciences (demo)"),
        ("2027-01-16", Money("500.00", "USD"), "Casey Ng"),
        ("2027-01-18", Money("250.00", "USD"), "Sound Software (demo)"),
        ("2027-01-19", Money("0.00", "USD"), "Emerald Freight (demo)"),
    ]
    assert rows[0].reference == "RF47 9027 0000 0001"


@pytest.mark.parametrize(
    "content",
    [b"<not xml", b"<Document><Other/></Document>", b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'],
    ids=["broken", "not-a-statement", "entities"],
)
def test_a_file_that_is_not_camt053_is_refused(content):
    with pytest.raises(StatementError, match=r"not a CAMT\.053"):
        parse_camt053(content)


def test_the_demo_statements_match_the_demo_registrations():
    call_command("demo", verbosity=0)
    actor = system_actor()
    seattle = "2027-seattle-business-mission-to-chongqing"
    chongqing = "2027-chongqing-delegation-to-seattle"
    from twinning.delegations.models import Delegation

    services.statement_import(
        delegation=Delegation.objects.get(slug=seattle),
        actor=actor,
        file_name="seattle_camt053.xml",
        content=(demo.STATEMENTS / "seattle_camt053.xml").read_bytes(),
        format="camt053",
    )
    services.statement_import(
        delegation=Delegation.objects.get(slug=chongqing),
        actor=actor,
        file_name="chongqing.csv",
        content=(demo.STATEMENTS / "chongqing.csv").read_bytes(),
        format="csv",
        mapping=Mapping(
            date="Booking date",
            amount="Amount",
            currency="Currency",
            reference="Remittance information",
            counterparty="Payer",
            decimal_comma=True,
            date_format="%d.%m.%Y",
            delimiter=";",
        ),
    )

    paid = sorted(
        (p.registration.user.email, p.amount.amount)
        for p in Payment.objects.select_related("registration__user")
    )
    assert paid == [
        ("casey.ng@emerald-freight.test", 500),
        ("jordan.park@rainier-bio.test", 1000),
        ("zhao.lei@liangjiang-logistics.test", 1200),
    ]
    assert BankRow.objects.filter(status="unmatched").count() == 3
    assert (
        Registration.objects.get(user__email="jordan.park@rainier-bio.test").status == "confirmed"
    )


def test_a_coordinator_confirms_an_institution_before_payment_invoice_to_follow(
    mailoutbox, django_capture_on_commit_callbacks
):
    policy, _issuer, coordinator, registration = setup()
    with django_capture_on_commit_callbacks(execute=True):
        services.invoice_to_follow_confirm(
            registration=registration, actor=coordinator, note="City of Seattle pays on invoice"
        )

    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert InvoiceToFollow.objects.get().decided_by == coordinator
    assert "the invoice follows" in mailoutbox[-1].body
    with pytest.raises(PermissionDenied):
        services.invoice_to_follow_confirm(
            registration=register(policy), actor=registration.user, note="I pay later"
        )


def test_a_coordinator_records_a_payment_made_another_way():
    _policy, _issuer, coordinator, registration = setup()

    services.payment_record(
        registration=registration, amount=Money(3520, "USD"), actor=coordinator, note="Card"
    )

    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    with pytest.raises(ValidationError, match="paid in USD"):
        services.payment_record(
            registration=registration, amount=Money(10, "EUR"), actor=coordinator
        )


def test_the_same_external_payment_is_never_counted_twice():
    _policy, _issuer, coordinator, registration = setup()
    services.payment_record(
        registration=registration, amount=Money(100, "USD"), actor=coordinator, external_id="T1"
    )
    with pytest.raises(ValidationError, match="recorded already"):
        services.payment_record(
            registration=registration, amount=Money(100, "USD"), actor=coordinator, external_id="T1"
        )
    assert selectors.paid_amount(registration) == Money(100, "USD")


def test_a_partly_paid_registration_is_not_released_at_its_deadline():
    policy, _issuer, coordinator, paid_part = setup()
    unpaid = register(policy)
    services.payment_record(registration=paid_part, amount=Money(100, "USD"), actor=coordinator)

    registration_services.holds_expire(
        delegation=policy.delegation, actor=system_actor(), now=NOW + datetime.timedelta(days=30)
    )

    paid_part.refresh_from_db()
    unpaid.refresh_from_db()
    assert (paid_part.status, unpaid.status) == (Status.AWAITING_PAYMENT, Status.EXPIRED)


def test_reminders_go_once_to_those_who_owe_before_their_deadline(
    mailoutbox, django_capture_on_commit_callbacks
):
    policy, _issuer, coordinator, owing = setup()
    paid = register(policy)
    services.payment_record(registration=paid, amount=Money(3520, "USD"), actor=coordinator)
    mailoutbox.clear()
    near = owing.payment_deadline - datetime.timedelta(days=3)

    with django_capture_on_commit_callbacks(execute=True):
        first = services.reminders_send(actor=system_actor(), days=5, now=near)
        second = services.reminders_send(actor=system_actor(), days=5, now=near)
        too_early = services.reminders_send(
            actor=system_actor(), days=5, now=near - datetime.timedelta(days=10)
        )

    assert (first, second, too_early) == (1, 0, 0)
    assert [m.to for m in mailoutbox] == [[owing.user.email]]
    assert ref(owing) in mailoutbox[0].body


def test_the_reminder_command_runs_as_the_system(capsys):
    call_command("payments_remind", "--days", "3")

    assert "0 reminder(s) queued" in capsys.readouterr().out


def test_after_the_deposit_the_balance_reminder_comes_before_the_balance_is_due(
    mailoutbox, django_capture_on_commit_callbacks
):
    _policy, _issuer, coordinator, registration = setup(
        deposit=Money(1000, "USD"), balance_due=datetime.date(2027, 3, 1)
    )
    services.payment_record(
        registration=registration, amount=Money(1000, "USD"), actor=coordinator, received_at=NOW
    )
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.reminders_send(
            actor=system_actor(), days=5, now=datetime.datetime(2027, 2, 25, tzinfo=datetime.UTC)
        )

    registration.refresh_from_db()
    assert (registration.status, sent) == (Status.CONFIRMED, 1)
    assert "$2,520 is still due" in mailoutbox[0].body


def test_a_payment_for_a_registration_awaiting_approval_waits_for_a_coordinator():
    policy, _issuer, coordinator, _registration = setup(approval_required=True)
    pending = register(policy)

    import_csv(policy, coordinator, csv_of(f"2027-01-12,3520,{ref(pending)},Pat"))

    assert BankRow.objects.get().status == "unmatched"
    with pytest.raises(ValidationError, match="Approve the registration"):
        services.row_assign(row=BankRow.objects.get(), registration=pending, actor=coordinator)
    assert not Payment.objects.exists()


@pytest.mark.parametrize("approval", [False, True], ids=["on-sign-up", "after-approval"])
def test_how_to_pay_is_e_mailed_once_when_a_registration_awaits_payment(
    approval, mailoutbox, django_capture_on_commit_callbacks
):
    from twinning.notifications.models import Notification
    from twinning.payments.selectors import reference_for
    from twinning.registrations import services as registrations

    with django_capture_on_commit_callbacks(execute=True):
        _policy, _issuer, coordinator, registration = setup(approval_required=approval)
        if approval:  # nothing to pay before the coordinator approves
            assert not Notification.objects.filter(key__startswith="payments.instructions").exists()
            registrations.registration_decide(
                registration=registration, actor=coordinator, approve=True
            )
        registration.refresh_from_db()
        registration.save()  # a later save sends nothing more

    how_to_pay = [m for m in mailoutbox if m.subject.startswith("How to pay")]
    assert len(how_to_pay) == 1
    assert reference_for(registration) in how_to_pay[0].body
    assert "US00 PSB 0000 1234 5678" in how_to_pay[0].body
