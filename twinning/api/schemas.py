"""What the API answers and accepts (pydantic, through django-ninja).

Translated fields are objects with one text per language of the site, keyed by the
language code (``{"en": "...", "zh-hans": "..."}``, "" where not yet translated): a sync
client gets every language in one call, and an answer never depends on Accept-Language
(docs/architecture.md, "API").
"""

import datetime
from decimal import Decimal
from typing import Annotated

from moneyed import CurrencyDoesNotExist, get_currency
from ninja import Field, Schema
from pydantic import field_validator

from twinning.api.pagination import in_utc
from twinning.core.translation_fields import texts_by_language

Translated = dict[str, str]
# Path and query words: what a slug may be (anything else finds nothing, before the
# database is asked).
Slug = Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=100)]
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


def texts(field: str):
    def resolve(obj) -> Translated:
        return texts_by_language(obj, field)

    return staticmethod(resolve)


class Money(Schema):
    amount: str = Field(description='A decimal number as a string, e.g. "3520.00".')
    currency: str = Field(description="ISO 4217 code.")


def money(value) -> dict:
    return {"amount": f"{value.amount:.2f}", "currency": str(value.currency)}


class ListOf(Schema):
    next_cursor: str | None = Field(
        description="Give it as ?cursor= for the next page; null on the last page."
    )


# ---------------------------------------------------------------- public archive


class CityOut(Schema):
    slug: str
    name: Translated
    country: Translated
    region: Translated
    summary: Translated
    time_zone: str
    currency: str
    modified_at: datetime.datetime

    resolve_name = texts("name")
    resolve_country = texts("country")
    resolve_region = texts("region")
    resolve_summary = texts("summary")


class CityList(ListOf):
    items: list[CityOut]


class RelationshipOut(Schema):
    slug: str
    cities: list[str] = Field(description="The two cities' slugs.")
    established_on: datetime.date
    established_precision: str
    summary: Translated
    modified_at: datetime.datetime

    resolve_summary = texts("summary")

    @staticmethod
    def resolve_cities(obj) -> list[str]:
        return [obj.city_a.slug, obj.city_b.slug]


class RelationshipList(ListOf):
    items: list[RelationshipOut]


class PersonOut(Schema):
    slug: str
    name: Translated
    description: Translated
    modified_at: datetime.datetime

    resolve_name = texts("name")
    resolve_description = texts("description")


class PersonList(ListOf):
    items: list[PersonOut]


class OrganisationOut(Schema):
    slug: str
    name: Translated
    kind: str
    city: str | None = Field(description="The city's slug.")
    description: Translated
    website: str
    modified_at: datetime.datetime

    resolve_name = texts("name")
    resolve_description = texts("description")

    @staticmethod
    def resolve_city(obj) -> str | None:
        return obj.city.slug if obj.city_id else None


class OrganisationList(ListOf):
    items: list[OrganisationOut]


class ParticipantOut(Schema):
    person: str = Field(description="The person's slug.")
    name: Translated
    role: Translated

    @staticmethod
    def resolve_person(obj) -> str:
        return obj.person.slug

    @staticmethod
    def resolve_name(obj) -> Translated:
        return texts_by_language(obj.person, "name")

    resolve_role = texts("role")


class ExchangeOut(Schema):
    key: str
    title: Translated
    summary: Translated
    places: Translated
    relationship: str
    category: str
    direction: str
    date_start: datetime.date | None
    date_end: datetime.date | None
    date_precision: str
    people: list[ParticipantOut]
    organisations: list[str] = Field(description="The organisations' slugs.")
    published_at: datetime.datetime | None
    modified_at: datetime.datetime

    resolve_title = texts("title")
    resolve_summary = texts("summary")
    resolve_places = texts("places")

    @staticmethod
    def resolve_relationship(obj) -> str:
        return obj.relationship.slug

    @staticmethod
    def resolve_category(obj) -> str:
        return obj.category.slug

    @staticmethod
    def resolve_people(obj) -> list:
        return list(obj.participations.all())

    @staticmethod
    def resolve_organisations(obj) -> list[str]:
        return [organisation.slug for organisation in obj.organisations.all()]

    @staticmethod
    def resolve_modified_at(obj) -> datetime.datetime:
        return obj.updated_at


