"""The ledger events the members app writes: the register, affiliates and appeals.

Members' names and contact details never go on the ledger: joining and changing details
record salted commitments, and member ids are never turned back into names on public pages.
"""

from __future__ import annotations

from collections.abc import Mapping

from openassembly.core.event_text import Reading
from openassembly.core.events import EventKind, committed, data, register, register_names

from .models import Appeal


def _joined(e: Reading) -> str:
    via = e["via"]
    where = f" in the {e['region']} region" if e.has("region") else ""
    if via.startswith("appeal:"):
        return (f"Member {e['member']} joined{where} by signing the appeal "
                f"{e.quoted(via.removeprefix('appeal:'))}")
    return f"{e.who} added member {e['member']} to the register{where}"


def _standing(e: Reading) -> str:
    # The decision, its body and its vote follow from the authority the event carries.
    change = e["change"]
    if change == "admitted":
        return f"{e.who} admitted an applicant as a member under rule {e['rule']}"
    if change == "refused":
        return f"{e.who} refused an application to join under rule {e['rule']}"
    if e.has("decision"):
        return f"{e.who} recorded that a member was {change} under rule {e['rule']}"
    return f"A lapsed member renewed their membership by paying dues, under rule {e['rule']}"


def _pounds(pence: int) -> str:
    return f"£{pence // 100:,}.{pence % 100:02d}"


