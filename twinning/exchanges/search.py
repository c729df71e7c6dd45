"""How exchange records, people and organisations appear to search."""

from django.utils.translation import gettext_lazy as _

from twinning.core.translation_fields import all_languages
from twinning.exchanges.selectors import exchange_public_list
from twinning.people.selectors import organisations_public, people_public
from twinning.search.registry import Searchable, register


def _exchange_texts(exchange):
    titles = all_languages(exchange, "title")
    bodies = [
        *all_languages(exchange, "summary"),
        *all_languages(exchange, "places"),
        *all_languages(exchange.category, "name"),
    ]
    if exchange.date_start:
        bodies.append(str(exchange.date_start.year))
    for participation in exchange.participations.all():
        bodies += all_languages(participation.person, "name")
        if participation.appointment:
            bodies += all_languages(participation.appointment, "office")
    for organisation in exchange.organisations.all():
        bodies += all_languages(organisation, "name")
    return titles, bodies


def _person_texts(person):
    bodies = all_languages(person, "description")
    for appointment in person.appointments.all():
        bodies += all_languages(appointment, "office")
    return all_languages(person, "name"), bodies


def _organisation_texts(organisation):
    return all_languages(organisation, "name"), all_languages(organisation, "description")


def register_searchables() -> None:
    from twinning.exchanges.models import Exchange
    from twinning.people.models import Organisation, Person

    register(Searchable(Exchange, exchange_public_list, _exchange_texts, _("Exchange")))
    register(Searchable(Person, people_public, _person_texts, _("Person")))
    register(Searchable(Organisation, organisations_public, _organisation_texts, _("Organisation")))
