"""Control characters in a meeting's, an item's or a motion's title are refused, naming the
field, and nothing is written."""

from __future__ import annotations

from datetime import timedelta

import pytest

from openassembly.core.errors import InvalidInput
from openassembly.core.models import LedgerEvent
from openassembly.meetings import services
from openassembly.meetings.models import Meeting, Motion


@pytest.mark.parametrize("title", ["Spring\nmeeting", "Spring\x00", "Spring\u202emeeting"])
def test_a_meeting_title_with_a_control_character_is_refused(
        organisation, secretary, body_of, now, title):
    before = LedgerEvent.objects.count()
    with pytest.raises(InvalidInput, match="meeting's title contains a control character") as e:
        services.call_meeting(secretary, organisation=organisation,
                              body=body_of("coordinating-group"), title=title,
                              starts_at=now + timedelta(days=30), place="Hall")
    assert e.value.field == "title"
    assert not Meeting.objects.exists() and LedgerEvent.objects.count() == before


def test_a_motion_title_with_a_line_break_is_refused_and_blanks_are_tidied(sitting):
    mover = sitting.members[0]
    with pytest.raises(InvalidInput, match=r"motion's title contains a control character "
                                           r"\(U\+000A, a line break\)") as e:
        services.move_motion(mover, item=sitting.item, title="Buses\nand trams",
                             text="That we campaign for buses.")
    assert e.value.field == "title" and not Motion.objects.exists()
    motion = services.move_motion(mover, item=sitting.item, title="  Buses \u00a0and  trams ",
                                  text="That we campaign for buses.")
    assert motion.title == "Buses and trams"
