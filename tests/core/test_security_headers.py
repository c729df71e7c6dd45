"""Deploy checks, CSP, no-store on personal pages, cookie flags (security review §4)."""

import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

from tests.accounts.factories import CoordinatorFactory, UserFactory, verified_login
from tests.delegations.factories import DelegationFactory, MemberFactory, SessionFactory
from twinning.accounts.models import Role
from twinning.delegations.models import Audience
from twinning.pages import consent

ROOT = Path(__file__).resolve().parents[2]

# The production environment of docs/deploy.md (the security part of it).
PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "DEBUG": "false",
    "ALLOWED_HOSTS": "twinning.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://twinning.example.org",
    "TWINNING_BASE_URL": "https://twinning.example.org",
    "BEHIND_HTTPS_PROXY": "true",
    "SECURE_COOKIES": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "TWINNING_FIELD_KEYS": "bJM0WcRuxfDOeAdfZ72MWHQYZKOcr2Hx-aRqaYWxslI=",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
}


def production_env(extra: dict[str, str]) -> dict[str, str]:
    # Nothing of the test run's own environment (settings module, async flag, keys).
    base = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "TWINNING_DATA_DIR": tempfile.mkdtemp(prefix="twinning-deploy-check-"),
    }
    return base | extra


def deploy_check(extra: dict[str, str]) -> subprocess.CompletedProcess:
    env = production_env(extra)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_the_production_settings():
    result = deploy_check(PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_still_fails_without_hsts():
    # The check is real: leaving HSTS out is still reported.
    result = deploy_check(PRODUCTION | {"SECURE_HSTS_SECONDS": "0"})

    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


def test_production_settings_redirect_to_https_and_set_hsts():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.LANGUAGE_COOKIE_SECURE)"
    )
    env = production_env(PRODUCTION | {"DJANGO_SETTINGS_MODULE": "twinning.settings"})
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.split() == ["True", "31536000", "True"], result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/en/exchanges/", "/en/accounts/login/"])
def test_every_page_has_a_content_security_policy_without_unsafe_inline(client, path):
    policy = client.get(path)["Content-Security-Policy"]

    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
def test_no_template_carries_an_inline_style_or_script():
    templates = [
        p
        for p in (ROOT / "twinning").rglob("templates/**/*.html")
        if "/pdf/" not in str(p)  # printed by WeasyPrint, never served as a page
    ]
    offending = sorted(
        str(p.relative_to(ROOT))
        for p in templates
        if any(s in p.read_text(encoding="utf-8") for s in ("style=", "<style", "<script>"))
    )

    assert offending == []


@pytest.fixture
def personal_world(db):
    delegation = DelegationFactory(slug="mission")
    member = MemberFactory(delegation=delegation)
    session = SessionFactory(delegation=delegation, audience=Audience.MEMBERS)
    return {"member": member, "session": session, "coordinator": CoordinatorFactory()}


# (who is signed in, address) of every kind of page with someone's personal data.
PERSONAL = {
    "two-factor page (TOTP secret)": ("staff", "/en/accounts/two-factor/"),
    "profile": ("member", "/en/accounts/profile/"),
    "password change": ("member", "/en/accounts/password/change/"),
    "my calendar": ("member", "/en/delegations/mission/my-calendar/"),
    "member session page": ("member", "/en/delegations/mission/sessions/{session}/"),
    "delegation page seen by a member": ("member", "/en/delegations/mission/"),
    "back office": ("coordinator", "/en/backoffice/"),
    "admin": ("coordinator", "/admin/"),
    "home page while signed in": ("member", "/en/"),
    "secret calendar feed": (None, "/en/delegations/calendar/{token}.ics"),
}


@pytest.mark.parametrize("page", PERSONAL)
def test_personal_pages_are_never_stored(client, personal_world, page):
    who, path = PERSONAL[page]
    member = personal_world["member"]
    if who == "member":
        client.force_login(member.user)
    elif who == "staff":
        client.force_login(UserFactory(role=Role.COORDINATOR, is_staff=True))
    elif who == "coordinator":
        verified_login(client, personal_world["coordinator"])
    path = path.format(session=personal_world["session"].pk, token=member.calendar_token)

    response = client.get(path)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_public_pages_for_visitors_are_not_marked_personal(client):
    response = client.get("/en/exchanges/")

    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_language_and_consent_cookies_are_secure_like_the_session_cookie(client, settings):
    settings.SESSION_COOKIE_SECURE = True
    settings.LANGUAGE_COOKIE_SECURE = True
    from django.http import HttpResponse

    from twinning.pages.models import ConsentRecord

    response = HttpResponse()
    consent.language_cookie_set(response, "zh-hans")
    consent.consent_cookie_set(
        response, ConsentRecord.objects.create(categories=[], policy_version=0)
    )

    language = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    chosen = response.cookies[consent.COOKIE_NAME]
    assert (language["secure"], language["httponly"], language["samesite"]) == (True, True, "Lax")
    assert (chosen["secure"], chosen["httponly"], chosen["samesite"]) == (True, True, "Lax")


def test_language_cookie_follows_secure_cookies():
    assert settings.LANGUAGE_COOKIE_SECURE == settings.SESSION_COOKIE_SECURE
    assert settings.LANGUAGE_COOKIE_HTTPONLY is True
