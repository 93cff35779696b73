"""What a constitution says about members' ballots called by petition, and about scrutiny.

Kept apart from model.py (which hooks these in with a field each) so that the schema of
petition ballots reads in one place:

- ``[[petition_ballots]]``: for a petition kind whose consequence is a members' ballot, the
  timetable from the day the threshold is reached (statements due, voting opens, voting
  closes), how the statement against is chosen (by members: the candidate statement with most
  co-signers at the deadline; or by the body whose decision the petition challenges, by a
  recorded decision of that body), whether the ballot may open with a side marked "no
  statement submitted", who carries out a carried result and by when, and whether a carried
  result is the constitution's next version (rule 8.2's route in the demo).
- ``[scrutiny]``: the rule under which an election or ballot names scrutineers, and under
  which the returning officer may not stand in the election they run; the body that may name
  them by a decision besides the returning officer, and the kind of decision it must be.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

from openassembly.rules.bounds import MAX_NAME, MAX_TEXT, Days, PositiveDays

_Key = Annotated[str, StringConstraints(max_length=MAX_NAME,
                                        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
_Rule = Annotated[str, StringConstraints(max_length=MAX_NAME,
                                         pattern=r"^[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*$")]
_SeatRef = Annotated[str, StringConstraints(
    max_length=MAX_NAME, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$")]


class _Model(BaseModel):
    # The same strictness as the rest of the schema (model._Model).
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, str_max_length=MAX_TEXT)


class PetitionBallot(_Model):
    """The members' ballot a petition of one kind calls, and how it runs without an officer."""

    petition: _Key  # the [[petitions]] key
    rule: _Rule
    # Days after the threshold is reached: statements close, voting opens, voting runs.
    statements_days: PositiveDays  # type: ignore[valid-type]
    opens_days: PositiveDays  # type: ignore[valid-type]
    voting_days: PositiveDays  # type: ignore[valid-type]
    # "members": members who did not sign the petition offer candidate statements against and
    # co-sign the one they want; most co-signers at the deadline writes it. "body": the body
    # whose decision the petition challenges chooses it by a recorded decision.
    against_chosen_by: Literal["members", "body"] = "members"
    body: _Key | None = None
    # Whether the ballot opens on time with a side marked "no statement submitted"; if not,
    # it waits for both statements (and the compliance page says so).
    without_statement: bool = False
    without_statement_rule: _Rule | None = None
    # A carried result becomes a decision with an action for the holder of this seat
    # ("body-key/seat-key"), due this many days after the declaration (done at once when the
    # result's consequence is automatic: a recall, a new constitution).
    carried_out_by: _SeatRef
    carry_out_days: Days = 28  # type: ignore[valid-type]
    # A carried result is the next version of the constitution (the proposed text the petition
    # carries, from the amendment motion the body rejected).
    amends_constitution: bool = False

    @model_validator(mode="after")
    def _shape(self) -> PetitionBallot:
        if self.opens_days < self.statements_days:
            raise ValueError("opens_days must be at least statements_days: voting opens only "
                             "after the statements are due")
        if (self.against_chosen_by == "body") != (self.body is not None):
            raise ValueError("body goes with, and only with, against_chosen_by = 'body'")
        if self.without_statement and self.without_statement_rule is None:
            raise ValueError("without_statement = true needs without_statement_rule")
        return self


class Scrutiny(_Model):
    """Scrutineers of elections and ballots, and the returning officer who may not stand."""

    rule: _Rule
    # The body whose decision may name scrutineers (besides the returning officer).
    body: _Key | None = None
    # The [[decisions]] kind (of ``body``) such a decision must be moved as. Without it the
    # decision route is closed: any carried decision of the body, whatever it was about,
    # would otherwise name a scrutineer.
    decision: _Key | None = None


def petition_ballot(constitution: Any, kind: str) -> PetitionBallot | None:
    """The [[petition_ballots]] entry for petitions of ``kind``, if the constitution has one."""
    return next((p for p in constitution.petition_ballots if p.petition == kind), None)


def problems(c: Any, rule_ref: Any) -> list[tuple[str, str]]:
    """Cross-checks needing the whole document: keys, bodies, seats and rules named exist."""
    found: list[tuple[str, str]] = []
    petitions = {p.key: p for p in c.petitions}
    bodies = {b.key: {s.key for s in b.seats} for b in c.bodies}
    seen: set[str] = set()
    for index, entry in enumerate(c.petition_ballots):
        here = f"petition_ballots[{index}]"
        rule_ref(f"{here}.rule", entry.rule)
        rule_ref(f"{here}.without_statement_rule", entry.without_statement_rule)
        if entry.petition in seen:
            found.append((f"{here}.petition", f"petition {entry.petition!r} appears twice"))
        seen.add(entry.petition)
        petition = petitions.get(entry.petition)
        if petition is None:
            found.append((f"{here}.petition", f"{entry.petition!r} is not one of the "
                                              "[[petitions]]"))
        elif petition.consequence != "referendum":
            found.append((f"{here}.petition", f"petition {entry.petition!r} does not call a "
                                              "members' ballot"))
        if entry.body is not None and entry.body not in bodies:
            found.append((f"{here}.body", f"{entry.body!r} is not a body"))
        body, _, seat = entry.carried_out_by.partition("/")
        if seat not in bodies.get(body, set()):
            found.append((f"{here}.carried_out_by",
                          f"{entry.carried_out_by!r} is not a seat of a body"))
    if c.scrutiny is not None:
        rule_ref("scrutiny.rule", c.scrutiny.rule)
        if c.scrutiny.body is not None and c.scrutiny.body not in bodies:
            found.append(("scrutiny.body", f"{c.scrutiny.body!r} is not a body"))
        kinds = {d.key: d.body for d in c.decisions}
        if c.scrutiny.decision is not None:
            if c.scrutiny.body is None:
                found.append(("scrutiny.decision", "a kind of decision names scrutineers only "
                                                   "with the body that takes it (scrutiny.body)"))
            elif c.scrutiny.decision not in kinds:
                found.append(("scrutiny.decision",
                              f"{c.scrutiny.decision!r} is not one of the [[decisions]]"))
            elif kinds[c.scrutiny.decision] != c.scrutiny.body:
                found.append(("scrutiny.decision",
                              f"decision {c.scrutiny.decision!r} is taken by "
                              f"{kinds[c.scrutiny.decision]!r}, not by {c.scrutiny.body!r}"))
    return found
