"""Every write service passes the permission gate: it refuses an actor without the right
(and writes nothing) and accepts one with it.

The services are found by introspection, so a new public function in any
``twinning/*/services.py`` fails ``test_every_service_function_is_in_the_table`` until it
gets a row below (or is listed, with a reason, as a read or an ungated write).
"""

import datetime
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from inspect import Parameter
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from djmoney.money import Money

import twinning
from tests.accounts.factories import CoordinatorFactory, UserFactory
from tests.cities.factories import RelationshipFactory
from tests.delegations.factories import DelegationFactory, MemberFactory
from tests.exchanges.factories import CategoryFactory, ExchangeFactory
from tests.participation.factories import MessageFactory, ReportFactory
from tests.people.factories import PersonFactory
from twinning.accounts.models import Role
from twinning.delegations.models import Member, Outcome
from twinning.exchanges.importing import ImportRow, exchanges_import
from twinning.exchanges.models import Exchange
from twinning.participation.models import Message, Reply
from twinning.people.models import Person

pytestmark = pytest.mark.django_db

Status = Exchange.Status


def _services() -> dict[str, Callable]:
    """Every public function defined in a ``services`` module of the project, and the
    importer (the other service that writes exchange records)."""
    found = {"exchanges.importing.exchanges_import": exchanges_import}
    for info in pkgutil.iter_modules(twinning.__path__):
        try:
            module = importlib.import_module(f"twinning.{info.name}.services")
        except ModuleNotFoundError:
            continue
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                found[f"{info.name}.services.{name}"] = function
    return found


SERVICES = _services()

# Functions that only read or compute: nothing to gate.
READS = {
    "payments.services.statement_read": "parses an uploaded file",
    "payments.services.statement_preview": "what an import would do, written nowhere",
    "payments.services.registration_has_invoice_to_follow": "a question about a registration",
    "visas.services.verification_url": "builds a letter's public address",
    "registrations.services.refund_if_cancelled": "works out a refund from the copied schedule",
    "accounts.services.totp_secret_base32": "formats a device's key for display",
    "accounts.services.totp_qr_svg": "draws a device's QR code",
    "accounts.services.user_has_confirmed_totp": "a question about the user's devices",
    "accounts.services.totp_enrolment_link_recent": "a question about the user's set-up links",
    "accounts.services.totp_enrolment_device": "the authenticator this session unlocked",
    "exchanges.services.missing_languages": "a question about a record's texts",
    "pages.services.page_version_text_equals": "compares texts",
    "participation.services.message_delete_token": "signs a message id for its e-mail",
    # -- flow: matchmaking --
    "matchmaking.services.recipients": "who reads a participant's e-mail",
    "matchmaking.services.requests_closed_reason": "a question about the deadline",
    "matchmaking.services.agenda_link_recipient": "whom an accountless participant's mail goes to",
    "matchmaking.services.agenda_link_url": "builds an agenda's secret address",
    # ---- personal data (s-pay)
    "accounts.services.personal_data_blockers": "what must happen before an erasure",
}

# Writes that are not a staff action on someone else's content: the visitor's own message,
# report and cookie choice (anonymous; the abuse limits guard them), the signed-in user's
# own authenticator, and the search index, which only mirrors what a gated write decided.
UNGATED_WRITES = {
    "payments.services.payment_reference_ensure": "derived: each registration's reference",
    "notifications.services.notification_deliver": "the worker sends what a gated write queued",
    "accounts.services.totp_enrolment_confirm": "the user's own enrolment, with a code",
    "accounts.services.totp_verify": "the user's own login, with a code",
    "accounts.services.totp_enrolment_link_open": "the user's own enrolment, by its token",
    "accounts.services.totp_enrolment_link_send_if_due": "sends through the gated link_send",
    "accounts.services.password_reset_over_limit": "counts a request for the rate limit",
    "pages.services.consent_record_create": "a visitor's own cookie choice",
    "participation.services.message_create": "a visitor's own message",
    "participation.services.message_delete_by_visitor": "a visitor's own message, by token",
    "participation.services.report_create": "a visitor's report",
    "search.services.search_index_update": "derived: follows the gated writes",
    "search.services.search_index_rebuild": "derived: follows the gated writes",
    # ---- audit (s-pay)
    "audit.services.audit_record": "the log line of a gated write, written inside it",
}


@dataclass(frozen=True)
class Gated:
    kwargs: Callable[[], dict[str, Any]]  # everything but the actor, built with factories
    without: Callable[[], Any]  # an actor without the right
    with_right: Callable[[], Any]  # an actor with the right


def visitor():
    return UserFactory(role=Role.VISITOR)


def coordinator():
    return CoordinatorFactory()


def moderator():
    return UserFactory(role=Role.MODERATOR, is_staff=True)


def administrator():
    return UserFactory(role=Role.ADMINISTRATOR, is_staff=True)


