"""The meetings' two-officer act: correcting a recorded result (see core.sensitive)."""

from __future__ import annotations

from openassembly.core.sensitive import Spec

from .services.corrections import apply_correction, check_correction, summary

CORRECT_RESULT = Spec(
    "correct-result",
    "Correct a recorded result",
    "correct-result",
    check_correction,
    summary,
    apply_correction,
)
