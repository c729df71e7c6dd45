"""Information and legal pages kept as immutable, numbered versions, and cookie choices."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PageKind(models.TextChoices):
    ABOUT = "about", _("About us")
    CONTACT = "contact", _("Contact us")
    PRIVACY = "privacy", _("Privacy statement")
    COOKIES = "cookies", _("Cookie policy")
    TERMS = "terms", _("Terms of use")


class Page(models.Model):
    """One of the site's information or legal pages; its text lives in its versions."""

    Kind = PageKind

    # Legal texts say which version is in force and since when.
    LEGAL_KINDS = frozenset({Kind.PRIVACY, Kind.COOKIES, Kind.TERMS})

    kind = models.CharField(_("page"), max_length=20, choices=Kind.choices, unique=True)

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=PageKind.values),
                name="pages_page_kind_is_known",
            ),
        ]

    def __str__(self):
        return str(self.get_kind_display())

    def get_absolute_url(self) -> str:
        return reverse(f"pages:{self.kind}")

    @property
    def is_legal(self) -> bool:
        return self.kind in self.LEGAL_KINDS


class PageVersion(models.Model):
    """The text of a page as published at one moment; never changed once saved."""

    page = models.ForeignKey(
        Page, verbose_name=_("page"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"), help_text=_("Markdown: **bold**, lists, [links](https://…).")
    )
    published_at = models.DateTimeField(_("in force since"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    change_note = models.CharField(_("change note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("page version")
        verbose_name_plural = _("page versions")
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="pages_version_number_unique"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="pages_version_number_positive"
            ),
        ]

    def __str__(self):
        return _("%(page)s, version %(number)s") % {"page": self.page, "number": self.number}

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A published page version is never changed; publish a new one.")
        super().save(*args, **kwargs)


class ConsentRecord(models.Model):
    """A visitor's cookie choice, kept without anything that identifies the visitor."""

    class Category(models.TextChoices):
        PREFERENCES = "preferences", _("Preferences")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    categories = models.JSONField(_("optional categories accepted"), default=list, blank=True)
    policy_version = models.PositiveIntegerField(
        _("cookie policy version"), help_text=_("0 when no cookie policy was published yet.")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("cookie choice")
        verbose_name_plural = _("cookie choices")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.public_id)
