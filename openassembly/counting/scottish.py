"""STV under the Scottish local government rules of 2007 (weighted inclusive Gregory).

Rule source: The Scottish Local Government Elections Order 2007 (SSI 2007/42), Schedule 1,
rules 45-52 ("Counting of votes"): quota = floor(valid papers / (seats + 1)) + 1 (rule 46);
a surplus is transferred from *every* paper the candidate holds, each at
``surplus x value-when-received / candidate's votes``, calculated to five decimal places
with any remainder ignored (rule 48(3)-(4)); when several candidates exceed the quota the
highest surplus goes first, one surplus per stage, ties by the most recent preceding stage
at which the votes were unequal, then by lot (rule 49); the candidate with the fewest votes
is excluded and every paper transferred at the value it had when received (rule 50), ties
as rule 51; the last vacancies are filled when continuing candidates equal vacancies
(rule 52). Reference behaviour cross-checked against Droop's ``scotland`` rule.

Arithmetic: integers in units of 0.00001 of a vote.
"""

from __future__ import annotations

from openassembly.counting.model import Election, Result
from openassembly.counting.tally import Recorder, check_seats, next_pref, pick, prepare_ranked

PLACES = 5
ONE = 10**PLACES


def count_scottish(election: Election, *, seats: int, seed: str = "") -> Result:
    check_seats(election, seats, "scottish")
    rankings, weights, invalid = prepare_ranked(election, "scottish")
    n = len(election.candidates)
    papers = sum(weights)
    quota = (papers // (seats + 1) + 1) * ONE
    rec = Recorder(election, method="scottish", rule="Scottish Local Government Elections "
                   "Order 2007", seats=seats, places=PLACES, seed=seed, total=papers * ONE,
                   invalid=invalid)
    names = election.candidates
    cont = [c not in election.withdrawn for c in range(n)]
    piles: list[list[tuple[int, int, int]]] = [[] for _ in range(n)]
    votes = [0] * n
    for bi, r in enumerate(rankings):
        piles[r[0]].append((bi, 0, ONE))
        votes[r[0]] += weights[bi] * ONE
    elected: list[int] = []
    excluded: list[int] = []
    pending: list[int] = []
    exhausted = rounding = 0
    history = [list(votes)]

    def elect_reaching() -> list[int]:
        new = [c for c in range(n) if cont[c] and votes[c] >= quota]
        new.sort(key=lambda c: (-votes[c], c))
        for c in new:
            cont[c] = False
            elected.append(c)
            if votes[c] > quota:
                pending.append(c)
        return new

    new = elect_reaching()
    rec.stage("first", [], "first preferences (rule 45)", votes, quota=quota, elected=new)
    while len(elected) < seats:
        hopeful = [c for c in range(n) if cont[c]]
        if len(hopeful) <= seats - len(elected):
            hopeful.sort(key=lambda c: (-votes[c], c))
            elected.extend(hopeful)
            for c in hopeful:
                cont[c] = False
            rec.stage("elect", hopeful, "continuing candidates equal the vacancies (rule 52)",
                      votes, exhausted=exhausted, rounding=rounding, quota=quota,
                      elected=hopeful)
            break
        mark = len(rec.lots.draws)
        stage_no = len(rec.result.stages) + 1
        if pending:
            top = max(votes[c] for c in pending)
            c, how = pick([p for p in pending if votes[p] == top], history, lowest=False,
                          forward=False, lots=rec.lots, names=names,
                          purpose="which equal surplus to transfer first (rule 49)",
                          stage=stage_no)
            pending.remove(c)
            surplus, held = votes[c] - quota, votes[c]
            moved, dead = next_pref(piles[c], rankings, cont)
            sent = 0
            for target, entries in moved.items():
                new_entries = [(bi, p, surplus * val // held) for bi, p, val in entries]
                gain = sum(weights[bi] * tv for bi, _, tv in new_entries)
                votes[target] += gain
                sent += gain
                piles[target].extend(new_entries)
            lost = sum(weights[bi] * (surplus * val // held) for bi, _, val in dead)
            exhausted += lost
            rounding += surplus - sent - lost
            votes[c] = quota
            piles[c] = []
            action, reason = "surplus", f"surplus of {names[c]} (rule 48)"
        else:
            low = min(votes[h] for h in hopeful)
            c, how = pick([h for h in hopeful if votes[h] == low], history, lowest=True,
                          forward=False, lots=rec.lots, names=names,
                          purpose="which candidate with fewest votes to exclude (rule 51)",
                          stage=stage_no)
            cont[c] = False
            excluded.append(c)
            moved, dead = next_pref(piles[c], rankings, cont)
            for target, entries in moved.items():
                votes[target] += sum(weights[bi] * val for bi, _, val in entries)
                piles[target].extend(entries)
            exhausted += sum(weights[bi] * val for bi, _, val in dead)
            votes[c] = 0
            piles[c] = []
            action, reason = "exclusion", f"exclusion of {names[c]} (rule 50)"
        if how:
            reason += f"; tie {how}"
        history.append(list(votes))
        new = elect_reaching()
        rec.stage(action, [c], reason, votes, exhausted=exhausted, rounding=rounding,
                  quota=quota, elected=new, excluded=[c] if action == "exclusion" else [],
                  lots_from=mark)
    rest = [c for c in range(n) if cont[c]]
    return rec.finish(elected[:seats], excluded + rest, quota)
