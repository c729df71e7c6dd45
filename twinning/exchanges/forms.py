from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.exchanges.models import Exchange
from twinning.exchanges.selectors import ExchangeFilters

YEAR_FIELD = {"required": False, "min_value": 1000, "max_value": 2999}


class ExchangeFilterForm(forms.Form):
    """The archive's filters, read from the URL; an invalid value is reported and ignored."""

    category = forms.ChoiceField(label=_("Category"), required=False)
    year_from = forms.IntegerField(label=_("From year"), **YEAR_FIELD)
    year_to = forms.IntegerField(label=_("To year"), **YEAR_FIELD)
    direction = forms.ChoiceField(label=_("Direction"), required=False)
    person = forms.SlugField(label=_("Person"), required=False, widget=forms.HiddenInput)
    organisation = forms.SlugField(
        label=_("Organisation"), required=False, widget=forms.HiddenInput
    )
    relationship = forms.SlugField(required=False, widget=forms.HiddenInput)

    def __init__(self, data, *, categories, direction_labels: dict[str, str]):
        super().__init__(data)
        self.fields["category"].choices = [("", _("All categories"))] + [
            (c.slug, c.name) for c in categories
        ]
        self.fields["direction"].choices = [("", _("Either direction"))] + [
            (value, direction_labels.get(value, label))
            for value, label in Exchange.Direction.choices
        ]

    def filters(self) -> ExchangeFilters:
        """The valid filters; "from" after "to" is read as the two swapped (and said so)."""
        self.is_valid()  # keeps only the valid fields in cleaned_data
        data = self.cleaned_data
        text = {
            name: data.get(name) or ""
            for name in ("relationship", "category", "direction", "person", "organisation")
        }
        year_from, year_to = data.get("year_from"), data.get("year_to")
        self.years_swapped = year_from is not None and year_to is not None and year_from > year_to
        if self.years_swapped:
            year_from, year_to = year_to, year_from
        return ExchangeFilters(**text, year_from=year_from, year_to=year_to)
