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
