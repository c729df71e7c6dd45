"""The demo delegation's page and its terms PDF say the same about the fee."""

import re

import pytest
from django.core.management import call_command

from tests.conftest import IN_CI

try:
    import weasyprint  # noqa: F401  (loads Pango)
except OSError as error:  # pragma: no cover - a machine without Pango
    if IN_CI:
        raise
    pytest.skip(f"WeasyPrint cannot load Pango: {error}", allow_module_level=True)

import pypdfium2

from twinning.delegations import pdf
from twinning.delegations.models import Delegation

SLUG = "2012-seattle-week-in-chongqing"
pytestmark = pytest.mark.django_db


@pytest.fixture
def delegation():
    call_command("demo", verbosity=0)
    return Delegation.objects.get(slug=SLUG)


def _pages(content: bytes) -> list[tuple[str, str]]:
    """Each page's running head (its top 14 mm, above the body) and its whole text."""
    document = pypdfium2.PdfDocument(content)
    try:
        pages = []
        for page in document:
            width, height = page.get_size()
            text = page.get_textpage()
            pages.append(
                (text.get_text_bounded(0, height - 40, width, height), text.get_text_range())
            )
        return pages
    finally:
        document.close()


def test_the_page_and_the_terms_agree_the_fee_leaves_out_hotel_rooms(client, delegation):
    page = client.get(f"/en/delegations/{SLUG}/").content.decode()
    terms = re.sub(
        r"\s+",
        " ",
        " ".join(t for _h, t in _pages(pdf.terms_pdf(delegation=delegation, language="en"))),
    )

    assert "land package: hotel" not in page
    assert (
        "hotel rooms (at the delegation&#x27;s group rate) and international flights are "
        "booked and paid separately" in page
    )
    assert "it does not cover international travel, visas, insurance, hotel rooms" in terms


@pytest.mark.parametrize("language", ["en", "zh-hans", "both"])
def test_the_running_head_of_the_terms_stays_on_one_line(delegation, language):
    pages = _pages(pdf.terms_pdf(delegation=delegation, language=language))

    heads = [head for head, _text in pages[1:]]
    assert heads and all(head.strip() for head in heads)
    assert [head for head in heads if "\n" in head.strip()] == []
