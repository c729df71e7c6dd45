from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from twinning.api.models import Scope


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("Which system uses it, e.g. “City CRM”.")
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=366,
        initial=lambda: settings.TWINNING_API_TOKEN_DAYS,
    )
