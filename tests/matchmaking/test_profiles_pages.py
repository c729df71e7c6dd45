"""Profiles, the directory, suggestions and who may see them (views over the services)."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.factories import CoordinatorFactory, UserFactory, verified_login
from tests.delegations.factories import DelegationFactory, MemberFactory
from tests.matchmaking.factories import (
    CounterpartParticipantFactory,
    DelegateParticipantFactory,
    MeetingRequestFactory,
    SectorFactory,
)
from tests.querycount import assert_flat_queries
from twinning.accounts.models import Role
from twinning.delegations.models import Member
from twinning.matchmaking.models import MeetingRequest, Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def delegation():
    return DelegationFactory(slug="mission")


@pytest.fixture
def delegate(delegation):
    return DelegateParticipantFactory(
        delegation=delegation,
        offers_en="Tunnel boring machines for metro lines",
        seeks_en="Contractors who build rail tunnels",
    )


@pytest.fixture
def counterpart(delegation):
    return CounterpartParticipantFactory(
        delegation=delegation,
        organisation_en="",
        organisation_zh_hans="重庆轨道交通集团",
        seeks_zh_hans="采购盾构机",
        offers_zh_hans="承建地铁隧道",
    )


def _url(name, delegation, **kwargs):
    return reverse(f"matchmaking:{name}", kwargs={"slug": delegation.slug, **kwargs})


def _coordinator(client, delegation):
    user = CoordinatorFactory()
    MemberFactory(delegation=delegation, user=user, role=Member.Role.COORDINATOR)
    verified_login(client, user)
    return user


def test_a_delegate_sees_the_directory_with_the_other_side(client, delegate, counterpart):
    DelegateParticipantFactory(delegation=delegate.delegation, organisation_en="Other delegate")
    client.force_login(delegate.member.user)

    response = client.get(_url("directory", delegate.delegation))

    assert response.status_code == 200
    assert "重庆轨道交通集团" in response.text
    assert "Other delegate" not in response.text


def test_the_directory_filters_by_sector_and_search(client, delegate, counterpart):
    sector = SectorFactory(slug="tunnelling-rail")
    counterpart.sectors.add(sector)
    CounterpartParticipantFactory(delegation=delegate.delegation, organisation_en="Coffee house")
    client.force_login(delegate.member.user)

    by_sector = client.get(_url("directory", delegate.delegation), {"sector": "tunnelling-rail"})
    by_word = client.get(_url("directory", delegate.delegation), {"q": "coffee"})

    assert ("重庆轨道交通集团" in by_sector.text, "Coffee house" in by_sector.text) == (True, False)
    assert ("重庆轨道交通集团" in by_word.text, "Coffee house" in by_word.text) == (False, True)


@pytest.mark.parametrize(
    "who",
    ["stranger", "member_of_another", "unconfirmed_member", "unclaimed_counterpart_contact"],
)
def test_the_directory_and_a_profile_are_404_to_outsiders(client, delegate, counterpart, who):
    if who == "member_of_another":
        user = MemberFactory().user
    elif who == "unconfirmed_member":
        user = MemberFactory(delegation=delegate.delegation, confirmed=False).user
    elif who == "unclaimed_counterpart_contact":
        user = UserFactory(email=counterpart.contact_email, role=Role.COUNTERPART)
    else:
        user = UserFactory()
    client.force_login(user)

    directory = client.get(_url("directory", delegate.delegation))
    profile = client.get(_url("profile", delegate.delegation, participant_id=counterpart.pk))

    assert (directory.status_code, profile.status_code) == (404, 404)


def test_a_profile_of_another_delegation_is_404_under_this_one(client, delegate):
    elsewhere = CounterpartParticipantFactory()
    client.force_login(delegate.member.user)

    response = client.get(_url("profile", delegate.delegation, participant_id=elsewhere.pk))

    assert response.status_code == 404


def test_a_claimed_counterpart_sees_the_directory(client, delegate, counterpart):
    counterpart.user = UserFactory(role=Role.COUNTERPART)
    counterpart.save()
    client.force_login(counterpart.user)

    response = client.get(_url("directory", delegate.delegation))

    assert response.status_code == 200
    assert delegate.organisation_en in response.text


def test_a_chinese_text_shows_to_an_english_reader_marked_as_a_fallback(
    client, delegate, counterpart
):
    client.force_login(delegate.member.user)

    response = client.get(_url("profile", delegate.delegation, participant_id=counterpart.pk))

    assert 'lang="zh-hans" class="fallback"' in response.text
    assert "采购盾构机" in response.text


def test_a_confirmed_delegate_without_a_profile_makes_one_by_saving(client, delegation):
    member = MemberFactory(delegation=delegation, organisation="Puget GreenBuild")
    client.force_login(member.user)
    page = client.get(_url("my_profile", delegation))

    response = client.post(
        _url("my_profile", delegation),
        {
            "organisation_en": "Puget GreenBuild",
            "organisation_zh_hans": "普吉特绿色建筑",
            "offers_en": "Passive house design",
            "seeks_zh_hans": "绿色建筑开发商",
            "languages": ["en"],
            "min_meetings": "2",
            "max_meetings": "8",
        },
    )

    participant = Participant.objects.get(member=member)
    assert (page.status_code, response.status_code) == (200, 302)
    assert (participant.offers_en, participant.seeks_zh_hans, participant.max_meetings) == (
        "Passive house design",
        "绿色建筑开发商",
        8,
    )


def test_a_profile_with_at_least_above_at_most_is_refused(client, delegate):
    client.force_login(delegate.member.user)

    response = client.post(
        _url("my_profile", delegate.delegation),
        {"organisation_en": "X", "min_meetings": "9", "max_meetings": "2"},
    )

    assert response.status_code == 400
    delegate.refresh_from_db()
    assert delegate.max_meetings is None


def test_a_delegate_may_not_edit_a_counterpart(client, delegate, counterpart):
    client.force_login(delegate.member.user)

    response = client.post(
        _url("profile_edit", delegate.delegation, participant_id=counterpart.pk),
        {"organisation_en": "Taken over"},
    )

    assert response.status_code == 404


def test_a_coordinator_adds_a_counterpart_on_its_behalf(client, delegation):
    _coordinator(client, delegation)

    response = client.post(
        _url("counterpart_new", delegation),
        {"kind": "official", "organisation_zh_hans": "重庆市商务委员会", "languages": ["zh"]},
    )

    created = Participant.objects.get(delegation=delegation)
    assert response.status_code == 302
    assert (created.kind, created.organisation_zh_hans) == ("official", "重庆市商务委员会")


def test_suggestions_give_the_reason_in_the_readers_language(client, delegate, counterpart):
    client.force_login(delegate.member.user)

    english = client.get(_url("suggestions", delegate.delegation))
    chinese = client.get(
        reverse("matchmaking:suggestions", kwargs={"slug": "mission"}).replace("/en/", "/zh-hans/")
    )

    assert "they seek tunnel boring machines, you offer it" in english.text
    assert "盾构机" in chinese.text


def test_suggestions_leave_out_a_no_thanks_and_mark_a_request(client, delegate, counterpart):
    other = CounterpartParticipantFactory(
        delegation=delegate.delegation,
        organisation_en="Metro Builders",
        seeks_en="tunnel boring machines",
    )
    MeetingRequestFactory(
        delegation=delegate.delegation,
        requester=counterpart,
        target=delegate,
        priority=MeetingRequest.Priority.NO,
    )
    MeetingRequestFactory(delegation=delegate.delegation, requester=delegate, target=other)
    client.force_login(delegate.member.user)

    response = client.get(_url("suggestions", delegate.delegation))

    assert "重庆轨道交通集团" not in response.text
    assert "Metro Builders" in response.text
    assert "Requested: Waiting for an answer" in response.text


def test_the_directory_runs_as_many_queries_for_many_participants(client, delegate, counterpart):
    sector = SectorFactory()
    counterpart.sectors.add(sector)
    client.force_login(delegate.member.user)

    def grow():
        for _n in range(8):
            CounterpartParticipantFactory(delegation=delegate.delegation).sectors.add(
                SectorFactory()
            )

    assert_flat_queries(client, _url("directory", delegate.delegation), grow)


def test_an_invitation_and_its_link_attach_the_profile_once(
    client, delegation, counterpart, django_capture_on_commit_callbacks
):
    _coordinator(client, delegation)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("counterpart_invite", delegation, participant_id=counterpart.pk))
    token = Participant.objects.get(pk=counterpart.pk).claim_token
    link = _url("claim", delegation, token=token)
    client.logout()
    claimant = UserFactory(role=Role.VISITOR)
    client.force_login(claimant)

    page = client.get(link)
    claimed = client.post(link)
    again = client.post(link)

    counterpart.refresh_from_db()
    claimant.refresh_from_db()
    assert len(mail.outbox) == 1
    assert link.replace("/en/", "/zh-hans/") in mail.outbox[0].body
    assert "认领" in mail.outbox[0].subject
    assert (page.status_code, claimed.status_code, again.status_code) == (200, 302, 404)
    assert (counterpart.user_id, claimant.role) == (claimant.pk, Role.COUNTERPART)
    assert counterpart.claim_token != token


def test_an_invitation_link_makes_an_account_for_a_newcomer(client, delegation, counterpart):
    link = _url("claim", delegation, token=counterpart.claim_token)

    response = client.post(
        link,
        {"email": "li.na@example.cn", "full_name": "李娜", "password": "a long enough pass phrase"},
    )

    counterpart.refresh_from_db()
    assert response.status_code == 302
    assert counterpart.user.email == "li.na@example.cn"


def test_someone_with_a_profile_in_the_delegation_cannot_claim_a_second(
    client, delegate, counterpart
):
    client.force_login(delegate.member.user)

    client.post(_url("claim", delegate.delegation, token=counterpart.claim_token))

    counterpart.refresh_from_db()
    assert counterpart.user_id is None


def test_a_coordinator_edits_a_counterpart_in_both_languages(client, delegation, counterpart):
    _coordinator(client, delegation)
    sector = SectorFactory(slug="tunnelling-rail")

    response = client.post(
        _url("profile_edit", delegation, participant_id=counterpart.pk),
        {
            "kind": "official",
            "organisation_en": "Chongqing Rail Transit",
            "organisation_zh_hans": "重庆轨道交通集团",
            "offers_en": "Metro tunnels",
            "sectors": [sector.pk],
            "languages": ["zh", "en"],
        },
    )

    counterpart.refresh_from_db()
    assert response.status_code == 302
    assert (counterpart.kind, counterpart.organisation_en, counterpart.languages) == (
        "official",
        "Chongqing Rail Transit",
        ["zh", "en"],
    )
    assert list(counterpart.sectors.all()) == [sector]


def test_the_directory_filters_by_language_spoken(client, delegate, counterpart):
    CounterpartParticipantFactory(
        delegation=delegate.delegation, organisation_en="English speakers", languages=["en"]
    )
    client.force_login(delegate.member.user)

    response = client.get(_url("directory", delegate.delegation), {"language": "zh"})

    assert ("重庆轨道交通集团" in response.text, "English speakers" in response.text) == (
        True,
        False,
    )
