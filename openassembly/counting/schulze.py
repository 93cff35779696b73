"""The Schulze method: winner, full ranking, and ties reported.

Rule source: Markus Schulze, "A new monotonic, clone-independent, reversal symmetric, and
Condorcet-consistent single-winner election method", Social Choice and Welfare 36 (2011)
267-303, sections 2-4 (strength of a link measured by winning votes; the widest-path
relation ``P[a][b] > P[b][a]`` is transitive and gives the ranking). A ballot prefers every
candidate it ranks to every one it leaves out; equal rankings are allowed. Candidates the
relation cannot separate form one tier and are reported as tied; when a tier straddles the
number of seats, the seeded lot orders it and the result records the draw.
"""

from __future__ import annotations

from openassembly.counting.model import Election, Result
from openassembly.counting.tally import Recorder, check_seats, prepare_ranked


def pairwise(rankings: list[tuple], weights: list[int], n: int) -> list[list[int]]:
    """d[i][j]: weight of ballots preferring i to j, from pairs of ranked candidates only.

    With R[i] the weight ranking i, B[j][i] the weight ranking j above i and E[i][j] the
    weight ranking both equally, d[i][j] = R[i] - B[j][i] - E[i][j].
    """
    ranked = [0] * n
    above = [[0] * n for _ in range(n)]
    equal = [[0] * n for _ in range(n)]
    for r, w in zip(rankings, weights, strict=True):
        groups = [x if type(x) is tuple else (x,) for x in r]
        seen: list[int] = []
        for g in groups:
            for c in g:
                ranked[c] += w
                row_eq = equal[c]
                for d in g:
                    if d != c:
                        row_eq[d] += w
                for s in seen:
                    above[s][c] += w
            seen.extend(g)
    return [[ranked[i] - above[j][i] - equal[i][j] if i != j else 0 for j in range(n)]
            for i in range(n)]


def strongest_paths(d: list[list[int]], live: list[int]) -> list[list[int]]:
    n = len(d)
    p = [[0] * n for _ in range(n)]
    for i in live:
        for j in live:
            if i != j and d[i][j] > d[j][i]:
                p[i][j] = d[i][j]
    for k in live:
        pk = p[k]
        for i in live:
            if i == k:
                continue
            pik = p[i][k]
            if not pik:
                continue
            pi = p[i]
            for j in live:
                if j != i and j != k:
                    v = pik if pik < pk[j] else pk[j]
                    if v > pi[j]:
                        pi[j] = v
    return p


def start_pairwise(election: Election, *, seats: int, seed: str, method: str,
                   rule: str) -> tuple[list[int], list[list[int]], Recorder]:
    """What every Condorcet count begins with: the seats checked, the ballots read, the
    candidates still standing, the pairwise matrix and a recorder for the result."""
    check_seats(election, seats, method)
    rankings, weights, invalid = prepare_ranked(election, method, allow_equal=True)
    n = len(election.candidates)
    live = [c for c in range(n) if c not in election.withdrawn]
    rec = Recorder(election, method=method, rule=rule, seats=seats, places=0, seed=seed,
                   total=sum(weights), invalid=invalid)
    return live, pairwise(rankings, weights, n), rec


def count_schulze(election: Election, *, seats: int = 1, seed: str = "") -> Result:
    live, d, rec = start_pairwise(election, seats=seats, seed=seed, method="schulze",
                                  rule="Schulze (winning votes)")
    names = election.candidates
    n = len(names)
    p = strongest_paths(d, live)
    tiers: list[list[int]] = []
    left = list(live)
    while left:
        top = [a for a in left if all(p[a][b] >= p[b][a] for b in left if b != a)]
        if not top:  # cannot happen: the relation is a strict weak order
            top = list(left)
        tiers.append(sorted(top))
        left = [c for c in left if c not in top]
    elected: list[int] = []
    mark = 0
    for tier in tiers:
        room = seats - len(elected)
        if room <= 0:
            break
        if len(tier) <= room:
            elected.extend(tier)
        else:
            drawn = rec.lots.order([names[c] for c in tier],
                                   purpose="Schulze tie across the last seat(s)", stage=1)
            elected.extend(names.index(x) for x in drawn[:room])
    wins = [sum(1 for b in live if b != a and p[a][b] > p[b][a]) for a in range(n)]
    rec.stage("tally", [], "pairwise contests; score = candidates beaten by strongest path",
              wins, elected=elected, lots_from=mark if rec.lots.draws else None)
    result = rec.finish(elected, [c for c in live if c not in elected])
    result.ranking = [[names[c] for c in t] for t in tiers]
    result.ties = [[names[c] for c in t] for t in tiers if len(t) > 1]
    result.notes.append("pairwise preferences d[row][column]: " + "; ".join(
        f"{names[i]}: " + ", ".join(f"{names[j]} {d[i][j]}" for j in live if j != i)
        for i in live))
    result.pairwise = {names[i]: {names[j]: d[i][j] for j in live if j != i} for i in live}
    return result
