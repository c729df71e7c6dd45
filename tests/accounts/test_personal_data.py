"""A person's data exported and erased on request, across every app (the registry).

The erasure test searches every text column of every table for the person's name,
address and passport number afterwards: each hit must be one the erasure report lists as
kept with its reason (invoices and payment records), so an app that keeps personal data
without erasing it fails here.
"""

import datetime
import json

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from djmoney.money import Money

from tests.accounts.factories import UserFactory, verified_login
from tests.participation.factories import MessageFactory, ReportFactory
from tests.payments.factories import IssuerFactory, coordinator_of, register
from tests.registrations.factories import RegistrationPolicyFactory
from tests.visas.factories import host_for, passport_data
from twinning.accounts import services
from twinning.accounts.models import PersonalDataRequest, Role
from twinning.core import personal_data
from twinning.participation.models import Reply
from twinning.payments import services as payment_services
from twinning.payments.models import Invoice, Refund
from twinning.payments.statements import Mapping
from twinning.registrations import services as registration_services
from twinning.registrations.models import Answer, Question
from twinning.visas import services as visa_services
from twinning.visas.models import PassportAccess, PassportRecord, VisaLetter

pytestmark = pytest.mark.django_db

NAME = "Quillon Brackenridge"
EMAIL = "quillon.brackenridge@example.test"
PASSPORT = "QB9876543"
# What identifies the person anywhere in the database.
TOKENS = ("quillon", "brackenridge", PASSPORT.lower())


def administrator():
    return UserFactory(role=Role.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def person():
    """Someone with data in every app: account, membership, registration and answers, an
    invoice, a bank payment and a refund, travel, passport, a letter, a message, e-mails."""
    now = timezone.now()
    today = timezone.localdate()
    policy = RegistrationPolicyFactory(
        deadline=now + datetime.timedelta(days=30),
        delegation__travel_start=today + datetime.timedelta(days=60),
        delegation__travel_end=today + datetime.timedelta(days=70),
        delegation__programme_start=today + datetime.timedelta(days=61),
        delegation__programme_end=today + datetime.timedelta(days=69),
    )
    IssuerFactory().delegations.add(policy.delegation)
    coordinator = coordinator_of(policy.delegation)
    user = UserFactory(email=EMAIL, full_name=NAME, preferred_language="zh-hans")
    TOTPDevice.objects.create(user=user, name="Quillon's phone", confirmed=True)
    registration = register(
        policy,
        user,
        now=now,
        company="Brackenridge Tunnelling",
        job_title="Director",
        emergency_contact="Mara Brackenridge, +1 206 555 0100",
        goals="Meet Quillon's partners in Chongqing",
    )
    question = Question.objects.create(policy=policy, kind="text", label="Anything else?")
    Answer.objects.create(registration=registration, question=question, value="Quillon here")
    payment_services.billing_details_set(
        registration=registration, actor=user, name=NAME, address="1 Brackenridge Way, Seattle"
    )
    payment_services.invoice_issue(registration=registration, actor=coordinator)
    reference = payment_services.selectors.reference_for(registration)
    payment_services.statement_import(
        delegation=policy.delegation,
        actor=coordinator,
        file_name="statement.csv",
        content=(
            f"date,amount,reference,payer\n{today.isoformat()},3520.00,{reference},Q BRACKENRIDGE\n"
        ).encode(),
        format="csv",
        mapping=Mapping(date="date", amount="amount", reference="reference", counterparty="payer"),
    )
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    visa_services.passport_save(
        registration=registration,
        actor=user,
        data=passport_data(full_name="BRACKENRIDGE QUILLON", number=PASSPORT),
    )
    visa_services.travel_save(
        registration=registration,
        actor=user,
        data=visa_services.TravelData(arrival_flight="DL 281", notes="Quillon arrives late"),
    )
    host_for(policy.delegation)
    visa_services.visa_letter_issue(registration=registration, actor=coordinator)
    message = MessageFactory(name=NAME, email=EMAIL, body="Quillon asks about schools")
    Reply.objects.create(
        message=message, author=coordinator, body="Dear Quillon, yes.", email_message_id="<r1>"
    )
    ReportFactory(contact_email=EMAIL, details="Brackenridge spotted a typo")
    return user, registration, coordinator


def _cancel_and_refund(registration, coordinator):
    registration_services.registration_cancel(registration=registration, actor=registration.user)
    payment_services.refund_record(
        payment=registration.payments.get(),
        amount=Money(3000, "USD"),
        method=Refund.Method.BANK,
        external_id="bank-erasure-test",
        reason="Cancelled",
        actor=coordinator,
    )


def _text_fields(model):
    for field in model._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField | models.JSONField):
            yield field


