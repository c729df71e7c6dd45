"""The real settings as production runs them, plus the baseline view's URL and quiet logs.

The database comes from DATABASE_URL like everywhere else (bench/run.py sets it).
Static files use the plain storage so no collectstatic manifest is needed; the manifest
lookup production does is a dictionary hit and does not change the figures.
"""

import os
import warnings

os.environ.setdefault("SECRET_KEY", "bench-only-insecure-key")
os.environ.setdefault("STATIC_MANIFEST", "false")

from twinning.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

# whitenoise warns that STATIC_ROOT is missing (no collectstatic); harmless here.
warnings.filterwarnings("ignore", message="No directory at")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"django.request": {"level": "ERROR"}},
}
