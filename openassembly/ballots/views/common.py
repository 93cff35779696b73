"""Helpers every ballots view shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from openassembly.core.forms_flow import handle_form


def form_page(request: HttpRequest, form, act: Callable[[dict], Any], *, success, title: str,
              intro: str = "", submit: str = "Save", message=None) -> HttpResponse:
    """One template for every simple form: heading, explanation, the fields, a button; a
    refusal comes back on it with what was typed (core/forms_flow.py)."""
    return handle_form(request, form, act, success=success, message=message,
                       template="ballots/form.html",
                       context={"title": title, "intro": intro, "submit": submit})
