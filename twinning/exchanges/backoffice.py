"""Back-office pages for importing and exporting exchange records in bulk."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from twinning.accounts.rules import require
from twinning.exchanges.exporting import (
    exchanges_export_csv,
    exchanges_export_json,
    exchanges_for_export,
)
from twinning.exchanges.importing import (
    MAX_FILE_SIZE,
    MAX_FILE_SIZE_MB,
    ImportFileError,
    exchanges_import,
    rows_from_file,
)

PERMISSION = "exchanges.import_exchanges"
EXPORTS = {
    "csv": (exchanges_export_csv, "text/csv; charset=utf-8"),
    "json": (exchanges_export_json, "application/json; charset=utf-8"),
}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or JSON file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.json,text/csv,application/json"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("CSV or JSON in UTF-8, at most %(size)s MB.") % {
            "size": MAX_FILE_SIZE_MB
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_SIZE_MB}
            )
        return upload


def _file_name(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1][:200]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def exchange_import(request: HttpRequest) -> HttpResponse:
    require(request.user, PERMISSION)
    if request.method != "POST":
        return render(request, "exchanges/backoffice/import.html", {"form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        name = _file_name(upload.name)
        try:
            rows = rows_from_file(upload.read(MAX_FILE_SIZE + 1), name=name)
        except ImportFileError as exc:
            form.add_error("file", exc.message)
        else:
            report = exchanges_import(rows=rows, actor=request.user, source_name=name)
            return render(request, "exchanges/backoffice/import_report.html", {"report": report})
    return render(request, "exchanges/backoffice/import.html", {"form": form}, status=400)


@login_required
@require_GET
def exchange_export(request: HttpRequest) -> HttpResponse:
    require(request.user, PERMISSION)
    file_format = request.GET.get("format", "csv")
    if file_format not in EXPORTS:
        return HttpResponseBadRequest(
            _("Unknown export format: choose csv or json."), content_type="text/plain"
        )
    export, content_type = EXPORTS[file_format]
    data = export(queryset=exchanges_for_export(user=request.user))
    response = HttpResponse(data, content_type=content_type)
    filename = f"exchanges-{timezone.localdate().isoformat()}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
