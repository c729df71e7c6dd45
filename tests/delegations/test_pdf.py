"""The delegation's PDFs: readable text in both languages, real glyphs, and who gets which."""

import datetime
import re
from pathlib import Path

import pytest
import segno
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from tests.accounts.factories import UserFactory, verified_login
from tests.cities.factories import CityFactory, RelationshipFactory
from tests.conftest import IN_CI
from tests.delegations.factories import (
    SHANGHAI,
    DelegationFactory,
    FeeFactory,
    MemberFactory,
    SessionFactory,
    VenueFactory,
)
from tests.pages.factories import publish
from tests.people.factories import OrganisationFactory
from twinning.delegations import pdf
from twinning.delegations.cards import card_url
from twinning.delegations.models import Audience, Contact, Document, Member

try:
    import weasyprint  # noqa: F401  (loads Pango)
except OSError as error:  # pragma: no cover - a machine without Pango
    if IN_CI:
        raise
    pytest.skip(f"WeasyPrint cannot load Pango: {error}", allow_module_level=True)

import pypdfium2

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pdf"

pytestmark = pytest.mark.django_db


# -- helpers ----------------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    """The text of every page, without white space: lines wrap anywhere in a layout."""
    document = pypdfium2.PdfDocument(content)
    try:
        text = "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return re.sub(r"\s+", "", text)


def has(text: str, expected: str) -> bool:
    return re.sub(r"\s+", "", expected) in text


