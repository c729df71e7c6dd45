"""What the API answers and accepts (pydantic, through django-ninja).

Translated fields are objects with one text per language of the site, keyed by the
language code (``{"en": "...", "zh-hans": "..."}``, "" where not yet translated): a sync
client gets every language in one call, and an answer never depends on Accept-Language
(docs/architecture.md, "API").

Answers derive from ``Out``: a ``Translated`` field reads the model's field of that name in
every language by itself; ``slug_of``, ``from_field`` and ``money_of`` say the other usual
readings in one line, and ``list_of`` makes a schema's page.
"""

import datetime
from decimal import Decimal
from operator import attrgetter
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from moneyed import CurrencyDoesNotExist, get_currency
from ninja import Field, Schema
from pydantic import create_model, field_validator, model_validator

from twinning.api.pagination import in_utc
from twinning.core.translation_fields import language_codes, localized_values, texts_by_language
from twinning.matchmaking.imports import SPOKEN
from twinning.matchmaking.models import Meeting, MeetingRequest
from twinning.matchmaking.selectors import slot_zone
from twinning.matchmaking.services import PROFILE_TEXTS

Translated = dict[str, str]
# Path and query words: what a slug may be (anything else finds nothing, before the
# database is asked).
Slug = Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=100)]
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


def texts(field: str):
    def resolve(obj) -> Translated:
        return texts_by_language(obj, field)

    return staticmethod(resolve)


def slug_of(path: str):
    """A resolver for a related object's slug (``delegation`` → ``obj.delegation.slug``;
    dotted paths too)."""
    read = attrgetter(f"{path}.slug")

    def resolve(obj) -> str:
        return read(obj)

    return staticmethod(resolve)


def from_field(path: str):
    """A resolver for a field the model names otherwise (``modified_at`` ← ``updated_at``;
    dotted paths too: ``slot.starts_at``)."""
    read = attrgetter(path)

    def resolve(obj):
        return read(obj)

    return staticmethod(resolve)


class _ReadsEveryLanguage(type(Schema)):
    """A ``Translated`` field without a resolver of its own reads the model's field of
    that name in every language."""

    def __new__(mcs, name, bases, namespace, **kwargs):
        for field, kind in namespace.get("__annotations__", {}).items():
            if kind is Translated:
                namespace.setdefault(f"resolve_{field}", texts(field))
        return super().__new__(mcs, name, bases, namespace, **kwargs)


class Out(Schema, metaclass=_ReadsEveryLanguage):
    """What the API answers: its ``Translated`` fields carry every language."""


class Money(Schema):
    amount: str = Field(description='A decimal number as a string, e.g. "3520.00".')
    currency: str = Field(description="ISO 4217 code.")


def money(value) -> dict:
    return {"amount": f"{value.amount:.2f}", "currency": str(value.currency)}


def money_of(field: str):
    """A resolver for a money field as ``Money``."""

    def resolve(obj) -> dict:
        return money(getattr(obj, field))

    return staticmethod(resolve)


class ListOf(Schema):
    next_cursor: str | None = Field(
        description="Give it as ?cursor= for the next page; null on the last page."
    )


def list_of(item: type[Schema]) -> type[ListOf]:
    """A page of ``item``s, named after it: ``CityOut`` → ``CityList``."""
    name = item.__name__.removesuffix("Out") + "List"
    return create_model(name, __base__=ListOf, __module__=__name__, items=(list[item], ...))


# ---------------------------------------------------------------- public archive


class CityOut(Out):
    slug: str
    name: Translated
    country: Translated
    region: Translated
    summary: Translated
    time_zone: str
    currency: str
    modified_at: datetime.datetime


CityList = list_of(CityOut)


class RelationshipOut(Out):
    slug: str
    cities: list[str] = Field(description="The two cities' slugs.")
    established_on: datetime.date
    established_precision: str
    summary: Translated
    modified_at: datetime.datetime

    @staticmethod
    def resolve_cities(obj) -> list[str]:
        return [obj.city_a.slug, obj.city_b.slug]


RelationshipList = list_of(RelationshipOut)


class PersonOut(Out):
    slug: str
    name: Translated
    description: Translated
    modified_at: datetime.datetime


