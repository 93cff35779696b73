"""Settings for running for real: everything secret or site-specific comes from the environment.

`openassembly check --deploy` passes with no warning under these settings (a test holds it to
that): HTTPS only, with HSTS; cookies sent over HTTPS only; the proxy's headers believed only
when OPENASSEMBLY_TRUSTED_PROXIES says a proxy is there (see base.py and docs/operations.md).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment to run in production")

# Every plain-HTTP request is redirected to HTTPS; behind a proxy that terminates TLS this needs
# OPENASSEMBLY_TRUSTED_PROXIES, or every request looks like plain HTTP and is redirected for ever.
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
# HSTS: once a browser has seen the site over HTTPS it never tries plain HTTP again. An operator
# who is not sure every subdomain serves HTTPS can lower these (check --deploy then says so).
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
SECURE_HSTS_PRELOAD = os.environ.get("HSTS_PRELOAD", "1") == "1"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = os.environ.get("INSECURE_COOKIES", "") != "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
