import secrets
import zoneinfo

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField

from twinning.core.timezones import validate_time_zone
from twinning.core.uploads import CheckedFileField


def _private_storage() -> FileSystemStorage:
    # Delegation files live outside MEDIA_URL: they are only ever served by a view that
    # checks the reader's access first.
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


def _document_path(instance, filename: str) -> str:
    # ``filename`` is already server-made (core/uploads.py): a random name and checked type.
    return f"delegations/{instance.delegation_id}/{filename}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Audience(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Delegates and presenters")
    COORDINATORS = "coordinators", _("Coordinators only")


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.ForeignKey(
        "cities.City", verbose_name=_("city"), on_delete=models.SET_NULL, null=True, blank=True
    )
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Delegation(models.Model):
    """A business delegation: a trip of one to two weeks from one sister city to the other."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for registration")
        CLOSED = "closed", _("Registration closed")
        TRAVELLING = "travelling", _("Travelling")
        COMPLETED = "completed", _("Completed")

    class Direction(models.TextChoices):
        A_TO_B = "a_to_b", _("From the first city to the second")
        B_TO_A = "b_to_a", _("From the second city to the first")

    slug = models.SlugField(_("slug"), unique=True, max_length=100)
    relationship = models.ForeignKey(
        "cities.Relationship",
        verbose_name=_("relationship"),
        on_delete=models.PROTECT,
        related_name="delegations",
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    travel_start = models.DateField(_("travel starts"))
    travel_end = models.DateField(_("travel ends"))
    programme_start = models.DateField(_("programme starts"))
    programme_end = models.DateField(_("programme ends"))
    capacity = models.PositiveIntegerField(_("seats"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    # The archive's record of the trip itself (its outcomes have their own records); the
    # record page links back through the reverse relation, so exchanges need not know us.
    archive_record = models.OneToOneField(
        "exchanges.Exchange",
        verbose_name=_("archive record of the trip"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegation",
    )
    # For the API's incremental sync (modified_since) and its cursor order.
    modified_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-travel_start", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(travel_end__gte=models.F("travel_start")),
                name="delegations_travel_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(programme_start__gte=models.F("travel_start"))
                & models.Q(programme_end__lte=models.F("travel_end"))
                & models.Q(programme_end__gte=models.F("programme_start")),
                name="delegations_programme_within_travel",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("delegations:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT

    @cached_property
    def cities(self):
        """(home city, destination city)."""
        a, b = self.relationship.city_a, self.relationship.city_b
        return (a, b) if self.direction == self.Direction.A_TO_B else (b, a)


class Aim(models.Model):
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="aims")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("aim")
        verbose_name_plural = _("aims")
        ordering = ["delegation", "position", "pk"]

    def __str__(self):
        return self.title


class Fee(models.Model):
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="fees")
    label = models.CharField(_("label"), max_length=200)
    amount = MoneyField(_("amount"), max_digits=12, decimal_places=2, default_currency="USD")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        ordering = ["delegation", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="delegations_fee_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.amount}"


class Member(models.Model):
    """A person in a delegation: delegate, presenter or coordinator.

    Registrations will create delegates; until then coordinators add members by hand.
    Only confirmed members see what is for members.
    """

    class Role(models.TextChoices):
        DELEGATE = "delegate", _("Delegate")
        PRESENTER = "presenter", _("Presenter")
        COORDINATOR = "coordinator", _("Coordinator")

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegation_memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    calendar_token = models.CharField(max_length=64, unique=True, default=new_token)
    card_token = models.CharField(max_length=64, unique=True, default=new_token)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["delegation", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "user"], name="delegations_member_once_per_delegation"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class Contact(models.Model):
    """Someone delegates and counterparts can reach: organiser, tour coordinator, interpreter."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["delegation", "position", "pk"]

    def __str__(self):
        return self.name


class Session(models.Model):
    class Kind(models.TextChoices):
        OFFICIAL = "official", _("Official meeting")
        BRIEFING = "briefing", _("Briefing")
        FORUM = "forum", _("Forum")
        SITE_VISIT = "site_visit", _("Site visit")
        NETWORKING = "networking", _("Networking")
        CULTURAL = "cultural", _("Cultural programme")
        TRAVEL = "travel", _("Travel")
        FREE = "free", _("Free time")

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.PUBLIC
    )
    title_is_public = models.BooleanField(
        _("title shown publicly"),
        default=True,
        help_text=_("A closed session may still show its title in the public programme."),
    )
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)
    presenters = models.ManyToManyField(
        Member, verbose_name=_("presenters"), blank=True, related_name="sessions_presented"
    )
    # For the API's incremental sync (modified_since) and its cursor order.
    modified_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["delegation", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="delegations_session_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "delegations:session", kwargs={"slug": self.delegation.slug, "session_id": self.pk}
        )


class Document(models.Model):
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="documents")
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=200)
    file = CheckedFileField(
        _("file"),
        storage=_private_storage,
        upload_to=_document_path,
        help_text=_("A JPEG, PNG or WebP image, a PDF or a plain-text file."),
    )
    # Filled from the checked content when the file is saved (see core/uploads.py).
    content_type = models.CharField(_("file type"), max_length=40, editable=False, default="")
    original_name = models.CharField(
        _("original file name"), max_length=200, editable=False, default=""
    )
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.MEMBERS
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["delegation", "session", "title", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "delegations:document", kwargs={"slug": self.delegation.slug, "document_id": self.pk}
        )


class Outcome(models.Model):
    """What came of the trip: an agreement signed, a deal, a visit arranged."""

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("Agreement signed")
        DEAL = "deal", _("Business deal")
        VISIT = "visit", _("Visit arranged")
        OTHER = "other", _("Other")

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    exchange = models.OneToOneField(
        "exchanges.Exchange",
        verbose_name=_("archive record"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegation_outcome",
    )

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["delegation", "date", "pk"]

    def __str__(self):
        return self.title
