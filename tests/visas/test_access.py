"""Passport data is shown only to the delegate and the delegation's coordinators, and
every read is in the access log."""

import datetime

import pytest

from tests.accounts.factories import UserFactory
from tests.delegations.factories import MemberFactory
from tests.visas.factories import (
    RegistrationFactory,
    coordinator_of,
    host_for,
    issue_for,
    with_passport,
)
from twinning.delegations.models import Member
from twinning.registrations.models import Registration
from twinning.visas.models import PassportAccess, PassportRecord

pytestmark = pytest.mark.django_db

Action = PassportAccess.Action


def passport_url(registration):
    return f"/en/delegations/{registration.delegation.slug}/registration/passport/"


def review_url(registration):
    return f"/en/delegations/{registration.delegation.slug}/visas/{registration.pk}/"


def letter_url(letter):
    return (
        f"/en/delegations/{letter.registration.delegation.slug}/visa-letters/{letter.pk}/letter.pdf"
    )


def form(**overrides):
    data = {
        "full_name": "DOE JANE MARIE",
        "number": "X12345678",
        "issuing_country": "US",
        "nationality": "US",
        "date_of_birth": "1980-04-02",
        "expiry_date": "2031-06-30",
    }
    data.update(overrides)
    return data


def actions(registration) -> list[str]:
    return list(
        PassportAccess.objects.filter(registration=registration)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_the_delegate_enters_passport_data_and_sees_only_the_masked_number(client):
    registration = RegistrationFactory()
    client.force_login(registration.user)

    response = client.post(passport_url(registration), form())

    assert response.status_code == 302
    assert PassportRecord.objects.get(registration=registration).number == "X12345678"
    page = client.get(f"/en/delegations/{registration.delegation.slug}/registration/")
    text = page.content.decode()
    assert "••••••678" in text
    assert "X12345678" not in text
    assert actions(registration) == [Action.CREATE, Action.READ_MASKED]


def test_each_read_is_logged_with_who_and_from_where(client):
    registration = with_passport()
    coordinator = coordinator_of(registration.delegation)
    client.force_login(coordinator)

    page = client.get(review_url(registration), REMOTE_ADDR="203.0.113.7").content.decode()

    assert "X12345678" in page
    access = PassportAccess.objects.get(registration=registration, action=Action.READ)
    assert (access.actor, access.ip) == (coordinator, "203.0.113.7")


def test_the_delegate_reopening_the_form_is_a_logged_read(client):
    registration = with_passport()
    client.force_login(registration.user)

    page = client.get(passport_url(registration)).content.decode()

    assert 'value="X12345678"' in page
    assert actions(registration) == [Action.CREATE, Action.READ]


def other_delegate(registration):
    return RegistrationFactory(delegation=registration.delegation).user


def coordinator_elsewhere(registration):
    return coordinator_of(RegistrationFactory().delegation)


def plain_member(registration):
    return MemberFactory(delegation=registration.delegation, role=Member.Role.DELEGATE).user


@pytest.mark.parametrize("who", [other_delegate, coordinator_elsewhere, plain_member])
def test_others_get_404_for_the_passport_data(client, who):
    registration = with_passport()
    client.force_login(who(registration))

    assert client.get(review_url(registration)).status_code == 404
    assert not PassportAccess.objects.filter(action=Action.READ).exists()


@pytest.mark.parametrize("who", [other_delegate, coordinator_elsewhere, plain_member])
def test_others_get_404_for_the_letter(client, who):
    letter = issue_for(with_passport())
    client.force_login(who(letter.registration))

    assert client.get(letter_url(letter)).status_code == 404
    assert not PassportAccess.objects.filter(action=Action.LETTER_READ).exists()


def test_another_delegate_sees_their_own_empty_form_not_someone_elses(client):
    registration = with_passport()
    other = RegistrationFactory(delegation=registration.delegation)
    client.force_login(other.user)

    page = client.get(passport_url(other)).content.decode()

    assert "X12345678" not in page


def test_before_confirmation_there_is_no_passport_form(client):
    registration = RegistrationFactory(status=Registration.Status.AWAITING_PAYMENT)
    client.force_login(registration.user)

    assert client.get(passport_url(registration)).status_code == 404
    assert client.post(passport_url(registration), form()).status_code == 404
    assert PassportRecord.objects.count() == 0


def test_the_coordinator_of_another_delegation_gets_404_on_the_visa_page(client):
    registration = with_passport()
    client.force_login(coordinator_elsewhere(registration))

    response = client.get(f"/en/delegations/{registration.delegation.slug}/visas/")

    assert response.status_code == 404


def test_a_site_administrator_who_does_not_coordinate_gets_404(client):
    from tests.accounts.factories import verified_login
    from twinning.accounts.models import Role

    registration = with_passport()
    verified_login(client, UserFactory(role=Role.ADMINISTRATOR, is_staff=True))

    assert client.get(review_url(registration)).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"expiry_date": "2027-05-20"}, "expiry_date", "must be valid after the trip ends"),
        ({"date_of_birth": "2099-01-01"}, "date_of_birth", "must be in the past"),
        ({"nationality": "XX"}, "nationality", "Select a valid choice"),
        ({"number": ""}, "number", "This field is required"),
        ({"full_name": "fernet:not-a-token"}, "full_name", "Enter a valid value"),
    ],
)
def test_bad_passport_data_is_refused_with_a_clear_error_and_nothing_written(
    client, overrides, field, message
):
    registration = RegistrationFactory()
    client.force_login(registration.user)

    response = client.post(passport_url(registration), form(**overrides))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert PassportRecord.objects.count() == 0
    assert actions(registration) == []


