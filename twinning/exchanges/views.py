from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from twinning.cities.selectors import relationship_list
from twinning.core.public_cache import cache_public_page
from twinning.core.templatetags.twinning import translated_value
from twinning.exchanges import selectors
from twinning.exchanges.forms import ExchangeFilterForm
from twinning.exchanges.models import Attachment, Exchange
from twinning.exchanges.signals import ARCHIVE
from twinning.exchanges.timeline import Series, layout

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
    page = Paginator(selectors.exchange_filter(filters=filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "exchanges/exchange_list.html",
        {
            "form": form,
            "page": page,
            "timeline": timeline_for(filters, categories, request),
            "categories": categories,
            "query_without_page": _query_without(request, "page"),
            "person_slug": filters.person,
            "organisation_slug": filters.organisation,
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
    keep = {
        k: v
        for k, v in request.GET.items()
        if k in ("person", "organisation", "direction", "relationship")
    }
    if filters.relationship:
        keep["relationship"] = filters.relationship

    def url_for(year: int, category_id: int) -> str:
        query = keep | {"category": slugs.get(category_id, ""), "year_from": year, "year_to": year}
        return f"{base}?{urlencode(query)}"

    return layout(counts, series, url_for)


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
    return FileResponse(item.file.open("rb"), as_attachment=item.kind != Attachment.Kind.IMAGE)
