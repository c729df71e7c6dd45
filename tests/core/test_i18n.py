import re

import pytest

from tests.cities.factories import CityFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "/zh-hans/"),
        ("zh-Hans", "/zh-hans/"),
        ("en-US,en;q=0.9", "/en/"),
        ("fr-FR", "/en/"),
        ("", "/en/"),
    ],
)
def test_root_redirects_by_accept_language(client, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.django_db
def test_language_switcher_keeps_the_current_page(client, demo_data):
    page = client.get("/en/cities/chongqing/").content.decode()

    assert 'href="/zh-hans/cities/chongqing/" hreflang="zh-hans"' in page


@pytest.mark.django_db
def test_every_page_lists_hreflang_alternates(client, demo_data, settings):
    settings.TWINNING_BASE_URL = "https://twinning.example.org"
    page = client.get("/zh-hans/cities/seattle/").content.decode()

    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', page)
    assert alternates == [
        ("en", "https://twinning.example.org/en/cities/seattle/"),
        ("zh-hans", "https://twinning.example.org/zh-hans/cities/seattle/"),
    ]


@pytest.mark.django_db
def test_chinese_pages_are_in_chinese(client, demo_data):
    page = client.get("/zh-hans/").content.decode()

    assert '<html lang="zh-hans">' in page
    assert "友好城市" in page
    assert "西雅图" in page
    assert "重庆" in page
    assert "自1983年6月起结为友好城市" in page


@pytest.mark.django_db
def test_missing_translation_falls_back_with_a_visible_marker(client):
    city = CityFactory(slug="portland", name_en="Portland", name_zh_hans="", summary_en="Rivers.")

    page = client.get(f"/zh-hans/cities/{city.slug}/").content.decode()

    assert '<span lang="en" class="fallback">Portland</span>' in page
    assert "尚未翻译：以英语显示" in page
    assert '<div lang="en" class="fallback">' in page


@pytest.mark.django_db
def test_numbers_are_grouped_in_both_languages(client, demo_data):
    for language in ("en", "zh-hans"):
        page = client.get(f"/{language}/cities/chongqing/").content.decode()
        assert "32,000,000" in page
