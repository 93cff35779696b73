"""Rule 8.2's route (a change the Coordinating Group rejected, a petition, a members' ballot,
and on a yes the new version, all automatic) and scrutineers (rule 13.6)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from openassembly.ballots import services
from openassembly.ballots.models import Poll, Scrutineer
from openassembly.bodies.models import Body
from openassembly.core import clock, schedule
from openassembly.core.authority import Authority, AuthorityRefused, Route, resolve
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.models import LedgerEvent
from openassembly.meetings.models import AgendaItem, Decision, Division, Meeting, Motion


def at(moment):
    return clock.frozen_at(moment + timedelta(minutes=1))


@pytest.fixture
def roll(make_voter, voters):
    return voters + [make_voter(f"Member {i}", user=False) for i in range(28)]


def _meeting(organisation, body_key, officer):
    now = clock.now()
    body = Body.objects.get(organisation=organisation, key=body_key)
    meeting = Meeting.objects.create(
        organisation=organisation, body=body, number=Meeting.objects.count() + 1,
        title=f"{body.name} meeting", starts_at=now - timedelta(days=1), called_by=officer,
        called_at=now - timedelta(days=9), chair=officer, minute_taker=officer,
        notice_rule="6.2", notice_reason="Seven days' notice given.")
    item = AgendaItem.objects.create(organisation=organisation, meeting=meeting, position=1,
                                     title="Rules", added_by=officer, added_at=now)
    return meeting, item


@pytest.fixture
def rejected(organisation, secretary):
    """At the Coordinating Group, a change to the rules (the petition threshold 5% -> 4%) was
    moved and lost: it needs a unanimous vote."""
    meeting, item = _meeting(organisation, "coordinating-group", secretary)
    text = organisation.current_constitution_version().text
    new = text.replace('key = "member-ballot"\nname = "Petition for a members\' ballot"\n'
                       'rule = "10.1"\npercent = "5"',
                       'key = "member-ballot"\nname = "Petition for a members\' ballot"\n'
                       'rule = "10.1"\npercent = "4"')
    assert new != text
    return Motion.objects.create(
        organisation=organisation, meeting=meeting, item=item, number=1, kind="substantive",
        title="Lower the petition threshold", text="Lower it.", decision_key=
        "constitution-amendment", new_constitution=new, mover=secretary,
        moved_at=clock.now(), status=Motion.Status.LOST)


def _decision_of(organisation, body_key, officer, *, made_at=None, kind="", majority=None,
                 title="Our statement against"):
    """A carried decision of ``body_key``, moved as the [[decisions]] ``kind`` and, with
    ``majority``, carried in a division by that kind of majority."""
    meeting, item = _meeting(organisation, body_key, officer)
    motion = Motion.objects.create(
        organisation=organisation, meeting=meeting, item=item, number=1, kind="substantive",
        title=title, text="Adopt the statement.", mover=officer, decision_key=kind,
        moved_at=clock.now(), status=Motion.Status.CARRIED)
    if majority is not None:
        Division.objects.create(
            organisation=organisation, meeting=meeting, motion=motion, number=1,
            method=Division.Method.NAMED, status=Division.Status.CLOSED, opened_by=officer,
            opened_at=clock.now(), closed_at=clock.now(), present=7, seats_filled=9,
            quorum_rule="6.4", quorum_reason="Quorate.", votes_for=6, against=1,
            majority_kind=majority, majority_rule="13.6", carried=True)
    number = (Decision.objects.count() or 0) + 1
    return Decision.objects.create(
        organisation=organisation, meeting=meeting, motion=motion, number=number,
        title=motion.title, html="<p>x</p>", made_at=made_at or clock.now())


@pytest.fixture
def amendment_ballot(organisation, member, roll, rejected):
    petition = services.start_petition(
        member, organisation=organisation, kind="rejected-amendment",
        title="Put the lower threshold to members", text="Lower the petition threshold to 4%.",
        motion=rejected)
    for signer in roll[:4]:
        petition.refresh_from_db()
        if petition.status == "succeeded":
            break
        services.sign_petition(signer, petition=petition)
    petition.refresh_from_db()
    assert petition.status == "succeeded"
    return petition.referendum


def test_the_petition_must_name_a_change_the_coordinating_group_rejected(
        organisation, member, rejected, secretary):
    with pytest.raises(InvalidInput, match="Rule 8.2: name the change"):
        services.start_petition(member, organisation=organisation, kind="rejected-amendment",
                                title="T", text="T")
    Motion.objects.filter(pk=rejected.pk).update(status=Motion.Status.CARRIED)
    rejected.refresh_from_db()
    with pytest.raises(InvalidInput, match="only a rejected change"):
        services.start_petition(member, organisation=organisation, kind="rejected-amendment",
                                title="T", text="T", motion=rejected)
    with pytest.raises(InvalidInput, match="Only a petition to put a rejected change"):
        services.start_petition(member, organisation=organisation, kind="member-ballot",
                                title="T", text="T", motion=rejected)


def test_the_statement_against_is_the_coordinating_groups_by_its_decision(
        amendment_ballot, organisation, secretary, chair, roll):
    referendum = amendment_ballot
    with pytest.raises(PowerDenied, match="chosen by a decision of the Coordinating Group"):
        services.write_statement(roll[10], referendum=referendum, side="against", text="No.")
    wrong_body = _decision_of(organisation, "organising-group", chair)
    with pytest.raises(AuthorityRefused, match="Rule 8.2: the statement against is chosen by "
                                               "the Coordinating Group"):
        services.record_body_statement(
            chair, referendum=referendum, text="Keep 5%.",
            authority=resolve(organisation, Route.DECISION, wrong_body.number))
    stale = _decision_of(organisation, "coordinating-group", chair,
                         made_at=referendum.petition.reached_at - timedelta(days=3))
    with pytest.raises(AuthorityRefused, match="made before the petition reached"):
        services.record_body_statement(
            chair, referendum=referendum, text="Keep 5%.",
            authority=resolve(organisation, Route.DECISION, stale.number))
    with pytest.raises(AuthorityRefused, match="needs a recorded decision"):
        services.record_body_statement(chair, referendum=referendum, text="x", authority=None)
    # Each refusal of a privileged act is itself on the ledger.
    assert LedgerEvent.objects.filter(kind="power.refused", actor=chair.name).count() == 3
    good = _decision_of(organisation, "coordinating-group", chair)
    statement = services.record_body_statement(
        chair, referendum=referendum, text="Keep 5%.",
        authority=resolve(organisation, Route.DECISION, good.number))
    assert statement.chosen_by.startswith("for the Coordinating Group, by decision")


def test_a_yes_adopts_the_new_constitution_with_the_ballot_as_authority(
        amendment_ballot, organisation, member, roll, work, secretary):
    referendum = amendment_ballot
    services.write_statement(member, referendum=referendum, side="for", text="Lower it.")
    with at(referendum.poll.opens_at):
        schedule.tick()
        work()
        poll = Poll.objects.get(pk=referendum.poll_id)
        assert poll.status == Poll.Status.OPEN
        assert referendum.__class__.objects.get(pk=referendum.pk).no_statement == ["against"]
        for voter in roll[5:15]:
            services.cast_ballot(voter, poll=poll, marks=[1])
    with at(poll.closes_at):
        for _ in range(2):
            schedule.tick()
            work()
    poll.refresh_from_db()
    assert poll.status == Poll.Status.DECLARED, poll.status
    assert "version" in " ".join(poll.outcome["consequences"]), poll.outcome
    with at(poll.closes_at + timedelta(hours=1)):
        fresh = type(organisation).objects.get(pk=organisation.pk)
        assert fresh.constitution.petition("member-ballot").percent == 4
    adopted = LedgerEvent.objects.filter(kind="constitution.adopted").latest("pk")
    assert adopted.data["authority"]["route"] == "ballot"
    assert adopted.data["authority"]["reference"] == f"ballot:{poll.pk}"
    referendum.refresh_from_db()
    [action] = referendum.decision.actions.all()
    assert action.done_on is not None
    assert "version" in action.done_note


@pytest.fixture
def election(announced):
    return announced


def test_the_returning_officer_cannot_stand_and_a_candidate_cannot_run_it(
        election, secretary, chair, timetable, voters):
    from openassembly.members.models import Region

    east = Region.objects.get(organisation=chair.organisation, name="East")
    for officer in (secretary, chair):
        officer.region = east
        officer.save()
    with timetable.during_nominations():
        services.open_nominations(secretary, election=election)
        with pytest.raises(PowerDenied, match="Rule 13.6: you are the returning officer"):
            services.stand(secretary, election=election, statement="Me.")
    with timetable.during_nominations():
        services.stand(chair, election=election, statement="Chair standing.")
    with timetable.after_nominations(), pytest.raises(PowerDenied,
                                                      match="you stand in this election"):
        services.close_nominations(chair, election=election)


def test_scrutineers_are_named_lawfully_and_the_result_waits_for_their_reports(
        organisation, secretary, chair, member, voters):
    referendum = services.create_referendum(
        secretary, organisation=organisation, question="Q?", proposal="P.",
        opens_at=clock.now() + timedelta(hours=1), closes_at=clock.now() + timedelta(days=2))
    poll = referendum.poll
    with pytest.raises(InvalidInput, match="holds an elected seat; Ordinary Member does not"):
        services.appoint_scrutineer(secretary, poll=poll, member=member)
    with pytest.raises(InvalidInput, match="returning officer cannot scrutinise"):
        services.appoint_scrutineer(secretary, poll=poll, member=secretary)
    with pytest.raises(PowerDenied):
        services.appoint_scrutineer(member, poll=poll, name="Friends of Ordinary Member")
    external = services.appoint_scrutineer(secretary, poll=poll,
                                           name="Electoral Reform Services")
    inside = services.appoint_scrutineer(secretary, poll=poll, member=chair)
    assert external.kind == Scrutineer.Kind.EXTERNAL and inside.kind == Scrutineer.Kind.MEMBER
    services.write_statement(voters[0], referendum=referendum, side="for", text="Y")
    services.write_statement(voters[1], referendum=referendum, side="against", text="N")
    with clock.frozen_at(poll.opens_at + timedelta(minutes=1)):
        services.open_voting(secretary, poll=poll)
        services.cast_ballot(voters[2], poll=poll, marks=[1])
        with pytest.raises(Conflict, match="reports after voting closes"):
            services.file_scrutiny_report(chair, scrutineer=inside, text="Too soon.")
    with clock.frozen_at(poll.closes_at + timedelta(minutes=1)):
        services.close_voting(secretary, poll=poll)
        poll = services.count_poll(secretary, poll=poll)
        with pytest.raises(Conflict, match="Rule 13.6: the scrutineers' reports are published "
                                           "with the result; waiting for"):
            services.declare_result(secretary, poll=poll)
        with pytest.raises(PowerDenied, match="Only Chair Person files"):
            services.file_scrutiny_report(secretary, scrutineer=inside, text="All fine.")
        services.file_scrutiny_report(chair, scrutineer=inside, text="Timetable kept.")
        services.file_scrutiny_report(secretary, scrutineer=external, text="Roll checked.")
        poll = services.declare_result(secretary, poll=poll)
    assert poll.status == Poll.Status.DECLARED
    assert LedgerEvent.objects.filter(kind="scrutiny.reported").count() == 2


def test_a_scrutineer_named_by_decision_must_be_the_organising_groups(
        organisation, secretary, chair):
    referendum = services.create_referendum(secretary, organisation=organisation,
                                            question="Q?", proposal="P.")
    wrong = _decision_of(organisation, "coordinating-group", chair)
    with pytest.raises(AuthorityRefused, match="only a decision of the Organising Group moved "
                                               "as a naming scrutineers"):
        services.appoint_scrutineer(
            chair, poll=referendum.poll, name="Civic Audit",
            authority=resolve(organisation, Route.DECISION, wrong.number))
    right = _decision_of(organisation, "organising-group", chair, kind="scrutineers",
                         majority="simple")
    scrutineer = services.appoint_scrutineer(
        chair, poll=referendum.poll, name="Civic Audit",
        authority=resolve(organisation, Route.DECISION, right.number))
    assert scrutineer.authority["route"] == "decision"


def test_the_scrutiny_page_shows_the_timetable_roll_and_officer_acts(
        client, organisation, secretary):
    referendum = services.create_referendum(secretary, organisation=organisation,
                                            question="Q?", proposal="P.")
    services.appoint_scrutineer(secretary, poll=referendum.poll, name="Civic Audit")
    page = client.get(f"/o/{organisation.slug}/polls/{referendum.poll_id}/scrutiny/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Civic Audit" in text
    assert "Members&#x27; ballot drafted" in text or "Members' ballot drafted" in text
    assert "Sec Retary" in text


def test_the_pages_refuse_on_the_form_and_keep_what_was_typed(
        amendment_ballot, organisation, chair, client):
    from openassembly.accounts.middleware import SESSION_KEY

    client.force_login(chair.user)
    session = client.session
    session[SESSION_KEY] = True
    session.save()
    wrong = _decision_of(organisation, "organising-group", chair)
    url = f"/o/{organisation.slug}/polls/{amendment_ballot.poll_id}/against/body/"
    page = client.post(url, {"decision": wrong.number, "text": "Keep five per cent."})
    text = page.content.decode()
    assert page.status_code in (200, 403, 422)
    assert "the statement against is chosen by the Coordinating Group" in text
    assert "Keep five per cent." in text
    assert not amendment_ballot.statements.filter(side="against").exists()
    page = client.post(f"/o/{organisation.slug}/polls/{amendment_ballot.poll_id}/scrutiny/new/",
                       {"name": "Civic Audit"})
    assert page.status_code == 303
    assert amendment_ballot.poll.scrutineers.get().name == "Civic Audit"


def test_a_stalled_ballot_is_flagged_whoever_drafted_it(organisation, secretary):
    from openassembly.ballots.compliance import stalled

    referendum = services.create_referendum(secretary, organisation=organisation,
                                            question="Q?", proposal="P.")
    poll = referendum.poll
    with at(poll.opens_at):
        [finding] = stalled(organisation, clock.now())
        assert not finding.ok and "has not opened" in finding.reason
    with at(poll.closes_at):
        [finding] = stalled(organisation, clock.now())
        assert not finding.ok and "still announced" in finding.reason


def _ledger() -> list[tuple[str, dict]]:
    """Every event but refusals: what a refused act must leave as it was."""
    return list(LedgerEvent.objects.exclude(kind="power.refused").order_by("pk")
                .values_list("kind", "data"))


def _forged(decision, **facts) -> Authority:
    """What a resolver would never return: passing facts on a real decision's number."""
    return Authority(route=Route.DECISION, text=f"by decision {decision.number}",
                     reference=f"decision:{decision.number}",
                     facts={"decision": decision.number, **facts})


