"""One way for a page to take a form in: validate, call the service, say what went wrong on
the same form, or go on.

Every refusal, whether the form's own validation or a service's ``ServiceError``, comes back
on the page the person was on, with what they typed still in the fields, the reason next to
the field it is about and a summary of every problem at the top (``problems`` in the
context, shown by base.html). Nothing here knows any app: the view says which form, which
service call, where success goes and which template shows the page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from .errors import ServiceError

ContextArg = Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None
Message = str | Callable[[Any], str] | None


class HttpResponseSeeOther(HttpResponseRedirect):
    """After a POST that did something, the browser must GET the next page, never re-POST."""

    status_code = 303


@dataclass(frozen=True)
class Problem:
    """One line of the error summary: what is wrong and the field (anchor) it is about."""

    text: str
    href: str = ""


def add_service_error(form: forms.Form, error: ServiceError) -> None:
    """Put a service's refusal on the form: by the field it names, else above the fields."""
    field = getattr(error, "field", "") or None
    if field not in form.fields:
        field = None
    form.add_error(field, str(error))


def problems_of(form: forms.Form | None, *, anchor: str = "") -> list[Problem]:
    """The summary lines for a bound form: non-field errors link to ``anchor`` (the form),
    field errors to their field, so a click or a screen reader lands where the fix goes."""
    if form is None or not form.is_bound or not form.errors:
        return []
    found = [Problem(str(text), f"#{anchor}" if anchor else "")
             for text in form.non_field_errors()]
    for name, field in form.fields.items():
        for text in form.errors.get(name, []):
            bound = form[name]
            found.append(Problem(f"{field.label or name}: {text}",
                                 f"#{bound.id_for_label}" if bound.id_for_label else ""))
    return found


def status_for(error: ServiceError | None) -> int:
    """A refused form is a client error; the code says which: the error's own (400 invalid,
    403 a power the person does not hold, 404 missing, 409 the state forbids it)."""
    return error.status if error is not None else 400


def submit(form: forms.Form, act: Callable[[dict], Any]) -> tuple[bool, Any, ServiceError | None]:
    """Validate and call the service. Returns (done, result, error); on any refusal the
    reason is already on the form."""
    if not form.is_valid():
        return False, None, None
    try:
        result = act(form.cleaned_data)
    except ServiceError as error:
        add_service_error(form, error)
        return False, None, error
    return True, result, None


def handle_form(
    request: HttpRequest,
    form: forms.Form,
    act: Callable[[dict], Any],
    *,
    success: str | Callable[[Any], str],
    template: str,
    context: ContextArg = None,
    message: Message = None,
    form_name: str = "form",
    partial: str = "",
) -> HttpResponse:
    """Serve a page whose form calls one service.

    ``form`` is built by the view (bound to ``request.POST`` on a POST, unbound otherwise);
    ``act(cleaned_data)`` calls the service and returns what it made; ``success`` is the URL
    to go to next (or a function of that result), ``message`` what to tell the person there.
    A GET, or any refusal, renders ``template`` with ``context`` and the form as
    ``form_name``; a refusal with the status of its cause. An htmx request gets ``partial``
    (a template showing only the form's part of the page) when the view has one.
    """
    status, error = 200, None
    if request.method == "POST" and form.is_bound:
        done, result, error = submit(form, act)
        if done:
            text = message(result) if callable(message) else message
            if text:
                messages.success(request, text)
            return HttpResponseSeeOther(success(result) if callable(success) else success)
        status = status_for(error)
    return render_form_page(request, form, template=template, context=context, status=status,
                            form_name=form_name, partial=partial, error=error)


def render_form_page(
    request: HttpRequest,
    form: forms.Form | None,
    *,
    template: str,
    context: ContextArg = None,
    status: int = 200,
    form_name: str = "form",
    partial: str = "",
    error: ServiceError | None = None,
    anchor: str = "",
) -> HttpResponse:
    """Render a page with a (possibly refused) form, its error summary and the rule cited."""
    page = dict(context() if callable(context) else (context or {}))
    if form is not None:
        page[form_name] = form
    page["problems"] = problems_of(form, anchor=anchor)
    if error is not None and not page["problems"]:
        # A refusal with no form to hold it (a button) is still said at the top of the page.
        page["problems"] = [Problem(str(error), f"#{anchor}" if anchor else "")]
    if error is not None and getattr(error, "rule", ""):
        page["problem_rule"] = error.rule
    chosen = partial if partial and getattr(request, "htmx", False) else template
    return render(request, chosen, page, status=status)
