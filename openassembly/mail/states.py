"""The life of a mail run and of each delivery, declared by the apps that own the concrete
models (ballots' ``Task``, meetings' ``Mailing``) with the one state machine (core.states)."""

from __future__ import annotations

from openassembly.core.states import declare

from .models import Delivery, MailRun

Q, R, D, F = "queued", "running", "done", "failed"


def declare_run(model: type[MailRun], *, stopped: str | None = None) -> None:
    """A run is queued, then carried out by a worker (taken again by another worker when the
    first stopped holding it), and ends done or failed; ``stopped`` names the state a run is
    put in when what it mails about is cancelled, where that can happen."""
    ends = {D, F} | ({stopped} if stopped else set())
    moves: dict[str, set[str]] = {Q: {R} | ({stopped} if stopped else set()), R: {R} | ends}
    moves.update({end: set() for end in ends})
    declare(model, moves, initial={Q})


def declare_delivery(model: type[Delivery]) -> None:
    """A delivery is recorded before its message is handed over, then marked sent or refused;
    one left in 'sending' is the one a stopped worker may or may not have handed over."""
    s = Delivery.Status
    declare(model, {s.SENDING: {s.SENT, s.FAILED}, s.SENT: set(), s.FAILED: set()},
            initial={s.SENDING})


# The mail app's own run: a notice to one member (mail/notices.py).
from .models import Notice, NoticeDelivery  # noqa: E402

declare_run(Notice)
declare_delivery(NoticeDelivery)
