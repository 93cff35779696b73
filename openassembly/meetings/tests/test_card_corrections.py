"""Correcting a card vote: section by section, by two officers, weighted totals recomputed."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.urls import reverse

from openassembly.accounts.models import SensitiveAction
from openassembly.accounts.services import confirm_sensitive_action, propose_sensitive_action
from openassembly.core.errors import InvalidInput
from openassembly.core.models import LedgerEvent
from openassembly.meetings import services
from openassembly.meetings.models import Correction, Decision, Vote
from openassembly.meetings.tests.test_pages import act, login


@pytest.fixture
def card_vote(chair, conference_card_vote):
    """Conference's card vote lost 30-70 weighted: 3 affiliates against, locals 6-4 for."""
    division, affiliates, locals_ = conference_card_vote
    for person in affiliates:
        services.cast_vote(person, division=division, choice="against")
    for i, person in enumerate(locals_):
        services.cast_vote(person, division=division, choice="for" if i < 6 else "against")
    division = services.close_division(chair, division=division)
    assert division.weighted == (Fraction(30), Fraction(70), Fraction(0))
    return division


def _sections(affiliates=(3, 0, 0), locals_=(6, 4, 0)) -> dict:
    return {key: dict(zip(("for", "against", "abstain"), numbers, strict=True))
            for key, numbers in (("affiliates", affiliates), ("local-groups", locals_))}


def _propose(secretary, division, sections, reason="Two affiliate cards were misread."):
    return propose_sensitive_action(
        secretary, organisation=division.organisation, kind="correct-result",
        payload={"division": division.pk, "sections": sections}, reason=reason)


def test_card_vote_is_corrected_by_section_and_its_weighted_result_follows(
        card_vote, secretary, chair):
    # Two of the three affiliate cards were for, not against.
    action = _propose(secretary, card_vote, _sections(affiliates=(2, 1, 0)))
    card_vote.refresh_from_db()
    assert not card_vote.carried and not card_vote.corrected
    confirm_sensitive_action(chair, organisation=card_vote.organisation, action_id=action.pk)
    card_vote.refresh_from_db()
    # Affiliates 50% x 2/3 for = 100/3; locals 30 for: 190/3 for, 110/3 against.
    assert card_vote.weighted == (Fraction(190, 3), Fraction(110, 3), Fraction(0))
    assert (card_vote.votes_for, card_vote.against, card_vote.carried, card_vote.corrected) == (
        8, 5, True, True)
    assert "63 1/3 for, 36 2/3 against" in card_vote.result_reason
    sections = {s["key"]: s for s in card_vote.sections}
    assert (sections["affiliates"]["for"], sections["affiliates"]["against"]) == (2, 1)
    assert Decision.objects.get(motion=card_vote.motion).status == Decision.Status.STANDING
    correction = Correction.objects.get()
    assert correction.before["weighted"] == ["30", "70", "0"]
    assert correction.after["weighted"] == ["190/3", "110/3", "0"]
    assert correction.before["sections"][0]["against"] == 3
    assert correction.after["carried"] is True and correction.before["carried"] is False
    event = LedgerEvent.objects.get(kind="division.corrected")
    assert event.data["before"]["weighted"] == ["30", "70", "0"]
    assert event.data["after"]["weighted"] == ["190/3", "110/3", "0"]
    assert event.data["reason"] == "Two affiliate cards were misread."
    # The original stays on the ledger, and the named cards are not rewritten.
    closed = LedgerEvent.objects.get(kind="division.closed")
    assert closed.data["weighted"] == ["30", "70", "0"] and closed.data["carried"] is False
    assert Vote.objects.filter(division=card_vote, choice="against").count() == 7


def test_proposal_summary_names_the_sections_and_weighted_totals(card_vote, secretary):
    _propose(secretary, card_vote, _sections(affiliates=(2, 1, 0)))
    summary = LedgerEvent.objects.get(kind="sensitive.proposed").data["summary"]
    assert "Affiliated unions and organisations from 0-3-0 to 2-1-0" in summary
    assert "from 30 / 70 / 0 to 190/3 / 110/3 / 0" in summary
    assert "Local groups" not in summary


@pytest.mark.parametrize(("payload", "message"), [
    ({"for": 8, "against": 5, "abstain": 0}, "weighted by section"),
    ({"sections": _sections() | {"youth": {"for": 1, "against": 0, "abstain": 0}}},
     "'youth' is not a section of this vote"),
    ({"sections": {"affiliates": {"for": 3, "against": 0, "abstain": 0}}},
     "Give the corrected figures for Local groups"),
    ({"sections": _sections(affiliates=(4, 0, 0))},
     "Affiliated unions and organisations: 4 votes, but only 3 of that section were on the roll"),
    ({"sections": _sections(affiliates=(0, 3, 0))}, "already recorded"),
    ({"sections": _sections(affiliates=(-1, 3, 0))}, "must be a whole number"),
])
def test_bad_card_corrections_are_refused_and_nothing_changes(card_vote, secretary, payload,
                                                              message):
    with pytest.raises(InvalidInput, match=message):
        propose_sensitive_action(secretary, organisation=card_vote.organisation,
                                 kind="correct-result",
                                 payload={"division": card_vote.pk} | payload, reason="why")
    card_vote.refresh_from_db()
    assert card_vote.weighted == (Fraction(30), Fraction(70), Fraction(0))
    assert not LedgerEvent.objects.filter(kind="sensitive.proposed").exists()


def test_the_weights_are_those_the_vote_was_taken_under(card_vote, secretary, chair,
                                                        organisation, carried_amendment):
    text = organisation.current_constitution_version().text
    reweighted = text.replace("weight_percent = 50", "weight_percent = 60", 1).replace(
        "weight_percent = 50", "weight_percent = 40", 1)
    assert carried_amendment(reweighted, title="Affiliates 60%").adopted_version is not None
    action = _propose(secretary, card_vote, _sections(affiliates=(2, 1, 0)))
    confirm_sensitive_action(chair, organisation=organisation, action_id=action.pk)
    card_vote.refresh_from_db()
    assert card_vote.weighted == (Fraction(190, 3), Fraction(110, 3), Fraction(0))


def test_card_correction_through_the_division_page(card_vote, secretary, chair):
    url = reverse("meetings:division", kwargs={"org": card_vote.organisation.slug,
                                               "pk": card_vote.pk})
    officer = login(secretary)
    form = officer.get(url).content.decode()
    assert 'name="s-affiliates-against" inputmode="numeric" value="3"' in form
    assert 'name="for"' not in form
    response = act(officer, card_vote.meeting, "propose-correction", division=card_vote.pk,
                   reason="Two affiliate cards were misread.",
                   **{"s-affiliates-for": "2", "s-affiliates-against": "1",
                      "s-affiliates-abstain": "0", "s-local-groups-for": "6",
                      "s-local-groups-against": "4", "s-local-groups-abstain": "0"})
    assert response.status_code == 303
    action = SensitiveAction.objects.get()
    confirm_sensitive_action(chair, organisation=card_vote.organisation, action_id=action.pk)
    page = login(chair).get(url).content.decode()
    assert "weighted for / against / abstain from 30 / 70 / 0 to 190/3 / 110/3 / 0" in page
    assert "the outcome changed to carried" in page
    assert "Reason: Two affiliate cards were misread." in page
    assert f"confirmed by {chair.name}" in page
