"""STV by Warren's method, in exact rational arithmetic.

Rule source: C.H.E. Warren, "Counting in STV elections", Voting matters 1 (1994), as
parameterised and published by droop (J. Lundell), rule ``warren`` with rational arithmetic
and omega = 1/10^10; checked stage by stage against droop's reference reports
(``*-warren-o10-rational-d12.txt``).

Warren differs from Meek in one place: a candidate with keep value k takes k of *a whole
vote* from each ballot reaching them (or all that is left of it, if less), where Meek takes
k of what is left. The rest is Meek's iteration: votes are distributed, the quota is the
sum of all candidates' votes / (seats + 1), exactly, hopefuls with *more* than the quota
are elected, and the total surplus is the elected candidates' excess over the quota.
Iteration stops when a candidate is elected, when the surplus is at most omega, when it
stops falling, or when some hopefuls are certain losers (their votes together with the
surplus are below the next hopeful's, without breaking a tie or leaving fewer hopefuls than
seats): those are all defeated at once, in ballot order. Otherwise each elected candidate's
keep value becomes ``keep x quota / votes``. A defeat takes the hopeful with fewest votes;
hopefuls within the surplus of it are tied, and the tie is broken by the ballot file's tie
order when it gives one, else by the seeded lot. After a defeat the votes are distributed
again with the defeated candidate's keep value 0.

Figures are exact fractions, shown rounded half up to 12 places (see ``wigm.record``).
"""

from __future__ import annotations

from fractions import Fraction

from openassembly.counting.meek import _trie
from openassembly.counting.model import Election, Result
from openassembly.counting.tally import Recorder, check_seats, prepare_ranked
from openassembly.counting.wigm import PLACES, SCALE, record, shown

OMEGA = Fraction(1, 10**10)
RULE = "Warren STV, exact rational arithmetic, omega 1/10^10"


def _distribute(root: dict, keep: list[Fraction], n: int) -> tuple[list[Fraction], Fraction]:
    votes = [Fraction(0)] * n
    residual = Fraction(0)

    def walk(children: dict, w: Fraction) -> None:
        nonlocal residual
        for c, (through, ends, kids) in children.items():
            k = keep[c]
            taken = k if k < w else w
            if taken:
                votes[c] += taken * through
            rest = w - taken
            if rest:
                if ends:
                    residual += rest * ends
                if kids:
                    walk(kids, rest)

    walk(root, Fraction(1))
    return votes, residual


def _sure_losers(live: list[int], votes: list[Fraction], surplus: Fraction,
                 can_defeat: int) -> list[int]:
    """The largest set of lowest hopefuls that cannot catch the next one up."""
    # Groups of hopefuls within the surplus of the group's first (the first group starts
    # from no votes at all), lowest first.
    groups: list[list[int]] = [[]]
    base = Fraction(0)
    for c in sorted(live, key=lambda c: (votes[c], c)):
        if base + surplus >= votes[c]:
            groups[-1].append(c)
        else:
            groups.append([c])
            base = votes[c]
    groups = [g for g in groups if g]
    total = Fraction(0)
    chosen = -1
    count = 0
    for g in range(len(groups) - 1):
        count += len(groups[g])
        if count > can_defeat:
            break
        total += sum((votes[c] for c in groups[g]), Fraction(0))
        if total + surplus < votes[groups[g + 1][0]]:
            chosen = g
    return sorted(c for g in groups[: chosen + 1] for c in g)


def count_warren(election: Election, *, seats: int, seed: str = "") -> Result:
    check_seats(election, seats, "warren")
    rankings, weights, invalid = prepare_ranked(election, "warren")
    names = election.candidates
    n = len(names)
    papers = sum(weights)
    rec = Recorder(election, method="warren", rule=RULE, seats=seats, places=PLACES,
                   seed=seed, total=papers * SCALE, invalid=invalid)
    root = _trie(rankings, weights)
    one = Fraction(1)
    keep = [Fraction(0) if c in election.withdrawn else one for c in range(n)]
    hopeful = [c not in election.withdrawn for c in range(n)]
    elected: list[int] = []
    defeated: list[int] = []
    quota = Fraction(papers, seats + 1)
    votes, residual = _distribute(root, keep, n)
    record(rec, "first", [], "first preferences", votes, residual, papers, quota=shown(quota))

    def defeat(c: int, reason: str, mark: int) -> None:
        nonlocal votes, residual
        hopeful[c] = False
        defeated.append(c)
        record(rec, "exclusion", [c], reason, votes, residual, papers, quota=shown(quota),
               excluded=[c], lots_from=mark)
        keep[c] = Fraction(0)
        votes, residual = _distribute(root, keep, n)

    while sum(hopeful) > seats - len(elected) > 0:
        last = Fraction(papers)
        iterations = 0
        batch: list[int] = []
        while True:
            votes, residual = _distribute(root, keep, n)
            iterations += 1
            quota = (papers - residual) / (seats + 1)
            new = [c for c in range(n) if hopeful[c] and votes[c] > quota]
            for c in new:
                hopeful[c] = False
                elected.append(c)
            surplus = sum((votes[c] - quota for c in elected), Fraction(0))
            if new or surplus <= OMEGA or surplus >= last:
                break
            live = [c for c in range(n) if hopeful[c]]
            batch = _sure_losers(live, votes, surplus, len(live) - (seats - len(elected)))
            if batch:
                break
            last = surplus
            for c in elected:
                keep[c] = keep[c] * quota / votes[c]
        if new:
            record(rec, "elect", new, f"over the quota after {iterations} iterations", votes,
                   residual, papers, quota=shown(quota), elected=new)
            continue
        if batch:
            for c in batch:
                defeat(c, f"certain loser (after {iterations} iterations)", len(rec.lots.draws))
            continue
        why = "surplus at most omega" if surplus <= OMEGA else "surplus no longer falling"
        live = [c for c in range(n) if hopeful[c]]
        low = min(votes[c] for c in live)
        tied = [c for c in live if votes[c] <= low + surplus]
        mark = len(rec.lots.draws)
        reason = f"defeat of the lowest hopeful ({why}, after {iterations} iterations)"
        if len(tied) > 1:
            order = rec.lots.order([names[c] for c in tied],
                                   purpose="which hopeful within the surplus of the lowest "
                                   "to defeat", stage=len(rec.result.stages) + 1)
            loser = names.index(order[0])
            reason += f"; tie broken by draw {len(rec.lots.draws)}"
        else:
            loser = tied[0]
        defeat(loser, reason, mark)
    rest = [c for c in range(n) if hopeful[c]]
    if rest and len(elected) < seats:
        elected.extend(rest)
        record(rec, "elect", rest, "hopefuls equal the seats left", votes, residual, papers,
               quota=shown(quota), elected=rest)
    elif rest:
        defeated.extend(rest)
        record(rec, "exclusion", rest, "seats filled; remaining hopefuls defeated", votes,
               residual, papers, quota=shown(quota), excluded=rest)
    return rec.finish(elected, defeated, shown(quota))
