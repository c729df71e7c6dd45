from django import forms
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from twinning.visas.countries import country_choices
from twinning.visas.services import PassportData, TravelData


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CountryField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=lambda: [("", "—"), *country_choices()], **kwargs)


class PassportForm(forms.Form):
    full_name = forms.CharField(
        label=_("Name as in the passport"),
        max_length=200,
        help_text=_("Exactly as printed on the passport's photo page."),
    )
    number = forms.CharField(label=_("Passport number"), max_length=20)
    issuing_country = CountryField(label=_("Issuing country"))
    nationality = CountryField(label=_("Nationality"))
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DateInput())
    expiry_date = forms.DateField(label=_("Passport expires"), widget=DateInput())

    def data_object(self) -> PassportData:
        return PassportData(**self.cleaned_data)


class TravelForm(forms.Form):
    arrival_flight = forms.CharField(label=_("Arrival flight"), max_length=20, required=False)
    arrival_at = forms.DateTimeField(
        label=_("Arrival date and time"), required=False, widget=DateTimeInput()
    )
    departure_flight = forms.CharField(label=_("Departure flight"), max_length=20, required=False)
    departure_at = forms.DateTimeField(
        label=_("Departure date and time"), required=False, widget=DateTimeInput()
    )
    hotel_check_in = forms.DateField(label=_("Hotel check-in"), required=False, widget=DateInput())
    hotel_check_out = forms.DateField(
        label=_("Hotel check-out"), required=False, widget=DateInput()
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def data_object(self) -> TravelData:
        return TravelData(**self.cleaned_data)


class HostForm(forms.Form):
    """The host organisation in each of the portal's languages (fields added per language)."""

    signatory = forms.CharField(
        label=_("Signed by (name and title)"), max_length=200, required=False
    )

    def __init__(self, *args, languages: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = languages
        for code, name in languages:
            self.fields[build_localized_fieldname("name", code)] = forms.CharField(
                label=_("Host organisation (%(language)s)") % {"language": name}, max_length=200
            )
            self.fields[build_localized_fieldname("address", code)] = forms.CharField(
                label=_("Address (%(language)s)") % {"language": name},
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.order_fields([*(f for f in self.fields if f != "signatory"), "signatory"])

    def texts(self, field: str) -> dict[str, str]:
        return {
            code: self.cleaned_data[build_localized_fieldname(field, code)]
            for code, _name in self.languages
        }
