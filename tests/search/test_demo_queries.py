"""The queries the archive must answer, on the Seattle–Chongqing demo data."""

import pytest

from twinning.exchanges.models import Exchange
from twinning.people.models import Person
from twinning.search.selectors import search


@pytest.fixture
def archive(db):
    from twinning.cities import demo as cities_demo
    from twinning.exchanges import demo as exchanges_demo

    cities_demo.load()
    exchanges_demo.load()


def _found(query: str) -> list:
    return [result.obj for result in search(query=query).results]


def _exchanges(query: str) -> list[Exchange]:
    return [obj for obj in _found(query) if isinstance(obj, Exchange)]


def _text(exchange: Exchange) -> str:
    return " ".join(
        [exchange.title_en, exchange.summary_en, exchange.title_zh_hans, exchange.summary_zh_hans]
    )


@pytest.mark.parametrize(
    ("english", "chinese", "must_contain"),
    [
        ("Microsoft", "微软", ("Microsoft", "微软")),
        ("Confucius", "孔子学院", ("Confucius", "孔子学院")),
        ("tunnel boring machine", "盾构机", ("tunnel boring machine", "盾构机")),
        ("masks", "口罩", ("mask", "口罩")),
    ],
)
def test_english_and_chinese_queries_find_the_same_records(archive, english, chinese, must_contain):
    in_english, in_chinese = _exchanges(english), _exchanges(chinese)

    assert in_english, english
    assert {e.key for e in in_english} == {e.key for e in in_chinese}
    for exchange in in_english:
        text = _text(exchange)
        assert any(word.lower() in text.lower() for word in must_contain), exchange.key


def test_microsoft_finds_the_office_and_the_delivery_center(archive):
    years = sorted(e.date_start.year for e in _exchanges("Microsoft"))

    assert {2005, 2013, 2015} <= set(years)


def test_mcginn_finds_the_mayor_and_his_visits(archive):
    found = _found("McGinn")

    people = [obj for obj in found if isinstance(obj, Person)]
    assert [p.name_en for p in people] == ["Michael McGinn"]
    keys = [e.key for e in found if isinstance(e, Exchange)]
    assert len(keys) >= 2
    march_2012 = [e for e in found if isinstance(e, Exchange) and e.date_start.year == 2012]
    assert march_2012


def test_a_misspelling_still_finds_the_confucius_institute(archive):
    found = search(query="Confucious Institute")

    assert found.corrected_query
    assert any("Confucius" in r.obj.title_en for r in found.results if isinstance(r.obj, Exchange))


def test_masks_record_ranks_first_for_masks(archive):
    first = _exchanges("口罩")[0]

    assert first.category.slug == "pandemic-aid"
