"""Forms of the matchmaking. Each stream adds its forms below in its own block."""

# -- flow: a meeting request, a schedule run -------------------------------------------------
from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.matchmaking.models import MeetingRequest, Participant


class ParticipantChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Participant) -> str:
        from twinning.core.templatetags.twinning import translated_value

        return translated_value(obj, "organisation")[0]


class MeetingRequestForm(forms.Form):
    requester = ParticipantChoice(label=_("Ask as"), queryset=Participant.objects.none())
    priority = forms.ChoiceField(
        label=_("How much do you want this meeting?"),
        choices=MeetingRequest.Priority.choices,
        widget=forms.RadioSelect,
        initial=MeetingRequest.Priority.WOULD,
    )
    met_before = forms.BooleanField(label=_("We have met before"), required=False)
    message = forms.CharField(
        label=_("A word to them (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, requesters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requester"].queryset = requesters
        if len(requesters) == 1:
            self.fields["requester"].initial = requesters[0]
            self.fields["requester"].widget = forms.HiddenInput()


class ScheduleRunForm(forms.Form):
    time_limit = forms.FloatField(
        label=_("Time limit (seconds)"), min_value=1, max_value=600, initial=10
    )
