"""Production settings pass Django's deployment checks with no warning, and every response
carries a strict Content-Security-Policy (in tests too, so a page that needs more fails)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_ENV = {"DATABASE_URL", "REDIS_URL", "OPENASSEMBLY_TRUSTED_PROXIES",
                "DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_SSL_REDIRECT", "HSTS_SECONDS",
                "HSTS_INCLUDE_SUBDOMAINS", "HSTS_PRELOAD", "INSECURE_COOKIES", "DEBUG"}


def _check_deploy(**env: str) -> subprocess.CompletedProcess:
    # The server's environment, not the test run's: the browser tests' conftest sets
    # DJANGO_ALLOW_ASYNC_UNSAFE for Playwright, which no deployment may have.
    environment = {key: value for key, value in os.environ.items() if key not in SETTINGS_ENV}
    environment.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "assembly.example.org",
        "SITE_URL": "https://assembly.example.org",
        **env,
    })
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("proxies", ["0", "1"])
def test_check_deploy_passes_with_no_warning(proxies):
    done = _check_deploy(OPENASSEMBLY_TRUSTED_PROXIES=proxies)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_check_deploy_would_say_so_if_https_were_off():
    # The control: the test above can fail.
    done = _check_deploy(SECURE_SSL_REDIRECT="0", HSTS_SECONDS="0")
    assert done.returncode != 0
    assert "security.W008" in done.stderr and "security.W004" in done.stderr


def test_the_proxy_header_is_believed_only_when_a_proxy_is_configured():
    probe = ("from django.conf import settings; "
             "print(getattr(settings, 'SECURE_PROXY_SSL_HEADER', None))")
    for proxies, expected in (("0", "None"), ("1", "('HTTP_X_FORWARDED_PROTO', 'https')")):
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.prod",
                       "SECRET_KEY": secrets.token_urlsafe(50),
                       "OPENASSEMBLY_TRUSTED_PROXIES": proxies}
        done = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {probe}"],
                              cwd=ROOT, env=environment, capture_output=True, text=True,
                              timeout=60)
        assert done.stdout.strip() == expected, done.stderr


def _directives(header: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in header.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/api/docs", "/api/openapi.json"])
def test_every_response_carries_a_strict_content_security_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header and "*" not in header


@pytest.mark.django_db
def test_api_docs_name_no_other_site(client):
    page = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "https://" not in page


def test_no_template_has_inline_script_or_style():
    import re

    inline = re.compile(r"<style|style=|<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=", re.I)
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "openassembly").rglob("templates/**/*.html")
        for match in inline.finditer(path.read_text())
        if "application/json" not in match.group(0)
    ]
    assert not found, found