def _unpublished(status=Status.DRAFT) -> Exchange:
    return ExchangeFactory(status=status, published_at=None)


def _new_exchange() -> dict:
    return {
        "exchange": Exchange(
            key="new-record",
            relationship=RelationshipFactory(),
            category=CategoryFactory(),
            title_en="A new record",
            date_precision="unknown",
        )
    }


def _edited_published_exchange() -> dict:
    exchange = ExchangeFactory(title_en="As published")
    exchange.title_en = "Edited"
    return {"exchange": exchange}


def _outcome() -> dict:
    CategoryFactory(slug="other-cooperation")
    return {
        "outcome": Outcome.objects.create(
            delegation=DelegationFactory(slug="mission"),
            kind=Outcome.Kind.AGREEMENT,
            title_en="Memorandum",
            date=datetime.date(2012, 3, 21),
        )
    }


def _outcome_member(role: str):
    """A confirmed member of the outcome's delegation whose site role is visitor."""

    def make():
        delegation = Outcome.objects.get().delegation
        return MemberFactory(delegation=delegation, role=role, user=visitor()).user

    return make


def _answered_message() -> dict:
    message = MessageFactory(status=Message.Status.ANSWERED)
    Reply.objects.create(message=message, author=coordinator(), body="Yes.", email_message_id="<r>")
    return {"message": message}


def _old_message() -> dict:
    message = MessageFactory()
    Message.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3650)
    )
    return {}


def _import_rows() -> dict:
    RelationshipFactory(slug="seattle-chongqing")
    CategoryFactory(slug="visits")
    data = {
        "key": "imported",
        "relationship": "seattle-chongqing",
        "category": "visits",
        "title_en": "Imported record",
    }
    return {"rows": [ImportRow(2, data)], "source_name": "records.csv"}


# Registrations: the kwargs builders remember whom they made, for the actors below.
_made: dict[str, Any] = {}


def _registrant():
    return _made["registrant"]


def _policy(**fields):
    from tests.registrations.factories import RegistrationPolicyFactory

    return RegistrationPolicyFactory(**fields)


def _registration_create() -> dict:
    from tests.registrations.factories import NOW, details

    _made["registrant"] = visitor()
    return {
        "delegation": _policy().delegation,
        "user": _made["registrant"],
        "details": details(),
        "terms_version": 1,
        "now": NOW,
    }


def _registration(**policy_fields) -> dict:
    from tests.registrations.factories import NOW
    from twinning.registrations import services as registrations

    kwargs = _registration_create()
    registration = registrations.registration_create(
        actor=_registrant(), **kwargs | {"delegation": _policy(**policy_fields).delegation}
    )
    _made["registration"] = registration
    return {"registration": registration, "now": NOW}


def _registration_coordinator():
    delegation = _made["registration"].delegation
    return MemberFactory(delegation=delegation, role=Member.Role.COORDINATOR, confirmed=True).user


def _waiting(offered: bool = False) -> dict:
    from tests.registrations.factories import NOW, details
    from twinning.registrations.models import WaitingListEntry

    _made["registrant"] = visitor()
    entry = WaitingListEntry.objects.create(
        delegation=_policy().delegation,
        user=_made["registrant"],
        status=WaitingListEntry.Status.OFFERED if offered else WaitingListEntry.Status.WAITING,
        offer_expires_at=NOW + datetime.timedelta(hours=24) if offered else None,
    )
    kwargs = {"entry": entry, "now": NOW}
    if offered:
        kwargs |= {"details": details(), "terms_version": 1}
    return kwargs


def _waiting_list_join() -> dict:
    from tests.registrations.factories import NOW

    _made["registrant"] = visitor()
    policy = _policy(delegation__capacity=0)
    return {"delegation": policy.delegation, "user": _made["registrant"], "now": NOW}


def _overdue_hold() -> dict:
    from tests.registrations.factories import NOW

    kwargs = _registration(payment_days=1)
    return {
        "delegation": kwargs["registration"].delegation,
        "now": NOW + datetime.timedelta(days=2),
    }


def _system():
    from twinning.accounts.rules import system_actor

    return system_actor()


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def _new_account() -> dict:
    return {
        "email": "new.visitor@example.org",
        "full_name": "New Visitor",
        "password": "a long and fine passphrase",
        "preferred_language": "en",
    }


def _notification() -> dict:
    return {
        "key": "registration-1-received",
        "to": visitor(),
        "template": "registrations/email/received",
        "context": {},
    }


def _membership() -> dict:
    return {"delegation": DelegationFactory(), "user": visitor(), "confirmed": True}


def _visa_registration() -> dict:
    from tests.visas.factories import RegistrationFactory

    registration = RegistrationFactory()
    _made["registration"] = registration
    _made["registrant"] = registration.user
    return {"registration": registration}


