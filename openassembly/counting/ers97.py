"""STV under the ERS97 rules of the Electoral Reform Society.

Rule source: Electoral Reform Society, "How to conduct an election by the Single
Transferable Vote", 3rd edition (1997), section 5 (the count) and section 6 (glossary);
the model election of its section 8 is a test fixture. Points implemented: quota = total
valid vote / (seats + 1) to two decimals, rounded up unless exact (5.1.6), recalculated
without non-transferable votes while nobody is elected (5.4.8); candidates deemed elected in
descending order of votes when they reach the quota or the total active vote / (places
unfilled + 1) (5.1.7, 5.3.13, 5.4.9), with ties for the last places by earlier votes and
otherwise nobody that stage (5.6.2); the largest surplus transferred first unless all
surpluses are deferred (5.2.2, 5.2.3); a surplus from the first stage takes every paper,
later ones only the last batch received (5.3.1-5.3.2), at ``surplus / transferable papers``
truncated to two decimals, or the papers' present value if less (5.3.7); exclusion of as
many lowest candidates together as 5.2.5 allows, their papers transferred batch by batch
in descending order of value, each batch a sub-stage (5.4); ties by the first stage or the
earliest point where votes differed, then by lot (5.2.3, 5.2.5); completion (5.5).
OpenSTV's ERS97 plugin (validated against eSTV) was read as reference behaviour.

Arithmetic: integers in hundredths of a vote.
"""

from __future__ import annotations

from openassembly.counting.model import Election, Result
from openassembly.counting.tally import Recorder, check_seats, next_pref, pick, prepare_ranked

PLACES = 2
ONE = 10**PLACES


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