def test_a_hand_made_or_stale_decision_chooses_no_statement_against(
        amendment_ballot, organisation, chair):
    referendum = amendment_ballot
    wrong_body = _decision_of(organisation, "organising-group", chair)
    good = _decision_of(organisation, "coordinating-group", chair)
    stale = resolve(organisation, Route.DECISION, good.number)
    Decision.objects.filter(pk=good.pk).update(status=Decision.Status.VOID)
    before = _ledger()
    forged = _forged(wrong_body, body="coordinating-group", body_name="Coordinating Group",
                     made_at=clock.now().isoformat())
    with pytest.raises(AuthorityRefused, match="the statement against is chosen by the "
                                               "Coordinating Group"):
        services.record_body_statement(chair, referendum=referendum, text="Keep 5%.",
                                       authority=forged)
    with pytest.raises(AuthorityRefused, match="no decision 999"):
        services.record_body_statement(chair, referendum=referendum, text="Keep 5%.",
                                       authority=replace(forged, reference="decision:999"))
    with pytest.raises(AuthorityRefused, match=f"Decision {good.number} no longer stands"):
        services.record_body_statement(chair, referendum=referendum, text="Keep 5%.",
                                       authority=stale)
    assert not referendum.statements.exists()
    assert _ledger() == before


def test_a_hand_made_or_stale_decision_names_no_scrutineer(organisation, secretary, chair):
    referendum = services.create_referendum(secretary, organisation=organisation,
                                            question="Q?", proposal="P.")
    wrong = _decision_of(organisation, "coordinating-group", chair)
    right = _decision_of(organisation, "organising-group", chair, kind="scrutineers",
                         majority="simple")
    stale = resolve(organisation, Route.DECISION, right.number)
    Decision.objects.filter(pk=right.pk).update(status=Decision.Status.VOID)
    before = _ledger()
    forged = _forged(wrong, body="organising-group", body_name="Organising Group",
                     decision_key="scrutineers", majority_kind="simple")
    with pytest.raises(AuthorityRefused, match="only a decision of the Organising Group"):
        services.appoint_scrutineer(chair, poll=referendum.poll, name="Civic Audit",
                                    authority=forged)
    with pytest.raises(AuthorityRefused, match="no decision 999"):
        services.appoint_scrutineer(chair, poll=referendum.poll, name="Civic Audit",
                                    authority=replace(forged, reference="decision:999"))
    with pytest.raises(AuthorityRefused, match=f"Decision {right.number} no longer stands"):
        services.appoint_scrutineer(chair, poll=referendum.poll, name="Civic Audit",
                                    authority=stale)
    assert not Scrutineer.objects.exists()
    assert _ledger() == before


