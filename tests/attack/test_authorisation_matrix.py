"""Issue 13's authorisation attack, kept: every state-changing URL the resolver knows, sent
by each of six roles, and every table of the database compared before and after.

The table below has one row per state-changing URL name (and per meeting action, which share
one URL with a name in it). Each row says which roles change the database by sending the
page's own form, filled in as the person who may use it sees it (an attacker who is refused
the page copies the form of one who is not). A role the row does not name must change
nothing: every row of every table is the same after the request (sessions, sign-in counters
and the ledger's ``power.refused`` entries aside). A state-changing URL without a row, or a
row for a URL that is gone, fails `test_every_state_changing_url_has_a_row`.

Most rows need their object at a stage the demo does not hold (a meeting in session, a
two-officer act awaiting its second, a candidacy to withdraw): tests/attack/stages.py
prepares it through the services, inside each probe's savepoint, so that the row shows the
rightful person succeeding as well as everyone else failing. A row whose roles are empty
says why: nobody can succeed by design (a guessed password or token), or no stage is written
for it yet; its probes still prove that nothing changes for any role.

Read-only URLs are fetched by every role (tests/url_inventory.py gives the paths): nothing
changes, no page fails, officer pages refuse everyone else, and no member's address reaches
anyone outside the organisation. Each is also sent a POST by the officer, which must change
nothing either: a URL classed read-only that changes state is caught there.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.url_inventory import read_only_paths

from .cast import ROLES, build_cast, changes, snapshot
from .probes import TARGETS, meeting_actions
from .runner import _in_savepoint, form_data, probe
from .urls import routes

ANON, OTHER_MEMBER, OTHER_OFFICER, NO_SECOND_FACTOR, MEMBER, OFFICER = ROLES
# Anyone, signed in or not; an officer must pass the second factor first, as everywhere.
PUBLIC = {ANON, OTHER_MEMBER, OTHER_OFFICER, MEMBER, OFFICER}

# URL name -> the roles that change the database by sending its form.
MATRIX: dict[str, set[str]] = {
    # The JSON API: a ballot and a meeting vote, each the voter's own.
    "api:cast_ballot": {MEMBER, OFFICER},
    "api:cast_vote": {MEMBER, OFFICER},
    # Admitting the demo's waiting applicant: the officer's session, with the power rule 2.7
    # names (tokens carry no officer's power).
    "api:decide_application": {OFFICER},
    # Signing in and the second factor: none of them changes anything of the organisation
    # with a guessed code, token or password (by design: only the right secret gets in).
    "accounts:login": set(),
    # Signing out ends the session, which is noise to the snapshot.
    "accounts:logout": set(),
    "accounts:totp_verify": set(),
    "accounts:totp_recovery": set(),
    # Starting to set up one's own second factor (a new secret, not yet confirmed).
    "accounts:totp_setup": {OTHER_MEMBER, MEMBER},
    # Needs the password typed again, which the form does not hold.
    "accounts:totp_replace": set(),
    # Claiming and resetting only send mail (the same answer for every address, so nobody
    # learns who has an account); the links they send carry tokens nobody can guess.
    "accounts:claim": set(),
    "accounts:claim_confirm": set(),
    "accounts:password_reset": set(),
    "accounts:password_reset_confirm": set(),
    # A member's own API tokens.
    "accounts:api_tokens": {MEMBER, OFFICER},
    "accounts:api_token_revoke": {MEMBER},
    # The two-person rule.
    # Proposing a two-officer act (resetting the chair's second factor).
    "accounts:actions": {OFFICER},
    # The chair proposed; the secretary is the second officer.
    "accounts:action_decide": {OFFICER},
    # Joining is open to anyone; a member's own details.
    "members:appeal": PUBLIC,
    # The link's token is mailed to the person who signed; a guessed one confirms nothing.
    "members:confirm": set(),
    "members:me": {MEMBER, OFFICER},
    "members:public_office": {MEMBER, OFFICER},
    # The register officer's pages.
    "members:affiliates": {OFFICER},
    # Not staged: the form is a file upload, which the form filler does not make up.
    "members:import": set(),
    "members:dues": {OFFICER},
    # Admitting or refusing the demo's waiting applicant: the power rule 2.7 names.
    "members:applications": {OFFICER},
    # Not staged yet: each needs a carried decision of the kind the rule names (rule 2.5,
    # co-option, removal) or an affiliate's nomination.
    "members:discipline": set(),
    "bodies:manage": set(),
    "bodies:end_term": set(),
    # Meetings and requisitions.
    "meetings:call": {OFFICER},
    "meetings:requisition": {MEMBER, OFFICER},
    "meetings:requisition_start": {MEMBER, OFFICER},
    "meetings:cancel": {OFFICER},
    # Ballots: the returning officer announces and cancels; members stand and nominate (the
    # returning officer may not stand, rule 13.6), sign petitions, set questionnaires and
    # slates.
    "ballots:election_new": {OFFICER},
    "ballots:referendum_new": {OFFICER},
    # Voting: the member and the officer are on the open poll's roll. The probe fills the
    # paper as a person would (its first choice); every mark is a fixed-width value, so the
    # paper it copies is a lawful ballot, where the old blank checkbox spoilt it.
    "ballots:vote": {MEMBER, OFFICER},
    # Not staged yet: closing nominations early is refused (409) while they run.
    "ballots:step": set(),
    "ballots:cancel": {OFFICER},
    "ballots:scrutineer_new": {OFFICER},
    # Not staged yet: a report is filed once voting has closed; the statements against are a
    # petition-called ballot's, before it opens (the demo's is open already).
    "ballots:scrutiny_report": set(),
    "ballots:against_offer": set(),
    "ballots:against_cosign": set(),
    "ballots:body_statement": set(),
    "ballots:stand": {MEMBER},
    "ballots:nominate": {MEMBER},
    "ballots:withdraw": {MEMBER},
    "ballots:slate_new": {MEMBER, OFFICER},
    "ballots:slate_sign": {MEMBER},
    "ballots:questionnaire_new": {MEMBER, OFFICER},
    # A candidate answers; the returning officer may not stand, so has nothing to answer.
    "ballots:questionnaire": {MEMBER},
    "ballots:statement": {MEMBER, OFFICER},
    "ballots:schedule": {OFFICER},
    "ballots:petition_new": {MEMBER, OFFICER},
    "ballots:petition": {MEMBER, OFFICER},
    "ballots:sortition_new": {OFFICER},
    # Any member may volunteer for a draw's pool, except the officer who announced and runs
    # it (who closes the pool, so could close it when their own odds are best).
    "ballots:sortition": {MEMBER},
    # Election analysis: any member may add a results set to study.
    # The demo has added the shipped results already: the same file again is refused (409).
    "scenarios:add_results": set(),
    # Not staged yet: saving a study needs choices the form filler does not make.
    "scenarios:results_set": set(),
    # Any member may link a saved analysis to a motion or paper (on the ledger, in their name).
    "scenarios:attach": {MEMBER, OFFICER},
}
# Meeting actions, on the cast's general meeting of all members (tests/attack/stages.py),
# which the officer chairs and minutes and in which the member has a vote; each row's stage
# brings the meeting to where its action is someone's to take. The chair conducts (opens,
# calls speakers, puts votes, rules, closes) and the minute-taker writes the minutes; any
# member present moves, seconds, amends, speaks, raises points and votes; the mover alone
# withdraws a motion or accepts an amendment to it; any member of the body may circulate a
# paper (papers._may_circulate); an action's owner or an officer of the meeting marks it
# done; a proxy is the Organising Group's alone (rule 7.4), where the officer sits and the
# member does not.
MEETING_ACTIONS: dict[str, set[str]] = {
    "accept": {MEMBER},
    "add-action": {OFFICER},
    "add-item": {OFFICER},
    "add-speaker": {OFFICER},
    "amend": {MEMBER, OFFICER},
    "apologies": {MEMBER, OFFICER},
    "approve-minutes": {OFFICER},
    "attend": {MEMBER, OFFICER},
    # Anyone present may challenge the chair's ruling, except the chair who gave it (the
    # officer here chairs the general meeting).
    "challenge": {MEMBER},
    "close-division": {OFFICER},
    "close-meeting": {OFFICER},
    "complete-action": {MEMBER, OFFICER},
    "draft-minutes": {OFFICER},
    "edit-minutes": {OFFICER},
    "end-speech": {OFFICER},
    "hands": {OFFICER},
    "move": {MEMBER, OFFICER},
    "open-division": {OFFICER},
    "open-meeting": {OFFICER},
    "paper": {MEMBER, OFFICER},
    "point": {MEMBER, OFFICER},
    "propose-correction": {OFFICER},
    "proxy": {OFFICER},
    "publish-minutes": {OFFICER},
    "record-attendance-many": {OFFICER},
    "refer-back": {MEMBER, OFFICER},
    "rule": {OFFICER},
    "second": {MEMBER, OFFICER},
    "speak": {MEMBER, OFFICER},
    "start-speech": {OFFICER},
    "take-private": {OFFICER},
    "vote": {MEMBER, OFFICER},
    "withdraw": {MEMBER},
    "withhold-paper": {OFFICER},
}


def _all_rows() -> dict[str, set[str]]:
    rows = dict(MATRIX)
    for action in meeting_actions():
        rows[f"meetings:act:{action}"] = MEETING_ACTIONS.get(action, set())
    return rows


def test_every_state_changing_url_has_a_row():
    changing = {r.name for r in routes() if r.changes_state}
    assert "meetings:act" in changing and "api:cast_ballot" in changing
    changing.discard("meetings:act")  # one row per action instead
    assert not changing - set(MATRIX), f"URLs without a row: {changing - set(MATRIX)}"
    assert not set(MATRIX) - changing, f"rows for URLs that are gone: {set(MATRIX) - changing}"
    assert set(MATRIX) <= set(TARGETS)
    assert set(MEETING_ACTIONS) == set(meeting_actions())


def test_every_read_only_url_has_paths_in_the_inventory():
    """Checked without a database: the inventory names every read-only URL."""
    import inspect

    from tests import url_inventory

    source = inspect.getsource(url_inventory)
    missing = [r.name for r in routes() if not r.changes_state and f'"{r.name}"' not in source]
    assert not missing, f"read-only URLs missing from tests/url_inventory.py: {missing}"


@pytest.fixture(scope="module")
def cast(django_db_setup, django_db_blocker):
    """The demo and its neighbour, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_cast()
        transaction.set_rollback(True)


