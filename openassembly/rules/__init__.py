"""The constitution as data: its schema, loader, and the questions the rest of the system asks.

Pure Python (no Django): ``load_constitution(text)`` gives a ``Constitution``; the functions in
``questions`` answer "is this notice long enough?", "is this meeting quorate?" and the like,
each returning an ``Answer`` that cites the rule it applied.
"""

from openassembly.rules.errors import ConstitutionError, Problem
from openassembly.rules.loader import load_constitution
from openassembly.rules.model import Constitution, SeatGroup

__all__ = ["Constitution", "ConstitutionError", "Problem", "SeatGroup", "load_constitution"]
