"""openassembly.counting: exact, reproducible vote counting (pure Python, no Django).

Public API (what the web app, the API and the command line call):

- ``METHODS``: registry, method name -> counting function
  ``f(election, *, seats, seed) -> Result``. Names: fptp, block, approval, irv, ers97,
  meek (= meek-nz), meek-nz, meek-prf, wigm, warren, scottish, schulze, ranked-pairs, minimax.
- ``METHOD_INFO``: method name -> ``MethodInfo`` (title, rule source with a public link, the
  reference counts it was checked against, and the droop / OpenSTV commands that re-count by
  the same rule); ``method_info(name)``.
- ``count(election, *, method, seats, seed="") -> Result``: count by a named method.
- ``read_blt(text) -> Election`` / ``write_blt(election) -> str``: BLT files (also
  ``read_csv``/``read_json``/``write_csv``/``write_json`` and ``load_file(path)``).
- ``Election``: candidates, ballots as ``(ranking, weight)`` grouped by identical ranking
  (weights are card votes or counts of identical ballots; rankings may be truncated),
  seats, withdrawn candidates, title, and the SHA-256 of the file it came from.
- ``Result``: elected (in order), excluded, quota and every stage; ``Result.to_dict()`` is
  JSON-ready and carries ``"format": "openassembly.count/1"``.
- ``render_text(result)``: a returning officer's stage table; ``render_svg(result)``: a
  chart of votes by stage.
- ``draw_sortition(pool, n, *, seed) -> Draw``: a reproducible draw, with the published
  procedure text (``LOT_PROCEDURE``) that every lot in every count also follows: keys are
  SHA-256 over the ballot file's hash, the announced seed, the draw number and the name.
- Apportionment (``counting.apportionment``): ``apportion(votes, seats=, method=,
  threshold=, seed=) -> Apportionment`` shares places in proportion by D'Hondt,
  Sainte-Lague (plain or with first divisor 1.4), or Hare or Droop largest remainder, with
  the quotient or remainder table; ``APPORTIONMENT_INFO`` describes each method.
- ``BallotFileError`` (line-numbered parse errors) and ``CountError`` (uncountable request).
"""

from __future__ import annotations

from collections.abc import Callable

from openassembly.counting.blt import read_blt, write_blt
from openassembly.counting.catalogue import INFO, STV_VARIANTS, MethodInfo
from openassembly.counting.condorcet import count_minimax, count_ranked_pairs
from openassembly.counting.ers97 import count_ers97
from openassembly.counting.formats import load_file, read_csv, read_json, write_csv, write_json
from openassembly.counting.irv import count_irv
from openassembly.counting.lots import LOT_PROCEDURE, Draw, draw_sortition
from openassembly.counting.meek import count_meek
from openassembly.counting.meek_prf import count_meek_prf
from openassembly.counting.model import BallotFileError, CountError, Election, Result, Stage
from openassembly.counting.plurality import count_approval, count_block, count_fptp
from openassembly.counting.render import render_svg, render_text
from openassembly.counting.schulze import count_schulze
from openassembly.counting.scottish import count_scottish
from openassembly.counting.warren import count_warren
from openassembly.counting.wigm import count_wigm

Method = Callable[..., Result]

METHODS: dict[str, Method] = {
    "fptp": count_fptp,
    "block": count_block,
    "approval": count_approval,
    "irv": count_irv,
    "ers97": count_ers97,
    "meek": count_meek,
    "scottish": count_scottish,
    "schulze": count_schulze,
    "meek-nz": count_meek,
    "meek-prf": count_meek_prf,
    "wigm": count_wigm,
    "warren": count_warren,
    "ranked-pairs": count_ranked_pairs,
    "minimax": count_minimax,
}

METHOD_INFO: dict[str, MethodInfo] = {
    info.name: info for info in (*INFO, *STV_VARIANTS) if info.name in METHODS
}


def method_info(method: str) -> MethodInfo:
    """The title, rule source and re-count commands of a registered method."""
    try:
        return METHOD_INFO[method]
    except KeyError:
        raise CountError(
            f"unknown method {method!r}; choose one of {', '.join(METHODS)}"
        ) from None


def count(election: Election, *, method: str, seats: int, seed: str = "") -> Result:
    """Count ``election`` by ``method`` for ``seats`` places; lots are seeded by ``seed``."""
    try:
        fn = METHODS[method]
    except KeyError:
        raise CountError(
            f"unknown method {method!r}; choose one of {', '.join(METHODS)}"
        ) from None
    return fn(election, seats=seats, seed=seed)


__all__ = [
    "LOT_PROCEDURE",
    "METHODS",
    "METHOD_INFO",
    "BallotFileError",
    "CountError",
    "Draw",
    "Election",
    "MethodInfo",
    "Result",
    "Stage",
    "count",
    "draw_sortition",
    "load_file",
    "method_info",
    "read_blt",
    "read_csv",
    "read_json",
    "render_svg",
    "render_text",
    "write_blt",
    "write_csv",
    "write_json",
]
