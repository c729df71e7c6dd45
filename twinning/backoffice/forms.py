from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.backoffice.datasets import DATASETS, MAX_IMPORT_SIZE
from twinning.backoffice.models import Announcement, Transfer
from twinning.core.languages import short_name
from twinning.core.translation_fields import language_codes


class AnnouncementForm(forms.Form):
    group = forms.ChoiceField(label=_("Recipients"), choices=Announcement.Group.choices)
    session = forms.ModelChoiceField(
        label=_("Session (for its attendees)"), queryset=None, required=False
    )

    def __init__(self, *args, delegation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = delegation.sessions.order_by("starts_at", "pk")
        for code in language_codes():
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("Subject (%(language)s)") % {"language": short_name(code)},
                max_length=200,
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Message (%(language)s)") % {"language": short_name(code)},
                widget=forms.Textarea(attrs={"rows": 8}),
            )

    def texts(self, field: str) -> dict[str, str]:
        return {code: self.cleaned_data[f"{field}_{code}"] for code in language_codes()}


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"), choices=Transfer.Format.choices, widget=forms.RadioSelect, initial="xlsx"
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        help_text=_("A file exported here, changed in a spreadsheet. At most 5 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_SIZE:
            raise forms.ValidationError(_("The file is larger than %(size)s MB.") % {"size": 5})
        name = upload.name.replace("\\", "/").rsplit("/", 1)[-1][:200]
        if not name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Send a .csv or .xlsx file."))
        return upload


DATASET_CHOICES = [(key, spec.label) for key, spec in DATASETS.items()]
