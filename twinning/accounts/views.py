import json

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from twinning.accounts import services
from twinning.accounts.forms import (
    EmailAuthenticationForm,
    ErasureForm,
    ProfileForm,
    TokenForm,
    wait_message,
)
from twinning.accounts.models import User
from twinning.accounts.rules import may

TOO_MANY = 429
# Where to go once two-factor login is done, while the set-up link travels by e-mail.
NEXT_SESSION_KEY = "accounts_two_factor_next"


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "throttled"):
            response.status_code = TOO_MANY
        return response


def admin_login_redirect(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The admin signs in through the site's own login, which enforces two-factor.

    Someone already signed in who still lands here may not use the admin: sending them to
    the login again would bounce straight back (login → admin → login ...).
    """
    if request.user.is_authenticated:
        raise PermissionDenied("signed in, but may not use the admin")
    return redirect_to_login(
        request.GET.get("next", reverse("admin:index")), reverse("accounts:login")
    )


def _safe_next(request: HttpRequest, default: str = "") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("portal:home")


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enter the authenticator code (every staff login), or set one up through the e-mailed link."""
    user = request.user
    next_url = _safe_next(request, request.session.get(NEXT_SESSION_KEY, ""))
    device = services.totp_enrolment_device(request)
    if user.is_verified() and device is None:
        return redirect(next_url)
    enrolled = services.user_has_confirmed_totp(user)
    if device is None and not enrolled:
        if not user.requires_two_factor:
            return redirect(next_url)  # nothing to set up: no link to a non-staff mailbox
        return _enrolment_link_page(request, next_url)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        check = (
            services.totp_enrolment_confirm(request=request, device=device, token=token)
            if device is not None
            else services.totp_verify(request=request, user=user, token=token)
        )
        if check.ok:
            request.session.pop(NEXT_SESSION_KEY, None)
            if device is not None:
                messages.success(request, _("Two-factor login is now set up for your account."))
            return redirect(next_url)
        if check.wait_seconds:
            form.add_error("token", wait_message(check.wait_seconds))
        else:
            form.add_error(
                "token", _("That code is not valid. Check your device's clock and try again.")
            )
    context = {"form": form, "enrolling": device is not None, "next": next_url}
    if device is not None:
        context |= {
            "qr_svg": services.totp_qr_svg(device),
            "secret": services.totp_secret_base32(device),
        }
    return render(request, "accounts/two_factor.html", context)


def _enrolment_link_page(request: HttpRequest, next_url: str) -> HttpResponse:
    """No authenticator yet: the set-up link goes to the account's address, never this page."""
    # Kept in the session: the link arrives by e-mail, without the page that was asked for.
    request.session[NEXT_SESSION_KEY] = next_url
    asked_again = request.method == "POST" and "resend" in request.POST
    sent = services.totp_enrolment_link_send_if_due(user=request.user, force=asked_again)
    if asked_again and not sent:
        messages.info(
            request, _("A link was sent less than a minute ago: please check your e-mail.")
        )
    if asked_again:
        return redirect("accounts:two_factor")
    return render(request, "accounts/two_factor_link_sent.html", {"email": request.user.email})


@login_required
def two_factor_enrol(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed set-up link: opened by its account, once, it unlocks the set-up here."""
    device = services.totp_enrolment_link_open(request=request, token=token)
    if device is None:
        return render(request, "accounts/two_factor_link_invalid.html", status=400)
    return redirect("accounts:two_factor")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings are saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "has_totp": services.user_has_confirmed_totp(request.user),
            # The API's token page (twinning/api), for those who may make tokens.
            "may_make_api_tokens": may(request.user, "api.create_token"),
        },
    )


password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html",
    success_url=reverse_lazy("accounts:password_change_done"),
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # Past a limit nothing is sent, yet the answer is the same: it must not tell
        # whether an account uses the address, nor that the limit was reached.
        if services.password_reset_over_limit(
            request=self.request, email=form.cleaned_data["email"]
        ):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


# ---------------------------------------------------------------- personal data (s-pay)
def _export_response(user, actor) -> HttpResponse:
    data = services.personal_data_export(user=user, actor=actor)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="personal-data-{user.pk}.json"'
    return response


@login_required
def personal_data(request: HttpRequest) -> HttpResponse:
    """My account: download everything the site keeps about me (a POST, so it is asked)."""
    if request.method == "POST":
        return _export_response(request.user, request.user)
    return render(request, "accounts/personal_data.html", {"subject": request.user})


@login_required
def personal_data_admin(request: HttpRequest, user_id: int) -> HttpResponse:
    """An administrator exports or erases one person's data, on their request."""
    subject = User.objects.filter(pk=user_id).first()
    if subject is None or not may(request.user, "accounts.erase_personal_data", subject):
        raise Http404
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "export":
        return _export_response(subject, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.personal_data_erase(
                user=subject, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The person's data is erased."))
            return render(request, "accounts/personal_data_erased.html", {"done": done})
    return render(
        request,
        "accounts/personal_data_admin.html",
        {
            "subject": subject,
            "form": form,
            "blockers": services.personal_data_blockers(subject),
            "requests": subject.personal_data_requests.select_related("actor"),
        },
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------- end personal data (s-pay)
