"""The two-person rule's states: imported from ``AccountsConfig.ready()``."""

from __future__ import annotations

from openassembly.core.states import declare

from .models import SensitiveAction

A = SensitiveAction.Status

# A proposal is decided once: confirmed (and carried out) or cancelled, never both.
declare(SensitiveAction, {
    A.PENDING: {A.CONFIRMED, A.CANCELLED},
    A.CONFIRMED: set(),
    A.CANCELLED: set(),
}, initial={A.PENDING})