def _passport() -> dict:
    from tests.visas.factories import TODAY, passport_data

    return _visa_registration() | {"data": passport_data(), "today": TODAY}


def _travel() -> dict:
    from twinning.visas.services import TravelData

    return _visa_registration() | {"data": TravelData(arrival_flight="CA 982")}


def _letter_ready() -> dict:
    from tests.visas.factories import host_for, with_passport

    kwargs = _visa_registration()
    with_passport(kwargs["registration"])
    host_for(kwargs["registration"].delegation)
    return kwargs


def _letter_issued() -> dict:
    from tests.visas.factories import issue_for

    kwargs = _letter_ready()
    return {"letter": issue_for(kwargs["registration"], actor=_registration_coordinator())}


def _host() -> dict:
    kwargs = _visa_registration()
    return {
        "delegation": kwargs["registration"].delegation,
        "names": {"en": "Chongqing Foreign Affairs Office", "zh-hans": "重庆市外事办公室"},
        "addresses": {"en": "Chongqing", "zh-hans": "重庆"},
    }


def _purge_due() -> dict:
    kwargs = _passport()
    from twinning.visas.services import passport_save

    passport_save(actor=_registrant(), **kwargs)
    return {"now": timezone.now() + datetime.timedelta(days=3650)}


def _paying(*, billing: bool = False) -> dict:
    from tests.payments.factories import setup
    from twinning.payments.services import billing_details_set

    _, _issuer, coordinator_, registration = setup()
    if billing:
        billing_details_set(
            registration=registration, actor=registration.user, name="Cascade", address="1 Main St"
        )
    _made["registration"] = registration
    _made["registrant"] = registration.user
    _made["coordinator"] = coordinator_
    return {"registration": registration}


def _coordinator_of_payment():
    return _made["coordinator"]


def _credit_note() -> dict:
    from djmoney.money import Money

    from twinning.payments.services import invoice_issue

    kwargs = _paying(billing=True)
    invoice = invoice_issue(actor=_made["coordinator"], **kwargs)
    return {"invoice": invoice, "amount": Money(100, "USD"), "reason": "Single room dropped"}


def _statement() -> dict:
    from pathlib import Path

    import twinning.payments

    kwargs = _paying()
    sample = Path(twinning.payments.__file__).with_name("demo_statements") / "seattle_camt053.xml"
    return {
        "delegation": kwargs["registration"].delegation,
        "file_name": "statement.xml",
        "content": sample.read_bytes(),
        "format": "camt053",
    }


def _bank_row() -> dict:
    from djmoney.money import Money

    from twinning.payments.models import BankRow, BankStatement

    kwargs = _paying()
    statement = BankStatement.objects.create(
        delegation=kwargs["registration"].delegation,
        format="csv",
        file_name="s.csv",
        file_hash="0" * 64,
        imported_by=_made["coordinator"],
    )
    row = BankRow.objects.create(
        statement=statement,
        booking_date=datetime.date(2027, 1, 12),
        amount=Money(500, "USD"),
        reference="no reference",
        raw={},
        fingerprint="f" * 64,
        status=BankRow.Status.UNMATCHED,
    )
    return {"row": row} | kwargs


def _reminder_due() -> dict:
    from tests.registrations.factories import NOW

    _paying()
    return {"days": 5, "now": NOW + datetime.timedelta(days=10)}


def _card_checkout() -> dict:
    from twinning.cards.models import CheckoutSession

    kwargs = _paying()
    CheckoutSession.objects.create(
        registration=kwargs["registration"],
        session_id="cs_gate",
        amount=kwargs["registration"].total,
        created_by=_registrant(),
    )
    return kwargs


def _stripe_event() -> dict:
    _card_checkout()
    session = {"id": "cs_gate", "payment_intent": "pi_gate", "payment_status": "paid"}
    session |= {"amount_total": 352000, "currency": "usd"}
    return {
        "event": {
            "id": "evt_gate",
            "type": "checkout.session.completed",
            "data": {"object": session},
        }
    }


def _card_payment() -> dict:
    from twinning.payments.models import Payment
    from twinning.payments.services import payment_record

    kwargs = _paying()
    payment = payment_record(
        actor=_made["coordinator"],
        amount=Money(3520, "USD"),
        method=Payment.Method.CARD,
        external_id="pi_gate",
        **kwargs,
    )
    return {"payment": payment, "amount": Money(100, "USD"), "reason": "Single room dropped"}


@pytest.fixture(autouse=True)
def _stripe_faked(settings, monkeypatch):
    """The card services talk to Stripe: here it is configured and answered locally."""
    from tests.cards.stripe_fakes import SECRET, FakeStripe
    from twinning.cards import gateway

    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_key", SECRET
    fake = FakeStripe()
    monkeypatch.setattr(gateway, "checkout_session_create", fake.checkout_session_create)
    monkeypatch.setattr(gateway, "refund_create", fake.refund_create)


