"""The "my registration" page reads as whole sentences in Chinese."""

import datetime

import pytest
from django.utils import timezone
from djmoney.money import Money

from tests.accounts.factories import UserFactory
from tests.registrations.factories import CancellationRuleFactory, RegistrationPolicyFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fee", "sentence"),
    [
        (None, "如果您今天取消，将退还已付金额的 90%。"),
        (Money(100, "USD"), "如果您今天取消，将退还已付金额的 90%，扣除手续费 US$100。"),
    ],
)
def test_the_refund_today_is_one_sentence_with_chinese_punctuation(client, fee, sentence):
    policy = RegistrationPolicyFactory(
        deadline=timezone.now() + datetime.timedelta(days=30),
        delegation__travel_start=timezone.localdate() + datetime.timedelta(days=60),
        delegation__travel_end=timezone.localdate() + datetime.timedelta(days=70),
        delegation__programme_start=timezone.localdate() + datetime.timedelta(days=61),
        delegation__programme_end=timezone.localdate() + datetime.timedelta(days=69),
    )
    CancellationRuleFactory(
        policy=policy, until=timezone.localdate() + datetime.timedelta(days=20), fee=fee
    )
    client.force_login(UserFactory())
    base = f"/zh-hans/delegations/{policy.delegation.slug}"
    client.post(
        f"{base}/register/",
        {
            "company": "重庆未来科技",
            "job_title": "总经理",
            "emergency_contact": "李娜 +86 23 0000 0000",
            "terms_version": policy.terms_version,
            "accept_terms": "on",
        },
    )

    page = client.get(f"{base}/registration/").content.decode()

    assert sentence in page
