import datetime

import pytest
from django.core.management import call_command
from modeltranslation.translator import translator

from twinning.accounts.models import User
from twinning.cities import demo
from twinning.cities.models import City, CityFact, Relationship


@pytest.mark.django_db
def test_demo_load_twice_duplicates_nothing():
    demo.load()
    counts = (City.objects.count(), CityFact.objects.count(), Relationship.objects.count())
    demo.load()

    assert (City.objects.count(), CityFact.objects.count(), Relationship.objects.count()) == counts
    assert counts[0] == 2
    assert counts[2] == 1


@pytest.mark.django_db
def test_demo_content_is_written_in_both_languages():
    demo.load()

    for model in (City, CityFact, Relationship):
        fields = translator.get_options_for_model(model).fields
        for obj in model.objects.all():
            for field in fields:
                english, chinese = getattr(obj, f"{field}_en"), getattr(obj, f"{field}_zh_hans")
                assert bool(english) == bool(chinese), (obj, field)


@pytest.mark.django_db
def test_seattle_chongqing_relationship_dates_from_june_1983():
    demo.load()

    relationship = Relationship.objects.get(slug="seattle-chongqing")
    assert relationship.established_on.isoformat() == "1983-06-01"
    assert relationship.established_precision == "month"
    assert {relationship.city_a.name_zh_hans, relationship.city_b.name_zh_hans} == {
        "西雅图",
        "重庆",
    }


@pytest.mark.django_db
def test_demo_command_creates_and_prints_the_coordinator_account(capsys):
    call_command("demo", "--accounts")
    call_command("demo", "--accounts")

    out = capsys.readouterr().out
    coordinator = User.objects.get(email="coordinator@demo.twinning.test")
    assert _can_sign_in() == [coordinator]
    assert coordinator.requires_two_factor
    assert "coordinator@demo.twinning.test" in out
    password = out.split("password: ")[1].split()[0]
    assert coordinator.check_password(password)


@pytest.mark.django_db
def test_demo_command_without_accounts_creates_no_account_anyone_can_sign_in_to():
    call_command("demo")

    assert _can_sign_in() == []


def _can_sign_in() -> list[User]:
    # Demo delegates exist as people in the programme, but without a usable password.
    return [user for user in User.objects.all() if user.has_usable_password()]


@pytest.mark.django_db
def test_demo_gives_each_city_its_currency_and_keeps_rates_both_ways():
    from twinning.cities.selectors import rate_on

    demo.load()
    demo.load()

    assert dict(City.objects.values_list("slug", "currency")) == {
        "seattle": "USD",
        "chongqing": "CNY",
    }
    on = datetime.date(2026, 12, 1)
    assert str(rate_on("USD", "CNY", on).rate) == "7.204000"
    assert str(rate_on("CNY", "USD", on).rate) == "0.138800"
