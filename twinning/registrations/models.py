"""Registrations for a delegation: how it sells its seats, who took one, who waits.

Seat rule (docs/architecture.md): a registration holds its seats from the moment it is
made while it awaits approval or payment, until its payment deadline; a registration past
that deadline with nothing paid expires and its seats go to the waiting list. A waiting
list offer holds the seats it offers until the offer expires.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField


class RegistrationPolicy(models.Model):
    """How one delegation takes registrations: window, approval, payment time, prices."""

    delegation = models.OneToOneField(
        "delegations.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="registration_policy",
    )
    opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    deadline = models.DateTimeField(_("registration deadline"))
    approval_required = models.BooleanField(_("coordinator approval before payment"), default=False)
    payment_days = models.PositiveSmallIntegerField(
        _("days to pay"),
        default=14,
        help_text=_("An unpaid registration holds its seats this many days, then expires."),
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept a waiting-list offer"), default=48
    )
    price = MoneyField(_("price"), max_digits=12, decimal_places=2, default_currency="USD")
    early_bird_price = MoneyField(
        _("early-bird price"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    early_bird_until = models.DateField(_("early-bird price until"), null=True, blank=True)
    single_room_supplement = MoneyField(
        _("single-room supplement"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    accompanying_person_price = MoneyField(
        _("accompanying person"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    deposit = MoneyField(_("deposit"), max_digits=12, decimal_places=2, null=True, blank=True)
    balance_due = models.DateField(_("balance due by"), null=True, blank=True)
    fee_covers = models.TextField(_("the fee covers"), blank=True)
    fee_excludes = models.TextField(_("the fee does not cover"), blank=True)
    terms = models.TextField(_("terms and conditions"))
    terms_version = models.PositiveIntegerField(_("terms version"), default=1)

    class Meta:
        verbose_name = _("registration policy")
        verbose_name_plural = _("registration policies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price__gte=0), name="registrations_price_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(payment_days__gte=1), name="registrations_payment_days_positive"
            ),
        ]

    def __str__(self):
        return str(self.delegation)


class CancellationRule(models.Model):
    """One step of the cancellation schedule: cancelled on or before ``until``, refund this."""

    policy = models.ForeignKey(
        RegistrationPolicy, on_delete=models.CASCADE, related_name="cancellation_rules"
    )
    until = models.DateField(_("cancelled on or before"))
    refund_percent = models.PositiveSmallIntegerField(_("refund (per cent of what was paid)"))
    fee = MoneyField(_("cancellation fee"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("cancellation rule")
        verbose_name_plural = _("cancellation rules")
        ordering = ["policy", "until"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(refund_percent__lte=100),
                name="registrations_refund_at_most_everything",
            ),
            models.UniqueConstraint(
                fields=["policy", "until"], name="registrations_one_rule_per_date"
            ),
        ]

    def __str__(self):
        return f"{self.until}: {self.refund_percent}%"


class DiscountCode(models.Model):
    policy = models.ForeignKey(
        RegistrationPolicy, on_delete=models.CASCADE, related_name="discount_codes"
    )
    code = models.CharField(_("code"), max_length=40)
    percent = models.PositiveSmallIntegerField(_("discount (per cent)"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    max_uses = models.PositiveIntegerField(_("uses at most"), null=True, blank=True)

    class Meta:
        verbose_name = _("discount code")
        verbose_name_plural = _("discount codes")
        ordering = ["policy", "code"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "code"], name="registrations_code_once"),
            models.CheckConstraint(
                condition=models.Q(percent__gte=1) & models.Q(percent__lte=100),
                name="registrations_discount_in_range",
            ),
        ]

    def __str__(self):
        return self.code


class Question(models.Model):
    """A question a coordinator adds to one delegation's registration form."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CHOICE = "choice", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        YES_NO = "yes_no", _("Yes or no")
        DATE = "date", _("Date")
        COUNTRY = "country", _("Country")

    policy = models.ForeignKey(
        RegistrationPolicy, on_delete=models.CASCADE, related_name="questions"
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("explanation"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Shown (and required) only when an earlier question has this answer.
    show_if = models.ForeignKey(
        "self",
        verbose_name=_("only when this question"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dependents",
    )
    show_if_value = models.CharField(_("has this answer"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["policy", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(show_if__isnull=True) | ~models.Q(show_if_value=""),
                name="registrations_condition_has_a_value",
            ),
        ]

    def __str__(self):
        return self.label


class QuestionChoice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    value = models.SlugField(_("value"), max_length=100)
    label = models.CharField(_("label"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "value"], name="registrations_choice_value_once"
            ),
        ]

    def __str__(self):
        return self.label


class Registration(models.Model):
    class Status(models.TextChoices):
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
        AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUSED = "refused", _("Refused")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    HOLDING = (Status.AWAITING_APPROVAL, Status.AWAITING_PAYMENT, Status.CONFIRMED)

    delegation = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrant"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    single_room = models.BooleanField(_("single room"), default=False)
    accompanying_person = models.CharField(_("accompanying person"), max_length=200, blank=True)
    company = models.CharField(_("company or institution"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200)
    sector = models.CharField(_("sector"), max_length=200, blank=True)
    goals = models.TextField(_("goals for the trip"), blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    room_sharing = models.CharField(_("sharing a room with"), max_length=200, blank=True)
    emergency_contact = models.CharField(_("emergency contact"), max_length=300)
    terms_version = models.PositiveIntegerField(_("terms version accepted"))
    terms_accepted_at = models.DateTimeField(_("terms accepted"))
    # Copied from the policy when the registration is made: later edits do not change it.
    cancellation_schedule = models.JSONField(_("cancellation schedule"), default=list, blank=True)
    discount_code = models.ForeignKey(
        DiscountCode,
        verbose_name=_("discount code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
    )
    total = MoneyField(_("total"), max_digits=12, decimal_places=2, default_currency="USD")
    payment_deadline = models.DateTimeField(_("pay by"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["delegation", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "user"],
                condition=models.Q(
                    status__in=["awaiting_approval", "awaiting_payment", "confirmed"]
                ),
                name="registrations_one_active_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(seats__gte=1) & models.Q(seats__lte=2),
                name="registrations_one_or_two_seats",
            ),
            models.CheckConstraint(
                condition=models.Q(total__gte=0), name="registrations_total_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["delegation", "status"])]

    def __str__(self):
        return f"{self.user} – {self.delegation}"

    def get_absolute_url(self) -> str:
        return reverse("registrations:mine", kwargs={"slug": self.delegation.slug})

    @property
    def holds_seats(self) -> bool:
        return self.status in self.HOLDING


class Answer(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    # A string, a list of choice values, true/false or an ISO date: as the question's type.
    value = models.JSONField(_("answer"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "question"], name="registrations_one_answer_each"
            ),
        ]

    def __str__(self):
        return f"{self.question}: {self.value}"


class WaitingListEntry(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        OFFERED = "offered", _("Seat offered")
        ACCEPTED = "accepted", _("Offer accepted")
        EXPIRED = "expired", _("Offer expired")
        LEFT = "left", _("Left the list")

    OPEN = (Status.WAITING, Status.OFFERED)

    delegation = models.ForeignKey(
        "delegations.Delegation", on_delete=models.CASCADE, related_name="waiting_list"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="waiting_list_entries"
    )
    seats = models.PositiveSmallIntegerField(_("seats wanted"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting list")
        ordering = ["delegation", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "user"],
                condition=models.Q(status__in=["waiting", "offered"]),
                name="registrations_one_open_waiting_entry_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(seats__gte=1) & models.Q(seats__lte=2),
                name="registrations_waiting_one_or_two_seats",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="offered") | models.Q(offer_expires_at__isnull=False),
                name="registrations_offer_has_expiry",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.seats})"


class WaitingListEvent(models.Model):
    """The log of the waiting list: who was offered what, when, and what became of it."""

    entry = models.ForeignKey(WaitingListEntry, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=10, choices=WaitingListEntry.Status.choices)
    seats = models.PositiveSmallIntegerField(_("seats"))
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("waiting-list event")
        verbose_name_plural = _("waiting-list events")
        ordering = ["entry", "at", "pk"]

    def __str__(self):
        return f"{self.entry}: {self.status}"
