"""Who acts: a member, or the system under a name.

Every service that changes state takes the actor first. Most acts are a member's, and those
services take a ``Member``. Some happen without a person at the keyboard: the timetable closes
a poll, a petition that reached its threshold drafts a members' ballot, an election result
seats the elected, the founders adopt the first constitution. For those the actor is a
``System`` with a name that says who or what acted ("the timetable", "the founders"), and the
ledger records that name as it records a member's.

Core imports no app, so it cannot name ``Member``; the type every such service takes is the
``Actor`` protocol below, which a ``Member`` (``is_member = True``) and a ``System``
(``is_member = False``) both satisfy. A service asks ``actor.is_member`` before it checks a
member's powers: a system actor holds no seat and is never refused for want of one, so only
code (tasks, consequences of a recorded decision, the command line), never a request, may make
one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Protocol


class Actor(Protocol):
    """A member or the system: what the ledger's ``actor`` field names, and which it is."""

    @property
    def name(self) -> str: ...

    @property
    def is_member(self) -> bool: ...


@dataclass(frozen=True)
class System:
    """An actor that is not one member, under the name the record shows: the software on its
    own account ("the timetable"), a petition under its rule, a body by its division, two
    officers together under the two-person rule, the founders."""

    name: str
    is_member: ClassVar[bool] = False

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("A system actor needs a name for the record.")


def member_or_none(actor: Actor):
    """The member behind ``actor``, or None for the system (for "started by" columns)."""
    return actor if actor.is_member else None