# ---------------------------------------------------------------- refunds (s-pay)
def _bank_payment() -> dict:
    from twinning.payments.models import Refund
    from twinning.payments.services import payment_record

    kwargs = _paying()
    payment = payment_record(actor=_made["coordinator"], amount=Money(3520, "USD"), **kwargs)
    return {
        "payment": payment,
        "amount": Money(100, "USD"),
        "method": Refund.Method.BANK,
        "external_id": "bank-gate",
        "reason": "Single room dropped",
    }


# ---------------------------------------------------------------- end refunds (s-pay)


# ---------------------------------------------------------------- personal data (s-pay)
def _data_subject() -> dict:
    subject = UserFactory(full_name="Data Subject")
    _made["subject"] = subject
    return {"user": subject}


def _erasure_request() -> dict:
    return _data_subject() | {"reason": "The person's e-mail of today"}


# ---------------------------------------------------------------- end personal data (s-pay)


def _instructions_unsent() -> dict:
    from twinning.notifications.models import Notification

    kwargs = _paying()
    # Signing up sent them already; the case asks for them again from scratch.
    Notification.objects.filter(key__startswith="payments.instructions").delete()
    return {"registration": kwargs["registration"]}


# -- flow: matchmaking requests, schedule runs, late cancellations --------------------------
def _mm_world() -> dict:
    from tests.matchmaking.factories import (
        CounterpartParticipantFactory,
        DelegateParticipantFactory,
        MatchmakingPolicyFactory,
    )

    policy = MatchmakingPolicyFactory()
    delegate = DelegateParticipantFactory(delegation=policy.delegation)
    counterpart = CounterpartParticipantFactory(delegation=policy.delegation)
    _made["mm_delegate"], _made["mm_counterpart"] = delegate, counterpart
    return {"delegate": delegate, "counterpart": counterpart}


def _mm_delegate():
    return _made["mm_delegate"].member.user


def _mm_coordinator():
    return MemberFactory(
        delegation=_made["mm_delegate"].delegation, role=Member.Role.COORDINATOR
    ).user


def _mm_request_new() -> dict:
    world = _mm_world()
    return {
        "requester": world["delegate"],
        "target": world["counterpart"],
        "priority": "would",
    }


def _mm_request(**fields) -> dict:
    from tests.matchmaking.factories import MeetingRequestFactory

    world = _mm_world()
    request = MeetingRequestFactory(
        delegation=world["delegate"].delegation,
        requester=world["delegate"],
        target=world["counterpart"],
        **fields,
    )
    return {"request": request}


def _mm_overdue() -> dict:
    request = _mm_request(expires_at=timezone.now() - datetime.timedelta(hours=1))["request"]
    return {"delegation": request.delegation}


def _mm_run() -> dict:
    from twinning.matchmaking.models import ScheduleRun

    world = _mm_world()
    delegation = world["delegate"].delegation
    return {"run": ScheduleRun.objects.create(delegation=delegation, requested_by=visitor())}


