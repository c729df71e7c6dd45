import pytest

from tests.cities.factories import CityFactFactory, CityFactory, RelationshipFactory
from tests.querycount import assert_flat_queries


@pytest.mark.django_db
def test_city_profile_shows_facts_with_year_and_source(client, demo_data):
    page = client.get("/en/cities/seattle/").content.decode()

    assert "<h1" in page and "Seattle" in page
    assert 'title="America/Los_Angeles">Pacific Time (Los Angeles)<' in page
    assert "590,000 people" in page
    assert "Chongqing municipal government portal" in page
    assert "Boeing" in page


@pytest.mark.django_db
def test_city_profile_in_chinese(client, demo_data):
    page = client.get("/zh-hans/cities/chongqing/").content.decode()

    assert "重庆" in page
    assert "两江新区" in page
    assert "2012年数据" in page
    assert "经济" in page


@pytest.mark.django_db
def test_relationship_page_shows_both_cities_and_the_date(client, demo_data):
    page = client.get("/en/relationships/seattle-chongqing/").content.decode()

    assert "Sister cities since June 1983" in page
    assert 'href="/en/cities/seattle/"' in page
    assert 'href="/en/cities/chongqing/"' in page


@pytest.mark.django_db
def test_unknown_city_is_404(client):
    assert client.get("/en/cities/atlantis/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/", "/en/relationships/"])
def test_lists_run_a_fixed_number_of_queries(client, url):
    RelationshipFactory.create_batch(2)

    assert_flat_queries(client, url, lambda: RelationshipFactory.create_batch(20))


@pytest.mark.django_db
def test_city_page_runs_a_fixed_number_of_queries(client):
    city = CityFactory()
    CityFactFactory.create_batch(2, city=city)
    RelationshipFactory(city_a=city)

    def grow():
        CityFactFactory.create_batch(30, city=city)
        RelationshipFactory.create_batch(5, city_b=city)

    assert_flat_queries(client, city.get_absolute_url(), grow)


@pytest.mark.django_db
def test_relationship_page_runs_a_fixed_number_of_queries(client):
    from tests.exchanges.factories import ExchangeFactory

    relationship = RelationshipFactory()
    ExchangeFactory(relationship=relationship)

    assert_flat_queries(
        client,
        relationship.get_absolute_url(),
        lambda: ExchangeFactory.create_batch(15, relationship=relationship),
    )


@pytest.mark.django_db
def test_relationship_page_lists_agreements_and_recent_exchanges(client, demo_data):
    from twinning.exchanges import demo

    demo.load()
    page = client.get("/zh-hans/relationships/seattle-chongqing/").content.decode()

    assert "友好城市协议" in page
    assert "<svg" in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_city_facts_leave_no_dangling_separator(client, demo_data, language):
    import re

    page = client.get(f"/{language}/cities/seattle/").content.decode()
    # The text as read without the stylesheet (reader modes, text browsers, copy and paste).
    sources = re.findall(r'<span class="source">(.*?)</span>\s*</li>', page, re.S)
    texts = [re.sub(r"<[^>]+>", "|", source) for source in sources]

    assert len(texts) > 5
    assert [t for t in texts if re.search(r"·\s*(\||\n|$)", t)] == []
