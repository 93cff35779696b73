"""Settings shared by every environment; everything that differs comes from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("OPENASSEMBLY_VAR", BASE_DIR / "var"))


def postgres_options() -> dict:
    # Server-side binding with a prepare threshold lets psycopg prepare a statement once a
    # connection has run it five times, so the hot paths (session, signed-in user, a vote) stop
    # paying PostgreSQL's planner on every request; Django leaves preparing off unless asked.
    # A pooler in transaction mode must support prepared statements (PgBouncer 1.21 or later
    # with max_prepared_statements set), or set PG_PREPARE_THRESHOLD to "" to switch it off.
    threshold = os.environ.get("PG_PREPARE_THRESHOLD", "5")
    return {"server_side_binding": True, "prepare_threshold": int(threshold) if threshold else None}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "openassembly.core",
    "openassembly.accounts",
    "openassembly.members",
    "openassembly.mail",
    "openassembly.bodies",
    "openassembly.meetings",
    "openassembly.ballots",
    "openassembly.scenarios",
    "openassembly.record",
    "openassembly.api",
    "openassembly.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "openassembly.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "openassembly.members.middleware.OrganisationMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "openassembly" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openassembly.core.context_processors.organisation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'openassembly.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one writer commits; the timeout rides out short
    # write bursts instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"].setdefault("OPTIONS", {}).update(postgres_options())
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "record:home"
LOGOUT_REDIRECT_URL = "record:home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "openassembly" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

# Django's database sessions; with Redis, the cache and a write-through session cache live
# there (never a per-process cache for sessions: a sign-out must end the session in every worker).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "openassembly <noreply@localhost>")

# The Django admin is for operators repairing an install, never for running the
# organisation: powers come from seats. It is off unless an operator switches it on.
ADMIN_ENABLED = os.environ.get("OPENASSEMBLY_ADMIN", "") == "1"
if ADMIN_ENABLED:
    INSTALLED_APPS.insert(0, "django.contrib.admin")

# Which organisation a request is for when the host does not say: one install may
# serve several, each under /o/<slug>/, and this one answers at /.
DEFAULT_ORGANISATION = os.environ.get("OPENASSEMBLY_DEFAULT_ORGANISATION", "")

# Events are sealed into a Merkle checkpoint every this many events, and by `openassembly tick`
# within the minute whatever the activity.
LEDGER_CHECKPOINT_EVERY = int(os.environ.get("LEDGER_CHECKPOINT_EVERY", "100"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Background work (mail runs, closing polls on time, sealing the ledger, ...) is carried out by
# `openassembly db-worker` from this queue in the database; `openassembly tick` (cron, each
# minute) enqueues whatever falls due with time.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The address members reach this site at: links in mail are built from it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
