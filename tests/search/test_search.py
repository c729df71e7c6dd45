import pytest

from tests.exchanges.factories import ExchangeFactory, ParticipationFactory
from tests.people.factories import OrganisationFactory, PersonFactory
from tests.querycount import count_queries
from twinning.accounts.rules import system_actor
from twinning.exchanges import services
from twinning.exchanges.models import Exchange
from twinning.search.selectors import search
from twinning.search.services import search_index_rebuild, search_index_update


def _titles(query: str) -> list[str]:
    return [str(result.obj) for result in search(query=query).results]


@pytest.mark.django_db
def test_finds_records_by_english_and_chinese_words():
    ExchangeFactory(title_en="Robbins tunnel boring machines", title_zh_hans="罗宾斯盾构机")
    ExchangeFactory(title_en="Masks donated", title_zh_hans="捐赠口罩")
    search_index_rebuild()

    assert _titles("tunnel boring machine") == ["Robbins tunnel boring machines"]
    assert _titles("盾构机") == ["Robbins tunnel boring machines"]
    assert _titles("口罩") == ["Masks donated"]


@pytest.mark.django_db
def test_title_matches_rank_above_body_matches():
    ExchangeFactory(title_en="A visit", summary_en="They discussed Microsoft.")
    ExchangeFactory(title_en="Microsoft opens an office", summary_en="In Chongqing.")
    search_index_rebuild()

    assert _titles("Microsoft") == ["Microsoft opens an office", "A visit"]


@pytest.mark.django_db
def test_people_and_organisations_are_found_too():
    participation = ParticipationFactory(person=PersonFactory(name_en="Michael McGinn"))
    OrganisationFactory(name_en="The Robbins Company", name_zh_hans="罗宾斯公司")
    search_index_rebuild()

    found = _titles("McGinn")
    assert "Michael McGinn" in found
    assert str(participation.exchange) in found  # the record names him
    assert _titles("罗宾斯") == ["The Robbins Company"]  # found in Chinese, named in English


@pytest.mark.django_db
def test_a_misspelt_word_finds_the_record_and_says_so():
    ExchangeFactory(title_en="Confucius Institute opens")
    search_index_rebuild()

    found = search(query="Confucious institute")

    assert [str(r.obj) for r in found.results] == ["Confucius Institute opens"]
    assert found.corrected_query == "confucius institut"


@pytest.mark.django_db
def test_unpublished_and_hidden_records_never_appear():
    draft = ExchangeFactory(
        title_en="Secret draft", status=Exchange.Status.DRAFT, published_at=None
    )
    shown = ExchangeFactory(title_en="Secret shown")
    search_index_rebuild()
    assert _titles("secret") == ["Secret shown"]

    services.exchange_hide(exchange=shown, hidden=True, actor=system_actor())
    assert _titles("secret") == []

    services.exchange_publish(exchange=draft, actor=system_actor())
    assert _titles("secret") == ["Secret draft"]


@pytest.mark.django_db
def test_stale_index_entry_is_still_filtered_out():
    record = ExchangeFactory(title_en="Stale entry")
    search_index_update(obj=record)
    Exchange.objects.filter(pk=record.pk).update(hidden=True)  # bypasses the services

    assert _titles("stale") == []


@pytest.mark.django_db
def test_search_page_highlights_matches_and_escapes_text(client):
    ExchangeFactory(
        title_en="<b>Tunnel</b> boring machines", summary_en="Two tunnel boring machines."
    )
    search_index_rebuild()

    page = client.get("/en/search/?q=tunnel+boring").content.decode()

    assert "<mark>boring</mark>" in page
    assert "&lt;b&gt;<mark>Tunnel</mark>&lt;/b&gt;" in page


@pytest.mark.django_db
def test_empty_and_odd_queries_do_not_fail(client):
    for query in ["", "   ", '"', "'", "AND OR NOT", "*", "a" * 500, "NEAR(", "😀", "\\"]:
        assert client.get("/en/search/", {"q": query}).status_code == 200


@pytest.mark.django_db
def test_search_runs_a_fixed_number_of_queries(client):
    for i in range(3):
        ParticipationFactory(exchange__title_en=f"Harbour visit {i}")
    search_index_rebuild()
    few = count_queries(client, "/en/search/?q=harbour")
    for i in range(25):
        ParticipationFactory(exchange__title_en=f"Harbour visit more {i}")
    search_index_rebuild()
    many = count_queries(client, "/en/search/?q=harbour")

    # PostgreSQL skips the body phase when title matches fill the page: never more.
    assert many <= few <= 8


@pytest.mark.django_db
def test_counting_stops_past_a_thousand_results(client, monkeypatch):
    from twinning.search import backends

    monkeypatch.setattr(backends, "MAX_COUNTED", 3)
    ExchangeFactory.create_batch(5, title_en="Harbour")
    search_index_rebuild()

    found = search(query="harbour")

    assert found.total == 4  # counted up to MAX_COUNTED + 1
    assert found.more_than_counted
    assert len(found.results) == 5


@pytest.mark.django_db
def test_pages_run_through_title_matches_then_body_matches_without_repeats():
    titled = {str(e) for e in ExchangeFactory.create_batch(25, title_en="Harbour visit")}
    bodied = {
        str(e) for e in ExchangeFactory.create_batch(5, title_en="Visit", summary_en="Harbour.")
    }
    search_index_rebuild()

    first, second = search(query="harbour", page=1), search(query="harbour", page=2)

    assert first.total == 30
    assert {str(r.obj) for r in first.results} <= titled
    assert [str(r.obj) in bodied for r in second.results] == [False] * 5 + [True] * 5
    assert len({r.obj.pk for r in first.results + second.results}) == 30
