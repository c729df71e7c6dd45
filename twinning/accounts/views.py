from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from twinning.accounts import services
from twinning.accounts.forms import EmailAuthenticationForm, ProfileForm, TokenForm


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def admin_login_redirect(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The admin signs in through the site's own login, which enforces two-factor."""
    return redirect_to_login(
        request.GET.get("next", reverse("admin:index")), reverse("accounts:login")
    )


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("portal:home")


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator (first time) or enter its code (every staff login)."""
    user = request.user
    if user.is_verified():
        return redirect(_safe_next(request))
    enrolled = services.user_has_confirmed_totp(user)
    device = None if enrolled else services.totp_pending_device_get_or_create(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        ok = (
            services.totp_verify(request=request, user=user, token=token)
            if enrolled
            else services.totp_enrolment_confirm(request=request, device=device, token=token)
        )
        if ok:
            if not enrolled:
                messages.success(request, _("Two-factor login is now set up for your account."))
            return redirect(_safe_next(request))
        form.add_error(
            "token", _("That code is not valid. Check your device's clock and try again.")
        )
    context = {"form": form, "enrolled": enrolled, "next": _safe_next(request)}
    if device is not None:
        context |= {
            "qr_svg": services.totp_qr_svg(device),
            "secret": services.totp_secret_base32(device),
        }
    return render(request, "accounts/two_factor.html", context)


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
        {"form": form, "has_totp": services.user_has_confirmed_totp(request.user)},
    )


password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html",
    success_url=reverse_lazy("accounts:password_change_done"),
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
)
password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
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
