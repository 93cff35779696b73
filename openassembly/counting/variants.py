"""What each counting method's name means: its title, the text it follows, and the
reference it was checked against (shown on result pages and in docs/counting.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    """A rule variant: a title for people, the source text the code follows, and the
    published reference counts it was checked against (empty when there is none)."""

    title: str
    source: str
    checked_against: str = ""


NZ_SCHEDULE_1A = Variant(
    "Meek STV, New Zealand rules",
    "Local Electoral Regulations 2001 (NZ), Schedule 1A, Part 1, read with Hill, Wichmann "
    "and Woodall, Algorithm 123, Computer Journal 30(3), 1987",
    "Wichmann, Voting matters 12 (2000), precision example",
)

VARIANTS: dict[str, Variant] = {
    "fptp": Variant("First past the post", "one vote, most votes wins"),
    "block": Variant("Block vote", "as many votes as seats, most votes win"),
    "approval": Variant("Approval vote", "one vote for every candidate marked"),
    "irv": Variant("Alternative vote (instant run-off)", "one seat; fewest votes excluded"),
    "ers97": Variant(
        "STV, ERS97 rules",
        "Electoral Reform Society, How to conduct an election by the Single Transferable "
        "Vote, 3rd edition (1997)",
        "the ERS97 model election's quota, transfer value and non-transferable figures",
    ),
    "scottish": Variant(
        "STV, Scottish local government rules",
        "Scottish Local Government Elections Order 2007 (SSI 2007/42), Schedule 1, "
        "rules 45-52",
        "droop's scotland reference count of the 2005 GPUS election",
    ),
    "meek": NZ_SCHEDULE_1A,
    "meek-nz": NZ_SCHEDULE_1A,
    "meek-prf": Variant(
        "Meek STV, PR Foundation reference rule",
        "Proportional Representation Foundation, Reference Meek Rule (fixed point, nine "
        "places, omega 0.000001)",
        "droop's meek-prf reference reports (*-meek-prf-o6-fixed-p9-d9.txt)",
    ),
    "wigm": Variant(
        "STV, weighted inclusive Gregory method",
        "droop's generic WIGM rule, exact rational arithmetic",
        "droop's wigm reference reports (*-wigm-rational-d12.txt)",
    ),
    "warren": Variant(
        "Warren STV",
        "Warren, Counting in STV elections, Voting matters 1 (1994), as droop's warren "
        "rule, exact rational arithmetic, omega 1/10^10",
        "droop's warren reference reports (*-warren-o10-rational-d12.txt)",
    ),
    "schulze": Variant("Schulze method", "Schulze (2011), winning votes"),
}


def describe(method: str) -> Variant:
    """The variant behind a method name (a plain one for names without an entry)."""
    return VARIANTS.get(method, Variant(method, ""))
