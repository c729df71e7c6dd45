"""Writes for the information pages (new versions) and cookie choices."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.accounts.rules import require
from twinning.pages.models import ConsentRecord, Page, PageVersion
from twinning.pages.selectors import CURRENT_NUMBER_CACHE_KEY, page_version_current_number


def _clean(text: str) -> str:
    return (text or "").replace("\r\n", "\n").strip()


def _forget_current_number(kind: str) -> None:
    cache.delete(CURRENT_NUMBER_CACHE_KEY.format(kind=kind))


@transaction.atomic
def page_version_publish(
    *,
    page_kind: str,
    title_en: str,
    title_zh_hans: str,
    body_en: str,
    body_zh_hans: str,
    change_note: str,
    actor: User,
) -> PageVersion:
    """Publish new text for a page as its next version (1, 2, 3…); earlier ones stay as they are.

    The demo loader publishes as the system actor, who is then the version's author.
    """
    require(actor, "pages.add_pageversion")
    if page_kind not in Page.Kind.values:
        raise ValidationError(_("Unknown page."))
    texts = {
        "title_en": _clean(title_en),
        "title_zh_hans": _clean(title_zh_hans),
        "body_en": _clean(body_en),
        "body_zh_hans": _clean(body_zh_hans),
    }
    if not (texts["title_en"] or texts["title_zh_hans"]):
        raise ValidationError(_("Give the page a title in at least one language."))
    if not (texts["body_en"] or texts["body_zh_hans"]):
        raise ValidationError(_("Give the page a text in at least one language."))
    page, _created = Page.objects.get_or_create(kind=page_kind)
    # Lock the page row so two editors publishing at once get consecutive numbers.
    page = Page.objects.select_for_update().get(pk=page.pk)
    previous = page.versions.aggregate(last=Max("number"))["last"] or 0
    version = PageVersion(
        page=page,
        number=previous + 1,
        published_at=timezone.now(),
        author=actor,
        change_note=_clean(change_note)[:300],
        **texts,
    )
    version.full_clean()
    version.save()
    _forget_current_number(page_kind)
    transaction.on_commit(lambda: _forget_current_number(page_kind))
    return version


def page_version_text_equals(
    version: PageVersion | None,
    *,
    title_en: str,
    title_zh_hans: str,
    body_en: str,
    body_zh_hans: str,
) -> bool:
    """True when ``version`` already says exactly this (so publishing would change nothing)."""
    if version is None:
        return False
    return (
        (version.title_en or "") == _clean(title_en)
        and (version.title_zh_hans or "") == _clean(title_zh_hans)
        and (version.body_en or "") == _clean(body_en)
        and (version.body_zh_hans or "") == _clean(body_zh_hans)
    )


def consent_record_create(*, categories: list[str]) -> ConsentRecord:
    """Record a visitor's cookie choice against the cookie policy in force now."""
    unknown = set(categories) - set(ConsentRecord.Category.values)
    if unknown:
        raise ValidationError(_("Unknown cookie category."))
    return ConsentRecord.objects.create(
        categories=sorted(set(categories)),
        policy_version=page_version_current_number(kind=Page.Kind.COOKIES),
    )
