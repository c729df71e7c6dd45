"""Matchmaking forms. Each stream keeps its forms in its own block."""

# -- profiles: a profile in every language, the counterparts' import --
from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from twinning.core.translation_fields import field_names
from twinning.matchmaking.imports import MAX_FILE_SIZE, MAX_FILE_SIZE_MB
from twinning.matchmaking.models import MeetingRequest, Participant, Sector

SPOKEN_LANGUAGES = [
    ("en", _("English")),
    ("zh", _("Chinese")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("de", _("German")),
]
TEXT_FIELDS = (
    ("organisation", _("Organisation"), False),
    ("description", _("About"), True),
    ("offers", _("What you offer"), True),
    ("seeks", _("What you seek"), True),
    ("brings", _("Whom you would bring"), True),
)


class ProfileForm(forms.Form):
    """Every text once per portal language; a text left empty in one language shows the
    other language's, marked, to readers of that language."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (Participant.Kind.COUNTERPART, Participant.Kind.COUNTERPART.label),
            (Participant.Kind.OFFICIAL, Participant.Kind.OFFICIAL.label),
        ],
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail address"), required=False)
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_meetings = forms.IntegerField(
        label=_("At least (meetings)"), min_value=0, max_value=100, required=False
    )
    max_meetings = forms.IntegerField(
        label=_("At most (meetings)"), min_value=0, max_value=100, required=False
    )

    def __init__(self, *args, participant: Participant | None = None, with_kind: bool, **kwargs):
        initial = kwargs.pop("initial", {}) or {}
        if participant is not None:
            initial |= {
                name: getattr(participant, name)
                for text, _label, _long in TEXT_FIELDS
                for name in field_names(text)
            }
            initial |= {
                "kind": participant.kind,
                "contact_name": participant.contact_name,
                "contact_email": participant.contact_email,
                "sectors": list(participant.sectors.all()),
                "languages": participant.languages,
                "min_meetings": participant.min_meetings,
                "max_meetings": participant.max_meetings,
            }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["sectors"].queryset = Sector.objects.all()
        if not with_kind:
            del self.fields["kind"]
        self.text_groups = []
        for text, label, long in TEXT_FIELDS:
            names = []
            for (code, _name), name in zip(settings.LANGUAGES, field_names(text), strict=True):
                language = get_language_info(code)["name_local"]
                self.fields[name] = forms.CharField(
                    label=f"{label} ({language})",
                    required=False,
                    max_length=None if long else 200,
                    widget=forms.Textarea(attrs={"rows": 3, "lang": code})
                    if long
                    else forms.TextInput(attrs={"lang": code}),
                )
                names.append(name)
            self.text_groups.append((label, [self[name] for name in names]))

    def clean(self):
        data = super().clean()
        least, most = data.get("min_meetings"), data.get("max_meetings")
        if least is not None and most is not None and least > most:
            self.add_error("min_meetings", _("At least is more than at most."))
        if not any(data.get(name) for name in field_names("organisation")):
            self.add_error(None, _("Give the organisation's name in at least one language."))
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        values = {
            name: data.get(name, "")
            for text, _label, _long in TEXT_FIELDS
            for name in field_names(text)
        }
        values |= {
            "contact_name": data.get("contact_name", ""),
            "contact_email": data.get("contact_email", ""),
            "languages": list(data.get("languages") or []),
            "min_meetings": data.get("min_meetings"),
            "max_meetings": data.get("max_meetings"),
        }
        if "kind" in self.fields:
            values["kind"] = data["kind"]
        return values


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_SIZE_MB}
            )
        return upload


class NewAccountForm(forms.Form):
    """A new account on the way to claiming a profile (someone with one signs in)."""

    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)

    def clean(self):
        from django.contrib.auth import password_validation

        from twinning.accounts.models import User

        data = super().clean()
        email = (data.get("email") or "").lower()
        if email and User.objects.filter(email__iexact=email).exists():
            self.add_error("email", _("An account with this address exists: sign in instead."))
        if data.get("password"):
            try:
                password_validation.validate_password(data["password"])
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


# -- flow: a meeting request, a schedule run -------------------------------------------------
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