def _hits() -> set[tuple[str, str]]:
    """(model, field) of every value in the database that names the person."""
    found = set()
    for model in apps.get_models():
        for field in _text_fields(model):
            for value in model._default_manager.values_list(field.attname, flat=True):
                text = (
                    json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
                )
                if any(token in (text or "").lower() for token in TOKENS):
                    found.add((model._meta.label, field.name))
    return found


def test_before_erasure_the_person_is_found_in_many_apps(person):
    apps_found = {label.split(".")[0] for label, _field in _hits()}

    assert {"accounts", "registrations", "payments", "visas", "participation", "otp_totp"} <= (
        apps_found
    )


def test_a_registration_that_still_holds_seats_is_cancelled_first(person):
    user, _registration, _coordinator = person

    with pytest.raises(ValidationError, match="Cancel the registration"):
        services.personal_data_erase(user=user, actor=administrator(), reason="E-mail of today")
    assert PersonalDataRequest.objects.filter(kind="erasure").count() == 0


def test_after_erasure_only_what_the_report_keeps_names_the_person(person):
    user, registration, coordinator = person
    _cancel_and_refund(registration, coordinator)
    invoice_before = Invoice.objects.get(registration=registration)

    done = services.personal_data_erase(
        user=user, actor=administrator(), reason="The person's e-mail of today"
    )

    kept = {(item["model"], name) for item in done.report["kept"] for name in item["fields"]}
    leftovers = _hits() - kept
    assert leftovers == set()
    invoice = Invoice.objects.get(registration=registration)
    assert (invoice.number, invoice.billing_name, invoice.total) == (
        invoice_before.number,
        NAME,
        invoice_before.total,
    )


def test_erasure_deletes_passport_data_and_the_letters_copy(person):
    user, registration, coordinator = person
    _cancel_and_refund(registration, coordinator)
    admin = administrator()

    services.personal_data_erase(user=user, actor=admin, reason="Request by letter")

    letter = VisaLetter.objects.get(registration=registration)
    assert PassportRecord.objects.filter(registration=registration).count() == 0
    assert (letter.delegate_name, letter.passport_number, letter.purged_at is None) == (
        None,
        None,
        False,
    )
    assert PassportAccess.objects.filter(
        registration=registration, action="purge", actor=admin
    ).exists()


def test_the_erased_account_cannot_sign_in_and_keeps_no_address(person, client):
    user, registration, coordinator = person
    _cancel_and_refund(registration, coordinator)

    services.personal_data_erase(user=user, actor=administrator(), reason="Request")

    user.refresh_from_db()
    assert (user.email.endswith("@erased.invalid"), user.full_name, user.is_active) == (
        True,
        "",
        False,
    )
    assert user.has_usable_password() is False
    assert client.login(email=EMAIL, password="password") is False


def test_the_erasure_is_recorded_with_the_request_and_what_was_kept_and_why(person):
    user, registration, coordinator = person
    _cancel_and_refund(registration, coordinator)
    admin = administrator()

    done = services.personal_data_erase(user=user, actor=admin, reason="E-mail of 3 March")

    kept_models = {item["model"] for item in done.report["kept"]}
    assert (done.kind, done.actor, done.reason) == ("erasure", admin, "E-mail of 3 March")
    assert {"payments.Invoice", "payments.Payment", "payments.Refund"} <= kept_models
    assert all(item["why"] for item in done.report["kept"])
    assert done.report["changed"]["visas.PassportRecord"] == 1
    assert NAME not in json.dumps(done.report, ensure_ascii=False)


