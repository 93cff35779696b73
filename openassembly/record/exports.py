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
from django.db.models import Count, Q

from openassembly.bodies.models import Body, SeatHolding
from openassembly.core import clock
from openassembly.core.models import Organisation
from openassembly.members.models import Affiliate, AffiliationFee, Member, Region

FORMAT = {"format": "openassembly-open-data", "version": 1}


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


def open_data(organisation: Organisation) -> dict[str, Any]:
    """Everything public: nothing here names a member who holds no public role."""
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
        writer.writerow(row)
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
    name = f"full-export-{action_id}-{secrets.token_hex(8)}.json.gz"
    with gzip.open(export_dir(organisation) / name, "wt", encoding="utf-8") as fp:
        json.dump(data, fp, ensure_ascii=False, indent=1)
    return name
