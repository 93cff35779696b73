"""The ledger events the ballots app writes: elections, members' ballots (referendums),
petitions and sortition.

What is never here: who voted how in a poll. Votes in polls leave no event at all (the
published ballot file is the record); poll.opened commits to the roll without listing it.
"""

from __future__ import annotations

from collections.abc import Mapping

from openassembly.core.event_text import Reading
from openassembly.core.events import EventKind, committed, data, register, register_names
from openassembly.counting import METHOD_INFO

from .models import Petition, Poll, Sortition

POLL = data("the election's or ballot's number on this install", names="poll")
PETITION = data("the petition's number on this install", names="petition")
SORTITION = data("the sortition's number on this install", names="sortition")


def _poll(e: Reading) -> str:
    return e.titled("poll", "poll")


def _method(value: str) -> str:
    info = METHOD_INFO.get(value)
    return info.title if info else value


def _kind(value: str) -> str:
    try:
        return Poll.Kind(value).label
    except ValueError:
        return value


def _declared(e: Reading) -> str:
    what = f"{e.who} declared the result of {_poll(e)}"
    if e.get("kind") == Poll.Kind.ELECTION:
        return f"{what}: {e.listing(e['elected'], empty='nobody')} elected"
    votes = e.get("votes") or {}
    tally = ", ".join(f"{label} {n}" for label, n in votes.items())
    outcome = {True: "carried", False: "not carried"}.get(e.get("carried"), "")
    return f"{what}" + (f": {tally}" if tally else "") + (f"; {outcome}" if outcome else "")


def _withdrawn(e: Reading) -> str:
    text = f"{e['candidate']} withdrew from {_poll(e)}"
    if e.get("on_ballot_paper"):
        text += " after voting opened (their name stays on the paper and is not counted)"
    return text


def _started(e: Reading) -> str:
    text = f"{e.who} started the petition {e.quoted(e['title'])}"
    if e.has("recall"):
        recall = e["recall"]
        text += f", to recall {recall['holder']} from {recall['seat']}"
    return text