def _refusals() -> list[str]:
    return list(LedgerEvent.objects.filter(kind="power.refused").order_by("pk")
                .values_list("data__reason", flat=True))


def test_a_carried_decision_about_something_else_names_no_scrutineer(
        organisation, secretary, chair, member):
    """Rule 13.6 lets the Organising Group name a scrutineer by a decision to do so: any other
    carried decision of the group (here the demo's day of action) is not that authority, for an
    officer or for a plain member who quotes it."""
    referendum = services.create_referendum(secretary, organisation=organisation,
                                            question="Q?", proposal="P.")
    unrelated = _decision_of(organisation, "organising-group", chair, kind="ordinary",
                             majority="simple", title="A clean-air day of action")
    no_kind = _decision_of(organisation, "organising-group", chair, majority="simple",
                           title="Thank the volunteers")
    # The right kind, but carried without the division its majority needs.
    unvoted = _decision_of(organisation, "organising-group", chair, kind="scrutineers")
    before = _ledger()
    for actor in (chair, member):
        for decision in (unrelated, no_kind):
            with pytest.raises(AuthorityRefused, match=(
                    "Rule 13.6: only a decision of the Organising Group moved as a naming "
                    f"scrutineers can name a scrutineer; decision {decision.number} is not "
                    "one")) as info:
                services.appoint_scrutineer(
                    actor, poll=referendum.poll, name="Friends of the Chair",
                    authority=resolve(organisation, Route.DECISION, decision.number))
            assert info.value.field == "decision"
    with pytest.raises(AuthorityRefused, match=f"decision {unvoted.number} was not carried by "
                                               "the simple majority it needs"):
        services.appoint_scrutineer(
            member, poll=referendum.poll, name="Friends of the Chair",
            authority=resolve(organisation, Route.DECISION, unvoted.number))
    assert not Scrutineer.objects.exists()
    assert _ledger() == before
    assert len(_refusals()) == 5


