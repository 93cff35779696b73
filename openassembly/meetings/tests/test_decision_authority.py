"""A decision of a body, turned into authority for another app's act, and checked."""

from __future__ import annotations

import pytest

from openassembly.core.actors import System
from openassembly.core.authority import AuthorityRefused, Route, resolve
from openassembly.core.services import create_organisation
from openassembly.meetings.models import Decision
from openassembly.rules import examples


@pytest.fixture
def decided(organisation, seconded, vote):
    motion = seconded()
    division = vote(motion, 9, 4, 1)
    assert division.carried
    return organisation, Decision.objects.get(motion=motion)


@pytest.fixture
def other_organisation(db):
    text = examples.read("commonweal").replace('slug = "commonweal"', 'slug = "elsewhere"')
    return create_organisation(System("tests"), constitution_text=text)


def test_a_standing_decision_is_authority_with_its_body_and_votes(decided):
    organisation, decision = decided
    authority = resolve(organisation, Route.DECISION, str(decision.number))
    assert authority.route == Route.DECISION
    assert authority.facts["body"] == decision.meeting.body.key
    assert authority.text.startswith(f"by decision {decision.number} of the ")
    division = decision.motion.divisions.get(carried=True)
    assert (f"carried {division.votes_for}-{division.against}-{division.abstain}"
            in authority.text)
    assert resolve(organisation, Route.DECISION, decision).reference == authority.reference


def test_no_decision_or_a_void_one_is_no_authority(decided):
    organisation, decision = decided
    with pytest.raises(AuthorityRefused, match="no decision 999"):
        resolve(organisation, Route.DECISION, 999)
    with pytest.raises(AuthorityRefused, match="number of a decision"):
        resolve(organisation, Route.DECISION, "seven")
    Decision.objects.filter(pk=decision.pk).update(status=Decision.Status.VOID)
    with pytest.raises(AuthorityRefused, match="no longer stands"):
        resolve(organisation, Route.DECISION, decision.number)


def test_another_organisations_decision_is_no_authority(decided, other_organisation):
    _organisation, decision = decided
    with pytest.raises(AuthorityRefused):
        resolve(other_organisation, Route.DECISION, decision)
    with pytest.raises(AuthorityRefused, match="no decision"):
        resolve(other_organisation, Route.DECISION, decision.number)


@pytest.mark.django_db(transaction=True)
def test_an_act_holds_its_decision_so_it_cannot_be_made_void_meanwhile(decided):
    # The row a correction locks to make a decision void is held by the act that rests on it,
    # from the check to the commit; a second session cannot take it in the meantime.
    import psycopg
    from django.db import connection, transaction

    from openassembly.core.tests import linkage

    if connection.vendor != "postgresql":
        pytest.skip("SQLite locks the whole database for a write: there is no row to hold")
    organisation, decision = decided
    other = linkage.second_session(autocommit=True)
    try:
        grab = "SELECT 1 FROM meetings_decision WHERE id = %s FOR UPDATE NOWAIT"
        with transaction.atomic():
            resolve(organisation, Route.DECISION, decision.number)
            with pytest.raises(psycopg.errors.LockNotAvailable):
                other.execute(grab, [decision.pk])
        other.execute(grab, [decision.pk])  # released at the act's commit
        resolve(organisation, Route.DECISION, decision.number)  # a page's read locks nothing
        other.execute(grab, [decision.pk])
    finally:
        other.close()