KINDS = (
    EventKind(
        kind="member.joined",
        label="Member joined",
        meaning="Someone joined the register of members.",
        fields={
            "member": data("the member's number on this install"),
            "via": data("how: 'register' (added by an officer) or 'appeal:<slug>' (signed up)"),
            "region": data("the region they joined in, or null"),
            "details": committed("commitment to their name and email"),
        },
        sentence=_joined,
        example={"member": 41, "via": "register", "region": "North",
                 "details": "c1:0d5e…"},
    ),
    EventKind(
        kind="member.applied",
        label="Application to join",
        meaning="Someone confirmed a sign-up and applied to join; under the constitution's "
                "admission rule they are an applicant, on no roll, until admitted.",
        fields={
            "member": data("the applicant's number on this install"),
            "via": data("how: 'appeal:<slug>' (signed up to that appeal)"),
            "region": data("the region they applied in, or null"),
            "details": committed("commitment to their name and email"),
        },
        sentence=lambda e: (f"Applicant {e['member']} applied to join"
                            + (f" in the {e['region']} region" if e.has("region") else "")),
        example={"member": 42, "via": "appeal:join", "region": "Wales",
                 "details": "c1:5a1e…"},
    ),
    EventKind(
        kind="member.details_changed",
        label="Member's details changed",
        meaning="A member changed their own name, phone, address or region.",
        fields={
            "member": data("the member's number"),
            "details": committed("commitment to the new name, phone, address and region"),
        },
        sentence=lambda e: f"Member {e['member']} updated their details",
        example={"member": 41, "details": "c1:77a0…"},
    ),
    EventKind(
        kind="member.erased",
        label="Member's data erased",
        meaning="A member's personal data and its salts were deleted (a confirmed two-officer "
                "act); commitments to it can no longer be tied to them.",
        fields={
            "member": data("the member's number"),
            "salts_erased": data("how many salts were deleted with the data"),
        },
        sentence=lambda e: (
            f"{e.who} erased the personal data of member {e['member']} "
            f"({e.count(e['salts_erased'], 'salt')} deleted)"
        ),
        example={"member": 41, "salts_erased": 2},
    ),
    EventKind(
        kind="members.imported",
        label="Members imported",
        meaning="A roll of members was imported from a CSV file.",
        fields={
            "rows": data("rows in the file"),
            "added": data("members added"),
            "updated": data("members whose details changed"),
            "unchanged": data("rows that matched the register already"),
            "file": committed("commitment to the SHA-256 of the file"),
        },
        sentence=lambda e: (
            f"{e.who} imported a roll of {e.count(e['rows'], 'row')}: {e['added']} added, "
            f"{e['updated']} updated, {e['unchanged']} unchanged"
        ),
        example={"rows": 120, "added": 100, "updated": 5, "unchanged": 15,
                 "file": "c1:3be1…"},
    ),
    EventKind(
        kind="member.dues_paid",
        label="Dues paid",
        meaning="An officer recorded a member's payment of dues; who paid and how much are a "
                "commitment, never public.",
        fields={
            "payment": committed("commitment to the member, the amount, the day paid and the "
                                 "new paid-up date"),
            "rule": data("the rule that sets the dues"),
        },
        sentence=lambda e: f"{e.who} recorded a payment of dues under rule {e['rule']}",
        example={"payment": "c1:5f02…", "rule": "2.3"},
    ),
    EventKind(
        kind="member.standing_changed",
        label="Member's standing changed",
        meaning="One member was suspended, expelled or reinstated by a disciplinary decision, "
                "renewed their lapsed membership by paying dues, or an applicant was admitted "
                "or refused by the admission rule's route; the member is a commitment.",
        fields={
            "change": data("suspended, expelled, reinstated, renewed, admitted or refused"),
            "rule": data("the rule the change was made under"),
            "decision": data("the number of the decision it rests on, or null for a renewal "
                             "or an officer's or the first dues' admission"),
            "member": committed("commitment to the member and the change"),
            "reason": committed("commitment to the reason the decision gave", optional=True),
        },
        sentence=_standing,
        example={"change": "suspended", "rule": "2.5", "decision": 7, "member": "c1:a41c…",
                 "reason": "c1:0b9e…"},
    ),
    EventKind(
        kind="members.lapsed",
        label="Members lapsed",
        meaning="Members whose dues were unpaid past the grace period lapsed and left the "
                "rolls; how many and when are public, who is a commitment.",
        fields={
            "count": data("how many members lapsed"),
            "on": data("the day they lapsed (ISO 8601)"),
            "rule": data("the rule under which they lapsed"),
            "members": committed("commitment to the list of members who lapsed"),
        },
        sentence=lambda e: (
            f"Under rule {e['rule']}, {e.count(e['count'], 'member')} lapsed on "
            f"{e.date(e['on'])}, their dues unpaid past the grace period"
        ),
        example={"count": 3, "on": "2026-12-06", "rule": "2.4", "members": "c1:77d1…"},
    ),
    EventKind(
        kind="affiliate.joined",
        label="Affiliate joined",
        meaning="An organisation affiliated (a union branch, a society).",
        fields={
            "affiliate": data("the affiliate's name"),
            "kind": data("its kind of affiliation, as the constitution names it"),
            "slug": data("its short name"),
        },
        sentence=lambda e: f"{e.who} recorded {e['affiliate']} as a new affiliate",
        example={"affiliate": "Riverside Tenants", "kind": "society", "slug": "riverside"},
    ),
    EventKind(
        kind="affiliate.fee_paid",
        label="Affiliation fee paid",
        meaning="An affiliate's fee for a year was recorded as paid.",
        fields={
            "affiliate": data("the affiliate's name"),
            "year": data("the year the fee is for"),
            "amount_pence": data("the amount, in pence"),
        },
        sentence=lambda e: (
            f"{e.who} recorded the affiliation fee of {e['affiliate']} for {e['year']} "
            f"({_pounds(e['amount_pence'])})"
        ),
        example={"affiliate": "Riverside Tenants", "year": 2026, "amount_pence": 5000},
    ),
    EventKind(
        kind="affiliate.contact_named",
        label="Affiliate's contact named",
        meaning="The member an affiliate names as its contact (who nominates its "
                "representatives) was recorded.",
        fields={
            "affiliate": data("the affiliate's name"),
            "member": data("the contact's member number"),
        },
        sentence=lambda e: (f"{e.who} recorded member {e['member']} as the contact of "
                            f"{e['affiliate']}"),
        example={"affiliate": "Riverside Tenants", "member": 41},
    ),
    EventKind(
        kind="member.public_office",
        label="Public office recorded",
        meaning="Whether a member holds a public office (which a public-office seat needs) "
                "was recorded, by the member's own declaration or by an officer.",
        fields={
            "member": data("the member's number"),
            "holds": data("whether they hold a public office"),
            "office": data("the office, as stated (a public role), or empty"),
            "by": data("'self' (their own declaration) or 'register' (an officer)"),
        },
        sentence=lambda e: (
            f"Member {e['member']} {'declared' if e['by'] == 'self' else 'was recorded as'} "
            + (f"holding public office ({e['office']})" if e["holds"]
               else "no longer holding public office")
        ),
        example={"member": 41, "holds": True, "office": "Councillor, Riverside",
                 "by": "self"},
    ),
    EventKind(
        kind="appeal.opened",
        label="Appeal opened",
        meaning="A public sign-up appeal was opened.",
        fields={
            "appeal": data("the appeal's short name", names="appeal"),
            "title": data("its title"),
        },
        sentence=lambda e: f"{e.who} opened the appeal {e.quoted(e['title'])}",
        example={"appeal": "clean-air", "title": "Clean air for our schools"},
    ),
    EventKind(
        kind="appeal.signed",
        label="Appeal signed",
        meaning="Someone confirmed their signature of an appeal (and so joined).",
        fields={
            "appeal": data("the appeal's short name", names="appeal"),
            "member": data("the member's number"),
        },
        sentence=lambda e: f"Member {e['member']} signed the appeal "
                           f"{e.titled('appeal', 'appeal')}",
        example={"appeal": "clean-air", "member": 41},
    ),
)


def _appeal_titles(organisation, slugs: set) -> Mapping[str, str]:
    return dict(Appeal.objects.filter(organisation=organisation, slug__in=slugs)
                .order_by().values_list("slug", "title"))


def register_kinds() -> None:
    register("members", *KINDS)
    register_names("appeal", _appeal_titles, fallback=lambda slug: str(slug),
                   example='Clean air for our schools')
