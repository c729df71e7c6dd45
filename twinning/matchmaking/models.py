"""Matchmaking: who takes part in the one-on-one meetings of a delegation, who wants to
meet whom, the slots and interpreters, the computed schedules and the meetings themselves.

The optimiser is `twinning/scheduler/` (plain Python); this app turns these rows into its
exchange format and its answer back into `Meeting` rows.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


def new_claim_token() -> str:
    return secrets.token_urlsafe(32)


class Sector(models.Model):
    """A bilingual sector list shared by every delegation: profiles in either language
    meet through it."""

    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    name = models.CharField(_("name"), max_length=120)
    # Words that point to this sector in a profile's free text, comma-separated, per language.
    keywords = models.TextField(_("keywords"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["position", "slug"]

    def __str__(self):
        return self.name


class MatchmakingPolicy(models.Model):
    """How one delegation runs its meetings: deadlines, automatic acceptance, limits."""

    class AgendaStatus(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PRELIMINARY = "preliminary", _("Preliminary")
        FINAL = "final", _("Final")

    delegation = models.OneToOneField(
        "delegations.Delegation", on_delete=models.CASCADE, related_name="matchmaking_policy"
    )
    requests_close_at = models.DateTimeField(_("requests close"), null=True, blank=True)
    auto_accept = models.BooleanField(_("accept requests automatically"), default=False)
    request_expiry_hours = models.PositiveSmallIntegerField(
        _("an unanswered request expires after (hours)"), default=72
    )
    default_min_meetings = models.PositiveSmallIntegerField(
        _("at least (meetings per participant)"), default=0
    )
    default_max_meetings = models.PositiveSmallIntegerField(
        _("at most (meetings per participant)"), default=12
    )
    slot_minutes = models.PositiveSmallIntegerField(_("meeting length (minutes)"), default=20)
    agenda_status = models.CharField(
        _("agenda"), max_length=12, choices=AgendaStatus.choices, default=AgendaStatus.DRAFT
    )
    agenda_published_at = models.DateTimeField(_("agenda published"), null=True, blank=True)

    class Meta:
        verbose_name = _("matchmaking policy")
        verbose_name_plural = _("matchmaking policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(default_min_meetings__lte=F("default_max_meetings")),
                name="matchmaking_policy_min_not_above_max",
            ),
        ]

    def __str__(self):
        return str(self.delegation)


class Participant(models.Model):
    """One side of the meetings: a delegate (a confirmed member of the delegation), or a
    counterpart or government office in the host city, whose profile a coordinator may
    keep on its behalf until someone claims it."""

    class Kind(models.TextChoices):
        DELEGATE = "delegate", _("Delegate")
        COUNTERPART = "counterpart", _("Counterpart")
        OFFICIAL = "official", _("Government office")

    delegation = models.ForeignKey(
        "delegations.Delegation", on_delete=models.CASCADE, related_name="participants"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    member = models.OneToOneField(
        "delegations.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participant",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="matchmaking_profiles",
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)
    description = models.TextField(_("about"), blank=True)
    offers = models.TextField(_("offers"), blank=True)
    seeks = models.TextField(_("seeks"), blank=True)
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), blank=True, related_name="participants"
    )
    # BCP 47 tags ("en", "zh"): the scheduler's interpreter rule reads them.
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    brings = models.TextField(_("would bring"), blank=True)
    min_meetings = models.PositiveSmallIntegerField(_("at least"), null=True, blank=True)
    max_meetings = models.PositiveSmallIntegerField(_("at most"), null=True, blank=True)
    unavailable_slots = models.ManyToManyField(
        "Slot", verbose_name=_("not available"), blank=True, related_name="+"
    )
    claim_token = models.CharField(max_length=64, unique=True, default=new_claim_token)
    # The secret address of the agenda of a participant without an account (renewable).
    agenda_token = models.CharField(max_length=64, unique=True, default=new_claim_token)
    # -- flow: a participant who cancelled late (their registration, or a coordinator) --
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["delegation", "kind", "organisation", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="delegate") | Q(member__isnull=False),
                name="matchmaking_participant_delegate_is_member",
            ),
        ]

    def __str__(self):
        return self.organisation


class Slot(models.Model):
    """A time in which one-on-one meetings run side by side, at ``tables`` tables."""

    delegation = models.ForeignKey(
        "delegations.Delegation", on_delete=models.CASCADE, related_name="meeting_slots"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    tables = models.PositiveSmallIntegerField(_("tables"), default=10)
    venue = models.ForeignKey(
        "delegations.Venue",
        verbose_name=_("venue"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("meeting slot")
        verbose_name_plural = _("meeting slots")
        ordering = ["delegation", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="matchmaking_slot_starts_before_end"
            ),
            models.UniqueConstraint(
                fields=["delegation", "starts_at"], name="matchmaking_slot_once_per_start"
            ),
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class Interpreter(models.Model):
    delegation = models.ForeignKey(
        "delegations.Delegation", on_delete=models.CASCADE, related_name="interpreters"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interpreting",
    )
    # Language pairs as the exchange format has them: [["en", "zh"]].
    pairs = models.JSONField(_("language pairs"), default=list)
    unavailable_slots = models.ManyToManyField(
        Slot, verbose_name=_("not available"), blank=True, related_name="+"
    )
    calendar_token = models.CharField(max_length=64, unique=True, default=new_claim_token)

    class Meta:
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")
        ordering = ["delegation", "name"]

    def __str__(self):
        return self.name


class MeetingRequest(models.Model):
    """One side's wish to meet another participant (a pair may have one from each side)."""

    class Priority(models.TextChoices):
        MUST = "must", _("Must meet")
        WOULD = "would", _("Would like to meet")
        NO = "no", _("No, thanks")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    delegation = models.ForeignKey(
        "delegations.Delegation", on_delete=models.CASCADE, related_name="meeting_requests"
    )
    requester = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="requests_made"
    )
    target = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="requests_received"
    )
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    met_before = models.BooleanField(_("met before"), default=False)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["delegation", "-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "target"], name="matchmaking_request_once_per_direction"
            ),
            models.CheckConstraint(
                condition=~Q(requester=F("target")), name="matchmaking_request_not_to_oneself"
            ),
        ]

    def __str__(self):
        return f"{self.requester} → {self.target}"