GATED: dict[str, Gated] = {
    # The account itself (at its first sign-in) or an administrator; nobody else.
    "accounts.services.totp_enrolment_link_send": Gated(
        lambda: {"user": CoordinatorFactory()}, coordinator, administrator
    ),
    "exchanges.services.exchange_create": Gated(_new_exchange, visitor, coordinator),
    # A published record: changing it needs the right to publish (the admin finding).
    "exchanges.services.exchange_update": Gated(_edited_published_exchange, coordinator, moderator),
    "exchanges.services.exchange_submit_for_review": Gated(
        lambda: {"exchange": _unpublished()}, visitor, coordinator
    ),
    "exchanges.services.exchange_publish": Gated(
        lambda: {"exchange": _unpublished(Status.REVIEW)}, coordinator, moderator
    ),
    "exchanges.services.exchange_return_to_draft": Gated(
        lambda: {"exchange": ExchangeFactory()}, coordinator, moderator
    ),
    "exchanges.services.exchange_hide": Gated(
        lambda: {"exchange": ExchangeFactory()}, coordinator, moderator
    ),
    "exchanges.importing.exchanges_import": Gated(_import_rows, visitor, coordinator),
    # The delegation's own coordinator publishes, site role visitor or not (a named rule);
    # one of its delegates may not.
    "delegations.services.outcome_publish_to_archive": Gated(
        _outcome,
        _outcome_member(Member.Role.DELEGATE),
        _outcome_member(Member.Role.COORDINATOR),
    ),
    "pages.services.page_version_publish": Gated(
        lambda: {
            "page_kind": "about",
            "titles": {"en": "About", "zh-hans": "关于"},
            "bodies": {"en": "Text.", "zh-hans": "正文。"},
            "change_note": "",
        },
        visitor,
        coordinator,
    ),
    "participation.services.message_reply": Gated(
        lambda: {"message": MessageFactory(), "body": "Thank you."}, visitor, coordinator
    ),
    "participation.services.message_set_published": Gated(
        lambda: {**_answered_message(), "published": True}, visitor, coordinator
    ),
    "participation.services.message_close": Gated(
        lambda: {"message": MessageFactory()}, visitor, coordinator
    ),
    "participation.services.message_set_hidden": Gated(
        lambda: {"message": MessageFactory(published=True), "hidden": True},
        coordinator,
        moderator,
    ),
    "participation.services.report_start_review": Gated(
        lambda: {"report": ReportFactory()}, coordinator, moderator
    ),
    "participation.services.report_close": Gated(
        lambda: {"report": ReportFactory(), "hide": False, "note": ""}, coordinator, moderator
    ),
    "participation.services.report_notify_reporter": Gated(
        lambda: {"report": ReportFactory()}, coordinator, moderator
    ),
    "participation.services.content_set_hidden": Gated(
        lambda: {"obj": ExchangeFactory(), "hidden": True}, coordinator, moderator
    ),
    "participation.services.participation_purge": Gated(_old_message, moderator, administrator),
    "people.services.people_save": Gated(
        lambda: {"obj": Person(slug="new-person", name_en="New person")}, visitor, coordinator
    ),
    "people.services.people_set_hidden": Gated(
        lambda: {"obj": PersonFactory(), "hidden": True}, coordinator, moderator
    ),
    # Anyone may make their own account; a signed-in person needs none.
    "accounts.services.account_create": Gated(_new_account, visitor, _anonymous),
    "delegations.services.member_set_confirmed": Gated(_membership, visitor, administrator),
    "notifications.services.notification_queue": Gated(_notification, _anonymous, visitor),
    # A person registers themself; someone else only as the delegation's coordinator.
    "registrations.services.registration_create": Gated(_registration_create, visitor, _registrant),
    "registrations.services.registration_decide": Gated(
        lambda: _registration(approval_required=True) | {"approve": True},
        _registrant,
        _registration_coordinator,
    ),
    "registrations.services.registration_cancel": Gated(_registration, visitor, _registrant),
    "registrations.services.waiting_list_join": Gated(_waiting_list_join, visitor, _registrant),
    "registrations.services.waiting_list_leave": Gated(_waiting, visitor, _registrant),
    "registrations.services.waiting_list_offer_accept": Gated(
        lambda: _waiting(offered=True), visitor, _registrant
    ),
    "registrations.services.holds_expire": Gated(_overdue_hold, coordinator, _system),
    # Passport data: the delegate themself; letters: the delegation's own coordinators.
    "visas.services.passport_save": Gated(_passport, visitor, _registrant),
    "visas.services.travel_save": Gated(_travel, visitor, _registrant),
    "visas.services.host_set": Gated(_host, coordinator, _registration_coordinator),
    "visas.services.visa_letter_issue": Gated(
        _letter_ready, _registrant, _registration_coordinator
    ),
    "visas.services.visa_letter_revoke": Gated(
        _letter_issued, _registrant, _registration_coordinator
    ),
    "visas.services.passport_purge": Gated(_purge_due, coordinator, _system),
    # Money: the delegation's coordinators; the registrant only for their billing address.
    "payments.services.invoice_issue": Gated(
        lambda: _paying(billing=True), _registrant, _coordinator_of_payment
    ),
    "payments.services.credit_note_issue": Gated(
        _credit_note, _registrant, _coordinator_of_payment
    ),
    "payments.services.billing_details_set": Gated(
        lambda: _paying() | {"name": "Cascade Tunnelling Inc.", "address": "1 Main St"},
        visitor,
        _registrant,
    ),
    "payments.services.payment_record": Gated(
        lambda: _paying() | {"amount": Money(500, "USD")}, _registrant, _coordinator_of_payment
    ),
    "payments.services.invoice_to_follow_confirm": Gated(
        lambda: _paying() | {"note": "The city pays after the trip"},
        _registrant,
        _coordinator_of_payment,
    ),
    "payments.services.statement_import": Gated(_statement, visitor, _coordinator_of_payment),
    "payments.services.row_assign": Gated(_bank_row, _registrant, _coordinator_of_payment),
    "payments.services.row_ignore": Gated(
        lambda: {"row": _bank_row()["row"]}, _registrant, _coordinator_of_payment
    ),
    "payments.services.reminders_send": Gated(_reminder_due, coordinator, _system),
    # A reaction to a registration awaiting payment: the system actor's alone.
    "payments.services.payment_instructions_send": Gated(
        _instructions_unsent, coordinator, _system
    ),
    # ---- personal data (s-pay): the person exports their own; administrators erase.
    "accounts.services.personal_data_export": Gated(
        _data_subject, coordinator, lambda: _made["subject"]
    ),
    "accounts.services.personal_data_erase": Gated(_erasure_request, coordinator, administrator),
    # ---- end personal data (s-pay)
    # ---- refunds (s-pay): the delegation's coordinators record money going back out.
    "payments.services.refund_record": Gated(_bank_payment, _registrant, _coordinator_of_payment),
    # ---- end refunds (s-pay)
    # Cards: the registrant pays; Stripe's verified events act as the system.
    "cards.services.checkout_start": Gated(_paying, _coordinator_of_payment, _registrant),
    "cards.services.stripe_event_process": Gated(_stripe_event, coordinator, _system),
    "cards.services.card_refund": Gated(_card_payment, _registrant, _coordinator_of_payment),
    "registrations.services.registration_mark_paid": Gated(
        lambda: _paying() | {"paid": Money(3520, "USD")}, _registrant, _coordinator_of_payment
    ),
    "registrations.services.registration_confirm_unpaid": Gated(
        _paying, _registrant, _coordinator_of_payment
    ),
    # -- flow: matchmaking -------------------------------------------------------------
    # A participant asks as themself (or a coordinator on their behalf); the asked side answers.
    "matchmaking.services.meeting_request_create": Gated(_mm_request_new, visitor, _mm_delegate),
    "matchmaking.services.meeting_request_answer": Gated(
        lambda: _mm_request() | {"accept": True}, _mm_delegate, _mm_coordinator
    ),
    "matchmaking.services.meeting_request_withdraw": Gated(_mm_request, visitor, _mm_delegate),
    "matchmaking.services.meeting_requests_expire": Gated(_mm_overdue, _mm_delegate, _system),
    "matchmaking.services.schedule_run_start": Gated(
        lambda: {"delegation": _mm_world()["delegate"].delegation}, _mm_delegate, _mm_coordinator
    ),
    "matchmaking.services.schedule_run_execute": Gated(_mm_run, _mm_delegate, _system),
    "matchmaking.services.participant_withdraw": Gated(
        lambda: {"participant": _mm_world()["counterpart"]}, _mm_delegate, _mm_coordinator
    ),
}


