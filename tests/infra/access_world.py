"""The world the access matrix runs in: two delegations, A and B, with everything a URL of
the site can point at, and one user per role. Built once per module (see the test)."""

from dataclasses import dataclass, field

from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from djmoney.money import Money

from tests.accounts.factories import CoordinatorFactory, UserFactory
from tests.cities.factories import CityFactory, RelationshipFactory
from tests.delegations.factories import DocumentFactory, MemberFactory, SessionFactory
from tests.exchanges.factories import ExchangeFactory
from tests.participation.factories import MessageFactory, ReportFactory
from tests.payments.factories import IssuerFactory
from tests.people.factories import OrganisationFactory, PersonFactory
from tests.registrations.factories import RegistrationPolicyFactory
from tests.visas.factories import RegistrationFactory, issue_for, with_passport
from twinning.accounts.models import Role
from twinning.backoffice.models import Announcement, Transfer
from twinning.delegations.models import Audience, Member, Outcome
from twinning.exchanges.models import Attachment, Exchange
from twinning.participation.models import Message
from twinning.payments import services as payment_services
from twinning.payments.models import Payment
from twinning.registrations.models import WaitingListEntry

ROLES = (
    "anonymous",
    "delegate_a",
    "delegate_b",
    "presenter",
    "counterpart",
    "moderator",
    "coordinator",
    "administrator",
)


@dataclass
class Side:
    """One delegation's ids: what a URL of it can name."""

    slug: str = ""
    session: int = 0  # members only, title not public
    session_titled: int = 0  # members only, title public
    document: int = 0  # members only
    member: int = 0  # the delegate's membership
    outcome: int = 0
    registration: int = 0  # the delegate's (confirmed, passport, letter, invoice)
    invoice: int = 0
    invoice_number: str = ""
    letter: int = 0
    letter_token: str = ""
    waiting_entry: int = 0
    public_session: int = 0
    payment: int = 0  # on the delegate's registration (the API's payment URLs)
    calendar_token: str = ""
    card_token: str = ""
    # -- agenda (matchmaking): the delegate's meeting with a counterpart, its interpreter --
    meeting: int = 0
    interpreter_token: str = ""
    feedback_token: str = ""
    # -- profiles: matchmaking --
    mm_delegate: int = 0  # the delegate's meetings profile
    mm_counterpart: int = 0  # an unclaimed counterpart profile
    mm_claim_token: str = ""
    mm_agenda_token: str = ""  # the counterpart's agenda behind its secret address
    # -- flow: matchmaking (the delegate's profile asked the counterpart; a run) --
    mm_target: int = 0  # a counterpart the delegate may ask
    mm_spare: int = 0  # a counterpart a coordinator may mark cancelled
    mm_request: int = 0  # pending, from the delegate to mm_target
    mm_run: int = 0
    announcement: int = 0  # backoffice: an announcement to the members


@dataclass
class World:
    users: dict[str, int] = field(default_factory=dict)
    a: Side = field(default_factory=Side)
    b: Side = field(default_factory=Side)
    city: str = ""
    relationship: str = ""
    exchange: str = ""
    draft_exchange: str = ""
    draft_attachment: int = 0
    person: str = ""
    organisation: str = ""
    question: int = 0
    message: int = 0
    report: int = 0
    api_token: int = 0  # the coordinator's
    reset_uid: str = ""
    reset_token: str = ""
    transfer: int = 0  # backoffice: a finished export of A's delegates, by A's coordinator


