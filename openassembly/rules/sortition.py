"""The constitution's ``[sortition]`` table: who makes the seed of a draw by lot.

A draw's seed is made by commit and reveal (``counting.seed``): the returning officer and at
least ``witnesses`` members each commit to a secret value before the pool closes and reveal it
after, so that nobody, the server included, can know the draw before the last reveal. This
table says how many members must commit, which members may, and how long they have to reveal.
It lives in its own module so that the rest of the schema (``model.py``) changes by two lines.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from pydantic import BaseModel, ConfigDict

from openassembly.rules.bounds import MAX_HOURS, MAX_NAME, bounded_int

# Anyone may stand as a witness when the rules say "members"; otherwise only the holders of the
# named body's seats may.
ANY_MEMBER = "members"
# More witnesses only add safety (one honest party is enough); the bound keeps the page sane.
MAX_WITNESSES = 100


class SortitionSeed(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, str_max_length=MAX_NAME)

    # The rule that provides for the seed (checked against [[rules]] with the whole document).
    rule: str
    # Members besides the returning officer who must commit before the pool may close. Two at
    # least: with one, an officer and a single ally would hold every value between them.
    witnesses: bounded_int(2, MAX_WITNESSES) = 2  # type: ignore[valid-type]
    # "members" (any member in good standing) or the key of a body whose seat holders may.
    witnesses_from: str = ANY_MEMBER
    # Hours after the pool closes by which every party must reveal its value.
    reveal_hours: bounded_int(1, MAX_HOURS) = 48  # type: ignore[valid-type]


def problems(
    seed: SortitionSeed, rule_ref: Callable[[str, str | None], None], bodies: Collection[str]
) -> list[tuple[str, str]]:
    """Problems only the whole constitution shows: the rule exists, the body exists."""
    rule_ref("sortition.rule", seed.rule)
    if seed.witnesses_from != ANY_MEMBER and seed.witnesses_from not in bodies:
        return [("sortition.witnesses_from",
                 f"{seed.witnesses_from!r} is neither 'members' nor a body")]
    return []