KINDS = (
    EventKind(
        kind="election.announced",
        label="Election announced",
        meaning="An election was announced with its timetable: nominations, voting and the "
                "date the roll is drawn.",
        fields={
            "poll": POLL,
            "election": data("the election's key in the constitution"),
            "title": data("its title"),
            "places": data("how many places are to be filled"),
            "method": data("the counting method (ers97, meek, irv, fptp…)"),
            "nominators": data("nominations each candidate needs"),
            "nominations_open_at": data("when nominations open (ISO 8601)"),
            "nominations_close_at": data("when they close"),
            "opens_at": data("when voting opens"),
            "closes_at": data("when voting closes"),
            "roll_date": data("the date the roll of voters is drawn (ISO date)"),
            "rule": data("the rule that provides for the election"),
        },
        sentence=lambda e: (
            f"{e.who} announced the election {e.quoted(e['title'])} for "
            f"{e.count(e['places'], 'place')}; voting from {e.when(e['opens_at'])} to "
            f"{e.when(e['closes_at'])}"
        ),
        example={"poll": 6, "election": "organising-group", "title": "Organising Group 2027",
                 "places": 5, "method": "ers97", "nominators": 2,
                 "nominations_open_at": "2027-01-04T09:00:00+00:00",
                 "nominations_close_at": "2027-01-18T17:00:00+00:00",
                 "opens_at": "2027-01-25T09:00:00+00:00",
                 "closes_at": "2027-02-08T17:00:00+00:00", "roll_date": "2027-01-18",
                 "rule": "6.1"},
    ),
    EventKind(
        kind="nominations.opened",
        label="Nominations opened",
        meaning="Nominations opened for an election.",
        fields={"poll": POLL, "title": data("the election's title")},
        sentence=lambda e: f"{e.who} opened nominations for {e.quoted(e['title'])}",
        example={"poll": 6, "title": "Organising Group 2027"},
    ),
    EventKind(
        kind="candidate.standing",
        label="Candidate standing",
        meaning="A member declared they are standing in an election.",
        fields={"poll": POLL, "candidate": data("the candidate's name (standing is public)")},
        sentence=lambda e: f"{e['candidate']} is standing in {_poll(e)}",
        example={"poll": 6, "candidate": "Ffion Rees"},
    ),
    EventKind(
        kind="candidate.nominated",
        label="Candidate nominated",
        meaning="A candidate received a nomination; the count against the number needed.",
        fields={
            "poll": POLL,
            "candidate": data("the candidate's name"),
            "nominations": data("nominations they have now"),
            "required": data("nominations they need"),
        },
        sentence=lambda e: (f"{e['candidate']} has {e.count(e['nominations'], 'nomination')} "
                            f"of {e['required']} needed in {_poll(e)}"),
        example={"poll": 6, "candidate": "Ffion Rees", "nominations": 2, "required": 2},
    ),
    EventKind(
        kind="candidate.withdrawn",
        label="Candidate withdrew",
        meaning="A candidate withdrew. Before voting they leave the ballot paper; during voting "
                "their name stays and the count treats them as withdrawn.",
        fields={
            "poll": POLL,
            "candidate": data("the candidate's name"),
            "stage": data("the election's stage when they withdrew"),
            "on_ballot_paper": data("whether their name stays on the paper", optional=True),
            "position": data("their place on the paper (when it stays)", optional=True),
            "label": data("their label on the paper (when it stays)", optional=True),
            "choices": data("the paper's choices after they left it (before voting)",
                            optional=True),
        },
        sentence=_withdrawn,
        example={"poll": 6, "candidate": "Ffion Rees", "stage": "open",
                 "on_ballot_paper": True, "position": 2, "label": "Ffion Rees"},
    ),
    EventKind(
        kind="nominations.closed",
        label="Nominations closed",
        meaning="Nominations closed: who is on the ballot paper and who was not validly "
                "nominated.",
        fields={
            "poll": POLL,
            "on_ballot": data("names of the candidates on the ballot paper"),
            "not_validly_nominated": data("names of those without enough nominations"),
            "nominators_required": data("nominations each candidate needed"),
            "rule": data("the rule on nominations"),
        },
        sentence=lambda e: (f"{e.who} closed nominations for {_poll(e)}: "
                            f"{e.listing(e['on_ballot'], empty='no one')} on the ballot paper"),
        example={"poll": 6, "on_ballot": ["Ffion Rees", "Idris Vaughan"],
                 "not_validly_nominated": [], "nominators_required": 2, "rule": "6.3"},
    ),
    EventKind(
        kind="slate.published",
        label="Slate published",
        meaning="A slate (candidates standing together on a platform) was published.",
        fields={
            "poll": POLL,
            "slate": data("the slate's name"),
            "platform_sha256": data("SHA-256 of its platform text"),
        },
        sentence=lambda e: f"{e.who} published the slate {e.quoted(e['slate'])} in {_poll(e)}",
        example={"poll": 6, "slate": "Clean Air Now", "platform_sha256": "4f1a…"},
    ),
    EventKind(
        kind="slate.signed",
        label="Slate joined",
        meaning="A candidate signed up to a slate's platform.",
        fields={
            "poll": POLL,
            "slate": data("the slate's name"),
            "candidate": data("the candidate's name"),
            "platform_sha256": data("SHA-256 of the platform text they signed"),
        },
        sentence=lambda e: (f"{e['candidate']} joined the slate {e.quoted(e['slate'])} in "
                            f"{_poll(e)}"),
        example={"poll": 6, "slate": "Clean Air Now", "candidate": "Ffion Rees",
                 "platform_sha256": "4f1a…"},
    ),
    EventKind(
        kind="questionnaire.set",
        label="Questionnaire set",
        meaning="A questionnaire was set for the candidates of an election.",
        fields={
            "poll": POLL,
            "title": data("the questionnaire's title"),
            "set_by": data("who set it (a body or group, as they asked to be named)"),
            "questions": data("the questions"),
        },
        sentence=lambda e: (f"{e.who} set the questionnaire {e.quoted(e['title'])} for "
                            f"{_poll(e)} ({e.count(len(e['questions']), 'question')})"),
        example={"poll": 6, "title": "Hustings questions", "set_by": "Youth Section",
                 "questions": ["What will you do about fares?"]},
    ),
    EventKind(
        kind="questionnaire.answered",
        label="Question answered",
        meaning="A candidate answered a question of a questionnaire.",
        fields={
            "poll": POLL,
            "question": data("the question's number on this install"),
            "sha256": data("SHA-256 of the answer's text"),
        },
        sentence=lambda e: f"{e.who} answered question {e['question']} for {_poll(e)}",
        example={"poll": 6, "question": 14, "sha256": "aa10…"},
    ),
    EventKind(
        kind="referendum.drafted",
        label="Members' ballot drafted",
        meaning="A members' ballot was drafted (by an officer, or by a successful petition).",
        fields={
            "poll": POLL,
            "question": data("the question put"),
            "options": data("the options on the paper"),
            "opens_at": data("when voting opens (ISO 8601)"),
            "closes_at": data("when it closes"),
            "rule": data("the rule that sets the majority needed"),
        },
        sentence=lambda e: (f"{e.who} drafted a members' ballot: {e.quoted(e['question'])} "
                            f"({e.listing(e['options'], empty='no options')})"),
        example={"poll": 7, "question": "Should we join the clean air coalition?",
                 "options": ["Yes", "No"], "opens_at": "2027-03-01T09:00:00+00:00",
                 "closes_at": "2027-03-15T17:00:00+00:00", "rule": "7.2"},
    ),
    EventKind(
        kind="referendum.scheduled",
        label="Members' ballot scheduled",
        meaning="A members' ballot's voting dates and roll date were set.",
        fields={
            "poll": POLL,
            "opens_at": data("when voting opens (ISO 8601)"),
            "closes_at": data("when it closes"),
            "roll_date": data("the date the roll is drawn (ISO date)"),
        },
        sentence=lambda e: (f"{e.who} scheduled {_poll(e)}: voting from "
                            f"{e.when(e['opens_at'])} to {e.when(e['closes_at'])}"),
        example={"poll": 7, "opens_at": "2027-03-01T09:00:00+00:00",
                 "closes_at": "2027-03-15T17:00:00+00:00", "roll_date": "2027-02-22"},
    ),
    EventKind(
        kind="referendum.statement",
        label="Ballot statement published",
        meaning="The case for or against in a members' ballot was published.",
        fields={
            "poll": POLL,
            "side": data("for or against"),
            "author": data("the author's name"),
        },
        sentence=lambda e: (f"{e['author']} published the case {e['side']} the proposal in "
                            f"{_poll(e)}"),
        example={"poll": 7, "side": "for", "author": "Morwen Ashby"},
    ),
    EventKind(
        kind="referendum.against-offered",
        label="Statement against offered",
        meaning="A member who did not sign the petition offered a statement against its "
                "members' ballot; the one with most co-signers when statements are due is "
                "chosen.",
        fields={"poll": POLL, "candidate": data("the offered statement's number")},
        sentence=lambda e: (f"{e.who} offered a statement against {_poll(e)} "
                            f"(number {e['candidate']})"),
        example={"poll": 7, "candidate": 3},
    ),
    EventKind(
        kind="referendum.against-cosigned",
        label="Statement against co-signed",
        meaning="A member co-signed an offered statement against (the ledger keeps the count, "
                "not the name).",
        fields={"poll": POLL, "candidate": data("the offered statement's number"),
                "cosigners": data("co-signers so far")},
        sentence=lambda e: (f"A member co-signed statement {e['candidate']} against "
                            f"{_poll(e)} ({e.count(e['cosigners'], 'co-signer')})"),
        example={"poll": 7, "candidate": 3, "cosigners": 12},
    ),
    EventKind(
        kind="scrutineer.appointed",
        label="Scrutineer named",
        meaning="A scrutineer was named for an election or members' ballot: they see its "
                "timetable, roll size and every officer act, and report with the result.",
        fields={"poll": POLL, "scrutineer": data("the scrutineer's name"),
                "kind": data("external (an independent organisation) or member")},
        sentence=lambda e: f"{e.who} named {e['scrutineer']} scrutineer of {_poll(e)}",
        example={"poll": 7, "scrutineer": "Electoral Reform Services", "kind": "external"},
    ),
    EventKind(
        kind="scrutiny.reported",
        label="Scrutineer's report filed",
        meaning="A scrutineer's report was put on the record, to be published with the result.",
        fields={"poll": POLL, "scrutineer": data("the scrutineer's name"),
                "sha256": data("SHA-256 of the report's text")},
        sentence=lambda e: (f"{e.who} filed the report of {e['scrutineer']}, scrutineer of "
                            f"{_poll(e)}"),
        example={"poll": 7, "scrutineer": "Electoral Reform Services", "sha256": "4b1e…"},
    ),
    EventKind(
        kind="poll.opened",
        label="Voting opened",
        meaning="Voting opened in an election or members' ballot; the roll is fixed (as a "
                "commitment: the ledger does not list who may vote).",
        fields={
            "poll": POLL,
            "kind": data("election or referendum"),
            "title": data("its title"),
            "method": data("the counting method"),
            "seats": data("places to fill (1 for a members' ballot)"),
            "choices": data("the choices on the paper, in order"),
            "closes_at": data("when voting closes (ISO 8601)"),
            "roll_date": data("the date the roll was drawn (ISO date)"),
            "roll_size": data("how many may vote"),
            "roll": committed("commitment to the member numbers on the roll"),
            "rule": data("the rule that provides for the poll"),
            "no_statement": data("sides of a ballot called by petition that opened marked "
                                 "\"no statement submitted\", as the rules allow",
                                 optional=True),
        },
        sentence=lambda e: (f"{e.who} opened voting in the {_kind(e['kind'])} "
                            f"{e.quoted(e['title'])} for {e.count(e['roll_size'], 'member')}, "
                            f"until {e.when(e['closes_at'])}"),
        example={"poll": 6, "kind": "election", "title": "Organising Group 2027",
                 "method": "ers97", "seats": 5, "choices": ["Ffion Rees", "Idris Vaughan"],
                 "closes_at": "2027-02-08T17:00:00+00:00", "roll_date": "2027-01-18",
                 "roll_size": 412, "roll": "c1:5d2e…", "rule": "6.1"},
    ),
    EventKind(
        kind="poll.closed",
        label="Voting closed",
        meaning="Voting closed; the anonymised ballots were published as a file anyone can "
                "count (its SHA-256 is here).",
        fields={
            "poll": POLL,
            "title": data("its title"),
            "roll_size": data("how many could vote"),
            "voters": data("how many voted"),
            "ballots": data("ballots in the published file"),
            "empty": data("empty ballots"),
            "ballots_sha256": data("SHA-256 of the published ballot file (BLT)"),
            "seed": data("the seed for any tie broken by lot"),
            "withdrawn": data("candidates withdrawn during voting"),
        },
        sentence=lambda e: (f"Voting closed in {e.quoted(e['title'])}: {e['voters']} of "
                            f"{e['roll_size']} voted"),
        example={"poll": 6, "title": "Organising Group 2027", "roll_size": 412, "voters": 268,
                 "ballots": 268, "empty": 3, "ballots_sha256": "0be4…", "seed": "7f3a…",
                 "withdrawn": []},
    ),
    EventKind(
        kind="poll.counted",
        label="Votes counted",
        meaning="The published ballots were counted by the stated method.",
        fields={
            "poll": POLL,
            "method": data("the counting method"),
            "seats": data("places filled"),
            "ballots_sha256": data("SHA-256 of the ballot file counted"),
            "seed": data("the seed for any tie broken by lot"),
            "result_sha256": data("SHA-256 of the full result, every stage included"),
            "elected": data("the choices elected (or chosen)"),
        },
        sentence=lambda e: (f"{e.who} counted {_poll(e)} by {_method(e['method'])}: "
                            f"{e.listing(e['elected'], empty='none')} elected"),
        example={"poll": 6, "method": "ers97", "seats": 5, "ballots_sha256": "0be4…",
                 "seed": "7f3a…", "result_sha256": "c9d0…",
                 "elected": ["Ffion Rees", "Idris Vaughan"]},
    ),
    EventKind(
        kind="poll.declared",
        label="Result declared",
        meaning="The result was declared, and what follows from it was done (seats filled, a "
                "recall carried out).",
        fields={
            "poll": POLL,
            "kind": data("election or referendum"),
            "title": data("its title"),
            "method": data("the counting method"),
            "elected": data("the choices elected (elections)"),
            "carried": data("whether it carried (members' ballots with two options), or null"),
            "votes": data("votes for each option (members' ballots), or null"),
            "roll_size": data("how many could vote"),
            "voters": data("how many voted"),
            "ballots": data("ballots counted"),
            "empty": data("empty ballots"),
            "invalid": data("invalid ballots"),
            "seed": data("the seed for any tie broken by lot"),
            "ballots_sha256": data("SHA-256 of the ballot file"),
            "result_sha256": data("SHA-256 of the full result"),
            "consequences": data("what was done because of the result"),
        },
        sentence=_declared,
        example={"poll": 7, "kind": "referendum",
                 "title": "Should we join the clean air coalition?", "method": "fptp",
                 "elected": ["Yes"], "carried": True, "votes": {"Yes": 201, "No": 64},
                 "roll_size": 412, "voters": 268, "ballots": 268, "empty": 3, "invalid": 0,
                 "seed": "7f3a…", "ballots_sha256": "0be4…", "result_sha256": "c9d0…",
                 "consequences": []},
    ),
    EventKind(
        kind="poll.cancelled",
        label="Ballot cancelled",
        meaning="An election or members' ballot was cancelled (with a second officer's "
                "confirmation once voting had opened; any ballots cast were destroyed unread).",
        fields={
            "poll": POLL,
            "kind": data("election or referendum"),
            "title": data("its title"),
            "reason": data("why, as published"),
            "stage": data("the stage it had reached"),
            "roll_size": data("how many could vote"),
            "voters": data("how many had voted"),
            "ballots": data("ballots cast"),
            "ballots_destroyed": data("ballots destroyed unread"),
            "mail_stopped": data("mail runs stopped"),
            "rule": data("the rule that provided for it"),
        },
        sentence=lambda e: (f"{e.who} cancelled the {_kind(e['kind'])} {e.quoted(e['title'])}: "
                            f"{e['reason']}"),
        example={"poll": 6, "kind": "election", "title": "Organising Group 2027",
                 "reason": "The roll was drawn on the wrong date", "stage": "open",
                 "roll_size": 412, "voters": 30, "ballots": 30, "ballots_destroyed": 30,
                 "mail_stopped": 1, "rule": "6.1"},
    ),
    EventKind(
        kind="petition.started",
        label="Petition started",
        meaning="A member started a petition (a recall petition names the seat holder).",
        fields={
            "petition": PETITION,
            "kind": data("the petition's kind, as the constitution names it"),
            "title": data("its title"),
            "rule": data("the rule that provides for it"),
            "recall": data("for a recall: the holder's name and the seat", optional=True),
        },
        sentence=_started,
        example={"petition": 3, "kind": "members-ballot", "title": "Ballot on the coalition",
                 "rule": "7.1"},
    ),
    EventKind(
        kind="petition.signed",
        label="Petition signed",
        meaning="A member signed a petition (the ledger keeps the count, not the name).",
        fields={"petition": PETITION, "signatures": data("signatures so far")},
        sentence=lambda e: (f"A member signed the petition {e.titled('petition', 'petition')} "
                            f"({e.count(e['signatures'], 'signature')})"),
        example={"petition": 3, "signatures": 41},
    ),
    EventKind(
        kind="petition.succeeded",
        label="Petition succeeded",
        meaning="A petition reached its threshold, and what the constitution says follows was "
                "done.",
        fields={
            "petition": PETITION,
            "signatures": data("signatures"),
            "threshold": data("the threshold reached"),
            "members": data("members entitled to sign when it was reached (the threshold's base)"),
            "rule": data("the rule that sets the threshold"),
            "reason": data("how the threshold was met, in words"),
            "consequence": data("what was done because of it"),
        },
        sentence=lambda e: (f"The petition {e.titled('petition', 'petition')} reached its "
                            f"threshold with {e.count(e['signatures'], 'signature')}: "
                            f"{e['consequence']}"),
        example={"petition": 3, "signatures": 42, "threshold": 42, "members": 412,
                 "rule": "7.1", "reason": "42 signatures is 10% of 412 members",
                 "consequence": "members' ballot 7 drafted"},
    ),
    EventKind(
        kind="sortition.announced",
        label="Sortition announced",
        meaning="A draw by lot was announced, with the rule for making its seed by commit "
        "and reveal.",
        fields={
            "sortition": SORTITION,
            "title": data("its title"),
            "places": data("places to draw"),
            "seed_sha256": data("SHA-256 of a server-made seed (draws before commit-reveal)",
                                optional=True),
            "procedure": data("the published procedures for the seed and the draw"),
            "rule": data("the rule that provides for it"),
            "witnesses": data("members besides the returning officer who must commit",
                              optional=True),
            "reveal_hours": data("hours after the close by which values are revealed",
                                 optional=True),
            "seed_rule": data("the rule for making the seed", optional=True),
        },
        sentence=lambda e: (f"{e.who} announced a draw by lot, {e.quoted(e['title'])}, for "
                            f"{e.count(e['places'], 'place')}"),
        example={"sortition": 2, "title": "Citizens' panel", "places": 12,
                 "procedure": "openassembly-commit-reveal-v1, openassembly-lot-v1",
                 "rule": "13.4", "witnesses": 2, "reveal_hours": 48, "seed_rule": "13.7"},
    ),
    EventKind(
        kind="sortition.committed",
        label="Commitment to a seed value",
        meaning="A party to a draw's seed gave the hash of a secret value it made on its own "
        "device; the value itself is revealed only after the pool closes.",
        fields={
            "sortition": SORTITION,
            "role": data("returning officer or witness"),
            "commitment": data("SHA-256 of the party's secret value"),
            "rule": data("the rule for making the seed"),
        },
        sentence=lambda e: (f"{e.who} committed, as {e['role']}, to a secret value for the "
                            f"seed of {e.titled('sortition', 'sortition')}"),
        example={"sortition": 2, "role": "witness", "commitment": "3138…", "rule": "13.7"},
    ),
    EventKind(
        kind="sortition.revealed",
        label="Seed value revealed",
        meaning="A party revealed its secret value after the pool closed; its SHA-256 matched "
        "the commitment it gave before.",
        fields={
            "sortition": SORTITION,
            "role": data("returning officer or witness"),
            "commitment": data("the commitment given before the close"),
            "value": data("the value, 64 hex digits"),
        },
        sentence=lambda e: (f"{e.who} revealed, as {e['role']}, their value for the seed of "
                            f"{e.titled('sortition', 'sortition')}"),
        example={"sortition": 2, "role": "witness", "commitment": "3138…",
                 "value": "1111…"},
    ),
    EventKind(
        kind="sortition.fallback",
        label="Seed value withheld",
        meaning="A party had not revealed its value by the deadline, so the published fallback, "
        "fixed by its commitment, stands in its place.",
        fields={
            "sortition": SORTITION,
            "party": data("the party who did not reveal"),
            "role": data("returning officer or witness"),
            "commitment": data("the commitment it gave before the close"),
            "value": data("the fallback value used in its place"),
            "rule": data("the rule for making the seed"),
        },
        sentence=lambda e: (f"{e['party']} did not reveal their value for the seed of "
                            f"{e.titled('sortition', 'sortition')} by the deadline; the "
                            f"fallback under rule {e['rule']} stands in its place"),
        example={"sortition": 2, "party": "Idris Vaughan", "role": "witness",
                 "commitment": "271a…", "value": "withheld:271a…", "rule": "13.7"},
    ),
    EventKind(
        kind="sortition.volunteered",
        label="Volunteer joined the pool",
        meaning="A member put their name into a sortition's pool (the ledger keeps the count).",
        fields={"sortition": SORTITION, "pool": data("names in the pool so far")},
        sentence=lambda e: (f"A member volunteered for {e.titled('sortition', 'sortition')} "
                            f"({e.count(e['pool'], 'volunteer')})"),
        example={"sortition": 2, "pool": 57},
    ),
    EventKind(
        kind="sortition.pool_closed",
        label="Sortition pool closed",
        meaning="The pool was closed and its list fixed by hash.",
        fields={
            "sortition": SORTITION,
            "pool_size": data("names in the pool"),
            "pool_sha256": data("SHA-256 of the pool's list"),
            "reveal_by": data("when the parties' values must be revealed by", optional=True),
        },
        sentence=lambda e: (f"{e.who} closed the pool for "
                            f"{e.titled('sortition', 'sortition')} with "
                            f"{e.count(e['pool_size'], 'name')}"),
        example={"sortition": 2, "pool_size": 57, "pool_sha256": "d4e5…",
                 "reveal_by": "2026-05-03T18:00:00+00:00"},
    ),
    EventKind(
        kind="sortition.drawn",
        label="Sortition drawn",
        meaning="The draw was made with a seed from the parties' revealed values; anyone can "
        "repeat it.",
        fields={
            "sortition": SORTITION,
            "seed": data("the seed, made from the published values"),
            "pool_sha256": data("SHA-256 of the pool's list"),
            "selected": data("the names drawn, in order"),
            "procedure": data("how the seed was made", optional=True),
            "values": data("each party's commitment and the value used for it",
                           optional=True),
        },
        sentence=lambda e: (f"{e.who} drew {e.titled('sortition', 'sortition')}: "
                            f"{e.listing(e['selected'])}"),
        example={"sortition": 2, "seed": "1f9e…", "pool_sha256": "d4e5…",
                 "selected": ["Ffion Rees", "Idris Vaughan"],
                 "procedure": "openassembly-commit-reveal-v1",
                 "values": [["271a…", "withheld:271a…"], ["3138…", "1111…"]]},
    ),
)


def _titles(model):
    def lookup(organisation, ids: set) -> Mapping[int, str]:
        return dict(model.objects.filter(organisation=organisation, pk__in=ids)
                    .order_by().values_list("pk", "title"))
    return lookup


def register_kinds() -> None:
    register("ballots", *KINDS)
    register_names("poll", _titles(Poll), fallback=lambda pk: f"ballot {pk}",
                   example='Organising Group 2027')
    register_names("petition", _titles(Petition), fallback=lambda pk: f"petition {pk}",
                   example='Ballot on the coalition')
    register_names("sortition", _titles(Sortition), fallback=lambda pk: f"sortition {pk}",
                   example="Citizens' panel")