class ScheduleRun(models.Model):
    """One run of the optimiser (in the background): its input, answer and quality."""

    class Kind(models.TextChoices):
        FULL = "full", _("Full schedule")
        REPAIR = "repair", _("Repair after cancellations")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    delegation = models.ForeignKey(
        "delegations.Delegation", on_delete=models.CASCADE, related_name="schedule_runs"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.FULL)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.TextField(_("message"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    time_limit = models.FloatField(_("time limit (seconds)"), default=10.0)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    value = models.FloatField(_("value"), null=True, blank=True)
    upper_bound = models.FloatField(_("upper bound"), null=True, blank=True)
    stats = models.JSONField(_("figures"), default=dict, blank=True)
    input = models.JSONField(default=dict, blank=True)
    output = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")
        ordering = ["delegation", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="matchmaking_run_progress_at_most_100"
            ),
        ]

    def __str__(self):
        return f"{self.delegation} {self.created_at:%Y-%m-%d %H:%M}"


class Meeting(models.Model):
    """A one-on-one meeting of two participants at a table in a slot."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", _("Not yet recorded")
        HELD = "held", _("Took place")
        NO_SHOW_A = "no_show_a", _("First participant did not come")
        NO_SHOW_B = "no_show_b", _("Second participant did not come")
        NO_SHOW_BOTH = "no_show_both", _("Neither came")

    delegation = models.ForeignKey(
        "delegations.Delegation", on_delete=models.CASCADE, related_name="meetings"
    )
    run = models.ForeignKey(
        ScheduleRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    # The pair in a fixed order (a.pk < b.pk), so a pair has one meeting whoever asked.
    participant_a = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    participant_b = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="meetings")
    table = models.PositiveSmallIntegerField(_("table"))
    interpreter = models.ForeignKey(
        Interpreter,
        verbose_name=_("interpreter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    # Locked (confirmed or placed by hand): the scheduler keeps it where it is.
    locked = models.BooleanField(_("locked"), default=False)
    attendance = models.CharField(
        _("attendance"), max_length=12, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    # The delegation's outcome a coordinator recorded from this meeting's feedback.
    outcome = models.ForeignKey(
        "delegations.Outcome",
        verbose_name=_("outcome"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot__starts_at", "table"]
        constraints = [
            models.CheckConstraint(
                condition=Q(participant_a__lt=F("participant_b")),
                name="matchmaking_meeting_pair_in_order",
            ),
            models.CheckConstraint(
                condition=Q(table__gte=1), name="matchmaking_meeting_table_from_1"
            ),
            models.UniqueConstraint(
                fields=["participant_a", "participant_b"],
                condition=Q(status="scheduled"),
                name="matchmaking_meeting_once_per_pair",
            ),
            models.UniqueConstraint(
                fields=["slot", "table"],
                condition=Q(status="scheduled"),
                name="matchmaking_meeting_one_per_table",
            ),
            models.UniqueConstraint(
                fields=["slot", "interpreter"],
                condition=Q(status="scheduled", interpreter__isnull=False),
                name="matchmaking_interpreter_one_per_slot",
            ),
        ]

    def __str__(self):
        return f"{self.participant_a} / {self.participant_b}"


class Feedback(models.Model):
    """One click after a meeting, from either side; it feeds the delegation's outcomes."""

    class Verdict(models.TextChoices):
        NOT_HELD = "not_held", _("Did not take place")
        NO_FIT = "no_fit", _("No fit")
        COOPERATION = "cooperation", _("Cooperation possible")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(_("verdict"), max_length=12, choices=Verdict.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting feedback")
        verbose_name_plural = _("meeting feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "participant"], name="matchmaking_feedback_once_per_side"
            ),
        ]

    def __str__(self):
        return self.get_verdict_display()
