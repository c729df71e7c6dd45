from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField

from twinning.core.dates import format_partial_date, precision_field
from twinning.core.uploads import IMAGE_TYPES, CheckedFileField, check


class Category(models.Model):
    """A kind of exchange (official visits, education, pandemic aid...); staff may add more."""

    slug = models.SlugField(_("slug"), unique=True, max_length=60)
    name = models.CharField(_("name"), max_length=120)
    colour = models.CharField(
        _("timeline colour"),
        max_length=7,
        default="#0b5f8a",
        help_text=_("A hex colour such as #0b5f8a, used in the timeline."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(colour__regex=r"^#[0-9a-fA-F]{6}$"),
                name="exchanges_category_colour_is_hex",
            ),
        ]

    def __str__(self):
        return self.name


class ExchangeQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=Exchange.Status.PUBLISHED, hidden=False)


class Exchange(models.Model):
    """One thing two sister cities did together, as the archive records it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")

    class Direction(models.TextChoices):
        A_TO_B = "a_to_b", _("From the first city to the second")
        B_TO_A = "b_to_a", _("From the second city to the first")
        JOINT = "joint", _("Joint")

    key = models.SlugField(
        _("key"),
        unique=True,
        max_length=100,
        help_text=_("Stable identifier used in the address and by imports."),
    )
    relationship = models.ForeignKey(
        "cities.Relationship",
        verbose_name=_("relationship"),
        on_delete=models.PROTECT,
        related_name="exchanges",
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="exchanges"
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.JOINT
    )
    date_start = models.DateField(_("date"), null=True, blank=True)
    date_end = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Only for a range of dates.")
    )
    date_precision = precision_field()
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    places = models.CharField(_("places"), max_length=300, blank=True)
    organisations = models.ManyToManyField(
        "people.Organisation",
        verbose_name=_("organisations"),
        blank=True,
        related_name="exchanges",
    )
    related = models.ManyToManyField("self", verbose_name=_("related records"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Hidden records leave every public page at once.")
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("exchange record")
        verbose_name_plural = _("exchange records")
        ordering = [models.F("date_start").desc(nulls_last=True), "key"]
        indexes = [
            models.Index(
                fields=["status", "hidden", "date_start"], name="exchanges_public_by_date"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_end__isnull=True)
                | models.Q(date_start__isnull=False, date_end__gte=models.F("date_start")),
                name="exchanges_exchange_range_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(date_precision="unknown", date_start__isnull=True)
                | (~models.Q(date_precision="unknown") & models.Q(date_start__isnull=False)),
                name="exchanges_exchange_date_matches_precision",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="exchanges_exchange_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exchanges:detail", kwargs={"key": self.key})

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and not self.hidden

    @property
    def date_display(self) -> str:
        if self.date_start is None:
            return ""
        start = format_partial_date(self.date_start, self.date_precision)
        if self.date_end is None:
            return start
        return f"{start} – {format_partial_date(self.date_end, self.date_precision)}"

    @property
    def year(self) -> int | None:
        return self.date_start.year if self.date_start else None

    def direction_cities(self):
        """(from city, to city) for a one-way exchange, else None."""
        a, b = self.relationship.city_a, self.relationship.city_b
        return {self.Direction.A_TO_B: (a, b), self.Direction.B_TO_A: (b, a)}.get(self.direction)


class Participation(models.Model):
    """A person's part in an exchange, with the office they held at the time."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    appointment = models.ForeignKey(
        "people.Appointment",
        verbose_name=_("office at the time"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    role = models.CharField(_("part played"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("person involved")
        verbose_name_plural = _("people involved")
        ordering = ["exchange", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["exchange", "person"], name="exchanges_participation_once_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.exchange}"


class Quantity(models.Model):
    """A figure of the exchange: an amount of money, or a count of donated items."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="quantities")
    money = MoneyField(
        _("amount of money"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        default_currency=None,
    )
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)
    item = models.CharField(_("item counted"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("quantity")
        verbose_name_plural = _("quantities")
        ordering = ["exchange", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(money__isnull=False) & models.Q(count__isnull=True))
                | (models.Q(money__isnull=True) & models.Q(count__isnull=False)),
                name="exchanges_quantity_money_or_count",
            ),
        ]

    def __str__(self):
        return str(self.money) if self.money is not None else f"{self.count} {self.item}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        DOCUMENT = "document", _("Document")

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.IMAGE)
    file = CheckedFileField(
        _("file"),
        upload_to="exchanges/%Y/",
        help_text=_("A JPEG, PNG or WebP image, a PDF or a plain-text file."),
    )
    # Filled from the checked content when the file is saved (see core/uploads.py).
    content_type = models.CharField(_("file type"), max_length=40, editable=False, default="")
    original_name = models.CharField(
        _("original file name"), max_length=200, editable=False, default=""
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("image or attachment")
        verbose_name_plural = _("images and attachments")
        ordering = ["exchange", "position", "pk"]

    def __str__(self):
        return self.caption or self.original_name or self.file.name

    def get_absolute_url(self) -> str:
        return reverse(
            "exchanges:attachment", kwargs={"key": self.exchange.key, "attachment_id": self.pk}
        )

    def clean(self):
        super().clean()
        # The kind is chosen by staff; only a checked image may be shown as one.
        if self.kind != self.Kind.IMAGE or not self.file or self.file._committed:
            return
        try:
            is_image = check(self.file.file).is_image
        except ValidationError:
            return  # the file field itself says what is wrong
        if not is_image:
            raise ValidationError(
                {"kind": _("Only a JPEG, PNG or WebP file can be shown as an image.")}
            )

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES


class Source(models.Model):
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(_("source"), max_length=300)
    url = models.URLField(_("address"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["exchange", "position", "pk"]

    def __str__(self):
        return self.title
