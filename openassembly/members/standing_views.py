"""Officers' pages for a member's standing: deciding applications to join, recording dues,
and carrying out a disciplinary decision. All go through the one form flow: a refusal comes
back on the form, by its field."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.urls import reverse

from openassembly.core.access import require_power_in
from openassembly.core.forms_flow import handle_form

from . import services_admission as admission
from . import services_discipline as discipline
from . import services_dues as dues
from .access import may_decide_applications
from .forms import ApplicationForm, DisciplineForm, DuesForm
from .selectors import applicant_by_id, applicants, member_by_email


def _rule(organisation, number: str | None):
    return organisation.constitution.rule(number) if number else None


@login_required
def record_dues(request, org: str):
    actor = require_power_in(request.viewer, dues.POWER)
    organisation = request.organisation
    rules = organisation.constitution.dues
    form = DuesForm(request.POST or None)

    def act(data):
        return dues.record_dues_payment(
            actor, organisation=organisation,
            member=member_by_email(organisation, data["member"]),
            amount_pence=int(data["amount"] * Decimal(100)), paid_on=data["paid_on"])

    return handle_form(
        request, form, act, success=reverse("members:dues", kwargs={"org": org}),
        message=lambda p: f"Dues recorded: paid to {p.paid_to:%-d %B %Y}.",
        template="members/dues.html",
        context={"dues": rules, "rule": _rule(organisation, rules and rules.rule),
                 "grace_rule": _rule(organisation, rules and rules.grace_rule)})


@login_required
def apply_decision(request, org: str):
    actor = require_power_in(request.viewer, discipline.POWER)
    organisation = request.organisation
    rules = organisation.constitution.discipline
    form = DisciplineForm(request.POST or None)

    def act(data):
        # The number as the officer gave it: the act resolves it, so a refusal is on the record.
        return discipline.apply_disciplinary_decision(
            actor, organisation=organisation, member=member_by_email(organisation, data["member"]),
            change=data["change"], authority=data["decision"], reason=data["reason"])

    return handle_form(
        request, form, act, success=reverse("members:discipline", kwargs={"org": org}),
        message=lambda c: (f"Decision {c.decision} is carried out: the member is "
                           f"{c.get_became_display()}, and is being told by mail."),
        template="members/discipline.html",
        context={"discipline": rules, "rule": _rule(organisation, rules and rules.rule)})


@login_required
def applications(request, org: str):
    """Applications to join awaiting a decision, and the form that decides one by the
    constitution's admission route (rule 2.7 of the demo)."""
    organisation = request.organisation
    rules = organisation.constitution.admission
    actor = may_decide_applications(request.viewer)
    pending = list(applicants(organisation))
    form = ApplicationForm(request.POST or None, applicants=pending,
                           needs_decision=rules is not None and rules.route == "decision")

    def act(data):
        return admission.decide_application(
            actor, organisation=organisation,
            member=applicant_by_id(organisation, data["applicant"]),
            admit=data["outcome"] == "admit", reason=data.get("reason", ""),
            authority=data.get("decision"))

    return handle_form(
        request, form, act, success=reverse("members:applications", kwargs={"org": org}),
        message=lambda c: (f"{c.member.name} is now a member, and is being told by mail."
                           if c.cause == "admitted" else
                           f"{c.member.name}'s application is refused; they are being told "
                           "by mail, with your reasons."),
        template="members/applications.html",
        context={"admission": rules, "pending": pending,
                 "rule": _rule(organisation, rules and rules.rule),
                 "qualifying_rule": _rule(organisation, rules and rules.qualifying_rule)})
