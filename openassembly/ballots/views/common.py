"""Helpers every ballots view shares."""

from __future__ import annotations

from django.shortcuts import render


def form_page(request, *, title: str, form, intro: str = "", submit: str = "Save", status=200,
              back: str = ""):
    """One template for every simple form: heading, explanation, the fields, a button."""
    return render(
        request,
        "ballots/form.html",
        {"title": title, "form": form, "intro": intro, "submit": submit, "back": back},
        status=400 if request.method == "POST" and form.errors else status,
    )
