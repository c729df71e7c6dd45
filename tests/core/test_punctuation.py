"""Chinese pages use full-width punctuation: no "等于几？:", "时区: " or "(非公开活动)"."""

import re

import pytest
from django.core.management import call_command

from tests.accounts.factories import UserFactory

SLUG = "2012-seattle-week-in-chongqing"
# An ASCII colon or parenthesis after Chinese text (or a full-width stop and a colon). A
# Chinese name in parentheses after a Latin one ("Wang Xiaoyu (王晓雨)") is fine.
MIXED = re.compile(r"[\u4e00-\u9fff。？！）]\s*:|[\u4e00-\u9fff]\s*\(|\)[\u4e00-\u9fff]")
TAGS = re.compile(r"<[^>]+>")


def _text(html: str) -> str:
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return TAGS.sub("", main.split(">", 1)[1])


@pytest.fixture
def demo(db):
    call_command("demo", verbosity=0)


def _closed_session_pk() -> int:
    from twinning.delegations.models import Session

    return Session.objects.filter(delegation__slug=SLUG).exclude(audience="public").first().pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/zh-hans/message/",
        "/zh-hans/report/",
        "/zh-hans/accounts/login/",
        "/zh-hans/cities/seattle/",
        "/zh-hans/cities/chongqing/",
        f"/zh-hans/delegations/{SLUG}/",
        "/zh-hans/cookies/settings/",
        "/zh-hans/exchanges/",
    ],
)
def test_chinese_pages_use_full_width_punctuation(client, demo, path):
    text = _text(client.get(path).content.decode())

    assert MIXED.findall(text) == []


@pytest.mark.django_db
def test_the_profile_form_labels_end_in_a_full_width_colon(client):
    client.force_login(UserFactory())

    page = client.get("/zh-hans/accounts/profile/").content.decode()

    assert "您的时区：</label>" in page
    assert MIXED.findall(_text(page)) == []


@pytest.mark.django_db
def test_a_label_ending_in_a_full_stop_gets_no_colon(client):
    page = client.get("/zh-hans/message/").content.decode()

    assert "。:" not in page and "。：" not in page
    assert "？:" not in page and "？：" not in page


@pytest.mark.django_db
def test_the_cookie_table_names_a_cookies_name_not_a_persons(client):
    page = client.get("/zh-hans/cookies/settings/").content.decode()

    assert '<th scope="col">名称</th>' in page and "姓名" not in page


@pytest.mark.django_db
def test_a_closed_session_is_marked_in_full_width_parentheses(client, demo):
    page = client.get(f"/zh-hans/delegations/{SLUG}/").content.decode()

    assert "（非公开活动）" in page and "(非公开活动)" not in page
