"""Bodies' things for a viewer (core.access): scoped to the viewer's organisation, missing and
forbidden alike NotFound."""

from __future__ import annotations

from openassembly.core.access import Viewer, scoped

from .models import SeatHolding


def access_seat_holding(viewer: Viewer, pk: int, *, body_key: str) -> SeatHolding:
    """A holding of a seat on the body ``body_key`` (an id under another body is not found)."""
    return scoped(SeatHolding, viewer, pk, seat_group__body__key=body_key)
