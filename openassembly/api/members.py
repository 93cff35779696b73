"""Applications to join in JSON: the officer's list of applicants awaiting a decision, and
deciding one (admit, or refuse with reasons) through the same service as the officers' page.

An officer's act, so it takes the officer's signed-in session alone (past the second factor,
with Django's CSRF check on the decision): no token scope carries an officer's power
(api/auth.py), so a token sent here is not a way in, and a client without the session is told
401.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from ninja import Field, Router, Schema

from openassembly.api.auth import session_auth
from openassembly.api.errors import refusals
from openassembly.core.access import as_id
from openassembly.core.errors import NotFound
from openassembly.members.access import may_decide_applications
from openassembly.members.selectors import applicant_by_id, applicants
from openassembly.members.services_admission import decide_application

router = Router(tags=["members"])


class ApplicationOut(Schema):
    id: int
    name: str
    email: str
    applied_on: date
    region: str | None


class ApplicationsOut(Schema):
    rule: str | None = Field(description="The constitution's rule on admission; null when it "
                                         "has none (a sign-up is then a member at once).")
    route: Literal["officer", "decision", "dues"] | None = Field(
        description="How an applicant becomes a member: an officer with the power accepts, "
                    "a body's decision (give its number), or the first payment of dues.")
    needs_decision: bool = Field(description="Whether deciding needs a decision number.")
    applications: list[ApplicationOut]


class DecideIn(Schema):
    outcome: Literal["admit", "refuse"]
    reason: str = Field(default="", max_length=2000,
                        description="Required to refuse; sent to the applicant, never public.")
    decision: int | None = Field(default=None, ge=1, le=2**63 - 1,
                                 description="Under the decision route: the number of the "
                                             "body's decision in the decisions register.")


class DecidedOut(Schema):
    id: int
    name: str
    status: Literal["active", "refused"]
    joined_on: date | None = Field(description="When admitted: the day the qualifying period "
                                               "runs from.")
    rule: str
    decision: int | None


@router.get("/o/{org}/applications",
            response={200: ApplicationsOut, **refusals(401, 403, 404, 422)},
            auth=session_auth, url_name="list_applications")
def list_applications(request, org: str):
    """Applications awaiting a decision, oldest first, for an officer who may decide them
    (the power the admission rule names, or the register power under the other routes)."""
    may_decide_applications(request.viewer)
    rules = request.organisation.constitution.admission
    return {
        "rule": rules.rule if rules else None,
        "route": rules.route if rules else None,
        "needs_decision": rules is not None and rules.route == "decision",
        "applications": [
            {"id": m.pk, "name": m.name, "email": m.email, "applied_on": m.joined_on,
             "region": m.region.name if m.region_id else None}
            for m in applicants(request.organisation)
        ],
    }


@router.post("/o/{org}/applications/{member_id}",
             response={200: DecidedOut, **refusals(400, 401, 403, 404, 409, 422)},
             auth=session_auth, url_name="decide_application")
def decide(request, org: str, member_id: int, payload: DecideIn):
    """Admit or refuse one application by the constitution's route: the same act as the
    officers' page, refused in the same words (400 bad input such as a refusal without
    reasons, 403 without the power or the decision the rule needs, 404 no such application,
    409 decided already)."""
    actor = may_decide_applications(request.viewer)
    number = as_id(member_id)
    if number is None:
        raise NotFound("That application is not awaiting a decision.")
    member = applicant_by_id(request.organisation, number)
    change = decide_application(actor, organisation=request.organisation, member=member,
                                admit=payload.outcome == "admit", reason=payload.reason,
                                authority=payload.decision)
    member.refresh_from_db()
    return {"id": member.pk, "name": member.name, "status": member.status,
            "joined_on": member.joined_on if member.status == "active" else None,
            "rule": change.rule, "decision": change.decision}
