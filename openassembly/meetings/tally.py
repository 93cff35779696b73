"""Counting a division: the headcount, and for a card vote the result weighted by section.

Pure arithmetic on exact integers and Fractions; which rule decides comes from the constitution
through ``rules.questions.passed``, so the reason always cites it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from openassembly.rules.model import Body, Majority
from openassembly.rules.questions import Answer, passed

Counts = dict[str, tuple[int, int, int]]  # section key ("" for none) -> (for, against, abstain)


@dataclass(frozen=True)
class SectionResult:
    key: str
    name: str
    weight_percent: int
    votes_for: int
    against: int
    abstain: int
    weighted: tuple[Fraction, Fraction, Fraction]


@dataclass(frozen=True)
class Result:
    votes_for: int
    against: int
    abstain: int
    headcount: Answer
    weighted: tuple[Fraction, Fraction, Fraction] | None = None
    weighted_answer: Answer | None = None
    sections: list[SectionResult] = field(default_factory=list)

    @property
    def answer(self) -> Answer:
        """The answer that decides: the weighted one on a card vote, else the headcount."""
        return self.weighted_answer or self.headcount

    @property
    def carried(self) -> bool:
        return self.answer.ok


def count(counts: Counts, *, majority: Majority, seats_filled: int,
          body: Body | None = None) -> Result:
    """Decide a division. Pass ``body`` (with sections) for a card vote.

    On a card vote each section's weight is shared among the votes cast in that section, so a
    section of three delegates weighs as much as one of three hundred; a section in which nobody
    voted contributes nothing.
    """
    yes = sum(c[0] for c in counts.values())
    no = sum(c[1] for c in counts.values())
    neither = sum(c[2] for c in counts.values())
    headcount = passed(majority, votes_for=yes, against=no, abstain=neither,
                       eligible=max(seats_filled, yes + no + neither))
    if body is None or not body.sections:
        return Result(yes, no, neither, headcount)
    sections = []
    totals = [Fraction(0), Fraction(0), Fraction(0)]
    for section in body.sections:
        f, a, ab = counts.get(section.key, (0, 0, 0))
        cast = f + a + ab
        share = [Fraction(section.weight_percent * n, cast) if cast else Fraction(0)
                 for n in (f, a, ab)]
        for i in range(3):
            totals[i] += share[i]
        sections.append(SectionResult(section.key, section.name, section.weight_percent,
                                      f, a, ab, (share[0], share[1], share[2])))
    # Weighted totals are percentages of the whole vote, so 100 is everyone entitled.
    weighted_answer = passed(majority, votes_for=totals[0], against=totals[1],
                             abstain=totals[2], eligible=100)
    return Result(yes, no, neither, headcount, (totals[0], totals[1], totals[2]),
                  weighted_answer, sections)
