"""Alternative vote / instant-runoff voting (one seat).

Rule source: the Alternative Vote as defined for the 2011 UK referendum, Parliamentary
Voting System and Constituencies Act 2011, Schedule 10 (a candidate with more than half of
the votes of continuing ballots is elected; otherwise the candidate with fewest votes is
excluded and their ballots go to the next continuing preference; an equality at the bottom
is decided by the votes at the most recent earlier round at which they differed, then by
lot). Exhausted ballots leave the count.

Arithmetic: whole votes (ballot weights).
"""

from __future__ import annotations

from openassembly.counting.model import CountError, Election, Result
from openassembly.counting.tally import Recorder, check_seats, next_pref, pick, prepare_ranked


def count_irv(election: Election, *, seats: int = 1, seed: str = "") -> Result:
    if seats != 1:
        raise CountError(f"irv elects one candidate; use ers97, scottish or meek for {seats}")
    check_seats(election, 1, "irv")
    rankings, weights, invalid = prepare_ranked(election, "irv")
    names = election.candidates
    n = len(names)
    rec = Recorder(election, method="irv", rule="alternative vote", seats=1, places=0,
                   seed=seed, total=sum(weights), invalid=invalid)
    cont = [c not in election.withdrawn for c in range(n)]
    piles: list[list[tuple[int, int, int]]] = [[] for _ in range(n)]
    votes = [0] * n
    for bi, r in enumerate(rankings):
        piles[r[0]].append((bi, 0, 1))
        votes[r[0]] += weights[bi]
    exhausted = 0
    history = [list(votes)]
    excluded: list[int] = []
    subject: list[int] = []
    reason = "first preferences"
    action = "first"
    mark = 0
    while True:
        live = [c for c in range(n) if cont[c]]
        active = sum(votes[c] for c in live)
        top = max(live, key=lambda c: votes[c])
        if votes[top] * 2 > active or len(live) == 1:
            rec.stage(action, subject, reason, votes, exhausted=exhausted, elected=[top],
                      excluded=subject if action == "exclusion" else [], lots_from=mark)
            return rec.finish([top], excluded + [c for c in live if c != top])
        rec.stage(action, subject, reason, votes, exhausted=exhausted,
                  excluded=subject if action == "exclusion" else [], lots_from=mark)
        mark = len(rec.lots.draws)
        low = min(votes[c] for c in live)
        c, how = pick([c for c in live if votes[c] == low], history, lowest=True,
                      forward=False, lots=rec.lots, names=names,
                      purpose="which candidate with fewest votes to exclude",
                      stage=len(rec.result.stages) + 1)
        cont[c] = False
        excluded.append(c)
        moved, dead = next_pref(piles[c], rankings, cont)
        for target, entries in moved.items():
            votes[target] += sum(weights[bi] for bi, _, _ in entries)
            piles[target].extend(entries)
        exhausted += sum(weights[bi] for bi, _, _ in dead)
        votes[c] = 0
        piles[c] = []
        history.append(list(votes))
        action, subject = "exclusion", [c]
        reason = f"exclusion of {names[c]}" + (f"; tie {how}" if how else "")
