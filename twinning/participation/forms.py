from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.core.languages import language_choices
from twinning.participation.abuse import MAX_LINKS, ProtectedForm, count_links
from twinning.participation.models import Report

MAX_BODY = 5000


def _check_links(value: str) -> str:
    if count_links(value) > MAX_LINKS:
        raise forms.ValidationError(
            _("Please include at most %(count)s web addresses.") % {"count": MAX_LINKS}
        )
    return value


class MessageForm(ProtectedForm):
    name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(label=_("Your e-mail address"))
    organisation = forms.CharField(
        label=_("Organisation (optional)"), max_length=150, required=False
    )
    city = forms.CharField(label=_("City (optional)"), max_length=100, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(label=_("Message"), max_length=MAX_BODY, widget=forms.Textarea)
    language = forms.ChoiceField(label=_("Answer me in"), choices=language_choices)
    publish_consent = forms.BooleanField(
        label=_(
            "The office may publish my message and its answer on the questions-and-answers "
            "page (with my name and city, never my e-mail address)."
        ),
        required=False,
    )
    privacy_accepted = forms.BooleanField(label=_("I have read the privacy statement."))

    field_order = [
        "name",
        "email",
        "organisation",
        "city",
        "subject",
        "body",
        "language",
        "publish_consent",
        "privacy_accepted",
        "answer",
    ]

    def clean_body(self) -> str:
        return _check_links(self.cleaned_data["body"])

    def clean_subject(self) -> str:
        subject = self.cleaned_data["subject"]
        # It becomes the subject of our confirmation e-mail: one line, no control characters.
        if any(not character.isprintable() for character in subject):
            raise forms.ValidationError(
                _("Write the subject on one line, without line breaks or control characters.")
            )
        return _check_links(subject)


class ReportForm(ProtectedForm):
    url = forms.CharField(label=_("Address of the page"), max_length=500)
    reason = forms.ChoiceField(
        label=_("Why are you reporting it?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Details (optional)"), max_length=MAX_BODY, required=False, widget=forms.Textarea
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail address, if you want to hear what we did (optional)"), required=False
    )

    def clean_details(self) -> str:
        return _check_links(self.cleaned_data["details"])

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if not url.startswith("/") or url.startswith("//"):
            raise forms.ValidationError(_("Give the address of a page of this site."))
        return url


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Answer"), max_length=20000, widget=forms.Textarea)


class ReportDecisionForm(forms.Form):
    staff_note = forms.CharField(
        label=_("Note for the reporter (optional)"),
        required=False,
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
