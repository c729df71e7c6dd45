"""Working lists as declarations: a list names its rows, columns, filters, search and actions.

One view (``list_view``) and one template serve every list: filter and search by GET
parameters, sort by a column (``?sort=name`` or ``?sort=-name``), a page of ``per_page``
rows, and bulk actions posted with the ticked rows' ids. A list's queryset must already
join what its columns show (``select_related``/annotations): the page then runs the same
number of queries for 10 rows as for 10,000 (tests/backoffice/test_lists.py).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from twinning.accounts.rules import may
from twinning.delegations.models import Delegation


def managed_delegation(request: HttpRequest, slug: str, permission: str) -> Delegation:
    """The delegation when the user may ``permission`` on it, else 404 (nothing is told)."""
    delegation = Delegation.objects.filter(slug=slug).first()
    if delegation is None or not may(request.user, permission, delegation):
        raise Http404
    return delegation


Label = str | Promise


@dataclass(frozen=True)
class Column:
    label: Label
    value: Callable[[Any], Any]
    sort: str = ""  # the field to order by; "" = not sortable
    link: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class Filter:
    name: str
    label: Label
    # The delegation (None for the office's lists) → the values offered.
    choices: Callable[[Delegation | None], list[tuple[str, Label]]]
    apply: Callable[[QuerySet, str], QuerySet]


@dataclass(frozen=True)
class Action:
    name: str
    label: Label
    run: Callable[..., Any]  # run(actor=..., obj=...): a service call; refuses by raising


@dataclass(frozen=True)
class WorkingList:
    key: str
    title: Label
    permission: str  # asked with the delegation for a delegation's list, else alone
    rows: Callable[[Delegation | None], QuerySet]
    columns: list[Column]
    row_label: Callable[[Any], str]  # names a row for its tick box (screen readers)
    filters: list[Filter] = field(default_factory=list)
    search: tuple[str, ...] = ()
    default_sort: str = "-pk"
    actions: list[Action] = field(default_factory=list)
    per_page: int = 50
    per_delegation: bool = True
    # Extra links shown above the list, from the delegation and the current filters.
    links: Callable[[Delegation | None, dict[str, str]], list[tuple[str, Label]]] | None = None

    def sorts(self) -> set[str]:
        return {c.sort for c in self.columns if c.sort}


def _choice(request: HttpRequest, name: str, allowed) -> str:
    value = request.GET.get(name, "")
    return value if value in allowed else ""


def _state(spec: WorkingList, request: HttpRequest, choices: dict[str, list]) -> dict[str, str]:
    """The list's parameters as the request gives them, unknown values dropped."""
    state = {
        f.name: _choice(request, f.name, {value for value, _label in choices[f.name]})
        for f in spec.filters
    }
    state["q"] = request.GET.get("q", "").strip()[:100]
    sorts = spec.sorts()
    state["sort"] = _choice(request, "sort", sorts | {f"-{s}" for s in sorts})
    return state


def _rows(spec: WorkingList, delegation: Delegation | None, state: dict[str, str]) -> QuerySet:
    rows = spec.rows(delegation)
    for f in spec.filters:
        if state[f.name]:
            rows = f.apply(rows, state[f.name])
    if state["q"] and spec.search:
        condition = Q()
        for name in spec.search:
            condition |= Q(**{f"{name}__icontains": state["q"]})
        rows = rows.filter(condition)
    order = state["sort"] or spec.default_sort
    return rows.order_by(order, "-pk" if order.startswith("-") else "pk")


def _query(state: dict[str, str], **changes: str) -> str:
    merged = {**state, **changes}
    return urlencode({k: v for k, v in merged.items() if v})


def _headers(spec: WorkingList, state: dict[str, str]) -> list[dict]:
    headers = []
    for column in spec.columns:
        header = {"label": column.label, "url": "", "aria_sort": ""}
        if column.sort:
            ascending = state["sort"] == column.sort
            descending = state["sort"] == f"-{column.sort}"
            header["url"] = "?" + _query(
                state, sort=column.sort if not ascending else f"-{column.sort}"
            )
            header["aria_sort"] = "ascending" if ascending else "descending" if descending else ""
        headers.append(header)
    return headers


def _bulk(spec: WorkingList, request: HttpRequest, delegation: Delegation | None) -> None:
    action = next((a for a in spec.actions if a.name == request.POST.get("action")), None)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()][: spec.per_page]
    if action is None or not ids:
        flash.warning(request, _("Choose an action and at least one row."))
        return
    done, refused = 0, []
    for obj in spec.rows(delegation).filter(pk__in=ids):
        try:
            action.run(actor=request.user, obj=obj)
            done += 1
        except (ValidationError, PermissionDenied) as error:
            reason = " ".join(getattr(error, "messages", [])) or _("Not allowed.")
            refused.append(f"{spec.row_label(obj)}: {reason}")
    if done:
        flash.success(
            request, _("%(action)s: %(count)s done.") % {"action": action.label, "count": done}
        )
    for line in refused[:10]:
        flash.error(request, line)


def list_view(spec: WorkingList):
    @login_required
    def view(request: HttpRequest, slug: str | None = None) -> HttpResponse:
        delegation = None
        if spec.per_delegation:
            delegation = managed_delegation(request, slug, spec.permission)
        elif not may(request.user, spec.permission):
            raise PermissionDenied
        if request.method == "POST":
            _bulk(spec, request, delegation)
            # The list's filters, as sent back by the form; re-encoded, never taken as is.
            back = urlencode(parse_qsl(request.POST.get("query", "")[:500]))
            return redirect(f"{request.path}?{back}" if back else request.path)
        choices = {f.name: list(f.choices(delegation)) for f in spec.filters}
        state = _state(spec, request, choices)
        page = Paginator(_rows(spec, delegation, state), spec.per_page).get_page(
            request.GET.get("page")
        )
        rows = [
            {
                "pk": obj.pk,
                "label": spec.row_label(obj),
                "cells": [
                    {"value": c.value(obj), "url": c.link(obj) if c.link else ""}
                    for c in spec.columns
                ],
            }
            for obj in page.object_list
        ]
        return render(
            request,
            "backoffice/list.html",
            {
                "spec": spec,
                "delegation": delegation,
                "state": state,
                "filters": [
                    {
                        "name": f.name,
                        "label": f.label,
                        "choices": choices[f.name],
                        "value": state[f.name],
                    }
                    for f in spec.filters
                ],
                "headers": _headers(spec, state),
                "rows": rows,
                "page": page,
                "query_without_page": _query(state),
                "links": spec.links(delegation, state) if spec.links else [],
            },
        )

    view.__name__ = f"{spec.key}_list"
    return view
