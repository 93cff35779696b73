"""SITE_URL, which every link in mail is built from, is checked before going live."""

from __future__ import annotations

from openassembly.mail.apps import site_url_check


def test_the_development_address_is_flagged_in_production(settings):
    settings.DEBUG = False
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert [m.id for m in site_url_check()] == ["openassembly.W001"]


def test_an_address_without_a_scheme_is_an_error(settings):
    settings.SITE_URL = "assembly.example.org"
    assert [m.id for m in site_url_check()] == ["openassembly.E001"]


def test_a_public_address_passes(settings):
    settings.DEBUG = False
    settings.SITE_URL = "https://assembly.example.org"
    assert site_url_check() == []