# -- agenda (matchmaking): publication, moves, locks, the day itself, outcomes ------------
_agenda: dict = {}


def _agenda_world(**extra):
    """A delegation with one meeting (tests/matchmaking/agenda_world.py); kept for the actors."""
    from tests.matchmaking import agenda_world

    def kwargs():
        world = agenda_world.build(status="final")
        _agenda["world"] = world
        return {key: value(world) for key, value in extra.items()}

    return kwargs


def _agenda_coordinator():
    return _agenda["world"].coordinator


def _agenda_delegate():
    return _agenda["world"].delegate.member.user


def _agenda_counterpart():
    return _agenda["world"].counterpart.user


def _with_cooperation(world):
    from twinning.matchmaking.models import Feedback

    Feedback.objects.create(
        meeting=world.meeting, participant=world.delegate, verdict="cooperation"
    )
    return world.meeting


AGENDA_GATED: dict[str, Gated] = {
    "delegations.services.outcome_create": Gated(
        _agenda_world(
            delegation=lambda w: w.delegation,
            kind=lambda w: "deal",
            titles=lambda w: {"en": "A deal"},
        ),
        _agenda_delegate,
        _agenda_coordinator,
    ),
    "matchmaking.services.agenda_publish": Gated(
        lambda: (
            _agenda_world(delegation=lambda w: w.delegation, status=lambda w: "final")()
            | _agenda_draft()
        ),
        _agenda_delegate,
        _agenda_coordinator,
    ),
    "matchmaking.services.meeting_move": Gated(
        _agenda_world(
            meeting=lambda w: w.meeting,
            slot=lambda w: w.slots[2],
            table=lambda w: 2,
            interpreter=lambda w: w.interpreter,
        ),
        _agenda_delegate,
        _agenda_coordinator,
    ),
    "matchmaking.services.meeting_lock": Gated(
        _agenda_world(meeting=lambda w: w.meeting, locked=lambda w: True),
        _agenda_delegate,
        _agenda_coordinator,
    ),
    "matchmaking.services.meeting_cancel": Gated(
        _agenda_world(meeting=lambda w: w.meeting, reason=lambda w: "ill"),
        _agenda_delegate,
        _agenda_coordinator,
    ),
    # Either side of the meeting, or the coordinators; not anyone else.
    "matchmaking.services.meeting_check_in": Gated(
        _agenda_world(meeting=lambda w: w.meeting), visitor, _agenda_counterpart
    ),
    "matchmaking.services.meeting_attendance_set": Gated(
        _agenda_world(meeting=lambda w: w.meeting, attendance=lambda w: "no_show_b"),
        _agenda_delegate,
        _agenda_coordinator,
    ),
    # A side gives its own feedback; the other side may not give it for them.
    "matchmaking.services.meeting_feedback_give": Gated(
        _agenda_world(
            meeting=lambda w: w.meeting,
            participant=lambda w: w.delegate,
            verdict=lambda w: "no_fit",
        ),
        _agenda_counterpart,
        _agenda_delegate,
    ),
    "matchmaking.services.feedback_requests_send": Gated(
        _agenda_world(
            delegation=lambda w: w.delegation,
            now=lambda w: w.slots[0].ends_at + datetime.timedelta(minutes=5),
        ),
        _agenda_delegate,
        _system,
    ),
    "matchmaking.services.meeting_outcome_record": Gated(
        _agenda_world(meeting=_with_cooperation), _agenda_delegate, _agenda_coordinator
    ),
}


