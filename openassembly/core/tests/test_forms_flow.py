"""The one form cycle: validate, call the service, refuse on the same form, or go on."""

from __future__ import annotations

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from openassembly.core.errors import Conflict, InvalidInput, NotFound, PowerDenied
from openassembly.core.forms_flow import (
    add_service_error,
    handle_form,
    problems_of,
    status_for,
    submit,
)


class NoteForm(forms.Form):
    title = forms.CharField(label="Title")
    text = forms.CharField(label="Text", required=False)


def _post(data: dict):
    request = RequestFactory().post("/somewhere/", data)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _cycle(data: dict, act, **kwargs):
    request = _post(data)
    form = NoteForm(request.POST)
    response = handle_form(request, form, act, success="/done/", template="error_summary.html",
                           message="Saved.", **kwargs)
    return request, form, response


def test_a_service_error_naming_a_field_is_put_by_that_field():
    form = NoteForm({"title": "x", "text": "y"})
    assert form.is_valid()
    add_service_error(form, InvalidInput("Too short.", field="title"))
    assert form.errors == {"title": ["Too short."]}


def test_a_field_the_form_does_not_have_goes_above_the_fields():
    form = NoteForm({"title": "x"})
    form.is_valid()
    add_service_error(form, InvalidInput("Not so.", field="no_such_field"))
    assert form.non_field_errors() == ["Not so."]


def test_each_refusal_keeps_its_own_status():
    assert status_for(None) == 400
    assert status_for(InvalidInput("x")) == 400
    assert status_for(PowerDenied("x", power="p")) == 403
    assert status_for(NotFound("x")) == 404
    assert status_for(Conflict("x")) == 409


def test_the_summary_links_each_problem_to_its_field_and_the_rest_to_the_form():
    form = NoteForm({"title": ""}, auto_id="note7-%s")
    form.is_valid()
    form.add_error(None, "The meeting is closed.")
    problems = problems_of(form, anchor="note-form")
    assert [(p.text, p.href) for p in problems] == [
        ("The meeting is closed.", "#note-form"),
        ("Title: This field is required.", "#note7-title"),
    ]
    assert problems_of(NoteForm()) == []


def test_an_invalid_form_never_reaches_the_service():
    called = []
    done, result, error = submit(NoteForm({"title": ""}), called.append)
    assert (done, result, error, called) == (False, None, None, [])


def test_a_refused_service_comes_back_with_its_status_and_the_typed_values():
    def act(data):
        raise PowerDenied("Only the chair may.", power="chair", rule="7.1")

    request, form, response = _cycle({"title": "Kept", "text": "Also kept"}, act)
    assert response.status_code == 403
    assert "There is a problem" in response.content.decode()
    assert "Only the chair may." in response.content.decode()
    assert form["title"].value() == "Kept" and form["text"].value() == "Also kept"
    assert list(get_messages(request)) == []


def test_success_is_a_see_other_with_a_message():
    request, _, response = _cycle({"title": "Fine"}, lambda data: data["title"])
    assert response.status_code == 303 and response["Location"] == "/done/"
    assert [str(m) for m in get_messages(request)] == ["Saved."]


def test_success_can_go_where_the_result_says():
    request = _post({"title": "Fine"})
    response = handle_form(request, NoteForm(request.POST), lambda data: 42,
                           success=lambda pk: f"/things/{pk}/",
                           template="error_summary.html")
    assert response["Location"] == "/things/42/"


def test_a_get_shows_the_form_and_calls_nothing():
    called = []
    request = RequestFactory().get("/somewhere/")
    response = handle_form(request, NoteForm(), called.append, success="/done/",
                           template="error_summary.html")
    assert response.status_code == 200 and called == []
