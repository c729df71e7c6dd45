from django.db import transaction

from twinning.exchanges.models import Exchange
from twinning.people.models import Organisation, Person
from twinning.search.services import search_index_update


@transaction.atomic
def people_set_hidden(*, obj: Person | Organisation, hidden: bool) -> Person | Organisation:
    """Hide a person's or organisation's page (and take it out of search), or show it again."""
    obj.hidden = hidden
    obj.save(update_fields=["hidden"])
    people_search_reindex(obj=obj)
    return obj


@transaction.atomic
def people_search_reindex(*, obj: Person | Organisation) -> None:
    """Re-index ``obj`` and the records that name it (their texts include its name)."""
    search_index_update(obj=obj)
    if isinstance(obj, Person):
        records = Exchange.objects.filter(participations__person=obj)
    else:
        records = Exchange.objects.filter(organisations=obj)
    for exchange in records.distinct():
        search_index_update(obj=exchange)
