"""A delegation's own questions: asked in both languages, conditional, stored as answers."""

import datetime

import pytest
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.registrations.factories import RegistrationPolicyFactory
from tests.registrations.test_views import form_data, url
from twinning.registrations.models import Answer, Question, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy():
    policy = RegistrationPolicyFactory(
        deadline=timezone.now() + datetime.timedelta(days=30),
        delegation__travel_start=timezone.localdate() + datetime.timedelta(days=60),
        delegation__travel_end=timezone.localdate() + datetime.timedelta(days=70),
        delegation__programme_start=timezone.localdate() + datetime.timedelta(days=61),
        delegation__programme_end=timezone.localdate() + datetime.timedelta(days=69),
    )
    visited = Question.objects.create(
        policy=policy,
        kind=Question.Kind.YES_NO,
        label_en="Have you been to Chongqing before?",
        label_zh_hans="您以前去过重庆吗？",
        required=True,
        position=1,
    )
    Question.objects.create(
        policy=policy,
        kind=Question.Kind.DATE,
        label_en="When was your last visit?",
        label_zh_hans="您最近一次访问是什么时候？",
        required=True,
        position=2,
        show_if=visited,
        show_if_value="yes",
    )
    interests = Question.objects.create(
        policy=policy,
        kind=Question.Kind.MULTIPLE,
        label_en="Which site visits interest you?",
        label_zh_hans="您对哪些实地考察感兴趣？",
        position=3,
    )
    interests.choices.create(value="port", label_en="Guoyuan port", label_zh_hans="果园港")
    interests.choices.create(value="liangjiang", label_en="Liangjiang", label_zh_hans="两江新区")
    Question.objects.create(
        policy=policy, kind=Question.Kind.COUNTRY, label_en="Citizenship", position=4
    )
    return policy


def questions(policy):
    return {q.position: f"q{q.pk}" for q in policy.questions.all()}


def post(client, policy, **answers):
    client.force_login(UserFactory())
    return client.post(url(policy, "register"), form_data(policy, **answers))


def test_the_questions_are_asked_in_the_readers_language(client, policy):
    client.force_login(UserFactory())

    page = client.get(f"/zh-hans/delegations/{policy.delegation.slug}/register/").content.decode()

    assert "您以前去过重庆吗？" in page
    assert "两江新区" in page
    assert "美国" in page  # countries named in Chinese
    assert "Citizenship" in page  # no Chinese text yet: the English one shows


def test_a_required_question_must_be_answered(client, policy):
    response = post(client, policy)

    assert response.status_code == 400
    assert Registration.objects.count() == 0


def test_a_conditional_question_is_required_only_when_its_condition_holds(client, policy):
    q = questions(policy)

    refused = post(client, policy, **{q[1]: "yes"})
    accepted = post(client, policy, **{q[1]: "no"})

    assert (refused.status_code, accepted.status_code) == (400, 302)


def test_answers_are_stored_and_an_answer_to_a_question_not_asked_is_dropped(client, policy):
    q = questions(policy)

    post(
        client, policy, **{q[1]: "no", q[2]: "2019-05-01", q[3]: ["port", "liangjiang"], q[4]: "US"}
    )

    answers = {a.question.position: a.value for a in Answer.objects.select_related("question")}
    assert answers == {1: "no", 3: ["port", "liangjiang"], 4: "US"}


def test_a_conditional_question_carries_its_condition_for_the_script(client, policy):
    q = questions(policy)
    client.force_login(UserFactory())

    page = client.get(url(policy, "register")).content.decode()

    assert f'data-show-if="{q[1]}"' in page
    assert "Only if you answered “Yes” to “Have you been to Chongqing before?”." in page