# ---------------------------------------------------------------- backoffice (announcements,
# transfers): the builders remember the delegation's coordinator and the transfer's starter.


def _office_delegation():
    from tests.payments.factories import coordinator_of

    delegation = _policy().delegation
    _made["office_coordinator"] = coordinator_of(delegation)
    return delegation


def _office_coordinator():
    return _made["office_coordinator"]


def _announcement_new() -> dict:
    return {
        "delegation": _office_delegation(),
        "group": "members",
        "subjects": {"en": "Subject", "zh-hans": "主题"},
        "bodies": {"en": "Body", "zh-hans": "正文"},
    }


def _announcement() -> dict:
    from twinning.backoffice.models import Announcement

    delegation = _office_delegation()
    MemberFactory(delegation=delegation, role=Member.Role.DELEGATE, confirmed=True)
    announcement = Announcement.objects.create(
        delegation=delegation,
        group="members",
        created_by=_office_coordinator(),
        subject_en="S",
        subject_zh_hans="主题",
        body_en="B",
        body_zh_hans="正文",
    )
    return {"announcement": announcement}


def _transfer_new() -> dict:
    return {
        "kind": "export",
        "dataset": "delegates",
        "file_format": "csv",
        "delegation": _office_delegation(),
        "file_name": "delegates.csv",
    }


def _transfer(status="queued", kind="export", content=b"") -> dict:
    from twinning.backoffice.models import Transfer

    delegation = _office_delegation()
    transfer = Transfer.objects.create(
        kind=kind,
        dataset="delegates",
        format="csv",
        delegation=delegation,
        status=status,
        file_name="delegates.csv",
        content=content,
        created_by=_office_coordinator(),
    )
    return {"transfer": transfer}


def _transfer_import() -> dict:
    return _transfer("checked", "import", b"registration,company\r\n1,X\r\n")


def _delegate_row() -> dict:
    kwargs = _registration()
    _made["office_coordinator"] = _registration_coordinator()
    return {"registration": kwargs["registration"], "values": {"company": "Renamed Ltd"}}


GATED |= {
    "backoffice.services.announcement_create": Gated(
        _announcement_new, visitor, _office_coordinator
    ),
    "backoffice.services.announcement_deliver": Gated(_announcement, coordinator, _system),
    "backoffice.services.transfer_start": Gated(_transfer_new, visitor, _office_coordinator),
    "backoffice.services.transfer_progress": Gated(
        lambda: _transfer() | {"done": 1, "total": 2}, visitor, _office_coordinator
    ),
    "backoffice.services.transfer_finish": Gated(
        lambda: _transfer("running") | {"content": b"x", "report": []},
        visitor,
        _office_coordinator,
    ),
    # The check runs in the background on an upload still being checked.
    "backoffice.services.transfer_check": Gated(
        lambda: _transfer("checking", "import", b"registration,company\r\n1,X\r\n"),
        visitor,
        _office_coordinator,
    ),
    "backoffice.services.transfer_confirm": Gated(_transfer_import, visitor, _office_coordinator),
    "backoffice.services.delegate_details_change": Gated(
        _delegate_row, visitor, _office_coordinator
    ),
    "backoffice.services.payment_reminder_send": Gated(
        lambda: {"registration": _delegate_row()["registration"]}, visitor, _office_coordinator
    ),
}


def _agenda_draft() -> dict:
    _agenda["world"].policy.agenda_status = "draft"
    _agenda["world"].policy.save()
    return {}


GATED |= AGENDA_GATED


# -- profiles: matchmaking profiles, counterparts, import, claim --
def _mm_delegate() -> dict:
    from tests.matchmaking.factories import DelegateParticipantFactory

    participant = DelegateParticipantFactory()
    _made["mm_owner"] = participant.member.user
    _made["mm_delegation"] = participant.delegation
    return {"participant": participant, "values": {"offers_en": "Tunnel boring machines"}}


def _mm_member() -> dict:
    member = MemberFactory(role=Member.Role.DELEGATE, confirmed=True)
    _made["mm_owner"] = member.user
    return {"member": member}


def _mm_delegation(**extra):
    def make() -> dict:
        delegation = DelegationFactory()
        _made["mm_delegation"] = delegation
        return {"delegation": delegation, **extra}

    return make


