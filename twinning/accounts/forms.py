import math

from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, AuthenticationForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from twinning.accounts import throttle
from twinning.accounts.models import User
from twinning.core.timezones import grouped_choices


def wait_message(seconds: int) -> str:
    """ "Try again in ..." in whole minutes, or seconds under a minute."""
    if seconds >= 60:
        minutes = math.ceil(seconds / 60)
        return ngettext(
            "Too many attempts: try again in %(minutes)s minute.",
            "Too many attempts: try again in %(minutes)s minutes.",
            minutes,
        ) % {"minutes": minutes}
    return ngettext(
        "Too many attempts: try again in %(seconds)s second.",
        "Too many attempts: try again in %(seconds)s seconds.",
        seconds,
    ) % {"seconds": seconds}


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()

    def clean(self):
        email = self.cleaned_data.get("username")
        if not email or not self.cleaned_data.get("password"):
            return super().clean()
        wait = throttle.seconds_to_wait(self.request, email)
        if wait:
            # Checked before the password: during a cool-off the right one is refused too,
            # so guessing on cannot tell a hit from a miss.
            raise forms.ValidationError(wait_message(wait), code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login":
                throttle.failure_record(self.request, email)
            raise
        throttle.success_record(self.request, email)
        return cleaned


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits shown in your authenticator app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class UserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email", "full_name", "role")


class UserChangeForm(DjangoUserChangeForm):
    class Meta(DjangoUserChangeForm.Meta):
        model = User
        fields = "__all__"


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        required=False,
        help_text=_("Programme times are also shown in this zone."),
    )

    class Meta:
        model = User
        fields = ["full_name", "preferred_language", "time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A short list of current zones in the reader's language, not the ~600 raw ids.
        self.fields["time_zone"].choices = [("", "—"), *grouped_choices(self.instance.time_zone)]


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("The request"),
        max_length=300,
        help_text=_("Who asked, when and how (e.g. “e-mail of 3 March from the person”)."),
    )
    confirm = forms.BooleanField(label=_("Erase this person's data; it cannot be undone."))
