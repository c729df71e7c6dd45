"""Travel details, passport data, visa invitation letters and who read the passport data.

Passport data is encrypted per field (fields.py) and read only through
``selectors.passport_get_for``, which writes a ``PassportAccess`` row each time.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from twinning.visas.countries import validate_country
from twinning.visas.fields import EncryptedCharField, EncryptedDateField


def new_token() -> str:
    return secrets.token_urlsafe(24)


class TravelDetails(models.Model):
    registration = models.OneToOneField(
        "registrations.Registration", on_delete=models.CASCADE, related_name="travel_details"
    )
    arrival_flight = models.CharField(_("arrival flight"), max_length=20, blank=True)
    arrival_at = models.DateTimeField(_("arrives"), null=True, blank=True)
    departure_flight = models.CharField(_("departure flight"), max_length=20, blank=True)
    departure_at = models.DateTimeField(_("departs"), null=True, blank=True)
    hotel_check_in = models.DateField(_("hotel check-in"), null=True, blank=True)
    hotel_check_out = models.DateField(_("hotel check-out"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("travel details")
        verbose_name_plural = _("travel details")

    def __str__(self):
        return str(self.registration)

    @property
    def hotel_nights(self) -> int | None:
        if self.hotel_check_in and self.hotel_check_out:
            return (self.hotel_check_out - self.hotel_check_in).days
        return None


class PassportRecord(models.Model):
    registration = models.OneToOneField(
        "registrations.Registration", on_delete=models.CASCADE, related_name="passport"
    )
    full_name = EncryptedCharField(_("name as in the passport"), max_length=200)
    number = EncryptedCharField(_("passport number"), max_length=20)
    date_of_birth = EncryptedDateField(_("date of birth"))
    issuing_country = models.CharField(
        _("issuing country"), max_length=2, validators=[validate_country]
    )
    nationality = models.CharField(_("nationality"), max_length=2, validators=[validate_country])
    expiry_date = models.DateField(_("passport expires"))
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    ENCRYPTED = ("full_name", "number", "date_of_birth")

    class Meta:
        verbose_name = _("passport data")
        verbose_name_plural = _("passport data")

    def __str__(self):
        return str(self.registration)


class HostOrganisation(models.Model):
    """Who invites the delegation, as the letters name it (translated fields)."""

    delegation = models.OneToOneField(
        "delegations.Delegation", on_delete=models.CASCADE, related_name="visa_host"
    )
    name = models.CharField(_("host organisation"), max_length=200)
    address = models.TextField(_("address"))
    signatory = models.CharField(_("signed by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("host organisation")
        verbose_name_plural = _("host organisations")

    def __str__(self):
        return self.name


class LetterCounter(models.Model):
    """The last letter number of a year; locked while a letter takes the next one."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class VisaLetter(models.Model):
    registration = models.ForeignKey(
        "registrations.Registration", on_delete=models.PROTECT, related_name="visa_letters"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number in the year"))
    # What the letter says, as it was issued: later edits change no issued letter.
    host_name = models.JSONField(_("host organisation"), default=dict)
    host_address = models.JSONField(_("host address"), default=dict)
    host_signatory = models.CharField(_("signed by"), max_length=200, blank=True)
    delegate_name = EncryptedCharField(_("name as in the passport"), max_length=200, null=True)
    nationality = EncryptedCharField(_("nationality"), max_length=2, null=True)
    passport_number = EncryptedCharField(_("passport number"), max_length=20, null=True)
    issued_at = models.DateTimeField(_("issued"))
    valid_until = models.DateField(_("valid until"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    purged_at = models.DateTimeField(_("passport data removed"), null=True, blank=True)

    ENCRYPTED = ("delegate_name", "nationality", "passport_number")

    class Meta:
        verbose_name = _("visa invitation letter")
        verbose_name_plural = _("visa invitation letters")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="visas_letter_number_once"),
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(revoked_at__isnull=True),
                name="visas_one_valid_letter_per_registration",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        return f"{self.year}-{self.sequence:04d}"


class PassportAccess(models.Model):
    """The access log: every read and write of a registration's passport data."""

    class Action(models.TextChoices):
        READ = "read", _("Read")
        READ_MASKED = "read_masked", _("Read (masked number)")
        CREATE = "create", _("Entered")
        UPDATE = "update", _("Changed")
        LETTER_ISSUE = "letter_issue", _("Letter issued")
        LETTER_READ = "letter_read", _("Letter downloaded")
        LETTER_VERIFY = "letter_verify", _("Letter verified")
        LETTER_REVOKE = "letter_revoke", _("Letter revoked")
        PURGE = "purge", _("Deleted after the trip")

    registration = models.ForeignKey(
        "registrations.Registration", on_delete=models.CASCADE, related_name="passport_accesses"
    )
    # Empty for a visitor checking a letter on the verification page.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    letter = models.ForeignKey(
        VisaLetter, on_delete=models.SET_NULL, null=True, blank=True, related_name="accesses"
    )

    class Meta:
        verbose_name = _("passport data access")
        verbose_name_plural = _("passport data accesses")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["registration", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action}"
