"""Reads of the back office: a delegation's figures, groups of recipients, the logs."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum
from djmoney.money import Money

from twinning.accounts.models import Role, User
from twinning.backoffice.models import Announcement, Delivery, Transfer
from twinning.delegations import access
from twinning.delegations.models import Audience, Delegation, Member, Session
from twinning.participation import selectors as participation_selectors
from twinning.payments.models import Payment
from twinning.payments.selectors import with_paid
from twinning.registrations.models import Registration, WaitingListEntry
from twinning.visas.models import PassportRecord, VisaLetter

Status = Registration.Status
OWING = (Status.AWAITING_PAYMENT, Status.CONFIRMED)


def delegations_for(user: User) -> list[Delegation]:
    """The delegations whose dashboard ``user`` may open, newest trip first."""
    # The same levels as delegations.access (a confirmed coordinator, or an administrator).
    delegations = Delegation.objects.order_by("-travel_start", "pk")
    if not (user.is_superuser or user.role in (Role.ADMINISTRATOR, Role.SYSTEM)):
        delegations = delegations.filter(
            members__user=user, members__role=Member.Role.COORDINATOR, members__confirmed=True
        )
    return list(delegations[:200])


@dataclass(frozen=True)
class Seats:
    capacity: int
    confirmed: int
    held: int
    waiting: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.confirmed - self.held, 0)


def seats(delegation: Delegation) -> Seats:
    """Seats confirmed, held (awaiting approval or payment) and wanted by the waiting list."""
    counts = Registration.objects.filter(delegation=delegation).aggregate(
        confirmed=Sum("seats", filter=Q(status=Status.CONFIRMED)),
        held=Sum("seats", filter=Q(status__in=[Status.AWAITING_APPROVAL, Status.AWAITING_PAYMENT])),
    )
    waiting = WaitingListEntry.objects.filter(
        delegation=delegation, status__in=WaitingListEntry.OPEN
    ).aggregate(seats=Sum("seats"))["seats"]
    return Seats(
        capacity=delegation.capacity,
        confirmed=counts["confirmed"] or 0,
        held=counts["held"] or 0,
        waiting=waiting or 0,
    )


@dataclass(frozen=True)
class Money2:
    """What came in and what is still owed, in one currency."""

    currency: str
    received: Money
    due: Money


def money(delegation: Delegation) -> list[Money2]:
    """Received and due per currency (two queries, whatever the number of registrations)."""
    received: dict[str, Decimal] = defaultdict(Decimal)
    due: dict[str, Decimal] = defaultdict(Decimal)
    for currency, amount in (
        Payment.objects.filter(registration__delegation=delegation)
        .values_list("amount_currency")
        .annotate(total=Sum("amount"))
        .order_by("amount_currency")
    ):
        received[currency] += amount
    owing = with_paid(Registration.objects.filter(delegation=delegation, status__in=OWING))
    for currency, total, paid in owing.values_list("total_currency", "total", "paid_amount"):
        due[currency] += max(total - paid, Decimal(0))
    return [
        Money2(currency, Money(received[currency], currency), Money(due[currency], currency))
        for currency in sorted(set(received) | set(due))
    ]


def visa_letters_pending(delegation: Delegation) -> int:
    """Registrations holding seats whose passport data is in but who have no valid letter."""
    return (
        Registration.objects.filter(delegation=delegation, status__in=Registration.HOLDING)
        .filter(Exists(PassportRecord.objects.filter(registration=OuterRef("pk"))))
        .exclude(
            Exists(VisaLetter.objects.filter(registration=OuterRef("pk"), revoked_at__isnull=True))
        )
        .count()
    )


def messages_new() -> int:
    return participation_selectors.messages_new_count()


def reports_open() -> int:
    return participation_selectors.reports_open_count()


# --- groups of recipients ------------------------------------------------------------------


def registrations_unpaid(delegation: Delegation) -> QuerySet[Registration]:
    """Registrations that owe money: awaiting payment, or confirmed with a balance open."""
    return with_paid(Registration.objects.filter(delegation=delegation, status__in=OWING)).filter(
        paid_amount__lt=F("total")
    )


def _session_attendees(session: Session) -> QuerySet[User]:
    roles = {
        Audience.PUBLIC: [Member.Role.DELEGATE, Member.Role.PRESENTER, Member.Role.COORDINATOR],
        Audience.MEMBERS: [Member.Role.DELEGATE, Member.Role.PRESENTER, Member.Role.COORDINATOR],
        Audience.COORDINATORS: [Member.Role.COORDINATOR],
    }[session.audience]
    members = Member.objects.filter(delegation_id=session.delegation_id, confirmed=True)
    return User.objects.filter(
        Q(pk__in=members.filter(role__in=roles).values("user"))
        | Q(pk__in=session.presenters.values("user"))
    )


def recipients(
    *, delegation: Delegation, group: str, session: Session | None = None
) -> QuerySet[User]:
    """The active people of a group of ``delegation``, each once, in a stable order."""
    Group = Announcement.Group
    if group == Group.MEMBERS:
        users = User.objects.filter(
            pk__in=Member.objects.filter(delegation=delegation, confirmed=True).values("user")
        )
    elif group == Group.REGISTERED:
        users = User.objects.filter(
            pk__in=Registration.objects.filter(
                delegation=delegation, status__in=Registration.HOLDING
            ).values("user")
        )
    elif group == Group.CONFIRMED:
        users = User.objects.filter(
            pk__in=Registration.objects.filter(
                delegation=delegation, status=Status.CONFIRMED
            ).values("user")
        )
    elif group == Group.UNPAID:
        users = User.objects.filter(pk__in=registrations_unpaid(delegation).values("user"))
    elif group == Group.WAITING:
        users = User.objects.filter(
            pk__in=WaitingListEntry.objects.filter(
                delegation=delegation, status__in=WaitingListEntry.OPEN
            ).values("user")
        )
    elif group == Group.SESSION and session is not None:
        users = _session_attendees(session)
    else:
        users = User.objects.none()
    return users.filter(is_active=True).order_by("pk")


def session_reaches(user: User, session: Session) -> bool:
    return access.reaches(user, session.delegation, session.audience)


# --- logs ----------------------------------------------------------------------------------


def announcements_of(delegation: Delegation) -> QuerySet[Announcement]:
    return Announcement.objects.filter(delegation=delegation).select_related("created_by")


def deliveries_of(announcement: Announcement) -> QuerySet[Delivery]:
    return (
        Delivery.objects.filter(announcement=announcement)
        .select_related("user", "notification")
        .order_by("pk")
    )


def transfers_of(user: User) -> QuerySet[Transfer]:
    return Transfer.objects.filter(created_by=user).select_related("delegation").defer("content")
