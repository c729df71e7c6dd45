import pytest
from django.urls import reverse

from tests.cities.factories import RelationshipFactory

FOOTER_PAGES = [
    "pages:about",
    "pages:contact",
    "pages:privacy",
    "pages:cookies",
    "pages:terms",
    "participation:message",
    "participation:report",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", FOOTER_PAGES)
def test_footer_pages_exist(client, name):
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.django_db
def test_footer_links_every_information_page(client):
    page = client.get("/en/").content.decode()

    for name in FOOTER_PAGES:
        assert f'href="{reverse(name)}"' in page


@pytest.mark.django_db
def test_home_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    from tests.delegations.factories import DelegationFactory
    from tests.exchanges.factories import ParticipationFactory

    RelationshipFactory.create_batch(3)
    ParticipationFactory()
    DelegationFactory()
    with django_assert_max_num_queries(8) as few:
        client.get("/en/")
    RelationshipFactory.create_batch(10)
    ParticipationFactory.create_batch(8)
    DelegationFactory.create_batch(4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/en/")


@pytest.mark.django_db
def test_page_has_landmarks_and_a_skip_link(client):
    page = client.get("/en/").content.decode()

    for landmark in (
        '<header class="site-header">',
        '<main id="main"',
        "<footer",
        "<nav aria-label",
    ):
        assert landmark in page
    assert 'href="#main"' in page
    assert page.count("<h1") == 1


@pytest.mark.django_db
def test_unknown_page_is_404(client):
    assert client.get("/en/no-such-page/").status_code == 404


@pytest.mark.django_db
def test_home_page_title_is_plain_text_and_lists_archive_and_delegations(client):
    from tests.delegations.factories import DelegationFactory
    from tests.exchanges.factories import ExchangeFactory

    ExchangeFactory(title_en="Newest record")
    DelegationFactory(title_en="Spring mission")

    page = client.get("/en/").content.decode()

    title = page[page.index("<title>") : page.index("</title>")]
    assert "<" not in title[len("<title>") :]
    assert page.count("Newest record") == 1
    assert page.count("Spring mission") == 1
