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
    # ninja as an app so that /api/docs serves the Swagger UI it ships, never from a CDN.
    "ninja",
    "axes",
    "csp",
    "django_ratelimit",
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
    # Before anything reads the body: a request larger than MAX_REQUEST_BYTES is refused unread.
    "openassembly.core.request_limits.RequestSizeMiddleware",
    "csp.middleware.CSPMiddleware",
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
    # Last, as django-axes asks: it turns a locked-out attempt into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

# How much a request may carry (core/request_limits.py says each refusal in words). Form
# fields: at most 10 MB of text, enough for a whole constitution pasted as a motion (a
# million characters) even when URL-encoding triples it; never more fields than a page has.
# Files: held in memory up to 2.5 MB and spooled to disk above; each upload's own bound is
# its form's (papers, member rolls, results sets), and the whole body at most MAX_REQUEST_BYTES.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2_000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_BYTES", str(60 * 1024 * 1024)))

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
                "openassembly.members.context_processors.applications",
            ],
            # {% status %} badges on every page without a {% load %} in each template.
            "builtins": ["openassembly.core.templatetags.status"],
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
# Django's own sign-in; django-axes first, so that a locked-out account or address is refused
# before its password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
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
# Rate-limit counters ("limits") must hold across every worker: the database (a cache table made
# by accounts' migration 0007, with an increment under a row lock) or Redis when REDIS_URL is set.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "limits": {
        "BACKEND": "openassembly.core.cache.AtomicDatabaseCache",
        "LOCATION": "openassembly_limits",
        # Django's default of 300 entries would cull a third of the counters once more than
        # 300 accounts are active, silently resetting their limits on a closing night; a
        # counter lives for its window only, so expired rows keep the table small anyway.
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    },
}
if os.environ.get("REDIS_URL"):
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache",
             "LOCATION": os.environ["REDIS_URL"]}
    CACHES = {"default": redis, "limits": {**redis, "KEY_PREFIX": "limits"}}
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

# The address a request came from. Behind a reverse proxy (one that terminates TLS), set
# OPENASSEMBLY_TRUSTED_PROXIES to the number of proxies in front of the app: only then are
# X-Forwarded-For and X-Forwarded-Proto believed, and only as far back as those proxies wrote
# them. Exposed directly (the default, 0), both headers are whatever a client chose to send.
TRUSTED_PROXIES = int(os.environ.get("OPENASSEMBLY_TRUSTED_PROXIES", "0"))
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Sign-in attempts (django-axes): a run of wrong passwords or wrong second-factor codes locks the
# account, and, separately, the address they came from, for a cool-off period. The account
# holder is mailed when their account is locked (accounts/attempts.py).
AXES_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("SIGN_IN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "email"
AXES_USERNAME_CALLABLE = "openassembly.accounts.attempts.username_of"
AXES_CLIENT_IP_CALLABLE = "openassembly.core.clients.client_address"
AXES_LOCKOUT_CALLABLE = "openassembly.accounts.attempts.locked_out_page"
# A success does not wipe the failures: an attacker who knows one password must not reset the
# address's count by signing in to their own account between guesses.
AXES_RESET_ON_SUCCESS = False
# The access log of every sign-in would be a second record of who signed in when; failures are
# what the limits need.
AXES_DISABLE_ACCESS_LOG = True
# Attempts made while locked out are refused without being counted, so the cool-off runs from
# the lock-out and the holder is not mailed again for each of them.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# What axes masks in what it keeps of a failed attempt: a second-factor code too.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]

# The most sensitive acts (confirming a two-officer act, fetching a full export) ask an officer
# for the second factor again unless it was given within this many minutes.
SECOND_FACTOR_RECENT_MINUTES = int(os.environ.get("SECOND_FACTOR_RECENT_MINUTES", "10"))

# Rate limits on what a script could repeat (accounts/limits.py says which and how fast).
RATELIMIT_USE_CACHE = "limits"
RATELIMIT_IP_META_KEY = "openassembly.core.clients.client_address"
# act: {what it is counted per: "count/period"}. Sign-ups allow a venue's worth from one address
# (a stall signing people up at a rally), and few for one email address; casting and signing
# are counted per account only.
RATE_LIMITS = {
    "sign-ups": {"address": os.environ.get("RATE_SIGN_UPS_ADDRESS", "30/h"),
                 "email": os.environ.get("RATE_SIGN_UPS_EMAIL", "3/h")},
    "account claims": {"address": os.environ.get("RATE_CLAIMS_ADDRESS", "20/h"),
                       "email": os.environ.get("RATE_CLAIMS_EMAIL", "3/h")},
    "password resets": {"address": os.environ.get("RATE_RESETS_ADDRESS", "20/h"),
                        "email": os.environ.get("RATE_RESETS_EMAIL", "3/h")},
    "petition signatures": {"account": os.environ.get("RATE_SIGNATURES_ACCOUNT", "20/m")},
    "ballots cast": {"account": os.environ.get("RATE_BALLOTS_ACCOUNT", "20/m")},
}
SILENCED_SYSTEM_CHECKS = [
    # django-ratelimit knows only memcached and django-redis by name: Django's own RedisCache
    # increments atomically (INCRBY), and AtomicDatabaseCache increments under a row lock.
    "django_ratelimit.W001",
]

# A strict Content-Security-Policy everywhere (development and tests too, so a page that needs
# more fails its browser test): scripts, styles, images and fonts from this site only, no inline
# script or style, no plugins, no framing, forms posting only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
