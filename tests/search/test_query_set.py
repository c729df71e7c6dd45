"""What people type, and the demo records they mean: the search test set.

Each query must bring its records into the first ``TOP`` results; queries that match
nothing must say so. Runs on SQLite in ``make test`` and on PostgreSQL in
``make test-services``: the terms are the same, only the ranking differs a little.
"""

import pytest

from twinning.delegations.models import Session
from twinning.search.selectors import search

TOP = 10

MASKS = "2020-chongqing-donates-masks-and-gowns-to-seattle"
ROBBINS = "2009-robbins-tunnel-boring-machines-for-line-6"
LIBRARY_EXCHANGE = "2007-chongqing-library-seattle-public-library-book-exchange"
LIBRARIES = [LIBRARY_EXCHANGE, "chongqing-library", "seattle-public-library"]
MICROSOFT = [
    "microsoft",
    "2005-microsoft-opens-chongqing-office",
    "2013-microsoft-global-delivery-center",
    "2015-microsoft-internet-industry-promotion",
]
CONFUCIUS = [
    "confucius-institute-of-washington-state",
    "2010-confucius-institute-of-washington-state",
]
MCGINN_VISIT = "2012-03-mcginn-leads-delegation-to-chongqing"
BASKETBALL = "2013-01-nankai-girls-basketball-team-in-seattle"
BURKE = ["burke-museum", "three-gorges-museum-and-burke-museum-friendship"]
SEATTLE_WEEK = "2012-seattle-week-in-chongqing"
LIANGJIANG_SESSION = "session:Liangjiang New Area: briefing and site visit"

CASES = [
    # English
    ("Microsoft", MICROSOFT),
    ("McGinn", ["michael-mcginn", MCGINN_VISIT]),
    ("Confucius Institute", CONFUCIUS),
    ("tunnel boring machine", [ROBBINS]),
    ("masks", [MASKS]),
    ("library", LIBRARIES),
    ("Burke museum", BURKE),
    ("Seattle mayor visit 2012", [MCGINN_VISIT]),
    # delegations and their public sessions
    ("Seattle Week", [SEATTLE_WEEK]),
    ("Liangjiang", [SEATTLE_WEEK, LIANGJIANG_SESSION]),
    ("两江新区", [SEATTLE_WEEK, LIANGJIANG_SESSION]),
    ("西雅图周", [SEATTLE_WEEK]),
    # Chinese
    ("微软", MICROSOFT),
    ("孔子学院", CONFUCIUS),
    ("盾构机", [ROBBINS]),
    ("口罩", [MASKS]),
    ("图书馆", LIBRARIES),
    ("黄奇帆", ["huang-qifan", "2015-09-huang-qifan-at-china-us-governors-forum"]),
    ("麦金", ["michael-mcginn", MCGINN_VISIT]),
    # Traditional characters
    ("圖書館", LIBRARIES),
    ("微軟", MICROSOFT),
    ("盾構機", [ROBBINS]),
    ("黃奇帆", ["huang-qifan"]),
    ("孔子學院", CONFUCIUS),
    # pinyin
    ("xiyatu gonggong tushuguan", ["seattle-public-library"]),
    ("chongqing tushuguan", ["chongqing-library", LIBRARY_EXCHANGE]),
    ("huang qifan", ["huang-qifan", "2015-09-huang-qifan-at-china-us-governors-forum"]),
    ("huangqifan", ["huang-qifan"]),
    ("maijin", ["michael-mcginn"]),
    ("weiruan", MICROSOFT),
    ("kongzi xueyuan", CONFUCIUS),
    # typos, in one word and in longer queries
    ("Burke musuem", BURKE),
    ("Confucious", CONFUCIUS),
    ("Microsfot", MICROSOFT),
    ("McGin", ["michael-mcginn"]),
    ("tunel boring", [ROBBINS]),
    ("口照", [MASKS]),  # a homophone: kǒuzhào
    # mixed English and Chinese
    ("Robbins 隧道", [ROBBINS]),
    ("Seattle 盾构机", [ROBBINS]),
    ("N95 口罩", [MASKS]),
    # cross-language: the word is only in the other language's text
    ("隧道", [ROBBINS]),
    ("篮球", [BASKETBALL]),
    # forgiving: no record holds every word
    ("face masks", [MASKS]),
    ("basketball sister school", [BASKETBALL]),
]

PARTIAL = ["face masks", "basketball sister school"]
NOTHING = ["zebra xylophone", "qwertyuiop", "斑马"]


def _key(obj) -> str:
    if isinstance(obj, Session):
        return f"session:{obj.title_en}"
    return getattr(obj, "key", None) or obj.slug


def _top(query: str) -> list[str]:
    return [_key(result.obj) for result in search(query=query).results[:TOP]]


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[query for query, _ in CASES])
def test_query_finds_the_records_meant(demo_archive, db, query, expected):
    assert set(expected) - set(_top(query)) == set()


@pytest.mark.parametrize("query", PARTIAL)
def test_query_holding_no_record_in_full_says_it_shows_the_closest(demo_archive, db, query):
    found = search(query=query)

    assert (found.partial, found.total > 0) == (True, True)


@pytest.mark.parametrize("query", [query for query, _ in CASES if query not in PARTIAL])
def test_query_matching_in_full_is_not_called_partial(demo_archive, db, query):
    assert search(query=query).partial is False


@pytest.mark.parametrize("query", NOTHING)
def test_query_matching_nothing_finds_nothing(demo_archive, db, client, query):
    found = search(query=query)
    page = client.get("/en/search/", {"q": query}).content.decode()

    assert (found.total, found.results, found.partial) == (0, [], False)
    assert "Nothing found" in page


def test_the_query_set_is_large_enough():
    assert len(CASES) + len(NOTHING) >= 40