PersonList = list_of(PersonOut)


class OrganisationOut(Out):
    slug: str
    name: Translated
    kind: str
    city: str | None = Field(description="The city's slug.")
    description: Translated
    website: str
    modified_at: datetime.datetime

    @staticmethod
    def resolve_city(obj) -> str | None:
        return obj.city.slug if obj.city_id else None


OrganisationList = list_of(OrganisationOut)


class ParticipantOut(Out):
    person: str = Field(description="The person's slug.")
    name: Translated
    role: Translated

    resolve_person = slug_of("person")

    @staticmethod
    def resolve_name(obj) -> Translated:
        return texts_by_language(obj.person, "name")


class ExchangeOut(Out):
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

    resolve_relationship = slug_of("relationship")

    resolve_category = slug_of("category")

    @staticmethod
    def resolve_people(obj) -> list:
        return list(obj.participations.all())

    @staticmethod
    def resolve_organisations(obj) -> list[str]:
        return [organisation.slug for organisation in obj.organisations.all()]

    resolve_modified_at = from_field("updated_at")


ExchangeList = list_of(ExchangeOut)


class DelegationOut(Out):
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

    resolve_relationship = slug_of("relationship")


DelegationList = list_of(DelegationOut)


class SessionOut(Out):
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

    resolve_delegation = slug_of("delegation")

    @staticmethod
    def resolve_venue(obj) -> Translated:
        return texts_by_language(obj.venue, "name")

    @staticmethod
    def resolve_time_zone(obj) -> str:
        return obj.venue.time_zone


SessionList = list_of(SessionOut)


# ---------------------------------------------------------------- coordinators


class RegistrantOut(Out):
    name: str
    email: str


class RegistrationOut(Out):
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

    resolve_delegation = slug_of("delegation")

    @staticmethod
    def resolve_registrant(obj) -> dict:
        return {"name": obj.user.full_name, "email": obj.user.email}

    resolve_total = money_of("total")

    resolve_modified_at = from_field("updated_at")


RegistrationList = list_of(RegistrationOut)


class PaymentOut(Out):
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

    resolve_registration = from_field("registration_id")
    resolve_delegation = slug_of("registration.delegation")
    resolve_amount = money_of("amount")


PaymentList = list_of(PaymentOut)


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


# ---------------------------------------------------------------- matchmaking

# The portal's languages (keys of a translated text sent in) and the languages a
# participant may speak (the web form's list).
Language = Literal[tuple(language_codes())]
Spoken = Literal[SPOKEN]
ShortTexts = dict[Language, Annotated[str, Field(max_length=200)]]
LongTexts = dict[Language, str]


class ProfileRef(Out):
    """Who a request or a meeting is of."""

    id: int
    kind: str
    organisation: Translated


class ProfileOut(Out):
    """A participant of a delegation's meetings: its profile."""

    id: int
    delegation: str
    kind: str = Field(description="delegate, counterpart or official (a government office).")
    organisation: Translated
    description: Translated
    offers: Translated
    seeks: Translated
    brings: Translated = Field(description="Whom they would bring.")
    contact_name: str
    contact_email: str
    sectors: list[str] = Field(description="The sectors' slugs.")
    languages: list[str] = Field(description="Languages spoken (BCP 47).")
    min_meetings: int | None
    max_meetings: int | None
    claimed_at: datetime.datetime | None = Field(
        description="When its counterpart claimed the profile (null: kept by a coordinator)."
    )
    withdrawn_at: datetime.datetime | None = Field(
        description="When it stopped taking part (a late cancellation)."
    )
    created_at: datetime.datetime
    modified_at: datetime.datetime

    resolve_delegation = slug_of("delegation")

    @staticmethod
    def resolve_sectors(obj) -> list[str]:
        return [sector.slug for sector in obj.sectors.all()]


ProfileList = list_of(ProfileOut)


def _no_nul_in_texts(value: dict[str, str]) -> dict[str, str]:
    for text in value.values():
        _no_nul(text)
    return value