def test_a_decision_to_name_scrutineers_names_one(organisation, secretary, chair, member):
    referendum = services.create_referendum(secretary, organisation=organisation,
                                            question="Q?", proposal="P.")
    right = _decision_of(organisation, "organising-group", chair, kind="scrutineers",
                         majority="simple", title="Name Civic Audit as scrutineer")
    # Carrying out the group's decision needs no power of its own: the decision is the
    # authority, as rule 13.6 says.
    scrutineer = services.appoint_scrutineer(
        member, poll=referendum.poll, name="Civic Audit",
        authority=resolve(organisation, Route.DECISION, right.number))
    assert scrutineer.authority["reference"] == f"decision:{right.number}"
    event = LedgerEvent.objects.get(kind="scrutineer.appointed")
    assert event.data["authority"]["reference"] == f"decision:{right.number}"


def test_without_a_kind_of_decision_only_the_returning_officer_names_one(
        organisation, secretary, chair):
    text = organisation.current_constitution_version().text
    closed = text.replace('body = "organising-group"\ndecision = "scrutineers"\n',
                          'body = "organising-group"\n', 1)
    assert closed != text
    # As if founded with this text: no amendment procedure is under test here.
    organisation.constitution_versions.update(text=closed)
    organisation.__dict__.pop("_constitution_cache", None)
    assert organisation.constitution.scrutiny.decision is None
    referendum = services.create_referendum(secretary, organisation=organisation,
                                            question="Q?", proposal="P.")
    right = _decision_of(organisation, "organising-group", chair, kind="scrutineers",
                         majority="simple")
    before = _ledger()
    with pytest.raises(AuthorityRefused, match="Rule 13.6: the constitution names no kind of "
                                               "decision that names scrutineers, so only the "
                                               "returning officer can name one"):
        services.appoint_scrutineer(
            chair, poll=referendum.poll, name="Civic Audit",
            authority=resolve(organisation, Route.DECISION, right.number))
    assert not Scrutineer.objects.exists()
    assert _ledger() == before
    scrutineer = services.appoint_scrutineer(secretary, poll=referendum.poll,
                                             name="Civic Audit")
    assert scrutineer.authority["route"] == "office"
