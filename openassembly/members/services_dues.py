"""Dues, the services: recording a payment, and lapsing on the constitution's rule.

``Member.dues_paid_to`` is the dues record other work reads (first dues on joining, income in
the open accounts). A member with no payment recorded owes from the day they joined. Recording
a payment is an officer's act with the power the constitution names; lapsing is the
timetable's, run by `openassembly tick` (members/tasks.py).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from openassembly.core import clock, states
from openassembly.core.actors import Actor
from openassembly.core.authority import Route, acts
from openassembly.core.errors import Conflict, InvalidInput, NotFound
from openassembly.core.ledger import append_event, commitment
from openassembly.core.models import Organisation
from openassembly.core.powers import require_power

from .admission import admit_applicant, tell_outcome
from .models import DuesPayment, Member, StandingChange
from .standing import (
    change_standing,
    dues_of,
    in_arrears_past_grace,
    member_commitment,
    paid_to,
    pounds,
)

POWER = "record-dues"
MOST_PERIODS = 10  # a payment for more than ten years at once is a typing mistake


@acts(Route.OFFICE, power=POWER)
@transaction.atomic
def record_dues_payment(actor: Member, *, organisation: Organisation, member: Member,
                        amount_pence: int, paid_on: date) -> DuesPayment:
    """Record a payment; it moves the member's paid-up date on, renews a lapsed member and,
    where the constitution admits by first dues, makes an applicant a member."""
    require_power(organisation, actor, POWER)
    dues = dues_of(organisation)
    member = (Member.objects.select_for_update()
              .filter(organisation=organisation, pk=member.pk).first())
    if member is None:
        raise NotFound("No such member.", field="member")
    if member.status in (Member.Status.EXPELLED, Member.Status.RESIGNED):
        raise Conflict(f"This member is {member.status}: rule {dues.rule} takes dues only from "
                       "members.", field="member")
    period = dues.period_pence()
    if amount_pence <= 0 or amount_pence % period:
        raise InvalidInput(
            f"Rule {dues.rule} sets dues at {pounds(period)} for {dues.period_months} months; "
            f"{pounds(max(amount_pence, 0))} is not a whole number of periods.", field="amount")
    periods = amount_pence // period
    if periods > MOST_PERIODS:
        raise InvalidInput(f"{periods} periods at once is more than {MOST_PERIODS}: check the "
                           "amount.", field="amount")
    today = clock.today()
    if paid_on > today:
        raise InvalidInput("A payment is recorded once it is made, not before.", field="paid_on")
    if paid_on < member.joined_on:
        raise InvalidInput("That is before the member joined.", field="paid_on")
    admission = organisation.constitution.admission
    admitting = member.status == Member.Status.APPLICANT
    if admitting and (admission is None or admission.route != "dues"):
        raise Conflict(f"This applicant is not a member yet: rule {dues.rule} takes dues only "
                       "from members, and the constitution admits applicants by another route.",
                       field="member")
    if member.status == Member.Status.REFUSED:
        raise Conflict(f"This person's application was refused: rule {dues.rule} takes dues "
                       "only from members.", field="member")
    if admitting:
        # The first payment is the admission (rule route "dues"): membership, the dues
        # record and the qualifying period all start the day it was paid.
        member.joined_on = paid_on
    before = paid_to(member)
    after = dues.paid_to_after(paid_to=before, paid_on=paid_on, periods=periods)
    payment = DuesPayment.objects.create(
        organisation=organisation, member=member, amount_pence=amount_pence, paid_on=paid_on,
        paid_from=dues.period_start(paid_to=before, paid_on=paid_on),
        paid_to=after, recorded_by=actor, recorded_at=clock.now())
    member.dues_paid_to = after
    member.save(update_fields=["dues_paid_to"])
    append_event(organisation, kind="member.dues_paid", actor=actor.name, data={
        "payment": member_commitment(organisation, member, payment=payment.pk,
                                     amount_pence=amount_pence, paid_on=str(paid_on),
                                     paid_to=str(after)),
        "rule": dues.rule,
    })
    if admitting:
        assert admission is not None
        admit_applicant(organisation, member, admission, actor=actor, on=paid_on)
        tell_outcome(organisation, member, admission, admitted=True, actor=actor,
                     authority_text=f"by paying the first dues (rule {dues.rule})")
    elif member.status == Member.Status.LAPSED and not dues.lapsed(after, today):
        change_standing(organisation, member, cause=StandingChange.Cause.RENEWED,
                        became=Member.Status.ACTIVE, rule=dues.rule, actor=actor.name,
                        recorded_by=actor)
    return payment


@acts(Route.SCHEDULE)
@transaction.atomic
def lapse_members_in_arrears(actor: Actor, *, organisation: Organisation) -> int:
    """Lapse every active member in arrears past the grace period; how many lapsed.

    The public record gets one event: how many, the day and the rule, and a commitment to who."""
    dues = organisation.constitution.dues
    if dues is None:
        return 0
    today = clock.today()
    ids = list(in_arrears_past_grace(organisation, dues, today).select_for_update()
               .order_by("pk").values_list("pk", flat=True))
    if not ids:
        return 0
    moved = states.move_where(Member.objects.filter(pk__in=ids), from_=Member.Status.ACTIVE,
                              to=Member.Status.LAPSED)
    now = clock.now()
    StandingChange.objects.bulk_create([
        StandingChange(organisation=organisation, member_id=pk, cause=StandingChange.Cause.LAPSED,
                       was=Member.Status.ACTIVE, became=Member.Status.LAPSED, on=today, at=now,
                       rule=dues.grace_rule)
        for pk in ids])
    append_event(organisation, kind="members.lapsed", actor=actor.name, data={
        "count": moved, "on": today.isoformat(), "rule": dues.grace_rule,
        "members": commitment(organisation, subject=f"lapsed:{today.isoformat()}", value=ids),
    })
    return moved
