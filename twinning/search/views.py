from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from twinning.core.templatetags.twinning import translated_value
from twinning.search import selectors
from twinning.search.text import highlight

SNIPPET_FIELDS = ("summary", "description")


def _snippet_source(obj) -> str:
    for field in SNIPPET_FIELDS:
        if hasattr(obj, f"{field}_en"):
            return translated_value(obj, field)[0]
    return ""


def search(request: HttpRequest) -> HttpResponse:
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    found = selectors.search(query=request.GET.get("q", ""), page=page)
    results = [
        {
            "url": result.obj.get_absolute_url(),
            "kind": result.searchable.label,
            "title": highlight(
                translated_value(result.obj, _title_field(result.obj))[0], found.terms
            ),
            "snippet": highlight(_snippet_source(result.obj), found.terms),
            "date": getattr(result.obj, "date_display", ""),
        }
        for result in found.results
    ]
    return render(request, "search/search.html", {"found": found, "results": results})


def _title_field(obj) -> str:
    return "title" if hasattr(obj, "title_en") else "name"