def _side(slug: str, *, delegate, coordinator, waiter) -> Side:
    policy = RegistrationPolicyFactory(delegation__slug=slug)
    delegation = policy.delegation
    IssuerFactory().delegations.add(delegation)
    MemberFactory(delegation=delegation, user=coordinator, role=Member.Role.COORDINATOR)
    member = MemberFactory(delegation=delegation, user=delegate)
    registration = with_passport(RegistrationFactory(delegation=delegation, user=delegate))
    letter = issue_for(registration, actor=coordinator)
    payment_services.billing_details_set(
        registration=registration, actor=delegate, name="Cascade Tunnelling", address="Seattle"
    )
    invoice = payment_services.invoice_issue(registration=registration, actor=coordinator)
    entry = WaitingListEntry.objects.create(delegation=delegation, user=waiter)
    # -- profiles: matchmaking --
    from tests.matchmaking.factories import (
        CounterpartParticipantFactory,
        DelegateParticipantFactory,
    )

    mm_delegate = DelegateParticipantFactory(delegation=delegation, member=member)
    mm_counterpart = CounterpartParticipantFactory(delegation=delegation)
    matchmaking = _matchmaking(delegation, mm_delegate, coordinator)
    announcement = Announcement.objects.create(
        delegation=delegation,
        group=Announcement.Group.MEMBERS,
        created_by=coordinator,
        subject_en="Welcome",
        subject_zh_hans="欢迎",
        body_en="Hello",
        body_zh_hans="你好",
    )
    payment = Payment.objects.create(
        registration=registration,
        amount=Money(100, "USD"),
        method=Payment.Method.MANUAL,
        received_at=registration.created_at,
        recorded_by=coordinator,
    )
    return Side(
        **matchmaking,
        slug=slug,
        session=SessionFactory(
            delegation=delegation, audience=Audience.MEMBERS, title_is_public=False
        ).pk,
        session_titled=SessionFactory(delegation=delegation, audience=Audience.MEMBERS).pk,
        document=DocumentFactory(delegation=delegation, audience=Audience.MEMBERS).pk,
        member=member.pk,
        outcome=Outcome.objects.create(
            delegation=delegation, kind=Outcome.Kind.values[0], title="Agreement signed"
        ).pk,
        registration=registration.pk,
        invoice=invoice.pk,
        invoice_number=invoice.number,
        letter=letter.pk,
        letter_token=letter.token,
        waiting_entry=entry.pk,
        payment=payment.pk,
        public_session=SessionFactory(delegation=delegation, audience=Audience.PUBLIC).pk,
        calendar_token=member.calendar_token,
        card_token=member.card_token,
        mm_delegate=mm_delegate.pk,
        mm_counterpart=mm_counterpart.pk,
        mm_claim_token=mm_counterpart.claim_token,
        mm_agenda_token=mm_counterpart.agenda_token,
        announcement=announcement.pk,
    )


def _matchmaking(delegation, delegate, coordinator) -> dict:
    """-- flow: the delegate's profile, two counterparts, a pending request, a run."""
    from tests.matchmaking.factories import (
        CounterpartParticipantFactory,
        MatchmakingPolicyFactory,
        MeetingRequestFactory,
    )
    from twinning.matchmaking.models import ScheduleRun

    MatchmakingPolicyFactory(delegation=delegation)
    target = CounterpartParticipantFactory(delegation=delegation)
    request = MeetingRequestFactory(
        delegation=delegation, requester=delegate, target=target, created_by=delegate.member.user
    )
    run = ScheduleRun.objects.create(delegation=delegation, requested_by=coordinator)
    return {
        "mm_target": target.pk,
        "mm_spare": CounterpartParticipantFactory(delegation=delegation).pk,
        "mm_request": request.pk,
        "mm_run": run.pk,
    }


