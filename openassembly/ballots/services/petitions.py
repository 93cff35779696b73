"""Petitions: any member starts one, members sign, and the constitution's consequence follows."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from openassembly.bodies.models import Body, SeatHolding
from openassembly.core import clock
from openassembly.core.actors import System
from openassembly.core.authority import Route, acts, resolve
from openassembly.core.errors import Conflict, InvalidInput, NotFound
from openassembly.core.ledger import append_event
from openassembly.core.models import Organisation
from openassembly.core.states import move
from openassembly.core.text import plain_name, plain_text
from openassembly.members.models import Member
from openassembly.rules.questions import petition_reached, petition_threshold

from ..models import AgendaRequest, Petition, Signature
from ..selectors import members_entitled_to_sign
from .common import require_qualified
from .petition_ballots import (
    _check_challenged_motion,
    _referendum_consequence,
    draft_petition_ballot,
)


@acts(Route.SELF)
def start_petition(
    member: Member,
    *,
    organisation: Organisation,
    kind: str,
    title: str,
    text: str,
    target_holding: SeatHolding | None = None,
    motion=None,
) -> Petition:
    """Start a petition of a kind the constitution provides for; its starter signs it first.

    A petition whose ballot would amend the constitution (rule 8.2's route) names the
    amendment motion the body rejected: its text is what the members are asked to adopt."""
    require_qualified(member, "sign", "start a petition")
    if member.organisation_id != organisation.pk:
        raise NotFound("No such organisation.")
    try:
        spec = organisation.constitution.petition(kind)
    except KeyError:
        raise InvalidInput(f"The constitution provides for no petition '{kind}'.") from None
    title = plain_name(title, what="petition's title", field="title")
    text = plain_text(text, what="petition's text", field="text")
    if not title or not text:
        raise InvalidInput("A petition needs a title and the text members are asked to sign.")
    if spec.recall:
        today = clock.today()
        if (
            target_holding is None
            or target_holding.organisation_id != organisation.pk
            or target_holding.starts_on > today
            or (target_holding.ends_on is not None and target_holding.ends_on <= today)
        ):
            raise InvalidInput("A recall petition names someone who holds a seat now.")
    elif target_holding is not None:
        raise InvalidInput("Only a recall petition names an office holder.")
    _check_challenged_motion(organisation, kind, motion)
    with transaction.atomic():
        petition = Petition.objects.create(
            organisation=organisation, kind=kind, rule=spec.rule, title=title, text=text,
            target_holding=target_holding, motion=motion, created_by=member,
            created_at=clock.now(),
        )
        data = {"petition": petition.pk, "kind": kind, "title": title, "rule": spec.rule}
        if target_holding is not None:
            data["recall"] = {"holder": target_holding.member.name,
                              "seat": str(target_holding.seat_group)}
        append_event(organisation, kind="petition.started", actor=member.name, data=data)
        _sign(member, petition)
    return petition


@acts(Route.SELF)
def sign_petition(member: Member, *, petition: Petition) -> Signature:
    require_qualified(member, "sign", "sign a petition")
    if member.organisation_id != petition.organisation_id:
        raise NotFound("No such petition.")
    with transaction.atomic():
        return _sign(member, petition)


def _sign(member: Member, petition: Petition) -> Signature:
    # The row lock makes "this signature reached the threshold" true for exactly one signer.
    locked = Petition.objects.select_for_update().get(pk=petition.pk)
    if locked.status != Petition.Status.OPEN:
        raise Conflict("This petition has reached its threshold already; signing has closed.")
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                organisation=locked.organisation, petition=locked, member=member,
                signed_at=clock.now(),
            )
    except IntegrityError:
        raise Conflict("You have signed this petition already; a signature counts once.") from None
    locked.signatures_count += 1
    organisation = locked.organisation
    spec = organisation.constitution.petition(locked.kind)
    # Judged at this signature: the members who may sign today (members/eligibility.py).
    members = members_entitled_to_sign(organisation)
    answer = petition_reached(spec, signatures=locked.signatures_count, members=members)
    append_event(
        organisation, kind="petition.signed", actor=None,
        data={"petition": locked.pk, "signatures": locked.signatures_count},
    )
    if answer.ok:
        move(locked, Petition.Status.SUCCEEDED)
        locked.reached_at = clock.now()
        locked.threshold_reached = petition_threshold(spec, members=members)
        # Saved before the consequence, which rests on the petition as the record has it.
        locked.save()
        locked.consequence = _consequence(locked, spec)
        append_event(
            organisation, kind="petition.succeeded", actor=None,
            data={"petition": locked.pk, "signatures": locked.signatures_count,
                  "threshold": locked.threshold_reached, "members": members,
                  "rule": spec.rule, "reason": answer.reason,
                  "consequence": locked.consequence},
        )
    locked.save()
    petition.__dict__.update(
        {k: getattr(locked, k) for k in ("status", "signatures_count", "reached_at",
                                         "threshold_reached", "consequence")}
    )
    return signature


def _consequence(petition: Petition, spec) -> str:
    """Carry out what the constitution says a successful petition does; say what was done."""
    system = System(f"petition {petition.pk} under rule {spec.rule}")
    if spec.consequence == "referendum":
        referendum = draft_petition_ballot(
            system, authority=resolve(petition.organisation, Route.PETITION, petition))
        return _referendum_consequence(referendum)
    body = Body.objects.get(organisation=petition.organisation, key=spec.agenda_body)
    request = AgendaRequest.objects.create(
        organisation=petition.organisation, body=body, petition=petition,
        title=petition.title, text=petition.text, rule=spec.rule, created_at=clock.now(),
    )
    from .agenda import place_request

    placed = place_request(system, request=request)
    if placed:
        return f"Put on the agenda of the {body.name}: {placed}."
    return (f"Put on the {body.name}'s list for its next agenda; it goes on the agenda when "
            "the next meeting is called.")