class _Ers97:
    def __init__(self, election: Election, seats: int, seed: str) -> None:
        check_seats(election, seats, "ers97")
        self.rankings, self.w, invalid = prepare_ranked(election, "ers97")
        self.names = election.candidates
        self.n = n = len(self.names)
        self.seats = seats
        self.total = sum(self.w) * ONE
        self.quota = _ceil_div(self.total, seats + 1)
        self.rec = Recorder(election, method="ers97", rule="ERS97 (Electoral Reform Society "
                            "1997)", seats=seats, places=PLACES, seed=seed, total=self.total,
                            invalid=invalid)
        self.cont = [c not in election.withdrawn for c in range(n)]
        # piles[c]: batches received, each a list of (ballot, position, value) of one value.
        self.piles: list[list[list[tuple[int, int, int]]]] = [[] for _ in range(n)]
        self.votes = [0] * n
        for bi, r in enumerate(self.rankings):
            if not self.piles[r[0]]:
                self.piles[r[0]].append([])
            self.piles[r[0]][0].append((bi, 0, ONE))
            self.votes[r[0]] += self.w[bi] * ONE
        self.elected: list[int] = []
        self.first_stage_elected: set[int] = set()
        self.excluded: list[int] = []
        self.untransferred: list[int] = []
        self.exhausted = self.rounding = 0
        self.history = [list(self.votes)]

    # -- helpers ---------------------------------------------------------------------
    def continuing(self) -> list[int]:
        return [c for c in range(self.n) if self.cont[c]]

    def surplus(self, c: int) -> int:
        return max(0, self.votes[c] - self.quota)

    def deem_elected(self, stage_no: int) -> list[int]:
        """5.1.7 / 5.3.13 / 5.4.9, with 5.6.2 for ties over the last places."""
        new: list[int] = []
        while len(self.elected) < self.seats:
            left = self.seats - len(self.elected)
            cont = self.continuing()
            active = sum(self.votes[c] for c in cont)
            active += sum(self.surplus(c) for c in self.untransferred)
            # Votes of excluded candidates not yet transferred are "awaiting transfer" (6.20).
            active += sum(self.votes[c] for c in self.excluded)
            need = max(1, min(self.quota, _ceil_div(active, left + 1)))
            ok = [c for c in cont if self.votes[c] >= need]
            if not ok:
                break
            top = max(self.votes[c] for c in ok)
            group = [c for c in ok if self.votes[c] == top]
            if len(group) > 1:
                best = self._earliest_order(group)
                if best is None and len(group) > left:
                    break  # 5.6.2: equal at every point, so none deemed elected now
                group = [best] if best is not None else group
            for c in group:
                self.cont[c] = False
                self.elected.append(c)
                new.append(c)
                if self.votes[c] > self.quota:
                    self.untransferred.append(c)
        return new

    def _earliest_order(self, group: list[int]) -> int | None:
        for snap in self.history:
            top = max(snap[c] for c in group)
            narrowed = [c for c in group if snap[c] == top]
            if len(narrowed) == 1:
                return narrowed[0]
            group = narrowed
        return None

    def record(self, action: str, subject: list[int], reason: str, new: list[int],
               excluded: list[int], label: str, mark: int) -> None:
        self.rec.stage(action, subject, reason, self.votes, exhausted=self.exhausted,
                       rounding=self.rounding, quota=self.quota, elected=new,
                       excluded=excluded, label=label, lots_from=mark)

    # -- the count ---------------------------------------------------------------------
    def run(self) -> Result:
        new = self.deem_elected(1)
        self.first_stage_elected = set(new)
        self.record("first", [], "first preferences (5.1)", new, [], "1", 0)
        stage = 1
        while True:
            left = self.seats - len(self.elected)
            cont = self.continuing()
            if left == 0:
                break
            if len(cont) <= left:
                cont.sort(key=lambda c: (-self.votes[c], c))
                for c in cont:
                    self.cont[c] = False
                    self.elected.append(c)
                stage += 1
                self.record("elect", cont, "continuing candidates equal the places left "
                            "(5.5.1)", cont, [], str(stage), len(self.rec.lots.draws))
                break
            stage += 1
            mark = len(self.rec.lots.draws)
            pending = [c for c in self.untransferred if self.votes[c] > self.quota]
            total_surplus = sum(self.surplus(c) for c in pending)
            if pending and not self.deferred(total_surplus, cont, left):
                self.transfer_surplus(pending, stage, mark)
                continue
            if self.exclude(cont, left, total_surplus, stage, mark):
                break
        rest = self.continuing()
        return self.rec.finish(self.elected[: self.seats], self.excluded + rest, self.quota)

    def deferred(self, total_surplus: int, cont: list[int], left: int) -> bool:
        """5.2.2: defer when the surpluses could not change who is excluded next."""
        return self.exclusion_size(cont, left, total_surplus) > 0

    def exclusion_size(self, cont: list[int], left: int, surplus: int) -> int:
        """Largest k of lowest candidates whose votes plus ``surplus`` do not exceed the
        vote of the candidate next above, leaving enough candidates (5.2.2, 5.2.5)."""
        v = sorted(self.votes[c] for c in cont)
        best, running = 0, 0
        for k in range(1, len(v)):
            running += v[k - 1]
            if len(v) - k < left:
                break
            # A group may not split candidates with equal votes: the one to exclude among
            # them is chosen by 5.6.2 (earlier stages, then lot) in ``exclude``.
            if running + surplus <= v[k] and v[k - 1] < v[k]:
                best = k
        return best

    def transfer_surplus(self, pending: list[int], stage: int, mark: int) -> None:
        top = max(self.surplus(c) for c in pending)
        c, how = pick([p for p in pending if self.surplus(p) == top], self.history,
                      lowest=False, forward=True, lots=self.rec.lots, names=self.names,
                      purpose="which equal surplus to transfer first (5.2.3)", stage=stage)
        self.untransferred.remove(c)
        surplus = self.surplus(c)
        if c in self.first_stage_elected:
            batch = [e for b in self.piles[c] for e in b]
        else:
            batch = self.piles[c][-1]
        value = batch[0][2] if batch else ONE
        moved, _dead = next_pref(batch, self.rankings, self.cont)
        papers = sum(self.w[bi] for entries in moved.values() for bi, _, _ in entries)
        if papers and papers * value > surplus:
            tv = surplus // papers
            self.rounding += surplus - papers * tv
        else:
            tv = value
            self.exhausted += surplus - papers * tv
        for target, entries in moved.items():
            new_batch = [(bi, p, tv) for bi, p, _ in entries]
            self.piles[target].append(new_batch)
            self.votes[target] += sum(self.w[bi] for bi, _, _ in entries) * tv
        self.votes[c] = self.quota
        self.history.append(list(self.votes))
        new = self.deem_elected(stage)
        reason = f"surplus of {self.names[c]} at transfer value {tv / ONE:.2f} (5.3)"
        if how:
            reason += f"; tie {how}"
        self.record("surplus", [c], reason, new, [], str(stage), mark)

    def exclude(self, cont: list[int], left: int, deferred: int, stage: int,
                mark: int) -> bool:
        """5.2.5 and 5.4; returns True when the count is complete."""
        k = self.exclusion_size(cont, left, deferred)
        how = ""
        if k == 0:
            low = min(self.votes[c] for c in cont)
            c, how = pick([c for c in cont if self.votes[c] == low], self.history,
                          lowest=True, forward=True, lots=self.rec.lots, names=self.names,
                          purpose="which candidate with fewest votes to exclude (5.2.5)",
                          stage=stage)
            group = [c]
        else:
            group = sorted(cont, key=lambda c: (self.votes[c], c))[:k]
        for c in group:
            self.cont[c] = False
            self.excluded.append(c)
        who = ", ".join(self.names[c] for c in group)
        if len(cont) - len(group) <= left:
            rest = self.continuing()
            rest.sort(key=lambda c: (-self.votes[c], c))
            for c in rest:
                self.cont[c] = False
                self.elected.append(c)
            self.record("exclusion", group, f"exclusion of {who} leaves as many candidates "
                        "as places: they are deemed elected (5.5.1)", rest, group,
                        str(stage), mark)
            return True
        by_value: dict[int, list[tuple[int, int, int]]] = {}
        held: dict[int, dict[int, int]] = {}  # value -> holder -> papers
        for c in group:
            for batch in self.piles[c]:
                for e in batch:
                    by_value.setdefault(e[2], []).append(e)
                    papers = held.setdefault(e[2], {})
                    papers[c] = papers.get(c, 0) + self.w[e[0]]
            self.piles[c] = []
        values = sorted(by_value, reverse=True) or [ONE]
        for i, value in enumerate(values):
            entries = by_value.get(value, [])
            moved, dead = next_pref(entries, self.rankings, self.cont)
            for c, papers in held.get(value, {}).items():
                self.votes[c] -= papers * value
            for target, lst in moved.items():
                self.piles[target].append(lst)
                self.votes[target] += sum(self.w[bi] for bi, _, _ in lst) * value
            self.exhausted += sum(self.w[bi] for bi, _, _ in dead) * value
            if not self.elected:
                self.quota = _ceil_div(self.total - self.exhausted - self.rounding,
                                       self.seats + 1)
            self.history.append(list(self.votes))
            new = self.deem_elected(stage)
            label = str(stage) if len(values) == 1 else f"{stage}.{i + 1}"
            reason = f"exclusion of {who}"
            if len(values) > 1:
                reason += f", papers of value {value / ONE:.2f}"
            reason += " (5.4)"
            if how:
                reason += f"; tie {how}"
            self.record("exclusion", group, reason, new, group if i == 0 else [], label,
                        mark if i == 0 else len(self.rec.lots.draws))
            if len(self.elected) >= self.seats:
                return True
        return False


def count_ers97(election: Election, *, seats: int, seed: str = "") -> Result:
    return _Ers97(election, seats, seed).run()
