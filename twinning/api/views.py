"""The account page where staff make and revoke their API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.accounts.rules import may
from twinning.api import services
from twinning.api.forms import TokenForm
from twinning.api.models import ApiToken
from twinning.core.middleware import personal


def _tokens(request: HttpRequest, form: TokenForm, plaintext: str = "") -> HttpResponse:
    tokens = ApiToken.objects.filter(owner=request.user).order_by("-created_at", "pk")
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens, "plaintext": plaintext},
        status=400 if form.errors else 200,
    )
    return personal(response)


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    if not may(request.user, "api.create_token"):
        raise PermissionDenied
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, plaintext = services.api_token_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            # Shown once, on this answer only (never stored, never redirected with).
            return _tokens(request, TokenForm(), plaintext=plaintext)
    return _tokens(request, form)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=token_id).first()
    if token is None or not may(request.user, "api.revoke_token", token):
        raise Http404
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token is revoked: it no longer works."))
    return redirect("api_tokens:list")
