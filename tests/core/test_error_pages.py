"""Error pages in the reader's language and the site's layout, with DEBUG off."""

import pytest
from django.test import Client
from django.urls import path

from tests.accounts.factories import UserFactory
from twinning.accounts.models import Role


def _boom(request):
    raise RuntimeError("an unexpected failure")


@pytest.fixture
def failing_url(settings):
    """A URL whose view raises, mounted in front of the project's (with its handler500)."""
    from django.conf.urls.i18n import i18n_patterns

    import twinning.urls

    module = type(twinning.urls)("tests_error_urls")
    module.urlpatterns = i18n_patterns(path("boom/", _boom)) + twinning.urls.urlpatterns
    module.handler500 = twinning.urls.handler500
    settings.ROOT_URLCONF = module
    settings.DEBUG = False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Page not found"), ("zh-hans", "页面不存在")],
)
def test_404_page_speaks_the_readers_language_in_the_layout(client, settings, language, expected):
    settings.DEBUG = False

    response = client.get(f"/{language}/no-such-page/")

    page = response.content.decode()
    assert response.status_code == 404
    assert expected in page
    assert 'class="site-header"' in page and f'lang="{language}"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "This page is not open to you"), ("zh-hans", "您无权查看此页面")],
)
def test_403_page_speaks_the_readers_language_in_the_layout(client, settings, language, expected):
    settings.DEBUG = False
    client.force_login(UserFactory(role=Role.DELEGATE))

    response = client.get(f"/{language}/backoffice/")

    page = response.content.decode()
    assert response.status_code == 403
    assert expected in page
    assert 'class="site-header"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Something went wrong"), ("zh-hans", "出错了")],
)
def test_500_page_speaks_the_readers_language_without_a_request_context(
    failing_url, language, expected
):
    client = Client(raise_request_exception=False)

    response = client.get(f"/{language}/boom/")

    page = response.content.decode()
    assert response.status_code == 500
    assert expected in page
    assert f'lang="{language}"' in page and 'class="site-header"' in page
