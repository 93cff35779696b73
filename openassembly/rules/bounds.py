"""The bounds on every count and size a constitution may set, and the types that carry them.

Set well beyond any real organisation so that none is ever refused, and low enough that
nothing a constitution says can make the server allocate without limit: `count = 100000000`
seats once took a worker to 2.6 GB drawing the seat diagram. docs/constitution.md lists them.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

MAX_NAME = 200  # names, titles, slugs, rule numbers
MAX_DESCRIPTION = 5_000
MAX_TEXT = 50_000  # one rule's text
MAX_PLACES = 1_000  # places of one seat (count): the largest parliaments have about 700
MAX_PER_GROUP = 100  # places per region or per affiliate
MAX_BODY_PLACES = 5_000  # every place of one body, regions multiplied out
MAX_MEMBERS = 10_000_000  # a quorum or petition count, a number of nominators
MAX_REGIONS = 1_000
MAX_LIST = 500  # bodies, rules, seats of a body, powers, decisions, petitions, ... each
MAX_FEE_PENCE = 100_000_000  # one million pounds a year
MAX_DAYS = 366  # notice, papers, minutes, nominations, voting, reminders
MAX_EFFECTIVE_DAYS = 3_660  # an amendment taking effect up to ten years later
MAX_HOURS = 24 * 31
MAX_MONTHS = 120  # terms of office, how often a body meets
MAX_MINUTES = 600  # speeches
MAX_PROXIES = 100


def _between(value: int, low: int, high: int) -> int:
    if value < low:
        raise ValueError(f"must be greater than {low - 1}" if low else "must be 0 or more")
    if value > high:
        raise ValueError(
            f"must be at most {high:,} (a bound no real organisation reaches), not {value:,}"
        )
    return value


def bounded_int(low: int, high: int) -> object:
    return Annotated[int, AfterValidator(lambda v: _between(v, low, high))]


def bounded_list(item: object, most: int = MAX_LIST) -> object:
    return Annotated[list[item], Field(max_length=most)]  # type: ignore[valid-type]


def _one_line(value: str) -> str:
    """Names and titles are printed in pages, ballot files and CSV exports: one line of plain
    text (the same rule as the app's core/text.py, which this pure package cannot import)."""
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or (
                "\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069"):
            raise ValueError(f"contains a control character (U+{ord(ch):04X}); names and "
                             "titles must be plain text on one line")
    return value


Name = Annotated[str, StringConstraints(max_length=MAX_NAME), AfterValidator(_one_line)]
Description = Annotated[str, StringConstraints(max_length=MAX_DESCRIPTION)]
Text = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
# Positive or non-negative, and bounded; each field of the model names its bound.
PositiveInt = bounded_int(1, MAX_MEMBERS)
NonNegativeInt = bounded_int(0, MAX_MEMBERS)
Places = bounded_int(1, MAX_PLACES)
PerGroup = bounded_int(1, MAX_PER_GROUP)
Days = bounded_int(0, MAX_DAYS)
PositiveDays = bounded_int(1, MAX_DAYS)
Months = bounded_int(1, MAX_MONTHS)
Minutes = bounded_int(1, MAX_MINUTES)