def build() -> World:
    world = World()
    users = {
        "delegate_a": UserFactory(role=Role.DELEGATE),
        "delegate_b": UserFactory(role=Role.DELEGATE),
        "presenter": UserFactory(role=Role.PRESENTER),
        "counterpart": UserFactory(role=Role.COUNTERPART),
        "moderator": UserFactory(role=Role.MODERATOR, is_staff=True),
        "coordinator": CoordinatorFactory(),
        "administrator": UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True),
    }
    # B's coordinator is someone else: the coordinator of A must not reach B's records.
    coordinator_b = CoordinatorFactory()
    world.users = {role: user.pk for role, user in users.items()}
    world.a = _side(
        "mission-a",
        delegate=users["delegate_a"],
        coordinator=users["coordinator"],
        waiter=users["counterpart"],
    )
    world.b = _side(
        "mission-b", delegate=users["delegate_b"], coordinator=coordinator_b, waiter=UserFactory()
    )
    MemberFactory(
        delegation_id=_delegation_pk(world.a.slug),
        user=users["presenter"],
        role=Member.Role.PRESENTER,
    )

    _agenda(world.a, interpreter_user=users["presenter"])
    _agenda(world.b)

    world.city = CityFactory().slug
    world.relationship = RelationshipFactory().slug
    world.exchange = ExchangeFactory().key
    draft = ExchangeFactory(status=Exchange.Status.DRAFT, published_at=None)
    world.draft_exchange = draft.key
    attachment = Attachment(exchange=draft, kind=Attachment.Kind.DOCUMENT, original_name="a.pdf")
    attachment.file.save("a.pdf", ContentFile(b"%PDF-1.4 draft"), save=True)
    world.draft_attachment = attachment.pk
    world.person = PersonFactory().slug
    world.organisation = OrganisationFactory().slug
    world.question = MessageFactory(status=Message.Status.ANSWERED, published=True).pk
    world.message = MessageFactory().pk
    world.report = ReportFactory().pk
    from twinning.api.services import api_token_create

    world.api_token = api_token_create(
        actor=users["coordinator"], name="CRM", scopes=["registrations:read"]
    )[0].pk
    delegate = users["delegate_a"]
    world.reset_uid = urlsafe_base64_encode(force_bytes(delegate.pk))
    world.reset_token = default_token_generator.make_token(delegate)
    world.transfer = Transfer.objects.create(
        kind=Transfer.Kind.EXPORT,
        dataset="delegates",
        format=Transfer.Format.CSV,
        delegation_id=_delegation_pk(world.a.slug),
        status=Transfer.Status.DONE,
        file_name="delegates.csv",
        content=b"registration\r\n",
        created_by=users["coordinator"],
    ).pk
    return world


# -- agenda (matchmaking) -------------------------------------------------------------------
def _agenda(side: Side, *, interpreter_user=None) -> None:
    """A published (preliminary) agenda: the delegate meets an unclaimed counterpart with an
    interpreter (the presenter's account on A)."""
    from tests.matchmaking.factories import (
        CounterpartParticipantFactory,
        DelegateParticipantFactory,
        InterpreterFactory,
        MatchmakingPolicyFactory,
        MeetingFactory,
        SlotFactory,
    )
    from twinning.matchmaking.feedback_links import feedback_token
    from twinning.matchmaking.models import MatchmakingPolicy, Participant

    member = Member.objects.get(pk=side.member)
    delegation = member.delegation
    # The flow block made the policy and the delegate's profile already; make them if not.
    policy = MatchmakingPolicy.objects.filter(delegation=delegation).first()
    policy = policy or MatchmakingPolicyFactory(delegation=delegation)
    policy.agenda_status = "preliminary"
    policy.save(update_fields=["agenda_status"])
    delegate = Participant.objects.filter(member=member).first()
    delegate = delegate or DelegateParticipantFactory(delegation=delegation, member=member)
    counterpart = CounterpartParticipantFactory(delegation=delegation)
    interpreter = InterpreterFactory(delegation=delegation, user=interpreter_user)
    meeting = MeetingFactory(
        delegation=delegation,
        participant_a=delegate,
        participant_b=counterpart,
        slot=SlotFactory(delegation=delegation),
        table=1,
        interpreter=interpreter,
    )
    side.meeting = meeting.pk
    side.interpreter_token = interpreter.calendar_token
    side.feedback_token = feedback_token(meeting, delegate)


def _delegation_pk(slug: str) -> int:
    from twinning.delegations.models import Delegation

    return Delegation.objects.get(slug=slug).pk