def test_who_changes_what(cast, db):
    rows = _all_rows()
    found, probes = [], 0
    for name, allowed in rows.items():
        data = form_data(cast, name)
        for role in ROLES:
            outcome = probe(cast, name, role, data)
            probes += 1
            if outcome.error:
                found.append(f"{name} as {role}: traceback {outcome.error}")
            elif outcome.succeeded and role not in allowed:
                found.append(f"{name} as {role}: changed {outcome.changed} ({outcome.status})")
            elif role in allowed and not outcome.succeeded:
                found.append(
                    f"{name} as {role}: changed nothing ({outcome.status}) but the "
                    "matrix says it succeeds"
                )
    print(
        f"\nauthorisation matrix: {len(rows)} state-changing rows x {len(ROLES)} roles = "
        f"{probes} probes"
    )
    assert probes == len(rows) * len(ROLES)
    assert not found, "\n".join(found)


def test_the_snapshot_sees_a_change(cast, db):
    """Positive control of the judge: one changed column in one row is a change."""
    from openassembly.members.models import Member

    def work():
        before = snapshot()
        Member.objects.filter(pk=cast.people[MEMBER].pk).update(phone="01234 567890")
        return changes(before, snapshot())

    assert _in_savepoint(work) == {"members_member": "+0 -0 ~1"}


