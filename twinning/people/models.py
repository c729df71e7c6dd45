from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government body")
        COMPANY = "company", _("Company")
        SCHOOL = "school", _("School")
        UNIVERSITY = "university", _("University")
        MUSEUM = "museum", _("Museum")
        LIBRARY = "library", _("Library")
        MEDIA = "media", _("Media")
        ASSOCIATION = "association", _("Association")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    city = models.ForeignKey(
        "cities.City",
        verbose_name=_("city"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    hidden = models.BooleanField(_("hidden"), default=False)
    # For the API's incremental sync (modified_since) and its cursor order.
    modified_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("exchanges:organisation_detail", kwargs={"slug": self.slug})


class Person(models.Model):
    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    hidden = models.BooleanField(_("hidden"), default=False)
    # For the API's incremental sync (modified_since) and its cursor order.
    modified_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("exchanges:person_detail", kwargs={"slug": self.slug})


class Appointment(models.Model):
    """An office a person held for a time ("Mayor of Seattle", 2010–2013).

    Exchanges point at the appointment that was current then, so a record keeps saying
    "then Mayor of Seattle" after the person has moved on.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="appointments")
    office = models.CharField(_("office"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
    )
    start_year = models.PositiveSmallIntegerField(_("from (year)"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("until (year)"), null=True, blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["person", "start_year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_year__isnull=True)
                | models.Q(end_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="people_appointment_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.office}"
