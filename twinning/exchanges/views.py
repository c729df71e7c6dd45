import dataclasses
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from twinning.cities.selectors import relationship_list
from twinning.core.public_cache import cache_public_page
from twinning.core.templatetags.twinning import translated_value
from twinning.core.uploads import user_file_response
from twinning.exchanges import selectors
from twinning.exchanges.forms import ExchangeFilterForm
from twinning.exchanges.models import Attachment, Exchange
from twinning.exchanges.signals import ARCHIVE
from twinning.exchanges.timeline import Series, layout
from twinning.people.selectors import organisation_public_get, person_public_get

PER_PAGE = 25


def _direction_labels(relationship) -> dict[str, str]:
    if relationship is None:
        return {}
    a = translated_value(relationship.city_a, "name")[0]
    b = translated_value(relationship.city_b, "name")[0]
    return {
        Exchange.Direction.A_TO_B: f"{a} → {b}",
        Exchange.Direction.B_TO_A: f"{b} → {a}",
    }


@cache_public_page(ARCHIVE)
def exchange_list(request: HttpRequest) -> HttpResponse:
    relationships = list(relationship_list())
    categories = list(selectors.category_list())
    slug = request.GET.get("relationship", "")
    relationship = next((r for r in relationships if r.slug == slug), None)
    if relationship is None and len(relationships) == 1:
        relationship = relationships[0]
    form = ExchangeFilterForm(
        request.GET, categories=categories, direction_labels=_direction_labels(relationship)
    )
    filters = form.filters()
    # The archive shows whom it is filtered on; an unknown (or hidden) one is said and ignored.
    person = person_public_get(slug=filters.person) if filters.person else None
    organisation = (
        organisation_public_get(slug=filters.organisation) if filters.organisation else None
    )
    unknown_person = bool(filters.person) and person is None
    unknown_organisation = bool(filters.organisation) and organisation is None
    if unknown_person or unknown_organisation:
        filters = dataclasses.replace(
            filters,
            person=filters.person if person else "",
            organisation=filters.organisation if organisation else "",
        )
    page = Paginator(selectors.exchange_filter(filters=filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    ignored = {"page"} | ({"person"} if unknown_person else set())
    ignored |= {"organisation"} if unknown_organisation else set()
    return render(
        request,
        "exchanges/exchange_list.html",
        {
            "form": form,
            "page": page,
            "timeline": timeline_for(filters, categories, request),
            "categories": categories,
            "query_without_page": _query_without(request, "page"),
            "feed_query": _query_without(request, *ignored),
            "person": person,
            "organisation": organisation,
            "unknown_person": unknown_person,
            "unknown_organisation": unknown_organisation,
            "years_swapped": form.years_swapped,
            "filters": filters,
        },
    )


def _query_without(request: HttpRequest, *names: str) -> str:
    return urlencode([(k, v) for k, v in request.GET.items() if k not in names and v])


def timeline_for(filters, categories, request: HttpRequest):
    """The timeline of the records ``filters`` select; each bar links to its records."""
    counts = [
        (row["year"], row["category_id"], row["count"])
        for row in selectors.timeline_counts(filters=filters)
    ]
    series = [Series(c.pk, translated_value(c, "name")[0], c.colour) for c in categories]
    slugs = {c.pk: c.slug for c in categories}
    base = reverse("exchanges:list")
    # Only the filters in force: an unknown or hidden person's slug is not carried on.
    keep = {
        name: value
        for name in ("person", "organisation", "direction", "relationship")
        if (value := getattr(filters, name))
    }

    def url_for(year: int, category_id: int) -> str:
        query = keep | {"category": slugs.get(category_id, ""), "year_from": year, "year_to": year}
        return f"{base}?{urlencode(query)}"

    # Records without a date cannot stand on the axis; the timeline says how many.
    timeline = layout(counts, series, url_for)
    return dataclasses.replace(timeline, undated=selectors.undated_count(filters=filters))


def exchange_detail(request: HttpRequest, key: str) -> HttpResponse:
    exchange = selectors.exchange_get_public(key=key)
    return render(
        request,
        "exchanges/exchange_detail.html",
        {
            "exchange": exchange,
            "direction": exchange.direction_cities(),
            "related": exchange.related.all(),
        },
    )


def attachment(request: HttpRequest, key: str, attachment_id: int) -> FileResponse:
    """Attachments are served only while their record is public."""
    item = get_object_or_404(
        Attachment.objects.select_related("exchange"), pk=attachment_id, exchange__key=key
    )
    if not item.exchange.is_public:
        raise Http404(_("No such attachment."))
    return user_file_response(
        item.file, content_type=item.content_type, download_name=item.original_name
    )
