import datetime
from decimal import Decimal

import pytest
from modeltranslation.translator import translator

from twinning.cities import demo as cities_demo
from twinning.exchanges import demo
from twinning.exchanges.models import Category, Exchange, Participation, Quantity, Source
from twinning.people.models import Appointment, Organisation, Person
from twinning.search.models import SearchDocument

MCGINN_VISIT = "2012-03-mcginn-leads-delegation-to-chongqing"


@pytest.fixture
def loaded(db):
    cities_demo.load()
    return demo.load()


def _counts():
    return tuple(
        model.objects.count()
        for model in (
            Category,
            Exchange,
            Person,
            Appointment,
            Organisation,
            Participation,
            Quantity,
            Source,
        )
    )


def test_demo_load_twice_duplicates_nothing(loaded):
    counts = _counts()
    published_at = dict(Exchange.objects.values_list("key", "published_at"))

    demo.load()

    assert _counts() == counts
    assert dict(Exchange.objects.values_list("key", "published_at")) == published_at


def test_demo_load_removes_children_no_longer_in_the_file(loaded):
    exchange = Exchange.objects.get(key=MCGINN_VISIT)
    extra_person = Person.objects.create(slug="someone-else", name="Someone else")
    exchange.participations.create(person=extra_person, position=9)
    exchange.quantities.create(count=1, item="extra", position=9)
    exchange.sources.create(title="extra", position=9)

    demo.load()

    assert not exchange.participations.filter(person=extra_person).exists()
    assert exchange.quantities.count() == 1
    assert exchange.sources.count() == 2


def test_every_reference_exchange_is_loaded_and_published(loaded):
    assert loaded["exchanges"] >= 24
    assert Exchange.objects.count() >= 24
    keys = set(Exchange.objects.values_list("key", flat=True))
    assert {
        "2012-02-chen-heping-delegation-to-seattle",
        MCGINN_VISIT,
        "2009-robbins-tunnel-boring-machines-for-line-6",
        "2010-confucius-institute-of-washington-state",
        "2011-05-knowing-the-spring-courtyard",
        "2020-chongqing-donates-masks-and-gowns-to-seattle",
    } <= keys
    assert Exchange.objects.public().count() == Exchange.objects.count()
    assert not Exchange.objects.filter(published_at__isnull=True).exists()
    assert set(Exchange.objects.values_list("relationship__slug", flat=True)) == {
        "seattle-chongqing"
    }


def test_demo_content_is_written_in_both_languages(loaded):
    for model in (
        Category,
        Exchange,
        Participation,
        Quantity,
        Source,
        Person,
        Organisation,
        Appointment,
    ):
        fields = translator.get_options_for_model(model).fields
        for obj in model.objects.all():
            for field in fields:
                english, chinese = getattr(obj, f"{field}_en"), getattr(obj, f"{field}_zh_hans")
                assert bool(english) == bool(chinese), (obj, field)


def test_every_exchange_has_a_title_and_summary_in_both_languages(loaded):
    for exchange in Exchange.objects.all():
        assert exchange.title_en and exchange.title_zh_hans, exchange.key
        assert exchange.summary_en and exchange.summary_zh_hans, exchange.key


def test_courtyard_cost_three_and_a_half_million_yuan(loaded):
    courtyard = Exchange.objects.get(key="2011-05-knowing-the-spring-courtyard")

    (quantity,) = courtyard.quantities.all()
    assert quantity.money.amount == Decimal("3530000")
    assert str(quantity.money.currency) == "CNY"
    assert quantity.count is None
    assert "知春园" in courtyard.title_zh_hans


def test_masks_donation_counts_masks_and_gowns(loaded):
    donation = Exchange.objects.get(key="2020-chongqing-donates-masks-and-gowns-to-seattle")

    figures = {q.count: (q.item_en, q.item_zh_hans) for q in donation.quantities.all()}
    assert figures == {16808: ("N95 masks", "N95口罩"), 5584: ("isolation gowns", "隔离衣")}
    assert donation.direction == Exchange.Direction.B_TO_A


def test_mcginn_visit_points_at_his_office_as_mayor_of_seattle(loaded):
    participation = Participation.objects.get(
        exchange__key=MCGINN_VISIT, person__slug="michael-mcginn"
    )

    assert participation.appointment.office_en == "Mayor of Seattle"
    assert participation.appointment.office_zh_hans == "西雅图市长"
    assert participation.appointment.person.slug == "michael-mcginn"
    assert (participation.appointment.start_year, participation.appointment.end_year) == (
        2010,
        2013,
    )


def test_locke_keeps_each_office_once_after_reloading(loaded):
    demo.load()

    offices = list(
        Appointment.objects.filter(person__slug="gary-locke")
        .order_by("start_year")
        .values_list("office_en", "start_year", "end_year")
    )
    assert offices == [
        ("Governor of Washington", 1997, 2005),
        ("United States Secretary of Commerce", 2009, 2011),
        ("United States Ambassador to China", 2011, 2014),
    ]


def test_year_range_is_stored_with_year_precision(loaded):
    programmes = Exchange.objects.get(key="2003-2008-chongqing-tv-sister-city-programmes")

    assert programmes.date_start == datetime.date(2003, 1, 1)
    assert programmes.date_end == datetime.date(2008, 1, 1)
    assert programmes.date_precision == "year"


def test_month_date_is_stored_on_the_first_with_month_precision(loaded):
    visit = Exchange.objects.get(key=MCGINN_VISIT)

    assert (visit.date_start, visit.date_end, visit.date_precision) == (
        datetime.date(2012, 3, 1),
        None,
        "month",
    )


def test_record_without_a_date_has_unknown_precision(loaded):
    centre = Exchange.objects.get(key="southwest-university-uw-drug-evaluation-research-center")

    assert (centre.date_start, centre.date_end, centre.date_precision) == (None, None, "unknown")


def test_related_records_link_both_ways(loaded):
    visit = Exchange.objects.get(key=MCGINN_VISIT)
    related = set(visit.related.values_list("key", flat=True))

    assert related == {
        "2012-02-chen-heping-delegation-to-seattle",
        "2012-03-green-low-carbon-building-forum",
        "2012-03-student-exchange-memorandum",
    }
    letters = Exchange.objects.get(key="2020-03-durkan-and-tang-liangzhi-exchange-letters")
    assert set(letters.related.values_list("key", flat=True)) == {
        "2020-chongqing-donates-masks-and-gowns-to-seattle"
    }


def test_search_terms_the_archive_promises_are_in_the_records(loaded):
    def record(key):
        return Exchange.objects.get(key=key)

    robbins = record("2009-robbins-tunnel-boring-machines-for-line-6")
    assert "tunnel boring machines" in robbins.summary_en
    assert "盾构机" in robbins.summary_zh_hans
    confucius = record("2010-confucius-institute-of-washington-state")
    assert "Confucius Institute" in confucius.title_en
    assert "孔子学院" in confucius.title_zh_hans
    masks = record("2020-chongqing-donates-masks-and-gowns-to-seattle")
    assert "masks" in masks.summary_en
    assert "口罩" in masks.summary_zh_hans
    for key in ("2005-microsoft-opens-chongqing-office", "2013-microsoft-global-delivery-center"):
        assert "Microsoft" in record(key).summary_en
        assert "微软" in record(key).summary_zh_hans
    assert "McGinn" in record(MCGINN_VISIT).title_en


def test_demo_records_are_in_the_search_index(loaded):
    assert loaded["indexed"] >= loaded["exchanges"]
    assert SearchDocument.objects.count() == loaded["indexed"]
