from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from twinning.people.models import Appointment, Organisation, Person


def person_get(*, slug: str) -> Person:
    appointments = Appointment.objects.select_related("organisation").order_by("start_year", "pk")
    return get_object_or_404(
        Person.objects.filter(hidden=False).prefetch_related(
            Prefetch("appointments", queryset=appointments)
        ),
        slug=slug,
    )


def organisation_get(*, slug: str) -> Organisation:
    return get_object_or_404(organisations_public(), slug=slug)


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
