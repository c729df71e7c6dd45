import pytest
from django.core.exceptions import PermissionDenied

from tests.accounts.factories import CoordinatorFactory, verified_login
from tests.admin_forms import form_data
from tests.people.factories import PersonFactory
from twinning.people.services import people_save
from twinning.search.selectors import search

pytestmark = pytest.mark.django_db


def _change_url(person) -> str:
    return f"/admin/people/person/{person.pk}/change/"


def test_a_person_renamed_in_the_admin_is_found_under_the_new_name(client):
    person = PersonFactory(name_en="Old Name")
    verified_login(client, CoordinatorFactory())
    data = form_data(client.get(_change_url(person)))

    response = client.post(_change_url(person), {**data, "name_en": "Gary Locke"})

    assert response.status_code == 302
    assert [r.obj for r in search(query="locke").results] == [person]


def test_a_coordinator_cannot_hide_a_person_in_the_admin_or_through_the_service(client):
    person = PersonFactory()
    coordinator = CoordinatorFactory()
    verified_login(client, coordinator)

    page = client.get(_change_url(person)).content.decode()
    person.hidden = True

    assert 'name="hidden"' not in page
    with pytest.raises(PermissionDenied):
        people_save(obj=person, actor=coordinator)
    person.refresh_from_db()
    assert not person.hidden
