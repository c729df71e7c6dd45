"""Back-office pages: thin views over the lists, selectors and services."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.accounts.rules import may
from twinning.backoffice import charts, datasets, selectors, services
from twinning.backoffice.forms import AnnouncementForm, ExportForm, ImportForm
from twinning.backoffice.lists import list_view, managed_delegation
from twinning.backoffice.models import Announcement, Transfer
from twinning.backoffice.working_lists import DELEGATION_LISTS, OFFICE_LISTS
from twinning.core import backoffice as registry
from twinning.delegations.models import Delegation

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def delegations(request: HttpRequest) -> HttpResponse:
    if not may(request.user, "backoffice.access"):
        raise PermissionDenied
    return render(
        request,
        "backoffice/delegations.html",
        {"delegations": selectors.delegations_for(request.user)},
    )


def _tile_url(tile, delegation) -> str:
    if not tile.url_name:
        return ""
    try:
        return reverse(tile.url_name, kwargs={"slug": delegation.slug})
    except NoReverseMatch:
        return reverse(tile.url_name)


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = managed_delegation(request, slug, "backoffice.view_dashboard")
    tiles = []
    for tile in registry.tiles():
        if not may(request.user, tile.permission, delegation):
            continue
        figures = tile.figures(delegation)
        tiles.append(
            {
                "key": tile.key.replace(".", "-"),
                "title": tile.title,
                "figures": figures,
                "chart": charts.bars(tile.key, str(tile.title), figures),
                "url": _tile_url(tile, delegation),
            }
        )
    return render(request, "backoffice/dashboard.html", {"delegation": delegation, "tiles": tiles})


# The working lists: one view each, made from its declaration.
registrations = list_view(DELEGATION_LISTS["registrations"])
payments = list_view(DELEGATION_LISTS["payments"])
bank_rows = list_view(DELEGATION_LISTS["bank_rows"])
meetings = list_view(DELEGATION_LISTS["meetings"])
messages = list_view(OFFICE_LISTS["messages"])
reports = list_view(OFFICE_LISTS["reports"])
exchanges = list_view(OFFICE_LISTS["exchanges"])


# --- announcements -------------------------------------------------------------------------


@login_required
def announce(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = managed_delegation(request, slug, "backoffice.announce")
    initial = {"group": request.GET.get("group", Announcement.Group.MEMBERS)}
    form = AnnouncementForm(request.POST or None, delegation=delegation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            announcement = services.announcement_create(
                actor=request.user,
                delegation=delegation,
                group=form.cleaned_data["group"],
                session=form.cleaned_data["session"],
                subjects=form.texts("subject"),
                bodies=form.texts("body"),
            )
        except ValidationError as error:
            for field, errors in getattr(error, "error_dict", {None: error.error_list}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            flash.success(request, _("The announcement is being sent."))
            return redirect("backoffice:announcement", slug=slug, pk=announcement.pk)
    counts = [
        (label, selectors.recipients(delegation=delegation, group=value).count())
        for value, label in Announcement.Group.choices
        if value != Announcement.Group.SESSION
    ]
    return render(
        request,
        "backoffice/announce.html",
        {"delegation": delegation, "form": form, "counts": counts},
        status=400 if form.errors else 200,
    )


@login_required
def announcements(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = managed_delegation(request, slug, "backoffice.announce")
    page = Paginator(selectors.announcements_of(delegation), 50).get_page(request.GET.get("page"))
    return render(
        request, "backoffice/announcements.html", {"delegation": delegation, "page": page}
    )


@login_required
def announcement(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    delegation = managed_delegation(request, slug, "backoffice.announce")
    item = get_object_or_404(Announcement, pk=pk, delegation=delegation)
    if not may(request.user, "backoffice.see_announcement", item):
        raise Http404
    page = Paginator(selectors.deliveries_of(item), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/announcement.html",
        {"delegation": delegation, "announcement": item, "page": page},
    )


# --- exports and imports -------------------------------------------------------------------


@login_required
def transfers(request: HttpRequest) -> HttpResponse:
    # Only the user's own transfers are listed: nothing to refuse.
    page = Paginator(selectors.transfers_of(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request, "backoffice/transfers.html", {"page": page, "datasets": datasets.DATASETS.values()}
    )


def _dataset_delegation(request: HttpRequest, spec) -> Delegation | None:
    if not spec.per_delegation:
        if not may(request.user, spec.permission):
            raise PermissionDenied
        return None
    slug = request.GET.get("delegation") or request.POST.get("delegation") or ""
    return managed_delegation(request, slug, spec.permission)


@login_required
def transfer_start(request: HttpRequest, dataset: str) -> HttpResponse:
    spec = datasets.DATASETS.get(dataset)
    if spec is None:
        raise Http404
    delegation = _dataset_delegation(request, spec)
    export_form = ExportForm(request.POST if request.POST.get("action") == "export" else None)
    import_form = ImportForm(
        request.POST if request.POST.get("action") == "import" else None,
        request.FILES or None,
    )
    if request.method == "POST" and export_form.is_valid():
        transfer = services.transfer_start(
            actor=request.user,
            kind=Transfer.Kind.EXPORT,
            dataset=dataset,
            file_format=export_form.cleaned_data["format"],
            delegation=delegation,
            file_name=_export_name(spec, delegation, export_form.cleaned_data["format"]),
        )
        return redirect("backoffice:transfer", pk=transfer.pk)
    if request.method == "POST" and spec.importer is not None and import_form.is_valid():
        upload = import_form.cleaned_data["file"]
        name = upload.name.replace("\\", "/").rsplit("/", 1)[-1][:200]
        transfer = services.transfer_start(
            actor=request.user,
            kind=Transfer.Kind.IMPORT,
            dataset=dataset,
            file_format="xlsx" if name.lower().endswith(".xlsx") else "csv",
            delegation=delegation,
            file_name=name,
            content=upload.read(datasets.MAX_IMPORT_SIZE + 1),
        )
        return redirect("backoffice:transfer", pk=transfer.pk)
    return render(
        request,
        "backoffice/transfer_start.html",
        {
            "spec": spec,
            "delegation": delegation,
            "export_form": export_form,
            "import_form": import_form if spec.importer else None,
        },
        status=400 if request.method == "POST" else 200,
    )


def _export_name(spec, delegation, file_format: str) -> str:
    stem = f"{spec.key}-{delegation.slug}" if delegation else spec.key
    return f"{stem}-{timezone.localdate().isoformat()}.{file_format}"


def _transfer(request: HttpRequest, pk: int) -> Transfer:
    transfer = Transfer.objects.select_related("delegation").defer("content").filter(pk=pk).first()
    if transfer is None or not may(request.user, "backoffice.see_transfer", transfer):
        raise Http404
    return transfer


@login_required
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    item = _transfer(request, pk)
    outcomes = {}
    for row in item.report:
        outcomes[row["outcome"]] = outcomes.get(row["outcome"], 0) + 1
    return render(
        request,
        "backoffice/transfer.html",
        {
            "transfer": item,
            "spec": datasets.DATASETS.get(item.dataset),
            "summary": [(datasets.OUTCOMES[k], outcomes.get(k, 0)) for k in datasets.OUTCOMES],
            "running": item.status
            in (Transfer.Status.CHECKING, Transfer.Status.QUEUED, Transfer.Status.RUNNING),
        },
    )


@login_required
@require_POST
def transfer_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    item = _transfer(request, pk)
    try:
        services.transfer_confirm(actor=request.user, transfer=item)
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
    return redirect("backoffice:transfer", pk=pk)


@login_required
def transfer_download(request: HttpRequest, pk: int) -> HttpResponse:
    item = _transfer(request, pk)
    if item.kind != Transfer.Kind.EXPORT or item.status != Transfer.Status.DONE:
        raise Http404
    content = Transfer.objects.values_list("content", flat=True).get(pk=pk)
    response = HttpResponse(bytes(content), content_type=CONTENT_TYPES[item.format])
    response["Content-Disposition"] = f'attachment; filename="{item.file_name}"'
    response["Cache-Control"] = "private, no-store"
    return response
