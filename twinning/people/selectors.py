from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from twinning.exchanges.models import Exchange, Participation
from twinning.people.models import Appointment, Organisation, Person


def person_get(*, slug: str) -> Person:
    appointments = Appointment.objects.select_related("organisation").order_by("start_year", "pk")
    return get_object_or_404(
        Person.objects.filter(hidden=False).prefetch_related(
            Prefetch("appointments", queryset=appointments)
        ),
        slug=slug,
    )


def person_exchanges(*, person: Person) -> QuerySet[Participation]:
    """The person's part in each public exchange, oldest first, with the office then held."""
    return (
        Participation.objects.filter(person=person, exchange__in=Exchange.objects.public())
        .select_related("exchange__category", "appointment")
        .order_by("exchange__date_start", "exchange__key")
    )


def organisation_get(*, slug: str) -> Organisation:
    return get_object_or_404(organisations_public(), slug=slug)


def organisation_exchanges(*, organisation: Organisation) -> QuerySet[Exchange]:
    return organisation.exchanges.public().select_related("category").order_by("date_start", "key")


def people_public() -> QuerySet[Person]:
    return Person.objects.filter(hidden=False).prefetch_related("appointments")


def organisations_public() -> QuerySet[Organisation]:
    return Organisation.objects.filter(hidden=False).select_related("city")


def person_public_get(*, slug: str) -> Person | None:
    """The visible person with this slug; None when unknown or hidden (they look the same)."""
    return Person.objects.filter(hidden=False, slug=slug).first()


def organisation_public_get(*, slug: str) -> Organisation | None:
    """The visible organisation with this slug; None when unknown or hidden."""
    return Organisation.objects.filter(hidden=False, slug=slug).first()