class ProfileIn(Schema):
    """A whole profile, as the web form sends it: what it leaves out is left empty (a
    translated text: the languages it does not name)."""

    kind: Literal["counterpart", "official"] | None = Field(
        None,
        description="A new profile: counterpart unless given. A change: kept unless given "
        "(the coordinators' alone; a delegate's stays a delegate).",
    )
    organisation: ShortTexts = Field(description="In at least one language.")
    description: LongTexts = {}
    offers: LongTexts = {}
    seeks: LongTexts = {}
    brings: LongTexts = {}
    contact_name: str = Field("", max_length=200)
    contact_email: str = Field("", max_length=254)
    sectors: list[Slug] = Field([], max_length=100, description="Sectors' slugs.")
    languages: list[Spoken] = Field([], max_length=len(SPOKEN))
    min_meetings: int | None = Field(None, ge=0, le=100)
    max_meetings: int | None = Field(None, ge=0, le=100)

    _checked = field_validator("contact_name")(_no_nul)
    _checked_texts = field_validator(*PROFILE_TEXTS)(_no_nul_in_texts)

    @field_validator("contact_email")
    @classmethod
    def _an_address(cls, value: str) -> str:
        if value:
            try:
                validate_email(value)
            except DjangoValidationError as error:
                raise ValueError("is not an e-mail address") from error
        return value

    @model_validator(mode="after")
    def _as_the_form(self):
        if not any(self.organisation.values()):
            raise ValueError("Give the organisation's name in at least one language.")
        least, most = self.min_meetings, self.max_meetings
        if least is not None and most is not None and least > most:
            raise ValueError("min_meetings is more than max_meetings.")
        return self

    def values(self) -> dict:
        """The service's ``values``: a column per language, as the web form's."""
        values = {
            name: value
            for text in PROFILE_TEXTS
            for name, value in localized_values(text, getattr(self, text)).items()
        }
        values |= {
            "contact_name": self.contact_name,
            "contact_email": self.contact_email,
            "languages": list(dict.fromkeys(self.languages)),
            "min_meetings": self.min_meetings,
            "max_meetings": self.max_meetings,
        }
        if self.kind is not None:
            values["kind"] = self.kind
        return values


class WithdrawalOut(Schema):
    participant: ProfileOut
    repair_run: int | None = Field(
        description="The schedule run that re-plans the others' meetings, if any were planned."
    )


class MeetingRequestOut(Out):
    id: int
    delegation: str
    requester: ProfileRef
    target: ProfileRef
    priority: str = Field(description="must, would (like to meet) or no (thanks).")
    status: str
    met_before: bool
    message: str
    created_at: datetime.datetime
    expires_at: datetime.datetime | None
    answered_at: datetime.datetime | None
    modified_at: datetime.datetime

    resolve_delegation = slug_of("delegation")


MeetingRequestList = list_of(MeetingRequestOut)


class MeetingRequestIn(Schema):
    requester: Id = Field(description="The participant who asks (a coordinator asks for them).")
    target: Id = Field(description="The participant asked.")
    priority: MeetingRequest.Priority
    message: str = Field("", max_length=1000)
    met_before: bool = False

    _checked = field_validator("message")(_no_nul)


class MeetingOut(Out):
    id: int
    delegation: str
    participant_a: ProfileRef
    participant_b: ProfileRef
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str = Field(description="The meeting place's time zone (times are in UTC).")
    table: int
    interpreter: str | None = Field(description="The interpreter's name.")
    status: str
    locked: bool = Field(description="The scheduler keeps it where it is.")
    attendance: str
    checked_in_at: datetime.datetime | None
    modified_at: datetime.datetime

    resolve_delegation = slug_of("delegation")
    resolve_starts_at = from_field("slot.starts_at")
    resolve_ends_at = from_field("slot.ends_at")

    @staticmethod
    def resolve_time_zone(obj) -> str:
        return slot_zone(obj.slot, obj.delegation).key

    @staticmethod
    def resolve_interpreter(obj) -> str | None:
        return obj.interpreter.name if obj.interpreter_id else None


MeetingList = list_of(MeetingOut)


class AttendanceIn(Schema):
    attendance: Meeting.Attendance = Field(description="Who came: held, or a no-show.")
