"""First past the post, block vote and approval voting.

Rule sources: first past the post and block vote as in the Local Government Act 1972 /
Representation of the People Act 1983 (each voter marks up to as many candidates as there
are seats; the candidates with most votes are elected; an equality for the last place is
decided by lot, Parliamentary Elections Rules r.49); approval voting as defined by Brams
and Fishburn, "Approval Voting" (1983): each ballot gives one vote to every candidate it
marks. With ranked ballots, first past the post counts the first preference and block vote
the first ``seats`` preferences; approval counts every candidate a ballot names (equal
rankings allowed).
"""

from __future__ import annotations

from openassembly.counting.model import Election, Result
from openassembly.counting.tally import Recorder, check_seats, prepare_ranked


def _flat(ranking: tuple) -> list[int]:
    out: list[int] = []
    for x in ranking:
        out.extend(x if type(x) is tuple else (x,))
    return out


def _tally(election: Election, *, method: str, rule: str, seats: int, seed: str,
           marks: int | None) -> Result:
    check_seats(election, seats, method)
    rankings, weights, invalid = prepare_ranked(election, method, allow_equal=method ==
                                                "approval")
    n = len(election.candidates)
    votes = [0] * n
    for r, w in zip(rankings, weights, strict=True):
        flat = _flat(r)
        for c in flat if marks is None else flat[:marks]:
            votes[c] += w
    rec = Recorder(election, method=method, rule=rule, seats=seats, places=0, seed=seed,
                   total=sum(weights), invalid=invalid)
    live = [c for c in range(n) if c not in election.withdrawn]
    order = sorted(live, key=lambda c: -votes[c])
    cut = votes[order[seats - 1]]
    sure = [c for c in order if votes[c] > cut]
    tied = [c for c in order if votes[c] == cut]
    elected = list(sure)
    if len(sure) + len(tied) > seats:
        drawn = rec.lots.order([election.candidates[c] for c in tied],
                               purpose="equality of votes for the last place(s)", stage=1)
        elected += [election.candidates.index(x) for x in drawn[: seats - len(sure)]]
    else:
        elected += tied
    reason = "votes counted"
    if rec.lots.draws:
        reason += "; equality for the last place decided by lot"
    rec.stage("tally", [], reason, votes, elected=elected,
              lots_from=0 if rec.lots.draws else None)
    excluded = [c for c in order if c not in elected]
    return rec.finish(elected, excluded)


def count_fptp(election: Election, *, seats: int = 1, seed: str = "") -> Result:
    return _tally(election, method="fptp", rule="first past the post", seats=seats,
                  seed=seed, marks=1)


def count_block(election: Election, *, seats: int, seed: str = "") -> Result:
    return _tally(election, method="block", rule="block vote", seats=seats, seed=seed,
                  marks=seats)


def count_approval(election: Election, *, seats: int, seed: str = "") -> Result:
    return _tally(election, method="approval", rule="approval voting", seats=seats,
                  seed=seed, marks=None)