# Read-only pages only an officer with the power may see.
OFFICER_ONLY = {"members:register", "record:full_export", "api:list_applications"}


def _refused(response) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    return response.status_code == 302 and "/accounts/" in response.get("Location", "")


def test_read_only_urls_change_nothing_and_leak_nothing(cast, db):
    from openassembly.members.models import Member

    inventory = read_only_paths(cast.home)
    emails = [
        e
        for e in Member.objects.filter(organisation=cast.home).values_list("email", flat=True)
        if e
    ]
    found, fetches = [], 0

    def visit():
        nonlocal fetches
        # Signing the browsers in (last_login) happens before the snapshot, not during it.
        clients = {role: cast.client(role) for role in ROLES}
        before = snapshot()
        for role, client in clients.items():
            for name, paths in inventory.items():
                for path in paths:
                    response = client.get(path)
                    fetches += 1
                    if response.status_code >= 500:
                        found.append(f"GET {path} as {role}: {response.status_code}")
                    if name in OFFICER_ONLY and role != OFFICER and not _refused(response):
                        found.append(
                            f"GET {path} as {role}: {response.status_code}, an officer's page"
                        )
                    if role in (ANON, OTHER_MEMBER, OTHER_OFFICER) and response.status_code == 200:
                        body = b"".join(response) if response.streaming else response.content
                        text = body.decode(errors="replace")
                        leaked = [e for e in emails if e in text]
                        if leaked:
                            found.append(f"GET {path} as {role}: shows {leaked[:3]}")
        return changes(before, snapshot())

    changed = _in_savepoint(visit)
    assert fetches > 300
    assert not changed, f"fetching the read-only pages changed {changed}"
    assert not found, "\n".join(found)

    def post_each():
        client = cast.client(OFFICER)
        for name, paths in inventory.items():
            for path in paths[:1]:
                before = snapshot()
                response = client.post(path, {"name": "probe", "text": "probe"})
                after = changes(before, snapshot())
                if after or response.status_code >= 500:
                    found.append(f"POST {path} ({name}): {response.status_code} {after}")

    _in_savepoint(post_each)
    assert not found, "\n".join(found)
    print(
        f"\nread-only: {sum(len(p) for p in inventory.values())} paths x {len(ROLES)} roles "
        f"= {fetches} fetches"
    )
