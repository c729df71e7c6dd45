"""Writing one checked row, through the archive's own writers (exchanges.services)."""

from typing import Any

from twinning.accounts.models import User
from twinning.core.dates import DatePrecision
from twinning.exchanges.importing.formats import TEXT_COLUMNS
from twinning.exchanges.models import Exchange, Participation, Quantity, Source
from twinning.exchanges.services import exchange_create, exchange_update
from twinning.people.models import Person


def _set_people(exchange: Exchange, people: list[Person]) -> None:
    """Keep the participations of people still listed (with their part and office)."""
    current = {p.person_id: p for p in exchange.participations.all()}
    wanted = [person.pk for person in people]
    for person_id, participation in current.items():
        if person_id not in wanted:
            participation.delete()
    for position, person in enumerate(people):
        participation = current.get(person.pk)
        if participation is None:
            Participation.objects.create(exchange=exchange, person=person, position=position)
        elif participation.position != position:
            participation.position = position
            participation.save(update_fields=["position"])


def _replace(exchange: Exchange, model, rows: list[dict[str, Any]]) -> None:
    model.objects.filter(exchange=exchange).delete()
    for position, values in enumerate(rows):
        row = model(exchange=exchange, position=position, **values)
        row.full_clean()
        row.save()


def _related_writer(values: dict[str, Any], changed: set[str]):
    def write(exchange: Exchange) -> None:
        if "organisations" in changed:
            exchange.organisations.set(values["organisations"])
        if "people" in changed:
            _set_people(exchange, values["people"])
        if "quantities" in changed:
            _replace(exchange, Quantity, values["quantities"])
        if "sources" in changed:
            _replace(exchange, Source, values["sources"])

    return write


def write_row(
    *,
    exchange: Exchange,
    values: dict[str, Any],
    changed: set[str],
    status: str,
    actor: User,
    comment: str,
) -> None:
    """Save the row's values into ``exchange`` (new or stored), in the status decided."""
    for name in ("relationship", "category", "direction", *TEXT_COLUMNS):
        if name in values:
            setattr(exchange, name, values[name])
    if "dates" in values:
        exchange.date_start, exchange.date_end, exchange.date_precision = values["dates"]
    elif exchange.pk is None:
        exchange.date_precision = DatePrecision.UNKNOWN
    exchange.status = status
    write = exchange_create if exchange.pk is None else exchange_update
    write(
        exchange=exchange,
        actor=actor,
        related=_related_writer(values, changed),
        comment=comment,
    )
