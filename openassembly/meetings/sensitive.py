"""The meetings' two-officer acts (see core.sensitive): correcting a recorded result, and
cancelling or postponing a meeting where the constitution lets two officers do it."""

from __future__ import annotations

from openassembly.core.sensitive import Spec

from . import rights
from .services.cancelling import apply_cancellation
from .services.corrections import apply_correction, check_correction, summary

CORRECT_RESULT = Spec(
    "correct-result",
    "Correct a recorded result",
    "correct-result",
    check_correction,
    summary,
    apply_correction,
)

CANCEL_MEETING = Spec(
    rights.KIND,
    "Cancel or postpone a meeting",
    rights.KIND,
    rights.check_proposal,
    rights.summary,
    apply_cancellation,
)
