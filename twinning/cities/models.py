from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from twinning.core.dates import format_partial_date, precision_field
from twinning.core.timezones import validate_time_zone

validate_currency_code = RegexValidator(
    r"^[A-Z]{3}$", _("Enter a three-letter ISO 4217 code in capitals, such as USD or CNY.")
)


class City(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    country = models.CharField(_("country"), max_length=120)
    region = models.CharField(_("region"), max_length=120, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    # ISO 4217: the registration panel shows prices in the other city's currency too.
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, validators=[validate_currency_code]
    )
    summary = models.TextField(_("summary"), blank=True)
    # For the API's incremental sync (modified_since) and its cursor order.
    modified_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cities:city_detail", kwargs={"slug": self.slug})


class CityFact(models.Model):
    """One fact of a city's profile, with the year it was true and where it comes from."""

    class Category(models.TextChoices):
        POPULATION = "population", _("Population")
        AREA = "area", _("Area")
        FOUNDING = "founding", _("Founding")
        GEOGRAPHY = "geography", _("Geography")
        HISTORY = "history", _("History")
        ECONOMY = "economy", _("Economy")
        TRANSPORT = "transport", _("Transport")
        CULTURE = "culture", _("Culture")

    class Unit(models.TextChoices):
        PEOPLE = "people", _("people")
        SQUARE_KM = "km2", _("km²")

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="facts")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    text = models.TextField(_("fact"))
    quantity = models.DecimalField(
        _("quantity"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("year it was true"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    source_url = models.URLField(_("source address"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("city fact")
        verbose_name_plural = _("city facts")
        ordering = ["city", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__isnull=True) | ~models.Q(unit=""),
                name="cities_cityfact_quantity_has_unit",
            ),
        ]

    def __str__(self):
        return f"{self.city}: {self.get_category_display()}"


class Relationship(models.Model):
    """Two cities twinned as sister cities (friendship cities) since a date."""

    slug = models.SlugField(_("slug"), unique=True)
    city_a = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    city_b = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    established_on = models.DateField(_("established on"))
    established_precision = precision_field()
    summary = models.TextField(_("summary"), blank=True)
    # For the API's incremental sync (modified_since) and its cursor order.
    modified_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("sister-city relationship")
        verbose_name_plural = _("sister-city relationships")
        ordering = ["established_on", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(city_a=models.F("city_b")),
                name="cities_relationship_two_different_cities",
            ),
            models.UniqueConstraint(
                Least("city_a", "city_b"),
                Greatest("city_a", "city_b"),
                name="cities_relationship_unique_pair",
            ),
        ]

    def __str__(self):
        return f"{self.city_a} – {self.city_b}"

    def get_absolute_url(self) -> str:
        return reverse("exchanges:relationship_detail", kwargs={"slug": self.slug})

    @property
    def cities(self) -> tuple[City, City]:
        return (self.city_a, self.city_b)

    @property
    def established_display(self) -> str:
        return format_partial_date(self.established_on, self.established_precision)


class Agreement(models.Model):
    """A document the two cities signed: the founding agreement, memoranda, plans."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="agreements"
    )
    title = models.CharField(_("title"), max_length=300)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_precision = precision_field()
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["relationship", "signed_on", "pk"]

    def __str__(self):
        return self.title

    @property
    def signed_display(self) -> str:
        return format_partial_date(self.signed_on, self.signed_precision)


class ExchangeRate(models.Model):
    """A rate coordinators keep by hand (nothing is fetched): 1 ``from`` = ``rate`` ``to``.

    A rate holds from ``valid_from`` until a later one for the same pair replaces it; it is
    for information only (an approximate price), never for what anybody pays.
    """

    from_currency = models.CharField(
        _("from currency"), max_length=3, validators=[validate_currency_code]
    )
    to_currency = models.CharField(
        _("to currency"), max_length=3, validators=[validate_currency_code]
    )
    rate = models.DecimalField(
        _("rate"),
        max_digits=18,
        decimal_places=6,
        validators=[MinValueValidator(Decimal("0.000001"))],
        help_text=_("How many units of the second currency one unit of the first buys."),
    )
    valid_from = models.DateField(_("valid from"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["from_currency", "to_currency", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_currency", "to_currency", "valid_from"],
                name="cities_exchangerate_one_per_day",
            ),
            models.CheckConstraint(
                condition=models.Q(rate__gt=0), name="cities_exchangerate_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_currency=models.F("to_currency")),
                name="cities_exchangerate_two_currencies",
            ),
        ]

    def __str__(self):
        return f"1 {self.from_currency} = {self.rate} {self.to_currency} ({self.valid_from})"
