"""The JSON API: the same reads and services the pages use, described by OpenAPI at /api/docs."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Schema

from openassembly.api.auth import Anyone
from openassembly.api.errors import READ, refusals
from openassembly.bodies import selectors as body_selectors
from openassembly.core.errors import ServiceError
from openassembly.core.models import Checkpoint, Organisation
from openassembly.record.exports import open_data

api = NinjaAPI(title="openassembly", version="1", urls_namespace="api")


@api.exception_handler(ServiceError)
def service_error(request, exc: ServiceError):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status)


class Ping(Schema):
    ok: bool


class SeatOut(Schema):
    seat: str
    name: str
    label: str
    places: int
    kind: str
    officer: bool
    rule: str
    holders: list[str]


class BodyOut(Schema):
    key: str
    name: str
    kind: str
    rule: str
    seats: list[SeatOut]


class CheckpointOut(Schema):
    number: int
    prev: str
    root: str
    first_seq: int
    last_seq: int
    count: int
    sealed_at: str
    hash: str


@api.get("/ping", response=Ping, tags=["meta"])
def ping(request):
    return {"ok": True}


@api.get("/o/{org}/bodies", response={200: list[BodyOut], **refusals(*READ)}, auth=Anyone(),
         tags=["record"])
def list_bodies(request, org: str):
    organisation = get_object_or_404(Organisation, slug=org)
    result = []
    for body in body_selectors.bodies(organisation):
        seats = [
            {
                "seat": view.group.seat_key,
                "name": view.group.name,
                "label": view.group.label,
                "places": view.group.places,
                "kind": view.group.kind,
                "officer": view.group.officer,
                "rule": view.group.rule,
                "holders": [h.member.name for h in view.holders],
            }
            for view in body_selectors.composition(body)
        ]
        result.append(
            {
                "key": body.key,
                "name": body.name,
                "kind": body.kind,
                "rule": body.rule,
                "seats": seats,
            }
        )
    return result


@api.get("/o/{org}/checkpoints", response={200: list[CheckpointOut], **refusals(*READ)},
         auth=Anyone(), tags=["ledger"])
def list_checkpoints(request, org: str):
    organisation = get_object_or_404(Organisation, slug=org)
    return [
        cp.as_dict()
        for cp in Checkpoint.objects.filter(organisation=organisation)
        .select_related("organisation")
        .order_by("number")
    ]


@api.get("/o/{org}/open-data", response={200: dict, **refusals(*READ)}, auth=Anyone(),
         tags=["record"])
def get_open_data(request, org: str):
    return open_data(get_object_or_404(Organisation, slug=org))


api.add_router("", "openassembly.api.ballots.router")
api.add_router("", "openassembly.api.meetings.router")
api.add_router("", "openassembly.api.members.router")