def first_page_png(content: bytes, name: str) -> Path:
    """Render page 1 to test-artifacts/pdf/NAME.png; fail if it is blank."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    document = pypdfium2.PdfDocument(content)
    try:
        image = document[0].render(scale=1).to_pil()
    finally:
        document.close()
    image.save(path)
    grey = image.convert("L")
    colours = grey.getcolors(maxcolors=256 * 256)
    assert colours is not None and len(colours) > 8, "the page has almost no colours"
    darkest, _lightest = grey.getextrema()
    assert darkest < 100, "the page is blank (nothing dark on it)"
    return path


# -- data -------------------------------------------------------------------------------


@pytest.fixture
def cities():
    seattle = CityFactory(name_en="Seattle", name_zh_hans="西雅图", time_zone="America/Los_Angeles")
    chongqing = CityFactory(name_en="Chongqing", name_zh_hans="重庆", time_zone="Asia/Shanghai")
    return seattle, chongqing


@pytest.fixture
def delegation(cities):
    seattle, chongqing = cities
    delegation = DelegationFactory(
        relationship=RelationshipFactory(city_a=seattle, city_b=chongqing),
        title_en="Seattle trade mission to Chongqing",
        title_zh_hans="西雅图赴重庆商务代表团",
        organiser_en="Seattle Sister City Office",
        organiser_zh_hans="西雅图友好城市办公室",
    )
    FeeFactory(delegation=delegation)
    Contact.objects.create(
        delegation=delegation,
        name="Li Na",
        role_en="Interpreter",
        role_zh_hans="翻译",
        email="li.na@example.org",
        phone="+86 23 6000 0000",
    )
    venue = VenueFactory(
        name_en="Chongqing Municipal Government",
        name_zh_hans="重庆市人民政府",
        address_en="232 Renmin Road, Yuzhong District",
        address_zh_hans="渝中区人民路232号",
    )
    SessionFactory(
        delegation=delegation,
        venue=venue,
        title_en="Welcome meeting with the Mayor",
        title_zh_hans="市长欢迎会见",
    )
    SessionFactory(
        delegation=delegation,
        venue=venue,
        kind="briefing",
        title_en="Market briefing",
        title_zh_hans="市场简报会",
        description_en="Confidential market figures.",
        description_zh_hans="内部市场数据。",
        audience=Audience.MEMBERS,
        starts_at=datetime.datetime(2012, 3, 21, 14, 30, tzinfo=SHANGHAI),
        ends_at=datetime.datetime(2012, 3, 21, 16, 0, tzinfo=SHANGHAI),
    )
    SessionFactory(
        delegation=delegation,
        venue=venue,
        kind="briefing",
        title_en="Coordinators debrief",
        title_zh_hans="协调员内部总结",
        description_en="Who said what.",
        audience=Audience.COORDINATORS,
        title_is_public=False,
        starts_at=datetime.datetime(2012, 3, 21, 20, 0, tzinfo=SHANGHAI),
        ends_at=datetime.datetime(2012, 3, 21, 21, 0, tzinfo=SHANGHAI),
    )
    return delegation


@pytest.fixture
def member(delegation):
    return MemberFactory(
        delegation=delegation,
        user=UserFactory(full_name="Wang Fang", email="wang.fang@example.org"),
        organisation="Chongqing Logistics Co.",
        job_title="Export manager",
        phone="+1 206 555 0101",
    )


@pytest.fixture
def coordinator(delegation):
    user = UserFactory(full_name="Coordinator Kim", role="coordinator", is_staff=True)
    MemberFactory(delegation=delegation, user=user, role=Member.Role.COORDINATOR)
    return user


def url(name: str, delegation, **kwargs) -> str:
    return reverse(f"delegations:{name}", kwargs={"slug": delegation.slug, **kwargs})


# -- the documents ----------------------------------------------------------------------


def test_itinerary_in_both_languages_side_by_side(delegation, member):
    content = pdf.itinerary_pdf(delegation=delegation, user=member.user, language="both")

    text = pdf_text(content)
    for expected in (
        "Chongqing",
        "重庆",
        "Seattle trade mission to Chongqing",
        "西雅图赴重庆商务代表团",
        "Welcome meeting with the Mayor",
        "市长欢迎会见",
        "Chongqing Municipal Government",
        "重庆市人民政府",
        "渝中区人民路232号",
        "09:00",
        "11:00",
        "14:30",
        "Asia/Shanghai",
        "March 20, 2012",
        "2012年3月20日",
        "Li Na",
        "翻译",
        "li.na@example.org",
        "+86 23 6000 0000",
        "3,520",
    ):
        assert has(text, expected), expected
    first_page_png(content, "itinerary-both")


def test_itinerary_in_chinese_only(delegation):
    content = pdf.itinerary_pdf(delegation=delegation, user=None, language="zh-hans")

    text = pdf_text(content)
    assert has(text, "市长欢迎会见")
    assert has(text, "2012年3月20日")
    assert not has(text, "Welcome meeting with the Mayor")
    first_page_png(content, "itinerary-zh-hans")


def test_itinerary_shows_a_closed_session_to_the_public_by_title_only(client, delegation):
    response = client.get(url("pdf_itinerary", delegation), {"lang": "en"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; filename=")
    text = pdf_text(response.content)
    assert has(text, "Market briefing")
    assert has(text, "closed session")
    assert not has(text, "Confidential market figures.")
    assert not has(text, "Coordinators debrief")


def test_itinerary_shows_members_their_sessions(client, delegation, member):
    client.force_login(member.user)

    response = client.get(url("pdf_itinerary", delegation))

    text = pdf_text(response.content)
    assert has(text, "Confidential market figures.")
    assert not has(text, "Coordinators debrief")
    assert response["Cache-Control"] == "private, no-store"


def test_itinerary_defaults_to_the_page_language(client, delegation):
    response = client.get(
        reverse("delegations:pdf_itinerary", kwargs={"slug": delegation.slug}).replace(
            "/en/", "/zh-hans/", 1
        )
    )

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert has(text, "市长欢迎会见")
    assert not has(text, "Welcome meeting with the Mayor")


def test_terms_with_the_sites_terms_of_use(client, delegation):
    publish(
        "terms",
        title_en="Terms of use",
        title_zh_hans="使用条款",
        body_en="Use this site **kindly**.",
        body_zh_hans="请友善使用本网站。",
    )

    response = client.get(url("pdf_terms", delegation), {"lang": "both"})

    assert response.status_code == 200
    text = pdf_text(response.content)
    for expected in (
        "Terms of this delegation",
        "Cancellation",
        "西雅图赴重庆商务代表团",
        "3,520",
        "Use this site kindly.",
        "请友善使用本网站。",
        "使用条款",
    ):
        assert has(text, expected), expected
    first_page_png(response.content, "terms-both")


def test_terms_without_a_published_terms_page(delegation):
    text = pdf_text(pdf.terms_pdf(delegation=delegation, language="en"))

    assert has(text, "Terms of this delegation")


def test_registration_form_has_blanks_and_the_fee(client, delegation):
    response = client.get(url("pdf_registration_form", delegation), {"lang": "both"})

    assert response.status_code == 200
    text = pdf_text(response.content)
    for expected in (
        "Full name",
        "Name as in your passport",
        "Dietary needs or allergies",
        "Signature",
        "Delegate fee",
        "团费",
        "重庆",
    ):
        assert has(text, expected), expected
    first_page_png(response.content, "registration-form-both")


def test_badge_carries_the_name_and_a_qr_code_of_the_card(delegation, member):
    content = pdf.badge_pdf(member=member, language="both")

    text = pdf_text(content)
    for expected in (
        "Wang Fang",
        "Chongqing Logistics Co.",
        "Export manager",
        "Delegate",
        "Seattle trade mission to Chongqing",
        "西雅图赴重庆商务代表团",
    ):
        assert has(text, expected), expected
    document = pypdfium2.PdfDocument(content)
    width, height = document[0].get_size()
    document.close()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (90, 120)
    first_page_png(content, "badge-both")

    address = f"{settings.TWINNING_BASE_URL}/en/delegations/card/{member.card_token}.vcf"
    assert card_url(member, "en") == address
    assert pdf.badge_qr_svg(member, "en") == segno.make(address, error="m").svg_inline(
        scale=4, omitsize=True
    )


def test_briefing_book_for_a_member(client, delegation, member, cities):
    _seattle, chongqing = cities
    OrganisationFactory(
        city=chongqing,
        name_en="Chongqing Port Authority",
        name_zh_hans="重庆港务局",
        description_en="Runs the river port.",
        description_zh_hans="管理长江港口。",
    )
    OrganisationFactory(city=cities[0], name_en="Port of Seattle", name_zh_hans="西雅图港")
    OrganisationFactory(city=chongqing, name_en="Hidden Works", hidden=True)
    client.force_login(member.user)

    response = client.get(url("pdf_briefing_book", delegation), {"lang": "both"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content)
    for expected in (
        "Delegate directory",
        "Wang Fang",
        "wang.fang@example.org",
        "Export manager",
        "Counterpart profiles",
        "Chongqing Port Authority",
        "重庆港务局",
        "管理长江港口。",
        "市长欢迎会见",
        "09:00",
    ):
        assert has(text, expected), expected
    assert not has(text, "Port of Seattle")
    assert not has(text, "Hidden Works")
    first_page_png(response.content, "briefing-book-both")


# -- who gets which ---------------------------------------------------------------------


def test_a_stranger_gets_neither_badge_nor_briefing_book(client, delegation, member):
    client.force_login(UserFactory())

    assert client.get(url("pdf_badge", delegation, member_id=member.pk)).status_code == 404
    assert client.get(url("pdf_briefing_book", delegation)).status_code == 403
    assert client.post(url("pdf_briefing_book", delegation)).status_code == 403


def test_an_anonymous_visitor_is_asked_to_sign_in(client, delegation, member):
    for address in (
        url("pdf_badge", delegation, member_id=member.pk),
        url("pdf_briefing_book", delegation),
    ):
        response = client.get(address)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


def test_a_member_gets_their_own_badge_only(client, delegation, member):
    other = MemberFactory(delegation=delegation)
    client.force_login(member.user)

    own = client.get(url("pdf_badge", delegation, member_id=member.pk))
    assert own.status_code == 200
    assert own["Content-Type"] == "application/pdf"
    assert own["Cache-Control"] == "private, no-store"
    assert client.get(url("pdf_badge", delegation, member_id=other.pk)).status_code == 404


def test_a_coordinator_prints_any_confirmed_members_badge(client, delegation, member, coordinator):
    unconfirmed = MemberFactory(delegation=delegation, confirmed=False)
    verified_login(client, coordinator)

    assert client.get(url("pdf_badge", delegation, member_id=member.pk)).status_code == 200
    assert client.get(url("pdf_badge", delegation, member_id=unconfirmed.pk)).status_code == 404


def test_a_badge_of_another_delegation_is_not_found(client, delegation, member):
    elsewhere = MemberFactory(user=member.user)
    client.force_login(member.user)

    response = client.get(url("pdf_badge", delegation, member_id=elsewhere.pk))

    assert response.status_code == 404


def test_a_draft_delegations_documents_are_not_found(client, delegation):
    delegation.status = delegation.Status.DRAFT
    delegation.save()

    for name in ("pdf_itinerary", "pdf_terms", "pdf_registration_form"):
        assert client.get(url(name, delegation)).status_code == 404


@pytest.mark.parametrize(
    "name", ["pdf_itinerary", "pdf_terms", "pdf_registration_form", "pdf_briefing_book"]
)
def test_an_unknown_language_is_a_bad_request(client, delegation, member, name):
    client.force_login(member.user)

    response = client.get(url(name, delegation), {"lang": "xx"})

    assert response.status_code == 400
    assert b"lang=zh-hans" in response.content


def test_an_unknown_language_of_a_badge_is_a_bad_request(client, delegation, member):
    client.force_login(member.user)

    response = client.get(url("pdf_badge", delegation, member_id=member.pk), {"lang": "fr"})

    assert response.status_code == 400


def test_unknown_language_in_python_is_refused():
    with pytest.raises(pdf.UnknownLanguage):
        pdf.document_languages("de")


def test_the_delegation_page_links_each_reader_to_their_pdfs(client, delegation, member):
    page = client.get(delegation.get_absolute_url()).content.decode()
    assert url("pdf_itinerary", delegation) in page
    assert url("pdf_registration_form", delegation) in page
    assert url("pdf_briefing_book", delegation) not in page
    assert "/pdf/badge/" not in page

    client.force_login(member.user)
    page = client.get(delegation.get_absolute_url()).content.decode()
    assert url("pdf_briefing_book", delegation) in page
    assert url("pdf_badge", delegation, member_id=member.pk) in page


# -- the briefing book in the background -----------------------------------------------


@pytest.fixture
def large_delegation(settings, delegation, member):
    settings.DELEGATION_BRIEFING_BOOK_SYNC_LIMIT = 1
    MemberFactory(delegation=delegation, user=UserFactory(full_name="Second Delegate"))
    return delegation


def test_a_large_delegation_offers_to_prepare_the_book(client, large_delegation, member):
    client.force_login(member.user)

    response = client.get(url("pdf_briefing_book", large_delegation), {"lang": "both"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b'name="lang" value="both"' in response.content


def test_the_book_is_stored_as_a_document_members_can_download(
    client, large_delegation, member, coordinator
):
    verified_login(client, coordinator)

    response = client.post(url("pdf_briefing_book", large_delegation), {"lang": "both"})

    assert response.status_code == 302
    document = Document.objects.get(delegation=large_delegation)
    assert document.title_en == "Briefing book (EN + 中文)"
    assert document.audience == Audience.MEMBERS
    # Stored for the members: a coordinator's request shows no coordinators-only details.
    with document.file.open("rb") as stored:
        text = pdf_text(stored.read())
    assert has(text, "Second Delegate")
    assert has(text, "Confidential market figures.")
    assert not has(text, "Coordinators debrief")

    # Asked again, it replaces the earlier book of the same language.
    client.post(url("pdf_briefing_book", large_delegation), {"lang": "both"})
    client.post(url("pdf_briefing_book", large_delegation), {"lang": "en"})
    assert sorted(Document.objects.values_list("title_en", flat=True)) == [
        "Briefing book (EN + 中文)",
        "Briefing book (EN)",
    ]

    client.force_login(member.user)
    document = Document.objects.get(title_en="Briefing book (EN)")
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Cache-Control"] == "private, no-store"

    client.force_login(UserFactory())
    assert client.get(document.get_absolute_url()).status_code == 404


# The worker closes its database connection when it is done, as a real worker does: the
# test needs committed data rather than a transaction rolled back at its end.
@pytest.mark.django_db(transaction=True)
def test_the_database_worker_builds_the_book(client, settings, large_delegation, member):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(member.user)

    client.post(url("pdf_briefing_book", large_delegation), {"lang": "zh-hans"})
    assert not Document.objects.filter(delegation=large_delegation).exists()

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    document = Document.objects.get(delegation=large_delegation)
    assert document.title_en == "Briefing book (中文)"
    with document.file.open("rb") as stored:
        assert has(pdf_text(stored.read()), "市长欢迎会见")
