import rules
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from twinning.core.languages import language_choices
from twinning.core.timezones import validate_time_zone


class Role(models.TextChoices):
    VISITOR = "visitor", _("Visitor")
    DELEGATE = "delegate", _("Delegate")
    PRESENTER = "presenter", _("Presenter")
    COUNTERPART = "counterpart", _("Counterpart")
    COORDINATOR = "coordinator", _("Coordinator")
    MODERATOR = "moderator", _("Moderator")
    ADMINISTRATOR = "administrator", _("Administrator")
    # Management commands, imports and background tasks act as this one account.
    SYSTEM = "system", _("System")


# Roles that work in the back office: their accounts must use two-factor login.
STAFF_ROLES = frozenset({Role.COORDINATOR, Role.MODERATOR, Role.ADMINISTRATOR})

# The system actor's address: .invalid can never receive mail, so no reset link reaches it.
SYSTEM_EMAIL = "system@twinning.invalid"


class EmailUserManager(UserManager):
    """Users are identified by e-mail address; there is no user name."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", Role.ADMINISTRATOR)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VISITOR)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=language_choices,
        default=settings.LANGUAGE_CODE,
    )

    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("Programme times are also shown in this zone, e.g. America/Los_Angeles."),
    )

    objects = EmailUserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")),
                name="accounts_user_email_lowercase",
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    @property
    def is_system(self) -> bool:
        return self.role == Role.SYSTEM

    @property
    def requires_two_factor(self) -> bool:
        return self.is_staff or self.is_superuser or self.role in STAFF_ROLES

    def has_perm(self, perm, obj=None) -> bool:
        # A permission some rules.py declares is that rule's alone. Django would answer yes
        # to any superuser first, overriding the rules that refuse everyone (a published
        # page version is never deleted, the passport access log never changed) or leave
        # administrators out (passport data). The rules grant administrators the rest.
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class TotpEnrolmentLink(models.Model):
    """A one-time link, e-mailed to the account, that alone lets it set up an authenticator.

    Without it the password would be enough to enrol, so whoever signed in first with a
    staff password would own the account's second factor. Only the token's hash is kept.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="totp_enrolment_links", verbose_name=_("user")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )

    class Meta:
        verbose_name = _("two-factor set-up link")
        verbose_name_plural = _("two-factor set-up links")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"


class PersonalDataRequest(models.Model):
    """A person's data exported or erased on request: who asked, who did it, what happened.

    ``report`` says what each app erased (model → rows) and what it kept and why; it holds
    no personal data itself (no name, no address), so it outlives the erasure.
    """

    class Kind(models.TextChoices):
        EXPORT = "export", _("Export")
        ERASURE = "erasure", _("Erasure")

    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="personal_data_requests",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reason = models.CharField(_("request"), max_length=300, blank=True)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("done by")
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    report = models.JSONField(_("report"), default=dict)

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"
