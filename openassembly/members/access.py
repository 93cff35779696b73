"""The register's things for a viewer (core.access): scoped to the viewer's organisation,
missing and forbidden alike NotFound."""

from __future__ import annotations

from openassembly.core.access import Viewer, require_power_in, scoped

from .models import Affiliate, Member
from .services_admission import POWER, REGISTER


def access_affiliate(viewer: Viewer, pk: int) -> Affiliate:
    return scoped(Affiliate, viewer, pk)


def application_power(organisation) -> str:
    """The power that decides applications to join, by the constitution's admission route."""
    rules = organisation.constitution.admission
    power = rules.power if rules is not None and rules.route == "officer" else REGISTER
    return power or POWER


def may_decide_applications(viewer: Viewer) -> Member:
    """The officer who may decide applications to join (the page and the API ask the same):
    under the officer route, a holder of the power the admission rule names; under the other
    routes (and with no admission rule), a holder of the register power, who records a body's
    decision or refuses an applicant who has not paid. PowerDenied for anyone else."""
    return require_power_in(viewer, application_power(viewer.organisation))
