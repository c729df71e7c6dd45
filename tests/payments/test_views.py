"""The payment pages: what a registrant sees and downloads, the coordinators' desk, the PDFs."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from djmoney.money import Money

from tests.accounts.factories import UserFactory, verified_login
from tests.conftest import IN_CI
from tests.delegations.test_pdf import has, pdf_text
from tests.payments.factories import IssuerFactory, coordinator_of, register
from tests.querycount import assert_flat_queries
from tests.registrations.factories import RegistrationPolicyFactory
from twinning.payments import demo, pdf, selectors, services
from twinning.payments.models import BankRow, CreditNote, Invoice
from twinning.payments.statements import Mapping
from twinning.registrations import services as registration_services
from twinning.registrations.models import Registration

try:
    import weasyprint  # noqa: F401  (loads Pango)
except OSError as error:  # pragma: no cover - a machine without Pango
    if IN_CI:
        raise
    pytest.skip(f"WeasyPrint cannot load Pango: {error}", allow_module_level=True)

pytestmark = pytest.mark.django_db


@pytest.fixture
def trip():
    now = timezone.now()
    policy = RegistrationPolicyFactory(
        deadline=now + datetime.timedelta(days=30),
        delegation__travel_start=timezone.localdate() + datetime.timedelta(days=60),
        delegation__travel_end=timezone.localdate() + datetime.timedelta(days=70),
        delegation__programme_start=timezone.localdate() + datetime.timedelta(days=61),
        delegation__programme_end=timezone.localdate() + datetime.timedelta(days=69),
    )
    IssuerFactory(code="SSCO").delegations.add(policy.delegation)
    coordinator = coordinator_of(policy.delegation)
    return policy, coordinator


def signed_up(policy, user=None):
    registration = register(policy, user, now=timezone.now())
    services.billing_details_set(
        registration=registration,
        actor=registration.user,
        name="Cascade Tunnelling Inc.",
        address="1 Main Street\nSeattle, WA",
    )
    return registration


def url(policy, name):
    return f"/en/delegations/{policy.delegation.slug}/{name}"


def test_my_registration_shows_the_balance_and_how_to_pay_with_the_reference(client, trip):
    policy, coordinator = trip
    registration = signed_up(policy)
    services.payment_record(registration=registration, amount=Money(520, "USD"), actor=coordinator)
    client.force_login(registration.user)

    page = client.get(url(policy, "registration/")).content.decode()

    assert "$520" in page
    assert "$3,000" in page
    assert selectors.reference_for(registration) in page
    assert "US00 PSB 0000 1234 5678" in page


@pytest.mark.parametrize(("percent", "refund"), [(90, "$468"), (0, "$0")])
def test_my_registration_says_what_cancelling_today_would_refund(client, trip, percent, refund):
    from twinning.registrations.models import CancellationRule

    policy, coordinator = trip
    CancellationRule.objects.create(
        policy=policy,
        until=timezone.localdate() + datetime.timedelta(days=5),
        refund_percent=percent,
    )
    registration = signed_up(policy)
    services.payment_record(registration=registration, amount=Money(520, "USD"), actor=coordinator)
    client.force_login(registration.user)

    page = client.get(url(policy, "registration/")).content.decode()

    assert f"Refund if you cancel today</th><td>{refund}" in page


def test_the_registrant_and_coordinators_download_the_invoice_and_others_get_404(client, trip):
    policy, coordinator = trip
    registration = signed_up(policy)
    invoice = services.invoice_issue(registration=registration, actor=coordinator)
    document = url(policy, f"payments/documents/{invoice.number}.pdf")

    client.force_login(registration.user)
    mine = client.get(url(policy, "registration/")).content.decode()
    own = client.get(document)
    client.force_login(UserFactory())
    stranger = client.get(document)
    verified_login(client, coordinator)
    coordinating = client.get(document)

    assert f'href="{document}"' in mine
    assert (own.status_code, stranger.status_code, coordinating.status_code) == (200, 404, 200)
    assert own["Content-Type"] == "application/pdf"


def test_the_invoice_pdf_reads_in_the_payers_language_or_both(trip):
    policy, coordinator = trip
    registration = signed_up(policy, UserFactory(preferred_language="zh-hans"))
    invoice = services.invoice_issue(registration=registration, actor=coordinator)

    chinese = pdf_text(pdf.invoice_pdf(invoice))
    both = pdf_text(pdf.invoice_pdf(invoice, language="both"))

    assert has(chinese, f"发票 {invoice.number}")
    assert has(chinese, "1 Main Street")
    assert not has(chinese, "Billed to")
    assert has(both, "Billed to") and has(both, "开票对象")


def test_the_credit_note_pdf_names_its_invoice_and_the_amount(trip):
    policy, coordinator = trip
    registration = signed_up(policy)
    invoice = services.invoice_issue(registration=registration, actor=coordinator)
    note = services.credit_note_issue(
        invoice=invoice, amount=Money("500.50", "USD"), reason="Shorter stay", actor=coordinator
    )

    text = pdf_text(pdf.credit_note_pdf(note))

    assert has(text, f"Credit on invoice {invoice.number}")
    assert has(text, "$500.50")
    assert has(text, "Shorter stay")


def test_a_changed_billing_address_from_the_page_reissues_the_invoice(client, trip):
    policy, coordinator = trip
    registration = signed_up(policy)
    old = services.invoice_issue(registration=registration, actor=coordinator)
    client.force_login(registration.user)

    response = client.post(
        url(policy, "payments/billing/"), {"name": "Port of Seattle", "address": "Pier 69"}
    )

    assert response.status_code == 302
    assert Invoice.objects.exclude(pk=old.pk).get().billing_name == "Port of Seattle"
    assert CreditNote.objects.get().invoice == old


def test_an_empty_billing_address_is_refused_with_a_400(client, trip):
    policy, _coordinator = trip
    registration = signed_up(policy)
    client.force_login(registration.user)

    response = client.post(url(policy, "payments/billing/"), {"name": "", "address": ""})

    assert response.status_code == 400


@pytest.mark.parametrize(
    "page", ["payments/", "payments/statement/", "payments/queue/", "payments/billing/"]
)
def test_the_coordinator_pages_are_404_for_a_registrant_of_another_delegation(client, trip, page):
    policy, _coordinator = trip
    other = RegistrationPolicyFactory()
    stranger = register(other).user
    client.force_login(stranger)

    assert client.get(url(policy, page)).status_code == 404


def test_a_statement_is_shown_row_by_row_before_anything_is_written(client, trip):
    policy, coordinator = trip
    registration = signed_up(policy)
    reference = selectors.reference_for(registration).lower().replace(" ", "")
    content = f"date,amount,reference,counterparty\n2026-12-01,3520,{reference},Pat\n"
    verified_login(client, coordinator)
    upload = {"format": "csv", "date_column": "date", "amount_column": "amount"}
    upload |= {"reference_column": "reference", "counterparty_column": "counterparty"}
    upload |= {"currency_column": "", "default_currency": "USD", "delimiter": ","}
    upload |= {"date_format": "%Y-%m-%d"}

    preview = client.post(
        url(policy, "payments/statement/"),
        {**upload, "file": SimpleUploadedFile("s.csv", content.encode())},
    )
    assert preview.status_code == 200
    assert f"Payment of {registration.user}" in preview.content.decode()
    assert not BankRow.objects.exists()

    hidden = preview.context["form"].initial
    confirmed = client.post(
        url(policy, "payments/statement/"),
        {**upload, "content": hidden["content"], "file_name": "s.csv", "confirm": "1"},
    )

    assert confirmed.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_a_broken_statement_file_gets_a_400_and_its_reason(client, trip):
    policy, coordinator = trip
    verified_login(client, coordinator)
    response = client.post(
        url(policy, "payments/statement/"),
        {"format": "camt053", "delimiter": ",", "file": SimpleUploadedFile("s.xml", b"<x")},
    )

    assert response.status_code == 400
    assert "not a CAMT.053 statement" in response.content.decode()


def test_a_coordinator_matches_a_queued_row_from_the_queue_page(client, trip):
    policy, coordinator = trip
    registration = signed_up(policy)
    services.statement_import(
        delegation=policy.delegation,
        actor=coordinator,
        file_name="s.xml",
        content=(demo.STATEMENTS / "seattle_camt053.xml").read_bytes(),
        format="camt053",
    )
    row = BankRow.objects.get(counterparty="Sound Software (demo)")
    verified_login(client, coordinator)

    response = client.post(
        url(policy, "payments/queue/"),
        {"row": row.pk, "registration": registration.pk, "action": "assign"},
    )
    bad = client.post(url(policy, "payments/queue/"), {"row": "x", "action": "assign"})

    assert (response.status_code, bad.status_code) == (302, 404)
    assert selectors.paid_amount(registration) == Money(250, "USD")


def _grow(policy, coordinator):
    for _ in range(3):
        registration = signed_up(policy)
        services.payment_record(
            registration=registration, amount=Money(100, "USD"), actor=coordinator
        )
        services.invoice_issue(registration=registration, actor=coordinator)
    services.statement_import(
        delegation=policy.delegation,
        actor=coordinator,
        file_name="s.xml",
        content=(demo.STATEMENTS / "seattle_camt053.xml").read_bytes(),
        format="camt053",
    )


@pytest.mark.parametrize("page", ["payments/", "payments/queue/"])
def test_the_coordinator_pages_stay_flat_as_registrations_and_rows_grow(client, trip, page):
    policy, coordinator = trip
    first = signed_up(policy)
    services.invoice_issue(registration=first, actor=coordinator)
    services.payment_record(registration=first, amount=Money(10, "USD"), actor=coordinator)
    services.statement_import(
        delegation=policy.delegation,
        actor=coordinator,
        file_name="first.csv",
        content=b"date,amount,reference\n2026-12-01,5,unknown\n",
        format="csv",
        mapping=Mapping(date="date", amount="amount", reference="reference"),
    )
    verified_login(client, coordinator)

    assert_flat_queries(client, url(policy, page), lambda: _grow(policy, coordinator))


def test_my_registration_stays_flat_as_documents_and_payments_grow(client, trip):
    policy, coordinator = trip
    registration = signed_up(policy)
    invoice = services.invoice_issue(registration=registration, actor=coordinator)
    services.payment_record(registration=registration, amount=Money(10, "USD"), actor=coordinator)
    client.force_login(registration.user)

    def grow():
        for _ in range(3):
            services.credit_note_issue(
                invoice=invoice, amount=Money(1, "USD"), reason="Goodwill", actor=coordinator
            )
            services.payment_record(
                registration=registration, amount=Money(10, "USD"), actor=coordinator
            )

    assert_flat_queries(client, url(policy, "registration/"), grow)


def test_the_invoice_comes_in_both_languages_on_request(client, trip):
    policy, coordinator = trip
    registration = signed_up(policy)
    invoice = services.invoice_issue(registration=registration, actor=coordinator)
    client.force_login(registration.user)

    mine = client.get(url(policy, "registration/")).content.decode()
    response = client.get(url(policy, f"payments/documents/{invoice.number}.pdf?language=both"))

    assert f"{invoice.number}.pdf?language=both" in mine
    assert has(pdf_text(response.content), "开票对象")


def test_a_statement_over_the_size_limit_is_refused_with_a_400(client, trip):
    policy, coordinator = trip
    verified_login(client, coordinator)
    big = SimpleUploadedFile("s.xml", b"<x>" + b" " * (1024 * 1024) + b"</x>")

    response = client.post(
        url(policy, "payments/statement/"), {"format": "camt053", "delimiter": ",", "file": big}
    )

    assert response.status_code == 400
    assert "larger than 1 MB" in response.content.decode()


def test_after_a_cancellation_the_registrant_still_finds_the_credit_note(client, trip):
    policy, coordinator = trip
    registration = signed_up(policy)
    invoice = services.invoice_issue(registration=registration, actor=coordinator)
    registration_services.registration_cancel(registration=registration, actor=registration.user)
    note = services.credit_note_issue(
        invoice=invoice, amount=invoice.total, reason="Cancelled", actor=coordinator
    )
    client.force_login(registration.user)

    page = client.get(url(policy, "registration/")).content.decode()

    assert url(policy, f"payments/documents/{note.number}.pdf") in page
    assert "How to pay" not in page


def test_the_delegation_page_leads_its_coordinators_to_the_payments_desk(client, trip):
    policy, coordinator = trip
    desk = url(policy, "payments/")

    anonymous = client.get(policy.delegation.get_absolute_url()).content.decode()
    verified_login(client, coordinator)
    coordinating = client.get(policy.delegation.get_absolute_url()).content.decode()

    assert f'href="{desk}"' not in anonymous
    assert f'href="{desk}"' in coordinating


@pytest.mark.parametrize("page", ["payments/", "payments/statement/", "payments/queue/", "credit"])
def test_a_coordinator_opens_each_payments_page(client, trip, page):
    policy, coordinator = trip
    invoice = services.invoice_issue(registration=signed_up(policy), actor=coordinator)
    if page == "credit":
        page = f"payments/invoices/{invoice.pk}/credit/"
    verified_login(client, coordinator)

    response = client.get(url(policy, page))

    assert response.status_code == 200
    assert "<h1>" in response.content.decode()


def test_a_credit_note_over_what_is_left_is_refused_on_the_page_with_a_400(client, trip):
    policy, coordinator = trip
    invoice = services.invoice_issue(registration=signed_up(policy), actor=coordinator)
    verified_login(client, coordinator)

    response = client.post(
        url(policy, f"payments/invoices/{invoice.pk}/credit/"),
        {"amount": "9999", "reason": "Too much"},
    )

    assert response.status_code == 400
    assert "At most $3,520" in response.content.decode()
    assert not CreditNote.objects.exists()


def test_the_statement_report_stays_flat_as_the_file_grows(client, trip):
    policy, coordinator = trip
    registrations = [signed_up(policy) for _ in range(4)]
    verified_login(client, coordinator)

    def report_queries(count: int) -> int:
        lines = "".join(
            f"2026-12-0{i + 1},100,{selectors.reference_for(r)},Payer {i}\n"
            for i, r in enumerate(registrations[:count])
        )
        content = ("date,amount,reference,counterparty\n" + lines).encode()
        data = {
            "format": "csv",
            "date_column": "date",
            "amount_column": "amount",
            "reference_column": "reference",
            "counterparty_column": "counterparty",
            "delimiter": ",",
            "date_format": "%Y-%m-%d",
            "file": SimpleUploadedFile("s.csv", content),
        }
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url(policy, "payments/statement/"), data)
        assert response.status_code == 200
        return len(captured)

    assert report_queries(1) == report_queries(4)
