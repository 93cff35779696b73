"""Settings for the test suite: SQLite in memory unless DATABASE_URL names PostgreSQL."""

import os

import dj_database_url

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES, postgres_options

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
    DATABASES["default"].setdefault("OPTIONS", {}).update(postgres_options())
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
LEDGER_CHECKPOINT_EVERY = 10
# Links in mail; pinned so that the tests do not depend on the environment's SITE_URL.
SITE_URL = "http://127.0.0.1:8000"