def _mm_counterpart() -> dict:
    from tests.matchmaking.factories import CounterpartParticipantFactory

    participant = CounterpartParticipantFactory()
    _made["mm_delegation"] = participant.delegation
    return {"participant": participant}


def _mm_claim() -> dict:
    kwargs = _mm_counterpart()
    return kwargs | {"token": kwargs["participant"].claim_token}


def _mm_owner():
    return _made["mm_owner"]


def _mm_coordinator():
    delegation = _made["mm_delegation"]
    return MemberFactory(delegation=delegation, role=Member.Role.COORDINATOR, confirmed=True).user


MATCHMAKING_PROFILES_GATED = {
    "matchmaking.services.profile_update": Gated(_mm_delegate, visitor, _mm_owner),
    "matchmaking.services.delegate_profile_start": Gated(_mm_member, visitor, _mm_owner),
    "matchmaking.services.counterpart_create": Gated(
        _mm_delegation(values={"organisation_en": "Rail Builders"}), coordinator, _mm_coordinator
    ),
    "matchmaking.services.counterparts_import": Gated(
        _mm_delegation(rows=[{"contact_email": "a@example.cn", "organisation_en": "Aero"}]),
        coordinator,
        _mm_coordinator,
    ),
    "matchmaking.services.counterpart_invite": Gated(_mm_counterpart, coordinator, _mm_coordinator),
    # A new secret agenda address for a participant without an account: coordinators only.
    "matchmaking.services.agenda_link_renew": Gated(_mm_counterpart, coordinator, _mm_coordinator),
    # Whoever holds the secret link may claim an unclaimed profile, once signed in.
    "matchmaking.services.profile_claim": Gated(_mm_claim, _anonymous, visitor),
}
GATED |= MATCHMAKING_PROFILES_GATED


# ------------------------------------------------------------------ api (tokens, webhooks)
def _api_token() -> dict:
    from twinning.api.services import api_token_create

    token, _plaintext = api_token_create(
        actor=CoordinatorFactory(), name="CRM", scopes=["registrations:read"]
    )
    return {"token": token}


def _api_token_fields() -> dict:
    return {"name": "City CRM", "scopes": ["registrations:read", "payments:write"]}


def _webhook_delivery() -> dict:
    from twinning.api.models import WebhookDelivery, WebhookSubscription

    subscription = WebhookSubscription.objects.create(
        # The discard port of this machine: refused at once, and the try is logged.
        url="http://127.0.0.1:9/hook",
        events=["payment.received"],
        secret="s",
        created_by=administrator(),
    )
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event="payment.received", event_key="k", payload={}
    )
    return {"delivery_id": delivery.pk}


GATED |= {
    "api.services.api_token_create": Gated(_api_token_fields, visitor, coordinator),
    "api.services.api_token_revoke": Gated(_api_token, coordinator, administrator),
    "api.services.webhook_subscription_create": Gated(
        lambda: {"url": "http://127.0.0.1:8999/hook", "events": ["payment.received"]},
        coordinator,
        administrator,
    ),
    "api.services.webhook_deliver": Gated(_webhook_delivery, coordinator, _system),
}


def _database() -> dict[str, list]:
    """Every row of every table, to tell whether a call wrote anything at all."""
    return {
        model._meta.label: sorted(map(repr, model._default_manager.values_list()))
        for model in apps.get_models()
    }


def test_every_service_function_is_in_the_table():
    assert set(SERVICES) == set(GATED) | set(READS) | set(UNGATED_WRITES)


def test_no_function_is_listed_twice():
    assert set(GATED) & set(READS) == set()
    assert (set(GATED) | set(READS)) & set(UNGATED_WRITES) == set()


@pytest.mark.parametrize("name", sorted(GATED))
def test_the_actor_is_a_required_keyword_argument(name):
    actor = inspect.signature(SERVICES[name]).parameters["actor"]
    assert (actor.kind, actor.default) == (Parameter.KEYWORD_ONLY, Parameter.empty)


@pytest.mark.parametrize("name", sorted(GATED))
def test_a_write_service_refuses_an_actor_without_the_right_and_writes_nothing(name):
    case = GATED[name]
    kwargs, actor = case.kwargs(), case.without()
    before = _database()

    with pytest.raises(PermissionDenied):
        SERVICES[name](actor=actor, **kwargs)

    assert _database() == before


@pytest.mark.parametrize("name", sorted(GATED))
def test_a_write_service_accepts_an_actor_with_the_right(name):
    case = GATED[name]
    kwargs, actor = case.kwargs(), case.with_right()
    before = _database()

    SERVICES[name](actor=actor, **kwargs)

    assert _database() != before


@pytest.mark.parametrize("name", sorted(GATED))
def test_a_write_service_refuses_a_missing_actor(name):
    with pytest.raises(PermissionDenied):
        SERVICES[name](actor=None, **GATED[name].kwargs())
