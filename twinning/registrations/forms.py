from django import forms
from django.contrib.auth import authenticate, password_validation
from django.utils.translation import gettext_lazy as _

from twinning.accounts.models import User
from twinning.registrations import questions as form_questions
from twinning.registrations.services import Details


class RegistrationForm(forms.Form):
    """The built-in questions, the terms, and (for a visitor) the account on the way."""

    company = forms.CharField(label=_("Company or institution"), max_length=200)
    job_title = forms.CharField(label=_("Job title"), max_length=200)
    sector = forms.CharField(label=_("Sector"), max_length=200, required=False)
    goals = forms.CharField(
        label=_("Your goals for the trip"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Whom you would like to meet and why: it guides the matchmaking."),
    )
    dietary_needs = forms.CharField(label=_("Dietary needs"), max_length=300, required=False)
    single_room = forms.BooleanField(label=_("Single room (supplement)"), required=False)
    room_sharing = forms.CharField(label=_("Sharing a room with"), max_length=200, required=False)
    accompanying_person = forms.CharField(
        label=_("Accompanying person (takes a seat)"), max_length=200, required=False
    )
    emergency_contact = forms.CharField(
        label=_("Emergency contact (name and telephone)"), max_length=300
    )
    discount_code = forms.CharField(label=_("Discount code"), max_length=40, required=False)
    terms_version = forms.IntegerField(widget=forms.HiddenInput)
    accept_terms = forms.BooleanField(
        label=_("I have read and accept the terms and the cancellation schedule")
    )

    def __init__(self, *args, policy, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = request.user if request.user.is_authenticated else None
        self.fields["terms_version"].initial = policy.terms_version
        if policy.single_room_supplement is None:
            del self.fields["single_room"]
        if policy.accompanying_person_price is None:
            del self.fields["accompanying_person"]
        if self.user is None:
            self.fields["email"] = forms.EmailField(label=_("E-mail address"))
            self.fields["full_name"] = forms.CharField(label=_("Full name"), max_length=200)
            self.fields["password"] = forms.CharField(
                label=_("Password"),
                strip=False,
                widget=forms.PasswordInput(render_value=True),
                help_text=_(
                    "New here? Choose a password for your account. "
                    "Registered before? Enter your password."
                ),
            )
            self.order_fields(["email", "full_name", "password"])
        self.existing_user: User | None = None
        self.questions = list(
            policy.questions.select_related("show_if").prefetch_related("choices")
        )
        for question in self.questions:
            self.fields[form_questions.field_name(question)] = form_questions.form_field(question)
        # The delegation's own questions come after the built-in ones, before the terms.
        order = [name for name in self.fields if name not in {"discount_code", "accept_terms"}]
        self.order_fields([*order, "discount_code", "accept_terms"])
        self.answers: dict[int, object] = {}

    def clean(self):
        data = super().clean()
        self.answers = form_questions.clean_answers(self.questions, data, self.add_error)
        if self.user is None and data.get("email") and data.get("password"):
            email = data["email"].lower()
            if User.objects.filter(email=email).exists():
                self.existing_user = authenticate(
                    self.request, email=email, password=data["password"]
                )
                if self.existing_user is None:
                    self.add_error(
                        "password",
                        _("An account with this address exists: enter its password."),
                    )
            else:
                try:
                    password_validation.validate_password(
                        data["password"], User(email=email, full_name=data.get("full_name", ""))
                    )
                except forms.ValidationError as error:
                    self.add_error("password", error)
        return data

    def details(self) -> Details:
        data = self.cleaned_data
        return Details(
            company=data["company"],
            job_title=data["job_title"],
            emergency_contact=data["emergency_contact"],
            sector=data["sector"],
            goals=data["goals"],
            dietary_needs=data["dietary_needs"],
            room_sharing=data["room_sharing"],
            accompanying_person=data.get("accompanying_person", ""),
            single_room=data.get("single_room", False),
            answers=self.answers,
        )


class WaitingListForm(forms.Form):
    seats = forms.TypedChoiceField(
        label=_("Seats wanted"), choices=[(1, "1"), (2, "2")], coerce=int, initial=1
    )