@pytest.mark.parametrize("who", ["the person themself", "a coordinator", "someone else", "nobody"])
def test_only_an_administrator_erases(person, who):
    user, _registration, coordinator = person
    actor = {
        "the person themself": user,
        "a coordinator": coordinator,
        "someone else": UserFactory(),
        "nobody": None,
    }[who]

    with pytest.raises(PermissionDenied):
        services.personal_data_erase(user=user, actor=actor, reason="x")
    assert user.__class__.objects.get(pk=user.pk).email == EMAIL


def test_the_person_exports_everything_with_the_passport_data_and_the_read_is_logged(person):
    user, _registration, _coordinator = person
    reads_before = PassportAccess.objects.filter(actor=user, action="read").count()

    data = services.personal_data_export(user=user, actor=user)

    text = json.dumps(data, ensure_ascii=False)
    sections = data["sections"]
    assert set(sections) == {section.name for section in personal_data.sections()}
    assert sections["account"]["email"] == EMAIL
    assert sections["visas"][0]["passport"]["number"] == PASSPORT
    assert sections["registrations"]["registrations"][0]["answers"] == [
        {"question": "Anything else?", "answer": "Quillon here"}
    ]
    for expected in ("Brackenridge Tunnelling", "Quillon asks about schools", "DL 281"):
        assert expected in text
    assert sections["payments"]["invoices"][0]["billed_to"] == NAME
    assert PassportAccess.objects.filter(actor=user, action="read").count() == reads_before + 1
    assert PersonalDataRequest.objects.filter(user=user, kind="export", actor=user).count() == 1


def test_an_administrators_export_leaves_the_passport_data_out(person):
    user, _registration, _coordinator = person

    data = services.personal_data_export(user=user, actor=administrator())

    assert PASSPORT not in json.dumps(data)
    assert data["sections"]["visas"][0]["passport"]["entered"] is True


def test_nobody_else_exports_someone_elses_data(person):
    user, _registration, coordinator = person

    with pytest.raises(PermissionDenied):
        services.personal_data_export(user=user, actor=coordinator)


def test_my_account_page_downloads_my_data_as_json(person, client):
    user, _registration, _coordinator = person
    client.force_login(user)

    page = client.get("/en/accounts/profile/data/")
    download = client.post("/en/accounts/profile/data/")

    assert page.status_code == 200
    assert download["Content-Type"] == "application/json"
    assert "attachment" in download["Content-Disposition"]
    assert json.loads(download.content)["sections"]["visas"][0]["passport"]["number"] == PASSPORT


def test_an_administrator_erases_from_the_page_and_sees_the_report(person, client):
    user, registration, coordinator = person
    _cancel_and_refund(registration, coordinator)
    verified_login(client, administrator())
    address = f"/en/accounts/people/{user.pk}/data/"

    shown = client.get(address)
    erased = client.post(address, {"reason": "E-mail of today", "confirm": "on"})

    assert (shown.status_code, erased.status_code) == (200, 200)
    assert "payments.Invoice" in erased.content.decode()
    user.refresh_from_db()
    assert user.email.endswith("@erased.invalid")


def test_the_administrators_page_is_404_to_anyone_else(person, client):
    user, _registration, coordinator = person
    verified_login(client, coordinator)

    response = client.post(f"/en/accounts/people/{user.pk}/data/", {"reason": "x", "confirm": "on"})

    assert response.status_code == 404
    user.refresh_from_db()
    assert user.email == EMAIL


# Models that point at an account only to say who did something (a coordinator issued an
# invoice, edited a page): the account row is anonymised, these rows name nobody.
ACTORS_ONLY = {
    "pages.PageVersion",
    "reversion.Revision",
    "admin.LogEntry",
    "django_tasks_database.DBTaskResult",
}


def _models_about_people() -> list[str]:
    labels = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            points_at_user = (
                field.is_relation
                and field.related_model is not None
                and (field.related_model._meta.label == settings.AUTH_USER_MODEL)
            )
            if points_at_user or isinstance(field, models.EmailField):
                labels.append(model._meta.label)
                break
    return sorted(set(labels) - {settings.AUTH_USER_MODEL})


@pytest.mark.parametrize("label", _models_about_people())
def test_every_model_about_a_person_belongs_to_a_registered_section(label):
    covered = {model for section in personal_data.sections() for model in section.models}

    assert label in covered | ACTORS_ONLY
