"""STV by Meek's method under the Proportional Representation Foundation's reference rule.

Rule source: Proportional Representation Foundation, "Reference Meek Rule" (prfound.org,
resources/reference/reference-meek-rule), steps A-C, with tie procedure T. Checked stage by
stage against droop's ``meek-prf`` reference reports (``*-meek-prf-o6-fixed-p9-d9.txt``).

What the code does, step by step: all values are fixed-point with nine decimal places (an
integer count of 10^-9 votes) and omega is 0.000001 (A). A round (B) iterates: each ballot
starts at weight 1 and gives each candidate in preference order ``weight x keep factor``
rounded *up* to nine places, until the weight is 0 (B.2.a); the quota is the sum of all
candidates' votes divided by seats + 1, truncated to nine places, plus 0.000000001 (B.2.b);
hopefuls with votes >= quota are elected (B.2.c) and the round ends; the total surplus is
the sum of the elected candidates' excess over the quota, not below 0 (B.2.d); iteration
stops when the surplus is below omega or, after the first iteration, no smaller than the
previous iteration's (B.2.e); otherwise each elected candidate's keep factor becomes
``keep x quota`` rounded up, divided by its votes rounded up (B.2.f). When iteration stops
without an election the hopeful with fewest votes is defeated; every hopeful whose votes
are within the total surplus of the lowest is tied with it, and the tie is broken by the
procedure T: the ballot file's tie order when it gives one, else the seeded lot (B.3). The
count ends when seats are filled or hopefuls equal the seats left (B.1, C).

Stage figures follow the reference reports: a defeat stage shows the votes as they stood
when the candidate was defeated, and the next stage shows them after the next iteration.
"""

from __future__ import annotations

from openassembly.counting.meek import ONE, PLACES, _distribute, _trie
from openassembly.counting.model import Election, Result
from openassembly.counting.tally import Recorder, check_seats, prepare_ranked

OMEGA = ONE // 1_000_000  # 0.000001
RULE = "Meek STV, Proportional Representation Foundation reference rule"


def count_meek_prf(election: Election, *, seats: int, seed: str = "") -> Result:
    check_seats(election, seats, "meek-prf")
    rankings, weights, invalid = prepare_ranked(election, "meek-prf")
    names = election.candidates
    n = len(names)
    total = sum(weights) * ONE
    rec = Recorder(election, method="meek-prf", rule=RULE, seats=seats, places=PLACES,
                   seed=seed, total=total, invalid=invalid)
    root = _trie(rankings, weights)
    keep = [0 if c in election.withdrawn else ONE for c in range(n)]
    hopeful = [c not in election.withdrawn for c in range(n)]
    elected: list[int] = []
    defeated: list[int] = []
    votes, residual = _distribute(root, keep, n)
    quota = total // (seats + 1) + 1
    rec.stage("first", [], "first preferences (B.1)", votes, exhausted=residual, quota=quota)
    while sum(hopeful) > seats - len(elected) > 0:
        last = total
        iterations = 0
        while True:
            votes, residual = _distribute(root, keep, n)
            iterations += 1
            quota = (total - residual) // (seats + 1) + 1
            new = [c for c in range(n) if hopeful[c] and votes[c] >= quota]
            surplus = max(0, sum(votes[c] - quota for c in elected + new))
            if new or surplus < OMEGA or surplus >= last:
                break
            last = surplus
            for c in elected:
                kept = -(-keep[c] * quota // ONE)
                keep[c] = -(-kept * ONE // votes[c])
        if new:
            new.sort(key=lambda c: (-votes[c], c))
            for c in new:
                hopeful[c] = False
                elected.append(c)
            rec.stage("elect", new, f"reached the quota after {iterations} iterations (B.2.c)",
                      votes, exhausted=residual, quota=quota, elected=new)
            continue
        why = "surplus below omega" if surplus < OMEGA else "surplus no longer falling"
        live = [c for c in range(n) if hopeful[c]]
        low = min(votes[c] for c in live)
        tied = [c for c in live if votes[c] <= low + surplus]
        mark = len(rec.lots.draws)
        reason = f"defeat of the lowest hopeful ({why}, after {iterations} iterations; B.3)"
        if len(tied) > 1:
            order = rec.lots.order([names[c] for c in tied],
                                   purpose="which hopeful within the surplus of the lowest "
                                   "to defeat (B.3, T)", stage=len(rec.result.stages) + 1)
            loser = names.index(order[0])
            reason += f"; tie among {len(tied)} broken by draw {len(rec.lots.draws)}"
        else:
            loser = tied[0]
        hopeful[loser] = False
        defeated.append(loser)
        keep[loser] = 0
        rec.stage("exclusion", [loser], reason, votes, exhausted=residual, quota=quota,
                  excluded=[loser], lots_from=mark)
        votes[loser] = 0
    rest = [c for c in range(n) if hopeful[c]]
    # As the reference's final count: what the last defeated candidate held is no longer
    # with anyone, so it counts as residual from here on.
    residual = total - sum(votes)
    if rest and len(elected) < seats:
        rest.sort(key=lambda c: (-votes[c], c))
        elected.extend(rest)
        rec.stage("elect", rest, "hopefuls equal the seats left (C.1)", votes,
                  exhausted=residual, quota=quota, elected=rest)
    elif rest:
        rec.stage("exclusion", rest, "seats filled; remaining hopefuls defeated (C.2)", votes,
                  exhausted=residual, quota=quota, excluded=rest)
        defeated.extend(rest)
    result = rec.finish(elected, defeated, quota)
    result.notes.append("keep factors at the end: " + ", ".join(
        f"{names[c]} {keep[c] // ONE}.{keep[c] % ONE:09d}" for c in elected))
    return result
