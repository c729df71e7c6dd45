from django.db import transaction

from twinning.people.models import Organisation, Person
from twinning.search.services import search_index_update


@transaction.atomic
def people_set_hidden(*, obj: Person | Organisation, hidden: bool) -> Person | Organisation:
    """Hide a person's or organisation's page (and take it out of search), or show it again."""
    obj.hidden = hidden
    obj.save(update_fields=["hidden"])
    search_index_update(obj=obj)
    return obj
