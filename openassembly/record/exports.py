"""Open data for everyone, and the full export that only two officers together can make."""

from __future__ import annotations

import csv
import gzip
import io
import json
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q

from openassembly.analysis import spreadsheet
from openassembly.ballots.models import Candidacy, Choice, Election, Referendum, Statement
from openassembly.ballots.selectors import candidate_outcome
from openassembly.bodies.models import Body, SeatHolding
from openassembly.core import clock
from openassembly.core.models import Organisation
from openassembly.members.models import Affiliate, AffiliationFee, Member, Region

# Each version only adds; nothing earlier changes, so a reader of one version reads the next by
# ignoring what it does not know. Version 2 added "elections" (and the election results CSV);
# version 3 added "referendums" (and the referendum results CSV).
FORMAT = {"format": "openassembly-open-data", "version": 4}


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _holding_row(holding: SeatHolding) -> dict[str, Any]:
    group = holding.seat_group
    return {
        "body": group.body.key,
        "seat": group.seat_key,
        "seat_name": group.name,
        "label": group.label,
        "holder": holding.member.name,
        "person": holding.member.pk,
        "starts_on": holding.starts_on.isoformat(),
        "ends_on": holding.ends_on.isoformat() if holding.ends_on else None,
        "how": holding.how,
    }


def _cancellation(poll) -> dict[str, Any] | None:
    if not poll.cancelled:
        return None
    return {
        "at": _iso(poll.cancelled_at),
        "by": poll.cancelled_by.name,
        # The second officer, whose confirmation the two-person rule requires (version 4).
        "confirmed_by": poll.cancel_confirmed_by.name if poll.cancel_confirmed_by else None,
        "reason": poll.cancel_reason,
        "stage": poll.cancelled_from,
        "ballots_destroyed": poll.ballots_count if poll.cancelled_from == "open" else 0,
    }


