"""Lookups scoped to the request's organisation; missing and forbidden look the same."""

from __future__ import annotations

from openassembly.core.access import scoped

from .models import Candidacy, Petition, Poll, Questionnaire, Slate, Sortition, Task


def access_poll(request, pk: int) -> Poll:
    return scoped(Poll, request, pk=pk)


def access_candidacy(request, poll: Poll, pk: int) -> Candidacy:
    return scoped(Candidacy, request, pk=pk, election__poll=poll)


def access_slate(request, pk: int) -> Slate:
    return scoped(Slate, request, pk=pk)


def access_questionnaire(request, pk: int) -> Questionnaire:
    return scoped(Questionnaire, request, pk=pk)


def access_petition(request, pk: int) -> Petition:
    return scoped(Petition, request, pk=pk)


def access_sortition(request, pk: int) -> Sortition:
    return scoped(Sortition, request, pk=pk)


def access_task(request, pk: int) -> Task:
    """A task's progress is for the officer who started it."""
    return scoped(Task, request, pk=pk, started_by=request.member)
