"""STV by Meek's method under the New Zealand rules (methods ``meek-nz`` and ``meek``).

Rule source: Local Electoral Regulations 2001 (New Zealand), Schedule 1A "New Zealand
method of counting single transferable votes", Part 1, read with I.D. Hill, B.A. Wichmann
and D.R. Woodall, "Algorithm 123: Single Transferable Vote by Meek's method", Computer
Journal 30(3), 1987, and B.A. Wichmann, "The computational accuracy using the Meek
algorithm", Voting matters 12 (2000), whose example is a test fixture.

What the code does, clause by clause: all values are fixed-point with nine decimal places
(an integer count of 10^-9 votes). Quota (cl. 5): (votes - non-transferable) / (seats + 1)
truncated to nine places, plus 0.000000001. Each voting document starts at value 1 and gives
each candidate in preference order ``value x keep value`` rounded *up* to nine places,
passing on the rest (cl. 10); withdrawn and excluded candidates have keep value 0, hopeful
ones 1. After every distribution the quota is recalculated and hopefuls reaching it are
elected (cl. 11-12); keep values of elected candidates become
``ceil(ceil(keep x quota) / votes)`` (cl. 17). Iteration stops when the total surplus is
below 0.0001 (cl. 13, as OpenSTV's NZ plugin reads it) or keep values stop changing (the
"stable state" of Algorithm 123); then the hopeful with fewest votes is excluded, ties
"ahead at first difference" over the earlier stages and then by our seeded lot (the
Schedule's own pseudo-random generator is replaced by the published seeded procedure). A
hopeful whose votes plus the total surplus are below the next hopeful's is excluded at once
(Algorithm 123). Nine places carry a transfer of 1/16,000,000 of a vote (6.25e-8), the case
of Wichmann's example.

Speed: ballots are held as a prefix tree; a distribution walks only the branches below
elected or excluded candidates, because a hopeful candidate keeps a whole vote.
"""

from __future__ import annotations

from openassembly.counting.model import Election, Result
from openassembly.counting.tally import Recorder, check_seats, pick, prepare_ranked

PLACES = 9
ONE = 10**PLACES
SURPLUS_LIMIT = ONE // 10_000  # 0.0001
MAX_ITERATIONS = 100_000

# A trie node: [weight through this node, weight ending here, children by candidate].
Node = list


def _trie(rankings: list[tuple[int, ...]], weights: list[int]) -> dict[int, Node]:
    root: dict[int, Node] = {}
    for r, w in zip(rankings, weights, strict=True):
        level = root
        last = len(r) - 1
        for i, c in enumerate(r):
            node = level.get(c)
            if node is None:
                node = level[c] = [0, 0, {}]
            node[0] += w
            if i == last:
                node[1] += w
            level = node[2]
    return root


def _distribute(root: dict[int, Node], keep: list[int], n: int) -> tuple[list[int], int]:
    votes = [0] * n
    exhausted = 0

    def walk(children: dict[int, Node], r: int) -> None:
        nonlocal exhausted
        for c, (through, ends, kids) in children.items():
            k = keep[c]
            if k == ONE:
                votes[c] += r * through
                continue
            if k:
                part = -(-r * k // ONE)
                votes[c] += part * through
                rem = r - part
            else:
                rem = r
            if rem:
                if ends:
                    exhausted += rem * ends
                if kids:
                    walk(kids, rem)

    walk(root, ONE)
    return votes, exhausted


def count_meek(election: Election, *, seats: int, seed: str = "") -> Result:
    check_seats(election, seats, "meek")
    rankings, weights, invalid = prepare_ranked(election, "meek")
    names = election.candidates
    n = len(names)
    total = sum(weights) * ONE
    rec = Recorder(election, method="meek", rule="Meek STV, New Zealand Schedule 1A",
                   seats=seats, places=PLACES, seed=seed, total=total, invalid=invalid)
    root = _trie(rankings, weights)
    keep = [0 if c in election.withdrawn else ONE for c in range(n)]
    hopeful = [c not in election.withdrawn for c in range(n)]
    elected: list[int] = []
    excluded: list[int] = []

    def quota_for(exhausted: int) -> int:
        return (total - exhausted) // (seats + 1) + 1

    votes, exhausted = _distribute(root, keep, n)
    quota = quota_for(exhausted)
    history = [votes]

    def elect_reaching() -> list[int]:
        new = [c for c in range(n) if hopeful[c] and votes[c] >= quota]
        new.sort(key=lambda c: (-votes[c], c))
        new = new[: seats - len(elected)]
        for c in new:
            hopeful[c] = False
            elected.append(c)
        return new

    def record(action: str, subject: list[int], reason: str, new: list[int],
               gone: list[int], mark: int) -> None:
        rec.stage(action, subject, reason, votes, exhausted=exhausted, quota=quota,
                  elected=new, excluded=gone, lots_from=mark)
        history.append(list(votes))

    new = elect_reaching()
    record("first", [], "first preferences (cl. 6)", new, [], 0)
    iterations = 0
    prev_keep: list[int] | None = None
    while len(elected) < seats:
        live = [c for c in range(n) if hopeful[c]]
        if len(live) + len(elected) <= seats:
            live.sort(key=lambda c: (-votes[c], c))
            for c in live:
                hopeful[c] = False
                elected.append(c)
            record("elect", live, "hopefuls equal the vacancies left (cl. 3)", live, [],
                   len(rec.lots.draws))
            break
        surplus = sum(votes[c] - quota for c in elected if votes[c] > quota)
        stable = prev_keep == keep
        live.sort(key=lambda c: votes[c])
        sure = votes[live[0]] + surplus < votes[live[1]]
        if surplus < SURPLUS_LIMIT or stable or sure or iterations >= MAX_ITERATIONS:
            mark = len(rec.lots.draws)
            low = votes[live[0]]
            c, how = pick([h for h in live if votes[h] == low], history, lowest=True,
                          forward=True, lots=rec.lots, names=names,
                          purpose="which hopeful with fewest votes to exclude (cl. 19)",
                          stage=len(rec.result.stages) + 1)
            why = "votes plus total surplus below the next hopeful" if sure and not (
                surplus < SURPLUS_LIMIT) else "surplus below 0.0001" if not stable else \
                "keep values stable"
            hopeful[c] = False
            keep[c] = 0
            excluded.append(c)
            prev_keep = None
            votes, exhausted = _distribute(root, keep, n)
            quota = quota_for(exhausted)
            new = elect_reaching()
            reason = f"exclusion of {names[c]} ({why}, after {iterations} iterations)"
            if how:
                reason += f"; tie {how}"
            record("exclusion", [c], reason, new, [c], mark)
            iterations = 0
            continue
        prev_keep = list(keep)
        for c in elected:
            if votes[c] > 0:
                k = -(-keep[c] * quota // ONE)
                keep[c] = min(ONE, -(-k * ONE // votes[c]))
        votes, exhausted = _distribute(root, keep, n)
        quota = quota_for(exhausted)
        iterations += 1
        new = elect_reaching()
        if new:
            record("iteration", new, f"elected after {iterations} iterations (cl. 12)", new,
                   [], len(rec.lots.draws))
            iterations = 0
    rest = [c for c in range(n) if hopeful[c]]
    result = rec.finish(elected, excluded + rest, quota)
    result.notes.append("keep values at the end: " + ", ".join(
        f"{names[c]} {keep[c] / ONE:.9f}" for c in elected))
    return result
