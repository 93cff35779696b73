"""Elections, members' ballots and petitions in JSON: the same reads as the pages, and casting
a ballot with the member's browser session (Django's CSRF check), through the same service."""

from __future__ import annotations

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from openassembly.api.auth import Anyone, member_auth
from openassembly.api.errors import READ, refusals
from openassembly.ballots import selectors, services
from openassembly.ballots.models import Petition, Poll
from openassembly.ballots.receipts import ReceiptError, display, normalise
from openassembly.ballots.selectors import choices_of, threshold
from openassembly.core import limits
from openassembly.core.access import require_member
from openassembly.core.errors import InvalidInput, NotFound
from openassembly.core.models import Organisation

router = Router(tags=["ballots"])


class PollOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    rule: str
    method: str
    seats: int
    opens_at: datetime
    closes_at: datetime
    roll_date: str
    choices: list[str]


class PollDetail(PollOut):
    turnout: dict | None
    ballots_sha256: str
    seed: str
    outcome: dict
    result: dict | None


class BallotOut(Schema):
    receipt: str
    marks: list[str]


class ReceiptOut(Schema):
    receipt: str
    found: bool
    marks: list[str]


class BallotIn(Schema):
    marks: list[int]
    blank: bool = False
    # The client's half of the receipt (15 symbols of the receipt alphabet), to recompute a
    # receipt whose response was lost: docs/api.md.
    secret: str | None = Field(default=None, max_length=15)
    # Ignored: a client pads every request of a poll to one length with it, so the size of the
    # encrypted request does not tell the choice (docs/threat-model.md).
    padding: str = Field(default="", max_length=20_000)


class CastOut(Schema):
    receipt: str


class PetitionOut(Schema):
    id: int
    kind: str
    rule: str
    title: str
    status: str
    signatures: int
    needed: int
    consequence: str


def _poll(org: str, pk: int) -> Poll:
    poll = Poll.objects.filter(organisation__slug=org, pk=pk).select_related("organisation")
    found = poll.first()
    if found is None:
        raise NotFound("No such ballot.")
    return found


def _out(poll: Poll, labels: list[str]) -> dict:
    return {
        "id": poll.pk,
        "kind": poll.kind,
        "title": poll.title,
        "status": poll.status,
        "rule": poll.rule,
        "method": poll.method,
        "seats": poll.seats,
        "opens_at": poll.opens_at,
        "closes_at": poll.closes_at,
        "roll_date": poll.roll_date.isoformat(),
        "choices": labels,
    }


@router.get("/o/{org}/polls", response={200: list[PollOut], **refusals(*READ)}, auth=Anyone())
def list_polls(request, org: str):
    organisation = get_object_or_404(Organisation, slug=org)
    polls = list(selectors.polls(organisation).prefetch_related("choices"))
    return [
        _out(p, [c.label for c in sorted(p.choices.all(), key=lambda c: c.position)]) for p in polls
    ]


@router.get("/o/{org}/polls/{pk}", response={200: PollDetail, **refusals(*READ, 422)},
            auth=Anyone())
def get_poll(request, org: str, pk: int):
    poll = _poll(org, pk)
    labels = [c.label for c in choices_of(poll)]
    return {
        **_out(poll, labels),
        "turnout": None if poll.status == Poll.Status.DRAFT else selectors.live_turnout(poll),
        "ballots_sha256": poll.blt_sha256,
        "seed": poll.seed,
        "outcome": poll.outcome,
        "result": poll.result,
    }


@router.get("/o/{org}/polls/{pk}/ballots",
            response={200: list[BallotOut], **refusals(*READ, 422)}, auth=Anyone())
def list_ballots(request, org: str, pk: int):
    poll = _poll(org, pk)
    if not poll.published:
        raise NotFound("Ballots are published when voting closes.")
    labels = {c.position: c.label for c in choices_of(poll)}
    return [
        {"receipt": display(b.receipt), "marks": [labels[m] for m in b.marks]}
        for b in selectors.published_ballots(poll)
    ]


@router.get("/o/{org}/polls/{pk}/receipts/{code}",
            response={200: ReceiptOut, **refusals(400, *READ, 422)}, auth=Anyone())
def check_receipt(request, org: str, pk: int, code: str):
    poll = _poll(org, pk)
    if not poll.published:
        raise NotFound("Ballots are published when voting closes.")
    try:
        canonical = normalise(code)
    except ReceiptError as error:
        raise InvalidInput(str(error)) from None
    ballot = selectors.find_receipt(poll, canonical)
    labels = {c.position: c.label for c in choices_of(poll)}
    return {
        "receipt": display(canonical),
        "found": ballot is not None,
        "marks": [labels[m] for m in ballot.marks] if ballot else [],
    }


@router.post("/o/{org}/polls/{pk}/ballot",
             response={200: CastOut, **refusals(400, 401, 403, 404, 409, 422, 429)},
             auth=member_auth("vote"), url_name="cast_ballot")
def cast(request, org: str, pk: int, payload: BallotIn):
    """Cast a secret ballot with a token with the "vote" scope, or the member's browser
    session and CSRF token. ``marks`` are
    choice positions (1 is the first on the paper): in order of preference for a ranked ballot,
    the choices marked otherwise. A blank ballot is ``{"marks": [], "blank": true}``. The
    receipt is in this response and nowhere else. ``secret`` (optional) lets the client
    recompute a lost receipt; ``padding`` is ignored, for padding every request to one size."""
    member = require_member(request.viewer)
    if payload.blank and payload.marks:
        raise InvalidInput("A ballot with marks cannot also be blank: send one or the other.")
    if not payload.marks and not payload.blank:
        raise InvalidInput('No choice is marked. To cast a blank ballot on purpose, send '
                           '"blank": true.')
    poll, choices = selectors.paper_for_voting(request.organisation, pk)
    # Per account only, never per address: a conference votes from one venue's address.
    limits.check(request, "ballots cast", per=("account",))
    receipt = services.cast_ballot(member, poll=poll, marks=payload.marks, choices=len(choices),
                                   secret=payload.secret)
    return {"receipt": display(receipt)}


class PadOut(Schema):
    pad: str


@router.get("/o/{org}/polls/{pk}/receipt-pad",
            response={200: PadOut, **refusals(401, 403, 404, 422)},
            auth=member_auth("vote"), url_name="receipt_pad")
def receipt_pad(request, org: str, pk: int):
    """The server's half of your own receipt, for recomputing one whose response was lost:
    add the ``secret`` you sent, symbol by symbol modulo 32, and append the check symbol
    (docs/api.md). It says nothing about your ballot without that secret."""
    member = require_member(request.viewer)
    poll = _poll(org, pk)
    pad = selectors.receipt_pad(member, poll)
    if not pad:
        raise NotFound("You have not voted in this ballot, or voted before receipts could be "
                       "recovered.")
    return {"pad": pad}


@router.get("/o/{org}/petitions", response={200: list[PetitionOut], **refusals(*READ)},
            auth=Anyone())
def list_petitions(request, org: str):
    organisation = get_object_or_404(Organisation, slug=org)
    return [
        {
            "id": p.pk,
            "kind": p.kind,
            "rule": p.rule,
            "title": p.title,
            "status": p.status,
            "signatures": p.signatures_count,
            "needed": threshold(p),
            "consequence": p.consequence,
        }
        for p in Petition.objects.filter(organisation=organisation).select_related("organisation")
    ]
