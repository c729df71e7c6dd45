import pytest

from twinning.participation.abuse import new_challenge


@pytest.fixture(autouse=True)
def _instant_forms(settings):
    """Tests submit at once; the minimum fill time is tested on its own."""
    settings.PARTICIPATION_MIN_FILL_SECONDS = 0


def solved(data: dict) -> dict:
    """``data`` with a fresh anti-spam question answered correctly."""
    token, a, b = new_challenge()
    return {**data, "challenge": token, "answer": a + b}


MESSAGE = {
    "name": "Li Wei",
    "email": "li.wei@example.cn",
    "organisation": "Chongqing Trade Association",
    "city": "Chongqing",
    "subject": "Visiting Seattle in spring",
    "body": "We would like to bring a small delegation of teachers in April.",
    "language": "zh-hans",
    "publish_consent": "on",
    "privacy_accepted": "on",
}
