"""Any write to what the archive shows gives it a new version (see core/public_cache.py).

Signals rather than service calls, because the admin, imports and the shell all write
here, and a missed invalidation would serve a hidden record from the cache.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from twinning.core.public_cache import bump

ARCHIVE = "archive"


def _archive_changed(**_kwargs) -> None:
    bump(ARCHIVE)


def _records_naming_changed(*, obj, **_kwargs) -> None:
    """A renamed or hidden person or organisation changes the search texts of its records."""
    from twinning.exchanges.models import Exchange
    from twinning.people.models import Person
    from twinning.search.services import search_index_update

    if isinstance(obj, Person):
        records = Exchange.objects.filter(participations__person=obj)
    else:
        records = Exchange.objects.filter(organisations=obj)
    for exchange in records.distinct():
        search_index_update(obj=exchange)


def connect() -> None:
    from twinning.cities.models import Agreement, City, CityFact, Relationship
    from twinning.exchanges import models
    from twinning.people.models import Appointment, Organisation, Person
    from twinning.people.signals import entry_changed

    entry_changed.connect(_records_naming_changed, dispatch_uid="exchanges-records-naming")

    senders = [
        models.Exchange,
        models.Category,
        models.Participation,
        models.Quantity,
        models.Source,
        models.Attachment,
        Person,
        Organisation,
        Appointment,
        City,
        CityFact,
        Relationship,
        Agreement,
    ]
    for sender in senders:
        post_save.connect(_archive_changed, sender=sender, dispatch_uid=f"archive-save-{sender}")
        post_delete.connect(_archive_changed, sender=sender, dispatch_uid=f"archive-del-{sender}")
    for through in (models.Exchange.organisations.through, models.Exchange.related.through):
        m2m_changed.connect(_archive_changed, sender=through, dispatch_uid=f"archive-m2m-{through}")
