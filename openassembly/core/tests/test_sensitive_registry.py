"""The two-officer acts are a registry each app fills from its ready(), not a list in accounts."""

from __future__ import annotations

import pytest

from openassembly.core import sensitive
from openassembly.core.errors import InvalidInput


def test_every_app_has_registered_its_act_by_the_time_django_is_ready():
    assert set(sensitive.SPECS) == {
        "erase-member",  # members
        "correct-result",  # meetings
        "cancel-meeting",  # meetings
        "cancel-poll",  # ballots
        "full-export",  # record
        "reset-second-factor",  # accounts
    }
    assert sensitive.SPECS["cancel-poll"].power == "run-ballots"


def test_registering_the_same_act_again_changes_nothing():
    before = dict(sensitive.SPECS)
    sensitive.register(sensitive.SPECS["erase-member"])
    assert before == sensitive.SPECS


def test_a_second_act_under_a_taken_name_is_refused():
    taken = sensitive.SPECS["erase-member"]
    impostor = sensitive.Spec(
        taken.kind, "Erase quietly", "member", taken.check, taken.summary, taken.carry_out
    )
    with pytest.raises(ValueError, match="erase-member"):
        sensitive.register(impostor)
    assert sensitive.SPECS["erase-member"] is taken


def test_an_unknown_kind_is_refused_in_words():
    with pytest.raises(InvalidInput, match="not an action that needs two officers"):
        sensitive.spec("delete-ledger")
