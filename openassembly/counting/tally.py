"""Shared machinery of the counts: ballot preparation, stage recording and tie-breaking."""

from __future__ import annotations

from collections.abc import Sequence

from openassembly.counting.lots import Lots
from openassembly.counting.model import CountError, Election, Result, Stage


def prepare_ranked(
    election: Election, method: str, *, allow_equal: bool = False
) -> tuple[list[tuple[int, ...]], list[int], int]:
    """Strip withdrawn candidates and merge the rankings that become identical.

    Returns ``(rankings, weights, invalid)`` where ``invalid`` is the weight of ballots
    left with no preference at all (they are not valid votes for a ranked count).
    """
    gone = election.withdrawn
    merged: dict[tuple, int] = {}
    invalid = 0
    for ranking, weight in election.ballots:
        if not allow_equal:
            for x in ranking:
                if type(x) is tuple:
                    names = " = ".join(election.candidates[c] for c in x)
                    raise CountError(
                        f"{method} does not allow equal rankings, but a ballot ranks "
                        f"{names} equally; count it with schulze or approval instead"
                    )
        if gone:
            ranking = tuple(
                x for x in (
                    (tuple(c for c in y if c not in gone) or None)
                    if type(y) is tuple else (None if y in gone else y)
                    for y in ranking
                ) if x is not None
            )
            ranking = tuple(x[0] if type(x) is tuple and len(x) == 1 else x for x in ranking)
        if not ranking:
            invalid += weight
            continue
        merged[ranking] = merged.get(ranking, 0) + weight
    return list(merged.keys()), list(merged.values()), invalid


def check_seats(election: Election, seats: int, method: str) -> None:
    standing = len(election.candidates) - len(election.withdrawn)
    if seats < 1:
        raise CountError(f"{method}: the number of seats must be at least 1 (got {seats})")
    if seats > standing:
        raise CountError(
            f"{method}: {seats} seats but only {standing} candidates standing"
        )


class Recorder:
    """Builds a ``Result``: records stages with their transfers and holds the lot drawer."""

    def __init__(
        self, election: Election, *, method: str, rule: str, seats: int, places: int,
        seed: str, total: int, invalid: int = 0,
    ) -> None:
        self.names = election.candidates
        self.live = [i for i in range(len(self.names)) if i not in election.withdrawn]
        tie = [self.names[c] for c in election.tie_order] or None
        self.lots = Lots(election.digest(), seed, tie)
        self.result = Result(
            method=method, rule=rule, title=election.title, candidates=list(self.names),
            seats=seats, places=places, total=total, digest=self.lots.digest, seed=seed,
            withdrawn=[self.names[c] for c in sorted(election.withdrawn)], invalid=invalid,
        )
        if election.undeclared:
            self.result.notes.append(
                "the ballot file marks undeclared write-ins ([undeclared ...]): "
                + ", ".join(self.names[c] for c in sorted(election.undeclared))
                + "; this rule counts them as ordinary candidates")
        if tie:
            self.result.notes.append(
                "ties the rule breaks by lot are broken by the tie order given in the ballot "
                "file ([tie ...]), first named = picked, not by the seeded draw: "
                + ", ".join(tie))
        self._prev: list[int] | None = None
        self._prev_exhausted = 0
        self._prev_rounding = 0

    def stage(
        self, action: str, subject: Sequence[int], reason: str, votes: Sequence[int], *,
        exhausted: int = 0, rounding: int = 0, quota: int | None = None,
        elected: Sequence[int] = (), excluded: Sequence[int] = (), label: str | None = None,
        lots_from: int | None = None,
    ) -> Stage:
        names = self.names
        prev = self._prev if self._prev is not None else [0] * len(names)
        number = len(self.result.stages) + 1
        transfers = {names[c]: votes[c] - prev[c] for c in self.live}
        transfers["exhausted"] = exhausted - self._prev_exhausted
        transfers["rounding"] = rounding - self._prev_rounding
        if self._prev is None:
            transfers = {}
        lots = [] if lots_from is None else list(range(lots_from + 1, len(self.lots.draws) + 1))
        st = Stage(
            number=number, label=label or str(number), action=action,
            subject=[names[c] for c in subject], reason=reason,
            votes={names[c]: votes[c] for c in self.live}, transfers=transfers,
            exhausted=exhausted, rounding=rounding, quota=quota,
            elected=[names[c] for c in elected], excluded=[names[c] for c in excluded],
            lots=lots,
        )
        for lot_no in lots:
            self.lots.draws[lot_no - 1].stage = number
        self.result.stages.append(st)
        self._prev = list(votes)
        self._prev_exhausted, self._prev_rounding = exhausted, rounding
        return st

    def finish(self, elected: Sequence[int], excluded: Sequence[int],
               quota: int | None = None) -> Result:
        self.result.elected = [self.names[c] for c in elected]
        self.result.excluded = [self.names[c] for c in excluded]
        self.result.quota = quota
        self.result.lots = self.lots.draws
        return self.result


def pick(
    tied: Sequence[int], history: Sequence[Sequence[int]], *, lowest: bool, forward: bool,
    lots: Lots, names: Sequence[str], purpose: str, stage: int,
) -> tuple[int, str]:
    """Choose one of ``tied`` by earlier vote figures, then by lot.

    ``forward`` looks from the first stage onwards (ERS97 "earliest point where unequal",
    NZ "ahead at first difference"); otherwise from the most recent stage backwards
    (Scottish rules 49 and 51). At each stage looked at, only the candidates with the
    fewest (``lowest``) or most votes stay in contention; one left is the choice.
    """
    group = sorted(tied)
    if len(group) == 1:
        return group[0], ""
    snaps = list(history) if forward else list(reversed(history))
    for snap in snaps:
        vals = [snap[c] for c in group]
        best = min(vals) if lowest else max(vals)
        narrowed = [c for c in group if snap[c] == best]
        if len(narrowed) < len(group):
            group = narrowed
            if len(group) == 1:
                return group[0], "decided by votes at an earlier stage"
    order = lots.order([names[c] for c in group], purpose=purpose, stage=stage)
    return names.index(order[0]), f"decided by lot (draw {len(lots.draws)})"


def next_pref(
    entries: list[tuple[int, int, int]], rankings: list[tuple[int, ...]], cont: list[bool],
) -> tuple[dict[int, list[tuple[int, int, int]]], list[tuple[int, int, int]]]:
    """Move each (ballot, position, value) entry on to its next continuing preference."""
    moved: dict[int, list[tuple[int, int, int]]] = {}
    dead: list[tuple[int, int, int]] = []
    for entry in entries:
        bi, pos, val = entry
        r = rankings[bi]
        p = pos + 1
        end = len(r)
        while p < end and not cont[r[p]]:
            p += 1
        if p < end:
            target = r[p]
            lst = moved.get(target)
            if lst is None:
                moved[target] = [(bi, p, val)]
            else:
                lst.append((bi, p, val))
        else:
            dead.append(entry)
    return moved, dead
