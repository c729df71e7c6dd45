"""A delegate's vCard: what the QR code on the badge opens."""

import pytest
import segno
import vobject
from django.conf import settings
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.delegations.factories import DelegationFactory, MemberFactory
from twinning.delegations.cards import card_url, vcard_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    delegation = DelegationFactory(
        title_en="Seattle trade mission to Chongqing", title_zh_hans="西雅图赴重庆商务代表团"
    )
    return MemberFactory(
        delegation=delegation,
        user=UserFactory(full_name="王芳", email="wang.fang@example.org"),
        organisation="重庆物流有限公司",
        job_title="Export manager",
        phone="+86 23 6000 0101",
    )


def card_address(member) -> str:
    return reverse("delegations:card", kwargs={"token": member.card_token})


def test_vcard_carries_the_members_details(member):
    card = vobject.readOne(vcard_for(member))

    assert card.fn.value == "王芳"
    assert card.n.value.family == "王芳"
    assert card.org.value == ["重庆物流有限公司"]
    assert card.title.value == "Export manager"
    assert card.email.value == "wang.fang@example.org"
    assert card.tel.value == "+86 23 6000 0101"
    assert "Seattle trade mission to Chongqing" in card.note.value
    assert "西雅图赴重庆商务代表团" in card.note.value


def test_vcard_leaves_out_what_the_member_did_not_give():
    member = MemberFactory(
        user=UserFactory(full_name="", email="anon@example.org"), organisation="", phone=""
    )

    card = vobject.readOne(vcard_for(member))

    assert card.fn.value == "anon@example.org"
    assert "org" not in card.contents
    assert "tel" not in card.contents
    assert "title" not in card.contents


def test_card_view_returns_a_vcard_anyone_with_the_token_can_read(client, member):
    response = client.get(card_address(member))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    card = vobject.readOne(response.content.decode("utf-8"))
    assert card.fn.value == "王芳"
    assert card.org.value == ["重庆物流有限公司"]
    assert card.email.value == "wang.fang@example.org"


def test_card_address_is_absolute_and_built_from_the_token(member):
    assert card_url(member, "en") == (
        f"{settings.TWINNING_BASE_URL}/en/delegations/card/{member.card_token}.vcf"
    )
    assert card_url(member, "zh-hans").endswith(
        f"/zh-hans/delegations/card/{member.card_token}.vcf"
    )


def test_unknown_token_is_not_found(client, member):
    response = client.get(reverse("delegations:card", kwargs={"token": "not-a-token"}))

    assert response.status_code == 404


def test_unconfirmed_members_card_is_not_found(client, member):
    member.confirmed = False
    member.save()

    assert client.get(card_address(member)).status_code == 404


def test_inactive_users_card_is_not_found(client, member):
    member.user.is_active = False
    member.user.save()

    assert client.get(card_address(member)).status_code == 404


def test_renewed_card_address_revokes_the_old_one_and_the_badge_carries_the_new(client, member):
    from twinning.delegations import pdf

    old = card_address(member)
    client.force_login(member.user)
    page = client.get(f"/en/delegations/{member.delegation.slug}/my-card/").content.decode()
    assert old in page

    response = client.post(f"/en/delegations/{member.delegation.slug}/my-card/")

    member.refresh_from_db()
    assert response.status_code == 302
    assert client.get(old).status_code == 404
    assert client.get(card_address(member)).status_code == 200
    assert pdf.badge_qr_svg(member, "en") == segno.make(
        card_url(member, "en"), error="m"
    ).svg_inline(scale=4, omitsize=True)
    assert member.card_token in card_url(member, "en")
    badge = client.get(f"/en/delegations/{member.delegation.slug}/pdf/badge/{member.pk}/")
    assert badge.status_code == 200


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [("the member", True), ("a coordinator of the delegation", True), ("another delegate", False)],
)
def test_only_the_member_or_their_coordinator_may_renew_the_card(member, actor, allowed):
    from django.core.exceptions import PermissionDenied

    from twinning.delegations.cards import member_card_token_renew
    from twinning.delegations.models import Member

    actors = {
        "the member": lambda: member.user,
        "a coordinator of the delegation": lambda: (
            MemberFactory(delegation=member.delegation, role=Member.Role.COORDINATOR).user
        ),
        "another delegate": lambda: MemberFactory(delegation=member.delegation).user,
    }
    old = member.card_token
    user = actors[actor]()

    if allowed:
        member_card_token_renew(actor=user, member=member)
    else:
        with pytest.raises(PermissionDenied):
            member_card_token_renew(actor=user, member=member)

    member.refresh_from_db()
    assert (member.card_token != old) is allowed


def test_card_page_is_refused_to_who_is_not_a_member(client, member):
    old = member.card_token
    client.force_login(UserFactory())

    response = client.post(f"/en/delegations/{member.delegation.slug}/my-card/")

    member.refresh_from_db()
    assert response.status_code == 403
    assert member.card_token == old
