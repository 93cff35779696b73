"""STV by the weighted inclusive Gregory method (WIGM), in exact rational arithmetic.

Rule source: the generic WIGM rule as droop (J. Lundell) defines and publishes it, rule
``wigm`` with rational arithmetic; checked stage by stage against droop's reference reports
(``*-wigm-rational-d12.txt``). It is the family of the Scottish rules and of the PR
Foundation's WIGM reference rule, without their rounding.

What the code does: the quota is valid ballots / (seats + 1), exactly, and a candidate with
*more* votes than the quota is elected (with exact arithmetic a candidate holding exactly
the quota cannot be told apart from one short of it). Each round first elects every hopeful
over the quota (transfer pending); then, if any elected candidate's surplus is untransferred,
the largest is transferred: every ballot the candidate holds goes on to its next hopeful
candidate at ``value x surplus / candidate's votes``, and the candidate keeps the quota;
otherwise the hopeful with fewest votes is defeated and each of its ballots goes on at the
value it has. Ties (equal largest surpluses, equal fewest votes) are broken by the ballot
file's tie order when it gives one, else by the seeded lot. Rounds continue while more
hopefuls remain than seats left; the rest are then elected, or defeated when seats are full.

Figures are exact fractions; stages show them rounded half up to 12 decimal places (the
reference reports' precision), and a stage's ``rounding`` is what that display rounding
leaves over, so that votes + exhausted + rounding = total holds in every stage.

Speed: a candidate's ballots are held grouped by value, so a surplus transfer does one
fraction multiplication per distinct value, not per ballot.
"""

from __future__ import annotations

from fractions import Fraction

from openassembly.counting.model import Election, Result
from openassembly.counting.tally import Recorder, check_seats, prepare_ranked

PLACES = 12
SCALE = 10**PLACES
RULE = "WIGM STV (weighted inclusive Gregory), exact rational arithmetic"


def shown(value: Fraction | int) -> int:
    """A value rounded half up to ``PLACES`` decimal places, as a scaled integer."""
    f = Fraction(value)
    return (2 * f.numerator * SCALE + f.denominator) // (2 * f.denominator)


def record(rec: Recorder, action: str, subject: list[int], reason: str,
           votes: list[Fraction], exhausted: Fraction, total: int, **marks: object) -> None:
    """Record a stage of an exact count at the display precision."""
    shown_votes = [shown(v) for v in votes]
    gone = shown(exhausted)
    rounding = total * SCALE - sum(shown_votes[c] for c in rec.live) - gone
    rec.stage(action, subject, reason, shown_votes, exhausted=gone, rounding=rounding,
              **marks)  # type: ignore[arg-type]


# A pile: value -> list of (ballot index, position on the ballot).
Pile = dict[Fraction, list[tuple[int, int]]]


def count_wigm(election: Election, *, seats: int, seed: str = "") -> Result:
    check_seats(election, seats, "wigm")
    rankings, weights, invalid = prepare_ranked(election, "wigm")
    names = election.candidates
    n = len(names)
    papers = sum(weights)
    quota = Fraction(papers, seats + 1)
    rec = Recorder(election, method="wigm", rule=RULE, seats=seats, places=PLACES, seed=seed,
                   total=papers * SCALE, invalid=invalid)
    hopeful = [c not in election.withdrawn for c in range(n)]
    piles: list[Pile] = [{} for _ in range(n)]
    votes = [Fraction(0)] * n
    one = Fraction(1)
    for bi, r in enumerate(rankings):
        piles[r[0]].setdefault(one, []).append((bi, 0))
        votes[r[0]] += weights[bi]
    exhausted = Fraction(0)
    elected: list[int] = []
    pending: list[int] = []
    defeated: list[int] = []

    def transfer(pile: Pile, factor: Fraction | None) -> None:
        nonlocal exhausted
        for value, entries in pile.items():
            value = value if factor is None else value * factor
            moved: dict[int, list[tuple[int, int]]] = {}
            dead = 0
            for bi, pos in entries:
                r = rankings[bi]
                p = pos + 1
                while p < len(r) and not hopeful[r[p]]:
                    p += 1
                if p < len(r):
                    moved.setdefault(r[p], []).append((bi, p))
                else:
                    dead += weights[bi]
            for target, items in moved.items():
                piles[target].setdefault(value, []).extend(items)
                votes[target] += value * sum(weights[bi] for bi, _ in items)
            exhausted += value * dead

    record(rec, "first", [], "first preferences", votes, exhausted, papers, quota=shown(quota))
    while sum(hopeful) > seats - len(elected) > 0:
        new = sorted((c for c in range(n) if hopeful[c] and votes[c] > quota),
                     key=lambda c: (-votes[c], c))
        for c in new:
            hopeful[c] = False
            elected.append(c)
            pending.append(c)
        mark = len(rec.lots.draws)
        stage_no = len(rec.result.stages) + 1
        if pending:
            top = max(votes[c] for c in pending)
            c = _pick([p for p in pending if votes[p] == top], rec, names, stage_no,
                      "which of equal surpluses to transfer first")
            pending.remove(c)
            surplus = votes[c] - quota
            pile, piles[c] = piles[c], {}
            transfer(pile, surplus / votes[c])
            votes[c] = quota
            action, reason = "surplus", f"surplus of {names[c]} transferred"
        else:
            low = min(votes[h] for h in range(n) if hopeful[h])
            c = _pick([h for h in range(n) if hopeful[h] and votes[h] == low], rec, names,
                      stage_no, "which hopeful with fewest votes to defeat")
            hopeful[c] = False
            defeated.append(c)
            pile, piles[c] = piles[c], {}
            transfer(pile, None)
            votes[c] = Fraction(0)
            action, reason = "exclusion", f"defeat of {names[c]}, ballots transferred"
        if len(rec.lots.draws) > mark:
            reason += f"; tie broken by draw {len(rec.lots.draws)}"
        record(rec, action, [c], reason, votes, exhausted, papers, quota=shown(quota),
               elected=new, excluded=[c] if action == "exclusion" else [], lots_from=mark)
    rest = [c for c in range(n) if hopeful[c]]
    if rest and len(elected) < seats:
        rest.sort(key=lambda c: (-votes[c], c))
        elected.extend(rest)
        record(rec, "elect", rest, "hopefuls equal the seats left", votes, exhausted, papers,
               quota=shown(quota), elected=rest)
    elif rest:
        defeated.extend(rest)
        record(rec, "exclusion", rest, "seats filled; remaining hopefuls defeated", votes,
               exhausted, papers, quota=shown(quota), excluded=rest)
    return rec.finish(elected, defeated, shown(quota))


def _pick(tied: list[int], rec: Recorder, names: list[str], stage: int, purpose: str) -> int:
    """One of ``tied``: the file's tie order or the seeded lot decides (droop's rule looks
    at no earlier stage)."""
    if len(tied) == 1:
        return tied[0]
    order = rec.lots.order([names[c] for c in tied], purpose=purpose, stage=stage)
    return names.index(order[0])
