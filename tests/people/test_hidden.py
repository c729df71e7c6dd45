"""A hidden person or organisation vanishes from every public page, feed and search result."""

import pytest

from tests.exchanges.factories import ExchangeFactory, ParticipationFactory
from tests.people.factories import OrganisationFactory, PersonFactory
from twinning.accounts.rules import system_actor
from twinning.people.services import people_set_hidden
from twinning.search.services import search_index_rebuild

NAMES = {
    "person": ("Zebulon Quarterfield", "夸特菲尔德", "zebulon-quarterfield"),
    "organisation": ("Quillfeather Foundry", "羽毛铸造厂", "quillfeather-foundry"),
}


@pytest.fixture
def world(db):
    """A public record naming a person and an organisation, both then hidden."""
    english, chinese, slug = NAMES["person"]
    person = PersonFactory(slug=slug, name_en=english, name_zh_hans=chinese)
    english, chinese, slug = NAMES["organisation"]
    organisation = OrganisationFactory(slug=slug, name_en=english, name_zh_hans=chinese)
    record = ExchangeFactory(title_en="Harbour cranes delivered", key="harbour-cranes")
    ParticipationFactory(exchange=record, person=person)
    record.organisations.add(organisation)
    search_index_rebuild()
    return {"person": person, "organisation": organisation, "record": record}


def _hide(world, kind: str):
    people_set_hidden(obj=world[kind], hidden=True, actor=system_actor())
    return world[kind]


SURFACES = {
    "record page": lambda w, kind: f"/en/exchanges/{w['record'].key}/",
    "record page in Chinese": lambda w, kind: f"/zh-hans/exchanges/{w['record'].key}/",
    "archive filtered by it": lambda w, kind: f"/en/exchanges/?{kind}={w[kind].slug}",
    "atom feed": lambda w, kind: "/en/exchanges/feed/",
    "sitemap": lambda w, kind: "/sitemap.xml",
    "search for its name": lambda w, kind: f"/en/search/?q={NAMES[kind][0]}",
    "search for its Chinese name": lambda w, kind: f"/zh-hans/search/?q={NAMES[kind][1]}",
}
# A search page repeats the query, so there the name may appear: the results must not.
ECHOES_THE_NAME = {"search for its name", "search for its Chinese name"}


def _forbidden(world, kind: str, surface: str) -> list[str]:
    english, chinese, _slug = NAMES[kind]
    page_path = world[kind].get_absolute_url().removeprefix("/en")  # either language
    if surface in ECHOES_THE_NAME:
        # The record matched only through the hidden name.
        return [page_path, f"/exchanges/{world['record'].key}/"]
    return [english, chinese, page_path]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["person", "organisation"])
@pytest.mark.parametrize("surface", SURFACES)
def test_hidden_name_appears_on_no_public_surface(client, world, kind, surface):
    url = SURFACES[surface](world, kind)
    _hide(world, kind)

    response = client.get(url)
    page = response.content.decode()

    assert response.status_code == 200
    assert [text for text in _forbidden(world, kind, surface) if text in page] == []


def _shown_while_visible(world, kind: str, surface: str) -> list[str]:
    english, chinese, _slug = NAMES[kind]
    page_path = world[kind].get_absolute_url().removeprefix("/en")
    return {
        "record page": [english, page_path],
        "record page in Chinese": [chinese, page_path],
        "archive filtered by it": ["Showing the records of", english, page_path],
        "atom feed": [world["record"].title_en],  # it names no people or organisations
        "sitemap": [page_path],
        "search for its name": [page_path, f"/exchanges/{world['record'].key}/"],
        "search for its Chinese name": [page_path, f"/exchanges/{world['record'].key}/"],
    }[surface]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["person", "organisation"])
@pytest.mark.parametrize("surface", SURFACES)
def test_each_surface_shows_it_while_visible(client, world, kind, surface):
    """The other side of the test above, so that it cannot pass on an empty page."""
    page = client.get(SURFACES[surface](world, kind)).content.decode()

    assert [t for t in _shown_while_visible(world, kind, surface) if t not in page] == []


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["person", "organisation"])
def test_hidden_page_is_not_found(client, world, kind):
    _hide(world, kind)

    assert client.get(world[kind].get_absolute_url()).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["person", "organisation"])
def test_filter_by_a_hidden_one_reads_like_an_unknown_one_and_is_ignored(client, world, kind):
    other = ExchangeFactory(title_en="Unrelated record")
    _hide(world, kind)

    hidden = client.get(f"/en/exchanges/?{kind}={world[kind].slug}").content.decode()
    unknown = client.get(f"/en/exchanges/?{kind}=nobody-at-all").content.decode()

    notice = f"No such {kind} in the archive: that filter was ignored."
    assert notice in hidden
    assert notice in unknown
    assert other.title_en in hidden  # the filter is ignored: every record is listed
    assert "Showing the records of" not in hidden


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["person", "organisation"])
def test_hiding_takes_the_name_out_of_the_records_search_texts(world, kind):
    from twinning.search.models import SearchDocument
    from twinning.search.text import document_terms

    english = document_terms(NAMES[kind][0]).split()[0]
    assert SearchDocument.objects.filter(body_terms__contains=english).exists()

    _hide(world, kind)

    assert not SearchDocument.objects.filter(body_terms__contains=english).exists()


@pytest.mark.django_db
def test_timeline_links_do_not_carry_a_hidden_persons_slug(client, world):
    _hide(world, "person")

    page = client.get("/en/exchanges/?person=zebulon-quarterfield").content.decode()

    assert "year_from=" in page  # the timeline has its bars
    assert "zebulon-quarterfield" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
