import pytest
from django.core.files.storage import FileSystemStorage
from django.db import transaction


@pytest.fixture(scope="module")
def demo_archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole demo (archive and delegation), loaded once for a module's many queries.

    Loaded inside a transaction that is rolled back afterwards, so other modules start
    from an empty database; each test still runs in its own savepoint.
    """
    from twinning.cities import demo as cities_demo
    from twinning.delegations import demo as delegations_demo
    from twinning.delegations.models import Document
    from twinning.exchanges import demo as exchanges_demo

    storage = FileSystemStorage(location=tmp_path_factory.mktemp("private"), base_url=None)
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        patch.setattr(Document._meta.get_field("file"), "storage", storage)
        with transaction.atomic():
            cities_demo.load()
            exchanges_demo.load()
            delegations_demo.load()
            yield
            transaction.set_rollback(True)
