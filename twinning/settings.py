"""Settings, read from environment variables only.

Without any variable set, the project runs as a development site on an SQLite file in
``data/`` with e-mail written to ``data/mail/``. Production sets at least ``SECRET_KEY``,
``DATABASE_URL``, ``REDIS_URL`` and ``ALLOWED_HOSTS`` (see docs/deploy.md).
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# Where the site keeps its files (SQLite database, uploads, private files, mail in
# development). A source checkout uses its own data/ folder; an installed package would
# otherwise write inside site-packages, so there TWINNING_DATA_DIR is required.
SOURCE_CHECKOUT = (BASE_DIR / "manage.py").is_file()
if env.str("TWINNING_DATA_DIR", default=""):
    DATA_DIR = Path(env.str("TWINNING_DATA_DIR"))
elif SOURCE_CHECKOUT:
    DATA_DIR = BASE_DIR / "data"
else:
    raise ImproperlyConfigured(
        "Set TWINNING_DATA_DIR to the folder where Twinning keeps its files "
        "(for example /srv/twinning/data): see docs/deploy.md."
    )

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for a development site).")
    SECRET_KEY = "insecure-development-key-never-use-in-production"

# Production must list its host names exactly (no default there: a loopback name would let
# any Host such as 127.0.0.1:6666 through).
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rules.apps.AutodiscoverRulesConfig",
    "reversion",
    "djmoney",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "ninja",
    "twinning.core",
    "twinning.accounts",
    "twinning.cities",
    "twinning.people",
    "twinning.exchanges",
    "twinning.search",
    "twinning.pages",
    "twinning.participation",
    "twinning.notifications",
    "twinning.audit",
    "twinning.delegations",
    "twinning.registrations",
    "twinning.visas",
    "twinning.payments",
    "twinning.matchmaking",
    "twinning.cards",
    "twinning.backoffice",
    "twinning.portal",
    "twinning.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the session and CSRF middleware, so it sees every cookie they set.
    "twinning.core.middleware.NoStoreForPersonalPagesMiddleware",
    # Under /api/: rate limits, and every error as problem details (twinning/api/middleware.py).
    "twinning.api.middleware.ApiMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "twinning.pages.middleware.LanguageCookieConsentMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "twinning.accounts.middleware.RequireTwoFactorForStaffMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "twinning.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "twinning.core.context_processors.site",
                "twinning.pages.context_processors.consent_state",
            ],
        },
    },
]

WSGI_APPLICATION = "twinning.wsgi.application"

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'twinning.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the development server read while a management command writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    # Writers take the database lock when their transaction starts, so two sign-ups can
    # never both count the same free seat (PostgreSQL uses a row lock instead).
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A dropped connection is noticed before a request uses it (docs/deploy.md, "Several
# servers"): after a PostgreSQL restart the next request works, no app restart needed.
DATABASES["default"]["CONN_MAX_AGE"] = env.int(
    "DATABASE_CONN_MAX_AGE", default=DATABASES["default"].get("CONN_MAX_AGE", 0)
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Two aliases over one Redis (twinning/core/cache.py): pages and results degrade to no
# cache while Redis is away; rate limits and sign-in throttling refuse (fail closed).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    _redis_options = {
        "socket_connect_timeout": env.float("REDIS_TIMEOUT_SECONDS", default=0.5),
        "socket_timeout": env.float("REDIS_TIMEOUT_SECONDS", default=0.5),
        "RETRY_SECONDS": env.float("REDIS_RETRY_SECONDS", default=5.0),
    }
    CACHES = {
        alias: {
            "BACKEND": backend,
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "twinning",
            "OPTIONS": _redis_options,
        }
        for alias, backend in [
            ("default", "twinning.core.cache.DegradingRedisCache"),
            ("limits", "twinning.core.cache.FailClosedRedisCache"),
        ]
    }
else:
    # One LOCATION: both aliases share the process's memory, as they share Redis.
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "twinning"}
        for alias in ("default", "limits")
    }
RATELIMIT_USE_CACHE = "limits"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Twinning")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "twinning" / "locale"]
TIME_ZONE = "UTC"
FORMAT_MODULE_PATH = ["twinning.formats"]
FORMS_URLFIELD_ASSUME_HTTPS = True  # the Django 6.0 behaviour, adopted now
USE_I18N = True
USE_TZ = True

# Content fields: every translated field has one column per language (title_en,
# title_zh_hans); an empty column falls back to the other language, visibly marked.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "zh-hans")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en",), "en": ("zh-hans",)}

STATIC_URL = "static/"
STATIC_ROOT = Path(
    env.str(
        "STATIC_ROOT",
        default=str(BASE_DIR / "staticfiles" if SOURCE_CHECKOUT else DATA_DIR / "static"),
    )
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
MEDIA_URL = "media/"
# Files with an audience (delegation documents, generated PDFs): never served directly.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(DATA_DIR / "private")))

EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    globals().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Twinning <noreply@twinning.invalid>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_HTTPS_PROXY", default=False) else None
)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Sessions: two weeks (Django's default) for everyone, shorter for the back office's roles
# (set at login, accounts/signals.py). In seconds.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=14 * 24 * 3600)
STAFF_SESSION_AGE = env.int("STAFF_SESSION_AGE", default=8 * 3600)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The language cookie is sent like the others (the consent cookie uses the same values).
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# HTTPS only, once the site runs behind the TLS proxy (docs/deploy.md gives the values).
SECURE_SSL_REDIRECT = env.bool(
    "SECURE_SSL_REDIRECT", default=env.bool("BEHIND_HTTPS_PROXY", default=False)
)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Every page: scripts and styles only from the site's own static files, never inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# Uploaded files (archive attachments, delegation documents) are refused above this size.
TWINNING_UPLOAD_MAX_BYTES = env.int("TWINNING_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

TWINNING_SITE_NAME = env.str("TWINNING_SITE_NAME", default="Twinning")

# Public participation: where people reach the office, and how long we keep what they send.
TWINNING_SERVICE_EMAIL = env.str("TWINNING_SERVICE_EMAIL", default="office@twinning.invalid")
TWINNING_REPORT_PHONE = env.str("TWINNING_REPORT_PHONE", default="+1 206 555 0100")
TWINNING_REPORT_ADDRESS = env.str(
    "TWINNING_REPORT_ADDRESS",
    default="Sister City Office, 600 Fourth Avenue, Seattle, WA 98104, United States",
)
PARTICIPATION_RATE_PER_IP = env.str("PARTICIPATION_RATE_PER_IP", default="5/h")
PARTICIPATION_RATE_PER_EMAIL = env.str("PARTICIPATION_RATE_PER_EMAIL", default="3/h")
PARTICIPATION_MIN_FILL_SECONDS = env.int("PARTICIPATION_MIN_FILL_SECONDS", default=3)
PARTICIPATION_MESSAGE_RETENTION_DAYS = env.int("PARTICIPATION_MESSAGE_RETENTION_DAYS", default=365)
PARTICIPATION_REPORT_RETENTION_DAYS = env.int("PARTICIPATION_REPORT_RETENTION_DAYS", default=365)

# The API (twinning/api): requests per token and per client address (django-ratelimit in
# the limits cache), how long a new token lives, and the webhooks' retries.
TWINNING_API_RATE_PER_TOKEN = env.str("TWINNING_API_RATE_PER_TOKEN", default="600/m")
TWINNING_API_RATE_PER_IP = env.str("TWINNING_API_RATE_PER_IP", default="1200/m")
TWINNING_API_TOKEN_DAYS = env.int("TWINNING_API_TOKEN_DAYS", default=90)
TWINNING_WEBHOOK_ATTEMPTS = env.int("TWINNING_WEBHOOK_ATTEMPTS", default=8)
TWINNING_WEBHOOK_BACKOFF_SECONDS = env.int("TWINNING_WEBHOOK_BACKOFF_SECONDS", default=30)
TWINNING_WEBHOOK_TIMEOUT_SECONDS = env.int("TWINNING_WEBHOOK_TIMEOUT_SECONDS", default=10)

# Client addresses, rate limits and login throttling (docs/security.md, section 2).
# How many proxies in front of the application append to X-Forwarded-For: 0 = none (use
# REMOTE_ADDR), 1 = one nginx with `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
RATELIMIT_IP_META_KEY = "twinning.core.clientip.client_ip"
RATELIMIT_IPV6_MASK = 64
# Wrong passwords before a cool-off, per account and per client address; the cool-off
# doubles with each further failure up to the maximum, and all is forgotten after a quiet
# LOGIN_THROTTLE_MEMORY_SECONDS.
LOGIN_FAILURES_PER_ACCOUNT = env.int("LOGIN_FAILURES_PER_ACCOUNT", default=5)
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=20)
LOGIN_COOLOFF_SECONDS = env.int("LOGIN_COOLOFF_SECONDS", default=60)
LOGIN_COOLOFF_MAX_SECONDS = env.int("LOGIN_COOLOFF_MAX_SECONDS", default=15 * 60)
LOGIN_THROTTLE_MEMORY_SECONDS = env.int("LOGIN_THROTTLE_MEMORY_SECONDS", default=60 * 60)
PASSWORD_RESET_RATE_PER_IP = env.str("PASSWORD_RESET_RATE_PER_IP", default="5/h")
PASSWORD_RESET_RATE_PER_EMAIL = env.str("PASSWORD_RESET_RATE_PER_EMAIL", default="3/h")
# Two-factor set-up links: how long one is valid, and how often the site sends one unasked.
TOTP_ENROLMENT_LINK_MAX_AGE = env.int("TOTP_ENROLMENT_LINK_MAX_AGE", default=24 * 60 * 60)
TOTP_ENROLMENT_LINK_RESEND_SECONDS = env.int("TOTP_ENROLMENT_LINK_RESEND_SECONDS", default=10 * 60)
# Cache public pages and search results for anonymous visitors (exact: keyed by content
# versions). Needs a cache shared by all processes: Redis, or a single process.
TWINNING_PUBLIC_CACHE = env.bool("TWINNING_PUBLIC_CACHE", default=bool(REDIS_URL) or DEBUG)

# The site's public address: every absolute link (hreflang, sitemap, feeds, e-mails, calendar
# feeds, cards) is built from it, never from the request's Host header.
TWINNING_BASE_URL = env.str("TWINNING_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Card payments through Stripe Checkout: offered only when both are set (else bank transfer
# only, and /stripe/webhook/ answers 404). The webhook secret is the endpoint's "whsec_…".
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
if STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET:
    # The "Pay by card" form is answered with a redirect to Stripe's page, which browsers
    # check against form-action.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append("https://checkout.stripe.com")

# Passport data (visa letters): encrypted per field with these Fernet keys, comma-separated,
# newest first (older ones still decrypt; `visas_rotate_keys` re-encrypts with the newest).
# Required outside DEBUG (system check visas.E001). Deleted this many days after the trip.
TWINNING_FIELD_KEYS = env.list("TWINNING_FIELD_KEYS", default=[])
VISAS_PASSPORT_RETENTION_DAYS = env.int("VISAS_PASSPORT_RETENTION_DAYS", default=30)

# Background work (briefing books): run at once in development and tests; production sets
# TASKS_BACKEND=django_tasks_db.DatabaseBackend and runs `twinning db_worker` (docs/deploy.md).
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
# A delegation with more confirmed members than this gets its briefing book in the background.
DELEGATION_BRIEFING_BOOK_SYNC_LIMIT = env.int("DELEGATION_BRIEFING_BOOK_SYNC_LIMIT", default=40)