def test_a_bad_change_keeps_the_data_as_it_was(client):
    registration = with_passport()
    client.force_login(registration.user)

    response = client.post(
        passport_url(registration), form(number="Z999", expiry_date="2027-01-01")
    )

    assert response.status_code == 400
    assert PassportRecord.objects.get(registration=registration).number == "X12345678"
    assert Action.UPDATE not in actions(registration)


def test_the_coordinator_page_lists_passport_status_without_reading_passport_data(client):
    registration = with_passport()
    host_for(registration.delegation)
    RegistrationFactory(delegation=registration.delegation)
    client.force_login(coordinator_of(registration.delegation))

    page = client.get(f"/en/delegations/{registration.delegation.slug}/visas/").content.decode()

    assert "Entered (expires" in page
    assert "Missing" in page
    assert "Issue letter" in page
    assert "X12345678" not in page
    assert actions(registration) == [Action.CREATE]


def test_the_coordinator_page_stays_flat_as_registrations_grow(client):
    from tests.querycount import assert_flat_queries

    registration = with_passport()
    host_for(registration.delegation)
    issue_for(registration)
    client.force_login(coordinator_of(registration.delegation))

    def grow():
        for _ in range(3):
            issue_for(with_passport(RegistrationFactory(delegation=registration.delegation)))

    assert_flat_queries(client, f"/en/delegations/{registration.delegation.slug}/visas/", grow)


def test_the_delegate_enters_travel_details(client):
    registration = RegistrationFactory()
    client.force_login(registration.user)
    url = f"/en/delegations/{registration.delegation.slug}/registration/travel/"

    response = client.post(
        url,
        {
            "arrival_flight": "HU 7902",
            "arrival_at": "2027-05-10T14:30",
            "departure_flight": "HU 7901",
            "departure_at": "2027-05-20T09:00",
            "hotel_check_in": "2027-05-10",
            "hotel_check_out": "2027-05-20",
        },
    )

    assert response.status_code == 302
    details = registration.travel_details
    assert (details.arrival_flight, details.hotel_nights) == ("HU 7902", 10)
    assert details.departure_at == datetime.datetime(2027, 5, 20, 9, 0, tzinfo=datetime.UTC)


def test_travel_details_leaving_before_arriving_are_refused(client):
    registration = RegistrationFactory()
    client.force_login(registration.user)
    url = f"/en/delegations/{registration.delegation.slug}/registration/travel/"

    response = client.post(
        url,
        {
            "arrival_at": "2027-05-10T14:30",
            "departure_at": "2027-05-09T09:00",
            "hotel_check_in": "2027-05-10",
            "hotel_check_out": "2027-05-10",
        },
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"departure_at", "hotel_check_out"}
    assert not hasattr(Registration.objects.get(pk=registration.pk), "travel_details")


@pytest.mark.parametrize("page", ["changelist", "change"])
def test_the_admin_never_shows_or_even_decrypts_passport_data(client, page, monkeypatch):
    from tests.accounts.factories import verified_login
    from twinning.accounts.models import Role
    from twinning.visas import keys

    registration = with_passport()
    record = PassportRecord.objects.get(registration=registration)
    verified_login(client, UserFactory(role=Role.ADMINISTRATOR, is_staff=True))
    decrypted = []
    original = keys.decrypt
    monkeypatch.setattr(keys, "decrypt", lambda token: decrypted.append(token) or original(token))
    url = "/admin/visas/passportrecord/" + (f"{record.pk}/change/" if page == "change" else "")

    response = client.get(url)

    assert response.status_code == 200
    assert "X12345678" not in response.content.decode()
    assert decrypted == []