def _election_row(election: Election) -> dict[str, Any]:
    poll = election.poll
    group = election.seat_group
    result = None
    if poll.status == poll.Status.DECLARED:
        result = {
            "elected": poll.outcome.get("elected", []),
            "withdrawn": (poll.result or {}).get("withdrawn", []),
            "roll_size": poll.roll_size,
            "voters": poll.voters_count,
            "ballots": poll.ballots_count,
            "blank": poll.empty_count,
            "invalid": poll.invalid_count,
            "seed": poll.seed,
            "ballots_sha256": poll.blt_sha256,
        }
    return {
        "poll": poll.pk,
        "election": election.key,
        "title": poll.title,
        "body": group.body.key,
        "seat": group.seat_key,
        "label": group.label,
        "rule": poll.rule,
        "method": poll.method,
        "places": poll.seats,
        "status": poll.status,
        "voting_opens_at": _iso(poll.opens_at),
        "voting_closes_at": _iso(poll.closes_at),
        "declared_at": _iso(poll.declared_at),
        "cancelled": _cancellation(poll),
        "result": result,
        "candidates": [
            {
                "name": c.member.name,
                "person": c.member_id,
                "status": c.status,
                "outcome": candidate_outcome(c, poll),
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in election.candidacies.all()
        ],
    }


def elections(organisation: Organisation) -> list[dict[str, Any]]:
    """Every election announced, oldest first, with its candidates and, once declared, its
    result; candidates are public by name from the moment they stand."""
    rows = (
        Election.objects.filter(organisation=organisation)
        .select_related("poll__cancelled_by", "poll__cancel_confirmed_by", "seat_group__body")
        .prefetch_related(
            Prefetch(
                "candidacies",
                queryset=Candidacy.objects.select_related("member", "choice").order_by(
                    "member__name", "pk"
                ),
            )
        )
        .order_by("poll__opens_at", "poll_id")
    )
    return [_election_row(e) for e in rows]


def _referendum_result(poll, labels: list[str]) -> dict[str, Any]:
    """The declared result, as the ballot's page shows it. Nothing is read from the count
    before the declaration: while voting runs only the page's live turnout is public."""
    outcome = poll.outcome
    votes = outcome.get("votes", {})
    carried = outcome.get("carried")
    return {
        "votes": [{"choice": label, "votes": votes.get(label, 0)} for label in labels],
        # With two options the majority and the quorum decide whether it is carried; with
        # more, nothing is carried and the option with most votes is chosen.
        "carried": carried,
        "chosen": outcome.get("elected", []) if carried is None else None,
        "majority": outcome.get("majority_reason", ""),
        "quorum": (
            {"reached": outcome["quorate"], "reason": outcome.get("quorum_reason", "")}
            if "quorate" in outcome
            else None
        ),
        "consequences": outcome.get("consequences", []),
        "roll_size": poll.roll_size,
        "voters": poll.voters_count,
        "ballots": poll.ballots_count,
        "blank": poll.empty_count,
        "invalid": poll.invalid_count,
        "seed": poll.seed,
        "ballots_sha256": poll.blt_sha256,
    }


def _referendum_row(referendum: Referendum) -> dict[str, Any]:
    poll = referendum.poll
    labels = [c.label for c in poll.choices.all()]
    # The ballot's page shows each statement with its author's name and nothing more about
    # them, to anyone: so the author is named here, with no id and no time of writing.
    written = {s.side: s for s in referendum.statements.all()}
    return {
        "poll": poll.pk,
        "title": poll.title,
        "question": referendum.question,
        "proposal": referendum.proposal,
        "choices": labels,
        "petition": referendum.petition_id,
        "rule": poll.rule,
        "status": poll.status,
        "roll_date": poll.roll_date.isoformat(),
        "voting_opens_at": _iso(poll.opens_at),
        "voting_closes_at": _iso(poll.closes_at),
        "declared_at": _iso(poll.declared_at),
        "statements": {
            side: (
                {"author": written[side].author.name, "text": written[side].text}
                if side in written
                else None
            )
            for side in Statement.Side.values
        },
        "cancelled": _cancellation(poll),
        "result": (
            _referendum_result(poll, labels) if poll.status == poll.Status.DECLARED else None
        ),
    }


def referendums(organisation: Organisation) -> list[dict[str, Any]]:
    """Every members' ballot drafted, oldest first, with both sides' statements and, once
    declared, its result."""
    rows = (
        Referendum.objects.filter(organisation=organisation)
        .select_related("poll__cancelled_by", "poll__cancel_confirmed_by")
        .prefetch_related(
            Prefetch("poll__choices", queryset=Choice.objects.order_by("position")),
            Prefetch("statements", queryset=Statement.objects.select_related("author")),
        )
        .order_by("poll__opens_at", "poll_id")
    )
    return [_referendum_row(r) for r in rows]


def open_data(organisation: Organisation) -> dict[str, Any]:
    """Everything public: nothing here names a member except for a public act (holding a
    seat, standing for election, writing the statement for or against a members' ballot)."""
    version = organisation.current_constitution_version()
    bodies = []
    for body in Body.objects.filter(organisation=organisation).prefetch_related("seat_groups"):
        bodies.append(
            {
                "key": body.key,
                "name": body.name,
                "kind": body.kind,
                "rule": body.rule,
                "seats": [
                    {
                        "seat": g.seat_key,
                        "name": g.name,
                        "label": g.label,
                        "places": g.places,
                        "kind": g.kind,
                        "officer": g.officer,
                        "rule": g.rule,
                    }
                    for g in body.seat_groups.all()
                    if g.active
                ],
            }
        )
    holdings = (
        SeatHolding.objects.filter(organisation=organisation)
        .select_related("seat_group__body", "member")
        .order_by("seat_group__body__key", "starts_on", "pk")
    )
    members = Member.objects.filter(organisation=organisation)
    return FORMAT | {
        "organisation": {"slug": organisation.slug, "name": organisation.name},
        "generated_at": clock.now().isoformat(),
        "constitution": {"version": version.number, "sha256": version.sha256},
        "regions": [
            {"name": r.name, "members": r.n}
            for r in Region.objects.filter(organisation=organisation).annotate(
                n=Count("member", filter=Q(member__status=Member.Status.ACTIVE))
            )
        ],
        "affiliates": [
            {
                "name": a.name,
                "slug": a.slug,
                "kind": a.kind,
                "affiliated_on": a.affiliated_on.isoformat(),
                "fees_paid": sorted(f.year for f in a.fees.all()),
            }
            for a in Affiliate.objects.filter(organisation=organisation).prefetch_related("fees")
        ],
        "membership": {
            "active": members.filter(status=Member.Status.ACTIVE).count(),
            "total": members.count(),
        },
        "bodies": bodies,
        "seat_holdings": [_holding_row(h) for h in holdings],
        "elections": elections(organisation),
        "referendums": referendums(organisation),
    }


def open_data_csv(organisation: Organisation) -> str:
    """The seat holdings, the table most people want, as CSV."""
    out = io.StringIO()
    columns = [
        "body",
        "seat",
        "seat_name",
        "label",
        "holder",
        "person",
        "starts_on",
        "ends_on",
        "how",
    ]
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in open_data(organisation)["seat_holdings"]:
        writer.writerow(spreadsheet.record(row))
    return out.getvalue()


ELECTION_COLUMNS = [
    "poll",
    "election",
    "title",
    "body",
    "seat",
    "label",
    "method",
    "places",
    "status",
    "declared_at",
    "candidate",
    "person",
    "candidate_status",
    "outcome",
    "withdrawn_at",
]


def election_results_csv(organisation: Organisation) -> str:
    """One row per candidate in every election, with what became of them, as CSV."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ELECTION_COLUMNS)
    writer.writeheader()
    for row in elections(organisation):
        for candidate in row["candidates"]:
            writer.writerow(
                spreadsheet.record(
                    {
                        **{k: row[k] for k in ELECTION_COLUMNS[:10]},
                        "candidate": candidate["name"],
                        "person": candidate["person"],
                        "candidate_status": candidate["status"],
                        "outcome": candidate["outcome"],
                        "withdrawn_at": candidate["withdrawn_at"],
                    }
                )
            )
    return out.getvalue()


REFERENDUM_COLUMNS = [
    "poll",
    "title",
    "rule",
    "status",
    "voting_opens_at",
    "voting_closes_at",
    "declared_at",
    "carried",
    "quorum_reached",
    "roll_size",
    "voters",
    "position",
    "choice",
    "votes",
    "chosen",
]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else "yes" if value else "no"


def referendum_results_csv(organisation: Organisation) -> str:
    """One row per option in every members' ballot, with its votes once declared, as CSV."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=REFERENDUM_COLUMNS)
    writer.writeheader()
    for row in referendums(organisation):
        result = row["result"] or {}
        quorum = result.get("quorum") or {}
        chosen = result.get("chosen")
        votes = {v["choice"]: v["votes"] for v in result.get("votes", [])}
        for position, label in enumerate(row["choices"], start=1):
            writer.writerow(
                spreadsheet.record(
                    {
                        **{k: row[k] for k in REFERENDUM_COLUMNS[:7]},
                        "carried": _yes_no(result.get("carried")),
                        "quorum_reached": _yes_no(quorum.get("reached")),
                        "roll_size": result.get("roll_size", ""),
                        "voters": result.get("voters", ""),
                        "position": position,
                        "choice": label,
                        "votes": votes.get(label, ""),
                        "chosen": "" if chosen is None else _yes_no(label in chosen),
                    }
                )
            )
    return out.getvalue()


def export_dir(organisation: Organisation) -> Path:
    path = Path(settings.MEDIA_ROOT) / "exports" / organisation.slug
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_full_export(organisation: Organisation, *, action_id: int) -> str:
    """Write everything, personal data included, to a file only the two officers may fetch."""
    data = open_data(organisation) | {"format": "openassembly-full-export"}
    data["members"] = [
        {
            "id": m.pk,
            "name": m.name,
            "email": m.email,
            "phone": m.phone,
            "address": m.address,
            "region": m.region.name if m.region else None,
            "local_group": m.local_group.slug if m.local_group else None,
            "status": m.status,
            "joined_on": m.joined_on.isoformat(),
            "left_on": m.left_on.isoformat() if m.left_on else None,
            "public_office_holder": m.public_office_holder,
        }
        for m in Member.objects.filter(organisation=organisation).select_related(
            "region", "local_group"
        )
    ]
    data["fees"] = [
        {
            "affiliate": f.affiliate.slug,
            "year": f.year,
            "amount_pence": f.amount_pence,
            "paid_on": f.paid_on.isoformat(),
        }
        for f in AffiliationFee.objects.filter(organisation=organisation).select_related(
            "affiliate"
        )
    ]
    data["constitution_text"] = organisation.current_constitution_version().text
    # Every version, the one in force and any adopted but still waiting for its date: an
    # export that left out a rule already voted through would not be the whole record.
    data["constitution_versions"] = [
        {
            "number": v.number,
            "sha256": v.sha256,
            "adopted_at": _iso(v.adopted_at),
            "adopted_by": v.adopted_by,
            # What adopted it: the founders, a decision or a members' ballot, and the vote.
            "authority": {"route": v.authority_route, "text": v.authority_text,
                          "reference": v.authority_reference, "rule": v.authority_rule},
            "note": v.note,
            "effective_at": _iso(v.effective_at),
            "effective_rule": v.effective_rule,
            "effective_reason": v.effective_reason,
            "in_force_since": _iso(v.applied_at) if v.applied_at else None,
            "text": v.text,
        }
        for v in organisation.constitution_versions.order_by("number")
    ]
    name = f"full-export-{action_id}-{secrets.token_hex(8)}.json.gz"
    with gzip.open(export_dir(organisation) / name, "wt", encoding="utf-8") as fp:
        json.dump(data, fp, ensure_ascii=False, indent=1)
    return name
