"""Ballots' things for a viewer (core.access): scoped to the viewer's organisation, missing and
forbidden alike NotFound."""

from __future__ import annotations

from openassembly.core.access import Viewer, scoped
from openassembly.core.errors import NotFound

from .models import Candidacy, Petition, Poll, Questionnaire, Slate, Sortition, Task


def access_poll(viewer: Viewer, pk: int) -> Poll:
    return scoped(Poll, viewer, pk)


def access_candidacy(viewer: Viewer, pk: int, *, poll: Poll) -> Candidacy:
    """A candidacy in ``poll``'s election (a candidacy id under another poll is not found)."""
    return scoped(Candidacy, viewer, pk, election__poll=poll)


def access_slate(viewer: Viewer, pk: int) -> Slate:
    return scoped(Slate, viewer, pk)


def access_questionnaire(viewer: Viewer, pk: int) -> Questionnaire:
    return scoped(Questionnaire, viewer, pk)


def access_petition(viewer: Viewer, pk: int) -> Petition:
    return scoped(Petition, viewer, pk)


def access_sortition(viewer: Viewer, pk: int) -> Sortition:
    return scoped(Sortition, viewer, pk)


def access_task(viewer: Viewer, pk: int) -> Task:
    """A task's progress is for the officer who started it; anyone else finds no such task."""
    if viewer.member is None:
        raise NotFound("No such task.")
    return scoped(Task, viewer, pk, started_by=viewer.member)
