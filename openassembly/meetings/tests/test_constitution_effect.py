"""A carried amendment motion under a rule that delays changes: adopted now, in force later."""

from __future__ import annotations

from datetime import timedelta

import pytest

from openassembly.core.actors import System
from openassembly.core.errors import Conflict, InvalidInput
from openassembly.core.models import Organisation
from openassembly.core.services import create_organisation
from openassembly.meetings import services
from openassembly.rules import examples

FOUR_WEEKS = examples.read("commonweal").replace("effective_days = 0", "effective_days = 28", 1)


@pytest.fixture
def organisation(db):
    return create_organisation(System("test founders"), constitution_text=FOUR_WEEKS)


def _amend(sitting, new_text):
    motion = services.move_motion(sitting.members[0], item=sitting.item, title="Ten days",
                                  text="Notice goes up to ten days.",
                                  decision_key="constitution-amendment",
                                  new_constitution=new_text)
    return services.second_motion(sitting.members[1], motion=motion)


def test_carried_amendment_records_its_effective_date_and_the_old_rules_govern_until_then(
        sitting, vote, organisation, body_of, travel):
    new_text = FOUR_WEEKS.replace("notice_days = 7\n", "notice_days = 10\n", 1)
    motion = _amend(sitting, new_text)
    assert vote(motion, 9, 0, 1).carried
    motion.refresh_from_db()
    version = motion.adopted_version
    assert version.number == 2 and "division 1" in version.adopted_by
    assert version.effective_at == sitting.start + timedelta(days=28)
    assert version.applied_at is None
    assert "is adopted and takes effect on" in motion.outcome_note
    assert "Rule 8.5: a new version of the constitution takes effect 28 days" in (
        motion.outcome_note)

    # A week's notice is still enough: rule 6.2 of version 1 governs for 28 days.
    group = body_of("organising-group")
    called = services.call_meeting(sitting.secretary, organisation=organisation, body=group,
                                   title="Within the old rules",
                                   starts_at=sitting.start + timedelta(days=8), place="Hall")
    assert "Rule 6.2 requires 7 days' notice" in called.notice_reason
    # A further change waits for this one.
    with pytest.raises(Conflict, match="takes effect on"):
        _amend(sitting, new_text.replace("notice_days = 10\n", "notice_days = 12\n", 1))

    travel.to(sitting.start + timedelta(days=28))
    with pytest.raises(InvalidInput, match="Rule 6.2 requires 10 days' notice"):
        services.call_meeting(sitting.secretary,
                              organisation=Organisation.objects.get(pk=organisation.pk),
                              body=group, title="Under the new rules",
                              starts_at=sitting.start + timedelta(days=36), place="Hall")
