"""Reads for the information pages and the cookie banner."""

from django.core.cache import cache
from django.db.models import QuerySet

from twinning.pages.models import ConsentRecord, Page, PageVersion

# The cookie-policy version number is read on every page of a visitor who has chosen
# (to know whether to ask again); it is cached and forgotten whenever a version is published.
CURRENT_NUMBER_CACHE_KEY = "pages:current-number:{kind}"
CURRENT_NUMBER_TIMEOUT = 300


def page_get(kind: str) -> Page | None:
    return Page.objects.filter(kind=kind).first()


def page_version_current(*, kind: str) -> PageVersion | None:
    """The version of page ``kind`` in force now (the highest number), or None."""
    return (
        PageVersion.objects.filter(page__kind=kind)
        .select_related("page")
        .order_by("-number")
        .first()
    )


def page_version_list(*, kind: str) -> QuerySet[PageVersion]:
    """Every version of page ``kind``, newest first, with their authors."""
    return PageVersion.objects.filter(page__kind=kind).select_related("author").order_by("-number")


def page_version_current_number(*, kind: str) -> int:
    """The number of the version in force (0 when none is published), cached."""
    key = CURRENT_NUMBER_CACHE_KEY.format(kind=kind)
    number = cache.get(key)
    if number is None:
        number = (
            PageVersion.objects.filter(page__kind=kind)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        ) or 0
        cache.set(key, number, CURRENT_NUMBER_TIMEOUT)
    return number


def consent_record_get(*, public_id) -> ConsentRecord | None:
    return ConsentRecord.objects.filter(public_id=public_id).first()
