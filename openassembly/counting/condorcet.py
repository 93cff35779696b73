"""Ranked pairs (Tideman) and minimax (Simpson-Kramer), beside Schulze, with the matrix shown.

Both start from the pairwise matrix of ``schulze.pairwise``: d[a][b] is the weight of the
ballots preferring a to b (a ballot prefers every candidate it ranks to every one it leaves
out; equal rankings are allowed). a *defeats* b when d[a][b] > d[b][a]; the strength of that
defeat is measured in **winning votes**, d[a][b], as in the Schulze module.

Ranked pairs. Rule source: T. N. Tideman, "Independence of clones as a criterion for voting
rules", Social Choice and Welfare 4 (1987) 185-206, section 5; with the tie-breaking of
T. M. Zavist and T. N. Tideman, "Complete independence of clones in the ranked pairs rule",
Social Choice and Welfare 6 (1989) 167-173. Defeats are taken strongest first (most winning
votes; among equals, the smaller opposing vote first) and each is locked in unless it would
make a cycle with those already locked. When defeats of exactly equal strength conflict (the
order in which they are taken could matter), the candidates are put in a tie-breaking order
by the published lot (the Zavist-Tideman "tie-breaking ranking of candidates"), recorded in
the result, and those defeats are taken in that order: a defeat whose winner ranks higher
first, then one whose loser ranks lower. The locked defeats rank the candidates: a tier is
the candidates no remaining candidate is locked above.

Minimax, winning votes variant. Rule source: P. B. Simpson, "On defining areas of voter
choice", Quarterly Journal of Economics 83 (1969) 478-490; G. H. Kramer, "A dynamical model
of political equilibrium", Journal of Economic Theory 16 (1977) 310-334. A candidate's score
is its strongest defeat in winning votes (0 when nobody defeats it); the lowest score wins,
and candidates are ranked by score. (The margins and pairwise-opposition variants differ
when ballots are truncated or rank candidates equally; this module counts winning votes.)

Candidates a rule cannot separate form one tier and are reported as tied; when a tier
straddles the number of seats the seeded lot orders it and the result records the draw.
"""

from __future__ import annotations

from openassembly.counting.model import Election, Result
from openassembly.counting.schulze import start_pairwise
from openassembly.counting.tally import Recorder


def matrix_note(names: list[str], d: list[list[int]], live: list[int]) -> str:
    return "pairwise preferences d[row][column]: " + "; ".join(
        f"{names[i]}: " + ", ".join(f"{names[j]} {d[i][j]}" for j in live if j != i)
        for i in live)


def pairwise_table(names: list[str], d: list[list[int]],
                   live: list[int]) -> dict[str, dict[str, int]]:
    """The matrix by name: table[a][b] is the weight of ballots preferring a to b."""
    return {names[i]: {names[j]: d[i][j] for j in live if j != i} for i in live}


def _reaches(locked: dict[int, set[int]], start: int, goal: int) -> bool:
    seen = {start}
    todo = [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        for nxt in locked[node]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def _acyclic(locked: dict[int, set[int]], extra: list[tuple[int, int]]) -> bool:
    graph = {k: set(v) for k, v in locked.items()}
    for a, b in extra:
        graph[a].add(b)
    state: dict[int, int] = {}

    def visit(node: int) -> bool:
        state[node] = 1
        for nxt in graph[node]:
            mark = state.get(nxt)
            if mark == 1 or (mark is None and not visit(nxt)):
                return False
        state[node] = 2
        return True

    return all(state.get(n) == 2 or visit(n) for n in graph)


def _finish(rec: Recorder, election: Election, seats: int, tiers: list[list[int]],
            scores: list[int], reason: str, d: list[list[int]], live: list[int],
            purpose: str) -> Result:
    names = election.candidates
    elected: list[int] = []
    for tier in tiers:
        room = seats - len(elected)
        if room <= 0:
            break
        if len(tier) <= room:
            elected.extend(tier)
        else:
            drawn = rec.lots.order([names[c] for c in tier], purpose=purpose, stage=1)
            elected.extend(names.index(x) for x in drawn[:room])
    rec.stage("tally", [], reason, scores, elected=elected,
              lots_from=0 if rec.lots.draws else None)
    result = rec.finish(elected, [c for c in live if c not in elected])
    result.ranking = [[names[c] for c in t] for t in tiers]
    result.ties.extend([names[c] for c in t] for t in tiers if len(t) > 1)
    result.notes.append(matrix_note(names, d, live))
    result.pairwise = pairwise_table(names, d, live)
    return result


def count_ranked_pairs(election: Election, *, seats: int = 1, seed: str = "") -> Result:
    live, d, rec = start_pairwise(election, seats=seats, seed=seed, method="ranked-pairs",
                                  rule="Ranked pairs (winning votes)")
    names = election.candidates
    n = len(names)
    defeats = sorted(((d[a][b], d[b][a], a, b) for a in live for b in live
                      if d[a][b] > d[b][a]), key=lambda x: (-x[0], x[1]))
    locked: dict[int, set[int]] = {c: set() for c in live}
    tbrc: list[int] | None = None
    notes: list[str] = []
    i = 0
    while i < len(defeats):
        j = i
        while j < len(defeats) and defeats[j][:2] == defeats[i][:2]:
            j += 1
        group = [(a, b) for _, _, a, b in defeats[i:j]]
        i = j
        if len(group) > 1 and not _acyclic(locked, group) and any(
                not _reaches(locked, b, a) for a, b in group):
            # Equal defeats in conflict: the order could decide, so it comes from a lot.
            if tbrc is None:
                order = rec.lots.order([names[c] for c in live], purpose=(
                    "tie-breaking ranking of candidates for equal defeats"), stage=1)
                tbrc = [names.index(x) for x in order]
            pos = {c: k for k, c in enumerate(tbrc)}
            group.sort(key=lambda p: (pos[p[0]], -pos[p[1]]))
            notes.append("equal defeats taken in the lot's order: " + ", ".join(
                f"{names[a]} over {names[b]}" for a, b in group))
        for a, b in group:
            if not _reaches(locked, b, a):
                locked[a].add(b)
    tiers: list[list[int]] = []
    left = set(live)
    while left:
        top = sorted(c for c in left if not any(c in locked[o] for o in left if o != c))
        tiers.append(top)
        left -= set(top)
    beaten = [len(locked[c]) if c in locked else 0 for c in range(n)]
    reason = "pairwise contests; defeats locked in strongest first; score = defeats locked"
    result = _finish(rec, election, seats, tiers, beaten, reason, d, live,
                     "ranked pairs tie across the last seat(s)")
    result.notes.extend(notes)
    result.notes.append("locked defeats, strongest first: " + "; ".join(
        f"{names[a]} over {names[b]} {w}-{lose}" for w, lose, a, b in defeats
        if b in locked[a]))
    return result


def count_minimax(election: Election, *, seats: int = 1, seed: str = "") -> Result:
    live, d, rec = start_pairwise(election, seats=seats, seed=seed, method="minimax",
                                  rule="Minimax (winning votes)")
    names = election.candidates
    n = len(names)
    worst = [0] * n
    for c in live:
        worst[c] = max((d[o][c] for o in live if d[o][c] > d[c][o]), default=0)
    tiers: list[list[int]] = []
    for score in sorted({worst[c] for c in live}):
        tiers.append([c for c in live if worst[c] == score])
    reason = "pairwise contests; score = strongest defeat in winning votes (lowest wins)"
    return _finish(rec, election, seats, tiers, worst, reason, d, live,
                   "minimax tie across the last seat(s)")
