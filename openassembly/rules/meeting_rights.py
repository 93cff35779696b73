"""Who may make a meeting happen, and who may stop one: requisitions and cancellations.

Two sections of the constitution, kept apart from ``model.py`` so that they read on their own:

``[[requisitions]]``: members who sign a requisition in the numbers a rule sets require a body
(or a general meeting of all members) to meet. The officers must call the meeting within
``call_within_days`` of the last needed signature; if they do not, the requisitionists may call
it themselves. ``call_within_days = 0`` lets the requisitionists call it at once, and
``not_met_months`` makes the right arise only when the body has not met for that long (the
demo's rule 6.1: "If a group has not met for three months, any two of its members may call a
meeting").

``[cancellation]``: who may cancel or postpone a meeting once it is called: the body itself by a
recorded decision (``by_body``), and/or ``officers`` officers of the body ``officers_of`` acting
together with a published reason; and whether a requisitioned meeting may be cancelled at all.
Without the section, a called meeting can be cancelled only by a decision of its own body.

Pure: no Django. The questions (how many signatures, may they call it yet) are answered here
with the rule's number, like those in ``questions``.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, model_validator

from openassembly.rules.bounds import (
    MAX_TEXT,
    Days,
    Months,
    Name,
    PositiveInt,
    bounded_int,
    bounded_list,
)

# The whole constitution (rules.model.Constitution) is passed in, not imported: model imports
# this module to hook the tables in. Keys and rule numbers need no spelling check of their own
# here, since each must match a body or a rule the document defines (``problems``).


def _share(value: object) -> Fraction:
    """"25", "2.5", 25 or a TOML decimal as an exact Fraction; never via float."""
    if isinstance(value, bool):
        raise ValueError("must be a number such as \"25\" or \"2.5\", not true/false")
    if isinstance(value, Fraction | int | Decimal):
        return Fraction(value)
    if isinstance(value, str):
        try:
            return Fraction(value.strip().removesuffix("%").strip())
        except (ValueError, ZeroDivisionError):
            pass
    raise ValueError(f"must be a number such as \"25\" or \"2.5\", not {value!r}")


Share = Annotated[Fraction, BeforeValidator(_share)]


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, str_max_length=MAX_TEXT)


class Requisition(_Table):
    key: Name
    name: Name
    rule: Name
    bodies: bounded_list(Name)  # type: ignore[valid-type]
    percent: Share | None = None  # of the body's members (of all members, for all-members)
    count: PositiveInt | None = None
    combine: Literal["either", "both"] = "either"
    call_within_days: Days = 0  # type: ignore[valid-type]
    # The meeting the officers call must be held within this many days of the requisition
    # being complete: a meeting called for next year does not answer it.
    held_within_days: bounded_int(1, 366) | None = None  # type: ignore[valid-type]
    not_met_months: Months | None = None  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _shape(self) -> Requisition:
        if self.percent is None and self.count is None:
            raise ValueError("give percent, count or both")
        if self.percent is not None and not 0 < self.percent <= 100:
            raise ValueError(f"percent must be more than 0 and at most 100, not {self.percent}")
        if not self.bodies:
            raise ValueError("name at least one body the requisition is for")
        return self


class Cancellation(_Table):
    rule: Name
    by_body: bool = True
    officers: bounded_int(0, 10) = 0  # type: ignore[valid-type]
    officers_of: Name | None = None
    requisitioned: bool = False  # may a requisitioned meeting be cancelled or postponed?

    @model_validator(mode="after")
    def _who(self) -> Cancellation:
        if self.officers and self.officers_of is None:
            raise ValueError("say whose officers may cancel: officers_of = '<body-key>'")
        if self.officers == 1:
            raise ValueError("one officer alone may not cancel a meeting: officers = 0 or 2+")
        if not self.by_body and not self.officers:
            raise ValueError("someone must be able to cancel: by_body = true or officers >= 2")
        return self

    def who(self, officers_body: str = "") -> str:
        """Who may cancel, as the rule would say it (``officers_body``: that body's name)."""
        ways = []
        if self.by_body:
            ways.append("the body itself, by a recorded decision")
        if self.officers:
            ways.append(f"{_NUMBERS.get(self.officers, self.officers)} officers of the "
                        f"{officers_body or self.officers_of} acting together, with a published "
                        "reason")
        return "; or ".join(ways)


_NUMBERS = {2: "two", 3: "three", 4: "four", 5: "five"}
DEFAULT_CANCELLATION = Cancellation(rule="0", by_body=True)


def cancellation(c: Any, fallback_rule: str) -> Cancellation:
    """The constitution's cancellation rule, or (without one) the body's own decision only."""
    if c.cancellation is not None:
        return c.cancellation
    return DEFAULT_CANCELLATION.model_copy(update={"rule": fallback_rule})


def requisitions_for(c: Any, body_key: str) -> list[Requisition]:
    return [r for r in c.requisitions if body_key in r.bodies]


def requisition(c: Any, key: str) -> Requisition:
    for r in c.requisitions:
        if r.key == key:
            return r
    raise KeyError(f"the constitution has no requisition {key!r}")


def problems(c: Any, rule_ref) -> list[tuple[str, str]]:
    """Cross-document problems of these sections, for ``model._cross_check``."""
    found: list[tuple[str, str]] = []
    bodies = {b.key for b in c.bodies}
    seen: set[str] = set()
    for index, r in enumerate(c.requisitions):
        here = f"requisitions[{index}]"
        if r.key in seen:
            found.append((f"{here}.key", f"requisition {r.key!r} appears twice"))
        seen.add(r.key)
        rule_ref(f"{here}.rule", r.rule)
        found.extend((f"{here}.bodies", f"{key!r} is not a body") for key in r.bodies
                     if key not in bodies)
    if c.cancellation is not None:
        rule_ref("cancellation.rule", c.cancellation.rule)
        if c.cancellation.officers_of is not None and c.cancellation.officers_of not in bodies:
            found.append(("cancellation.officers_of",
                          f"{c.cancellation.officers_of!r} is not a body"))
    return found


# --- the questions ---------------------------------------------------------------------------


def threshold(r: Requisition, *, members: int) -> int:
    """Signatures needed when the body has ``members`` members (a share is rounded up)."""
    needed = []
    if r.percent is not None:
        needed.append(math.ceil(r.percent * members / 100))
    if r.count is not None:
        needed.append(r.count)
    return max(1, min(needed) if r.combine == "either" else max(needed))


def call_deadline(r: Requisition, *, complete_at: datetime) -> datetime:
    """By when the officers must call the meeting; at once for a right to call it directly."""
    return complete_at + timedelta(days=r.call_within_days)
