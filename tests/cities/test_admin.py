import pytest

from tests.accounts.factories import CoordinatorFactory, UserFactory, verified_login
from tests.cities.factories import CityFactory
from twinning.accounts.models import Role


@pytest.mark.django_db
def test_coordinator_edits_city_profiles_in_the_admin(client):
    city = CityFactory()
    verified_login(client, CoordinatorFactory())

    assert "/admin/cities/city/" in client.get("/admin/").content.decode()
    page = client.get(f"/admin/cities/city/{city.pk}/change/").content.decode()
    assert 'name="name_en"' in page
    assert 'name="name_zh_hans"' in page


@pytest.mark.django_db
def test_coordinator_may_not_delete_a_city(client):
    city = CityFactory()
    verified_login(client, CoordinatorFactory())

    assert client.get(f"/admin/cities/city/{city.pk}/delete/").status_code == 403


@pytest.mark.django_db
def test_staff_flag_without_a_back_office_role_sees_no_content(client):
    city = CityFactory()
    verified_login(client, UserFactory(role=Role.DELEGATE, is_staff=True))

    assert client.get(f"/admin/cities/city/{city.pk}/change/").status_code == 403