def test_the_registration_page_offers_travel_and_passport_forms_once_confirmed(client):
    registration = RegistrationFactory()
    client.force_login(registration.user)
    slug = registration.delegation.slug

    page = client.get(f"/en/delegations/{slug}/registration/").content.decode()

    assert f'href="/en/delegations/{slug}/registration/travel/"' in page
    assert f'href="/en/delegations/{slug}/registration/passport/"' in page


def test_an_unconfirmed_registration_page_has_no_visa_part(client):
    registration = RegistrationFactory(status=Registration.Status.AWAITING_PAYMENT)
    client.force_login(registration.user)
    slug = registration.delegation.slug

    page = client.get(f"/en/delegations/{slug}/registration/").content.decode()

    assert "Awaiting payment" in page
    assert "/registration/passport/" not in page


def test_the_registration_page_links_the_issued_letter(client):
    letter = issue_for(with_passport())
    client.force_login(letter.registration.user)
    slug = letter.registration.delegation.slug

    page = client.get(f"/en/delegations/{slug}/registration/").content.decode()

    assert f'href="{letter_url(letter)}"' in page
    assert letter.number in page


def test_the_delegation_page_shows_its_coordinators_the_way_to_the_visa_letters(client):
    registration = RegistrationFactory()
    delegation = registration.delegation
    visas_link = f'href="/en/delegations/{delegation.slug}/visas/"'

    assert visas_link not in client.get(delegation.get_absolute_url()).content.decode()
    client.force_login(coordinator_of(delegation))
    assert visas_link in client.get(delegation.get_absolute_url()).content.decode()


def test_the_passport_form_in_chinese_names_the_countries_in_chinese(client):
    registration = RegistrationFactory()
    client.force_login(registration.user)

    page = client.get(
        f"/zh-hans/delegations/{registration.delegation.slug}/registration/passport/"
    ).content.decode()

    assert "护照上的姓名" in page
    assert '<option value="US">美国</option>' in page


def test_the_coordinator_sets_the_host_organisation_in_every_language(client):
    registration = RegistrationFactory()
    client.force_login(coordinator_of(registration.delegation))
    url = f"/en/delegations/{registration.delegation.slug}/visas/"

    response = client.post(
        url,
        {
            "name_en": "Chongqing Foreign Affairs Office",
            "name_zh_hans": "重庆市外事办公室",
            "address_en": "Chongqing",
            "address_zh_hans": "重庆",
            "signatory": "Wang Fang",
        },
    )

    assert response.status_code == 302
    host = registration.delegation.visa_host
    assert (host.name_zh_hans, host.signatory) == ("重庆市外事办公室", "Wang Fang")
    assert 'value="重庆市外事办公室"' in client.get(url).content.decode()


def test_a_host_organisation_without_its_chinese_name_is_refused(client):
    registration = RegistrationFactory()
    client.force_login(coordinator_of(registration.delegation))
    url = f"/en/delegations/{registration.delegation.slug}/visas/"

    response = client.post(
        url, {"name_en": "Office", "address_en": "Chongqing", "address_zh_hans": "重庆"}
    )

    assert response.status_code == 400
    assert "name_zh_hans" in response.context["form"].errors
    assert not hasattr(
        type(registration.delegation).objects.get(pk=registration.delegation.pk), "visa_host"
    )


@pytest.mark.parametrize("model", ["passportaccess", "passportrecord", "visaletter"])
def test_not_even_a_superuser_deletes_or_changes_passport_records_or_their_log(client, model):
    """Django lets a superuser do anything in the admin; the access log must stay whole."""
    from django.apps import apps

    from tests.accounts.factories import verified_login
    from twinning.accounts.models import Role

    registration = with_passport()
    issue_for(registration)
    item = apps.get_model("visas", model).objects.filter(registration=registration).first()
    superuser = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    verified_login(client, superuser)

    deleted = client.post(f"/admin/visas/{model}/{item.pk}/delete/", {"post": "yes"})
    changed = client.post(f"/admin/visas/{model}/{item.pk}/change/", {})

    assert deleted.status_code == 403
    assert changed.status_code == 403
    assert apps.get_model("visas", model).objects.filter(pk=item.pk).exists()
    assert client.get(f"/admin/visas/{model}/add/").status_code == 403
