"""The only code that changes meetings: one function for each thing a person does."""

from .actions import add_action, complete_action
from .attendance import (
    PROXY,
    add_speaker,
    appoint_proxy,
    ask_to_speak,
    attend,
    end_speech,
    record_attendance,
    record_attendance_many,
    send_apologies,
    start_speech,
)
from .calling import (
    add_item,
    call_meeting,
    close_meeting,
    open_meeting,
    take_in_private,
)
from .cancelling import cancel_meeting, propose_cancellation
from .divisions import (
    cast_vote,
    close_division,
    open_division,
    record_show_of_hands,
)
from .minutes import draft_minutes, edit_minutes, publish_minutes
from .motions import (
    accept_amendment,
    challenge_ruling,
    move_amendment,
    move_minutes_approval,
    move_motion,
    move_reference_back,
    raise_point_of_order,
    rule_on_point,
    second_motion,
    withdraw_motion,
)
from .papers import circulate_paper, withhold_paper
from .requisitions import sign_requisition, start_requisition

__all__ = [
    "PROXY",
    "accept_amendment",
    "add_action",
    "add_item",
    "add_speaker",
    "appoint_proxy",
    "ask_to_speak",
    "attend",
    "call_meeting",
    "cancel_meeting",
    "cast_vote",
    "challenge_ruling",
    "circulate_paper",
    "close_division",
    "close_meeting",
    "complete_action",
    "draft_minutes",
    "edit_minutes",
    "end_speech",
    "move_amendment",
    "move_minutes_approval",
    "move_motion",
    "move_reference_back",
    "open_division",
    "open_meeting",
    "propose_cancellation",
    "publish_minutes",
    "raise_point_of_order",
    "record_attendance",
    "record_attendance_many",
    "record_show_of_hands",
    "rule_on_point",
    "second_motion",
    "send_apologies",
    "sign_requisition",
    "start_requisition",
    "start_speech",
    "take_in_private",
    "withdraw_motion",
    "withhold_paper",
]