class ExchangeList(ListOf):
    items: list[ExchangeOut]


class DelegationOut(Schema):
    slug: str
    title: Translated
    description: Translated
    organiser: Translated
    relationship: str
    direction: str
    status: str
    travel_start: datetime.date
    travel_end: datetime.date
    programme_start: datetime.date
    programme_end: datetime.date
    capacity: int
    modified_at: datetime.datetime

    resolve_title = texts("title")
    resolve_description = texts("description")
    resolve_organiser = texts("organiser")

    @staticmethod
    def resolve_relationship(obj) -> str:
        return obj.relationship.slug


class DelegationList(ListOf):
    items: list[DelegationOut]


class SessionOut(Schema):
    id: int
    delegation: str
    kind: str
    title: Translated
    description: Translated
    speakers: Translated
    venue: Translated
    time_zone: str = Field(description="The venue's time zone (times are in UTC).")
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    modified_at: datetime.datetime

    resolve_title = texts("title")
    resolve_description = texts("description")
    resolve_speakers = texts("speakers")

    @staticmethod
    def resolve_delegation(obj) -> str:
        return obj.delegation.slug

    @staticmethod
    def resolve_venue(obj) -> Translated:
        return texts_by_language(obj.venue, "name")

    @staticmethod
    def resolve_time_zone(obj) -> str:
        return obj.venue.time_zone


class SessionList(ListOf):
    items: list[SessionOut]


# ---------------------------------------------------------------- coordinators


class RegistrantOut(Schema):
    name: str
    email: str


class RegistrationOut(Schema):
    id: int
    delegation: str
    status: str
    seats: int
    registrant: RegistrantOut
    company: str
    job_title: str
    total: Money
    payment_deadline: datetime.datetime | None
    created_at: datetime.datetime
    confirmed_at: datetime.datetime | None
    cancelled_at: datetime.datetime | None
    modified_at: datetime.datetime

    @staticmethod
    def resolve_delegation(obj) -> str:
        return obj.delegation.slug

    @staticmethod
    def resolve_registrant(obj) -> dict:
        return {"name": obj.user.full_name, "email": obj.user.email}

    @staticmethod
    def resolve_total(obj) -> dict:
        return money(obj.total)

    @staticmethod
    def resolve_modified_at(obj) -> datetime.datetime:
        return obj.updated_at


class RegistrationList(ListOf):
    items: list[RegistrationOut]


class PaymentOut(Schema):
    id: int
    registration: int
    delegation: str
    amount: Money
    method: str
    received_at: datetime.datetime
    note: str
    external_id: str | None
    recorded_at: datetime.datetime
    modified_at: datetime.datetime

    @staticmethod
    def resolve_registration(obj) -> int:
        return obj.registration_id

    @staticmethod
    def resolve_delegation(obj) -> str:
        return obj.registration.delegation.slug

    @staticmethod
    def resolve_amount(obj) -> dict:
        return money(obj.amount)


class PaymentList(ListOf):
    items: list[PaymentOut]


def _no_nul(value: str | None) -> str | None:
    if value is not None and "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


class PaymentIn(Schema):
    amount: Decimal = Field(gt=0, max_digits=12, decimal_places=2)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    note: str = Field("", max_length=300)
    received_at: datetime.datetime | None = None
    external_id: str | None = Field(None, min_length=1, max_length=100)

    _checked = field_validator("note", "external_id")(_no_nul)

    @field_validator("received_at")
    @classmethod
    def _in_utc(cls, value: datetime.datetime | None) -> datetime.datetime | None:
        if value is None:
            return None
        try:
            return in_utc(value)
        except (OverflowError, ValueError) as error:
            raise ValueError("is out of range") from error

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        # Found by schemathesis: an unknown code such as "AAA" was a 500 (docs/security.md).
        try:
            get_currency(value)
        except CurrencyDoesNotExist as error:
            raise ValueError("is not an ISO 4217 currency") from error
        return value
