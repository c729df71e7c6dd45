"""Writes for the information pages (new versions) and cookie choices."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.accounts.rules import require
from twinning.core.translation_fields import field_names, language_codes, localized_values
from twinning.pages.models import ConsentRecord, Page, PageVersion
from twinning.pages.selectors import CURRENT_NUMBER_CACHE_KEY, page_version_current_number


def _clean(text: str) -> str:
    return (text or "").replace("\r\n", "\n").strip()


def _version_texts(titles: dict[str, str], bodies: dict[str, str]) -> dict[str, str]:
    """{"en": …} titles and bodies → the version's columns (title_en, …, body_…), cleaned."""
    unknown = (set(titles) | set(bodies)) - set(language_codes())
    if unknown:
        raise ValueError(f"Unknown language(s): {sorted(unknown)}")
    return localized_values("title", {code: _clean(t) for code, t in titles.items()}) | (
        localized_values("body", {code: _clean(b) for code, b in bodies.items()})
    )


def _forget_current_number(kind: str) -> None:
    cache.delete(CURRENT_NUMBER_CACHE_KEY.format(kind=kind))


@transaction.atomic
def page_version_publish(
    *,
    page_kind: str,
    titles: dict[str, str],
    bodies: dict[str, str],
    change_note: str,
    actor: User,
) -> PageVersion:
    """Publish new text for a page as its next version (1, 2, 3…); earlier ones stay as they are.

    ``titles`` and ``bodies`` map language codes to texts: {"en": "About us", …}.
    The demo loader publishes as the system actor, who is then the version's author.
    """
    require(actor, "pages.add_pageversion")
    if page_kind not in Page.Kind.values:
        raise ValidationError(_("Unknown page."))
    texts = _version_texts(titles, bodies)
    if not any(texts[name] for name in field_names("title")):
        raise ValidationError(_("Give the page a title in at least one language."))
    if not any(texts[name] for name in field_names("body")):
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
    titles: dict[str, str],
    bodies: dict[str, str],
) -> bool:
    """True when ``version`` already says exactly this (so publishing would change nothing)."""
    if version is None:
        return False
    texts = _version_texts(titles, bodies)
    return all((getattr(version, name) or "") == text for name, text in texts.items())


def consent_record_create(*, categories: list[str]) -> ConsentRecord:
    """Record a visitor's cookie choice against the cookie policy in force now."""
    unknown = set(categories) - set(ConsentRecord.Category.values)
    if unknown:
        raise ValidationError(_("Unknown cookie category."))
    return ConsentRecord.objects.create(
        categories=sorted(set(categories)),
        policy_version=page_version_current_number(kind=Page.Kind.COOKIES),
    )
