"""Where to send each state-changing request in the demo: one concrete path per URL name (and
per meeting action), and the page whose form a person would fill in to send it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

MISSING = 999999  # an id no demo row has: the path then names nothing


@dataclass(frozen=True)
class Target:
    path: str
    page: str | None = None  # the page whose form is filled in (the path itself if None)
    data: dict | None = None  # sent as is, without filling in a page's form
    extra: dict | None = None  # added to the page's form (what its confirming step sends)
    json: bool = False


def _pk(queryset) -> int:
    found = queryset.order_by("pk").values_list("pk", flat=True).first()
    return found if found is not None else MISSING


def _newest(queryset) -> int:
    """The newest of its kind: the one a row's stage made, if it made one."""
    found = queryset.order_by("-pk").values_list("pk", flat=True).first()
    return found if found is not None else MISSING


def _org(cast) -> str:
    return f"/o/{cast.home.slug}/"


def _poll(cast, status) -> int:
    from openassembly.ballots.models import Poll

    return _pk(Poll.objects.filter(organisation=cast.home, status=status))


def _election_poll(cast, status) -> int:
    from openassembly.ballots.models import Poll

    return _pk(Poll.objects.filter(organisation=cast.home, status=status, election__isnull=False))


def _referendum_poll(cast) -> int:
    from openassembly.ballots.models import Poll

    return _pk(
        Poll.objects.filter(organisation=cast.home, referendum__isnull=False).exclude(
            status__in=["declared", "cancelled", "counted", "closed"]
        )
    )


def _drafted_referendum(cast) -> int:
    """The newest members' ballot still in draft (the one the row's stage drafted)."""
    from openassembly.ballots.models import Poll

    return _newest(
        Poll.objects.filter(organisation=cast.home, referendum__isnull=False, status="draft")
    )


def _schedule(cast):
    # The officer moves the drafted ballot's close a day later (the form shows its timetable).
    from datetime import timedelta

    from django.utils import timezone

    from openassembly.ballots.models import Poll

    pk = _drafted_referendum(cast)
    poll = Poll.objects.filter(pk=pk).first()
    closes = timezone.localtime(poll.closes_at) + timedelta(days=1) if poll else None
    return Target(
        f"{_org(cast)}polls/{pk}/timetable/",
        extra={"closes_at": closes.strftime("%Y-%m-%dT%H:%M")} if closes else None,
    )


def _meeting(cast, status) -> int:
    from openassembly.meetings.models import Meeting

    return _pk(Meeting.objects.filter(organisation=cast.home, status=status))


def _simple(suffix: str) -> Callable:
    return lambda cast: Target(_org(cast) + suffix)


def _poll_target(suffix: str, status: str, *, page: str | None = "") -> Callable:
    def build(cast):
        pk = _poll(cast, status)
        path = f"{_org(cast)}polls/{pk}/{suffix}"
        return Target(path, page=(f"{_org(cast)}polls/{pk}/" if page == "" else page))

    return build


def _nomination_target(suffix: str) -> Callable:
    def build(cast):
        from openassembly.ballots.models import Candidacy

        pk = _election_poll(cast, "nominations")
        cid = _newest(Candidacy.objects.filter(election__poll_id=pk))
        return Target(
            f"{_org(cast)}polls/{pk}/candidates/{cid}/{suffix}", page=f"{_org(cast)}polls/{pk}/"
        )

    return build


def _slate_sign(cast):
    from openassembly.ballots.models import Slate

    pk = _newest(Slate.objects.filter(organisation=cast.home))
    poll = _election_poll(cast, "nominations")
    return Target(f"{_org(cast)}slates/{pk}/sign/", page=f"{_org(cast)}polls/{poll}/")


def _questionnaire(cast):
    from openassembly.ballots.models import Questionnaire

    return Target(
        f"{_org(cast)}questionnaires/"
        f"{_newest(Questionnaire.objects.filter(organisation=cast.home))}/"
    )


def _cosign(cast):
    from openassembly.ballots.models import Statement

    pk = _referendum_poll(cast)
    cid = _pk(Statement.objects.filter(referendum__poll_id=pk))
    return Target(f"{_org(cast)}polls/{pk}/against/{cid}/cosign/", page=f"{_org(cast)}polls/{pk}/")


def _scrutiny_report(cast):
    from openassembly.ballots.models import Scrutineer

    scrutineer = Scrutineer.objects.filter(organisation=cast.home).order_by("pk").first()
    pk, sid = (scrutineer.poll_id, scrutineer.pk) if scrutineer else (MISSING, MISSING)
    return Target(f"{_org(cast)}polls/{pk}/scrutiny/{sid}/report/")


def _petition(cast):
    from openassembly.ballots.models import Petition

    return Target(
        f"{_org(cast)}petitions/"
        f"{_pk(Petition.objects.filter(organisation=cast.home, status='open'))}/"
    )


def _sortition(cast):
    from openassembly.ballots.models import Sortition

    # The button a volunteer presses (the officer's copy of the page offers closing instead).
    return Target(
        f"{_org(cast)}sortitions/{_newest(Sortition.objects.filter(organisation=cast.home))}/",
        extra={"action": "join"},
    )


def _requisition(cast):
    from openassembly.meetings.models import Requisition

    return Target(
        f"{_org(cast)}requisitions/{_newest(Requisition.objects.filter(organisation=cast.home))}/"
    )


def _meeting_cancel(cast):
    # The next Organising Group meeting, which the officers may cancel together (rule 6.9):
    # the officer chooses that route and proposes; the cancellation waits for a second.
    pk = _meeting_titled(cast, "Organising Group, summer")
    return Target(
        f"{_org(cast)}meetings/{pk}/cancel/",
        page=f"{_org(cast)}meetings/{pk}/cancel/",
        extra={"route": "officers", "postpone_to": ""},
    )


def _end_term(cast):
    from openassembly.bodies.models import SeatHolding

    pk = _pk(
        SeatHolding.objects.filter(
            organisation=cast.home, ends_on=None, seat_group__body__key="coordinating-group"
        )
    )
    return Target(
        f"{_org(cast)}bodies/coordinating-group/seats/{pk}/end/",
        page=f"{_org(cast)}bodies/coordinating-group/seats/",
    )


def _token_revoke(cast):
    from openassembly.accounts.models import AccessToken

    pk = _newest(AccessToken.objects.filter(member=cast.people["member"]))
    return Target(f"{_org(cast)}me/api-tokens/{pk}/revoke/", page=f"{_org(cast)}me/api-tokens/")


def _propose(cast):
    # The officer proposes resetting the chair's second factor (a lost phone): the first of
    # the two officers the rule needs. The form's first choice of member is the proposer.
    from openassembly.demo.organisation import SECOND_OFFICER_EMAIL
    from openassembly.members.models import Member

    chair = Member.objects.get(organisation=cast.home, email=SECOND_OFFICER_EMAIL)
    return Target(_org(cast) + "officers/actions/", extra={"member": str(chair.pk)})


def _action_decide(cast):
    from openassembly.accounts.models import SensitiveAction

    pk = _newest(SensitiveAction.objects.filter(organisation=cast.home, status="pending"))
    return Target(f"{_org(cast)}officers/actions/{pk}/")


def _results_set(cast):
    from openassembly.scenarios.models import ResultsSet

    # The study saved, with no particular transfer rates or fixed candidates typed in.
    return Target(
        f"{_org(cast)}analysis/results/{_pk(ResultsSet.objects.filter(organisation=cast.home))}/",
        extra={"rates": "", "assignments": "", "assigned_only": "", "action": "save"},
    )


def _attach(cast):
    from openassembly.scenarios.models import SavedAnalysis

    pk = _pk(SavedAnalysis.objects.filter(organisation=cast.home))
    return Target(f"{_org(cast)}analysis/{pk}/attach/", page=f"{_org(cast)}analysis/{pk}/")


def _signup_confirm(cast):
    return Target(f"{_org(cast)}confirm/not-a-real-token/")


def _ballot(cast):
    # The ballot paper's first choice marked, as a voter would; its "blank" box left unticked.
    pk = _poll(cast, "open")
    return Target(f"{_org(cast)}polls/{pk}/vote/", extra={"blank": ""})


def _dues(cast):
    # The treasurer's form takes the member's address and a year's dues (rule 2.3: whole
    # periods of £12), paid today.
    from openassembly.core import clock

    return Target(
        _org(cast) + "officers/dues/",
        extra={
            "member": cast.people["member"].email,
            "amount": "12",
            "paid_on": clock.today().isoformat(),
        },
    )


def _referendum_new(cast):
    # Voting closes a fortnight after it opens (the filler puts both at the same moment).
    from datetime import timedelta

    from openassembly.core import clock

    closes = clock.now() + timedelta(days=54)
    return Target(
        _org(cast) + "referendums/new/", extra={"closes_at": closes.strftime("%Y-%m-%dT%H:%M")}
    )


def _scrutineer_new(cast):
    # An independent organisation named, no member chosen (the form takes one or the other),
    # by the returning officer under their own power (no decision cited).
    pk = _poll(cast, "nominations")
    return Target(f"{_org(cast)}polls/{pk}/scrutiny/new/", extra={"member": "", "decision": ""})


def _api_ballot(cast):
    pk = _poll(cast, "open")
    return Target(
        f"/api/o/{cast.home.slug}/polls/{pk}/ballot", data={"marks": [], "blank": True}, json=True
    )


def _api_vote(cast):
    from openassembly.meetings.models import Division

    pk = _newest(Division.objects.filter(organisation=cast.home))
    return Target(f"/api/o/{cast.home.slug}/divisions/{pk}/vote", data={"choice": "for"}, json=True)


def _api_application(cast):
    from openassembly.members.models import Member

    pk = _pk(Member.objects.filter(organisation=cast.home, status="applicant"))
    return Target(f"/api/o/{cast.home.slug}/applications/{pk}", data={"outcome": "admit"},
                  json=True)


def _act(name: str) -> Callable:
    # Every meeting action is sent to the cast's general meeting (tests/attack/stages.py),
    # which the officer chairs and the member may vote in; a row's stage brings it to the
    # point where the action is the rightful user's to take. Proxies are the Organising
    # Group's alone (rule 7.4), so that one goes to its next meeting, where the officer sits.
    def build(cast):
        from .stages import MEETING_DATA, MEETING_PAGES

        pk = cast.assembly if name != "proxy" else _meeting_titled(cast, "Organising Group, summer")
        page = MEETING_PAGES.get(name, "meetings/{pk}/").format(pk=pk, division=_division(cast))
        fill = MEETING_DATA.get(name)
        data, extra = fill(cast) if fill else (None, None)
        return Target(
            f"{_org(cast)}meetings/{pk}/do/{name}/", page=_org(cast) + page, data=data, extra=extra
        )

    return build


def _meeting_titled(cast, title: str) -> int:
    from openassembly.meetings.models import Meeting

    return _pk(Meeting.objects.filter(organisation=cast.home, title=title))


def _division(cast) -> int:
    """The general meeting's newest division (one its row's stage made), if any."""
    from openassembly.meetings.models import Division

    found = Division.objects.filter(meeting_id=cast.assembly).order_by("-pk").first()
    return found.pk if found else MISSING


TARGETS: dict[str, Callable] = {
    "api:cast_ballot": _api_ballot,
    "api:cast_vote": _api_vote,
    "api:decide_application": _api_application,
    "accounts:login": lambda cast: Target("/accounts/login/"),
    "accounts:logout": lambda cast: Target("/accounts/logout/", data={}),
    "accounts:totp_setup": lambda cast: Target("/accounts/two-factor/setup/"),
    "accounts:totp_replace": lambda cast: Target("/accounts/two-factor/replace/"),
    "accounts:totp_verify": lambda cast: Target("/accounts/two-factor/"),
    "accounts:totp_recovery": lambda cast: Target("/accounts/two-factor/recovery/"),
    "accounts:claim": lambda cast: Target("/accounts/claim/"),
    "accounts:claim_confirm": lambda cast: Target("/accounts/claim/MQ/not-a-token/"),
    "accounts:password_reset": lambda cast: Target("/accounts/password/forgotten/"),
    "accounts:password_reset_confirm": lambda cast: Target(
        "/accounts/password/reset/MQ/not-a-token/"
    ),
    "accounts:api_tokens": _simple("me/api-tokens/"),
    "accounts:api_token_revoke": _token_revoke,
    "accounts:actions": _propose,
    "accounts:action_decide": _action_decide,
    "members:appeal": _simple("join/join/"),
    "members:confirm": _signup_confirm,
    "members:me": _simple("me/"),
    "members:public_office": _simple("me/public-office/"),
    "members:affiliates": lambda cast: Target(
        _org(cast) + "affiliates/", extra={"slug": "probe-union"}
    ),
    "members:import": _simple("officers/import/"),
    "members:dues": _dues,
    "members:discipline": _simple("officers/discipline/"),
    "members:applications": _simple("officers/applications/"),
    "bodies:manage": _simple("bodies/coordinating-group/seats/"),
    "bodies:end_term": _end_term,
    "meetings:call": _simple("meetings/call/"),
    "meetings:requisition": _requisition,
    # A general meeting's requisition: any member may start one (rule 6.8).
    "meetings:requisition_start": _simple("bodies/members/requisition/"),
    "meetings:cancel": _meeting_cancel,
    "ballots:election_new": _simple("elections/new/"),
    "ballots:referendum_new": _referendum_new,
    "ballots:vote": _ballot,
    "ballots:step": _poll_target("step/", "nominations"),
    "ballots:cancel": _poll_target("cancel/", "nominations", page=None),
    "ballots:scrutineer_new": _scrutineer_new,
    "ballots:scrutiny_report": _scrutiny_report,
    "ballots:against_offer": lambda cast: Target(
        f"{_org(cast)}polls/{_referendum_poll(cast)}/against/"
    ),
    "ballots:against_cosign": _cosign,
    "ballots:body_statement": lambda cast: Target(
        f"{_org(cast)}polls/{_referendum_poll(cast)}/against/body/"
    ),
    "ballots:stand": _poll_target("stand/", "nominations", page=None),
    "ballots:nominate": _nomination_target("nominate/"),
    "ballots:withdraw": _nomination_target("withdraw/"),
    "ballots:slate_new": _poll_target("slates/new/", "nominations", page=None),
    "ballots:slate_sign": _slate_sign,
    "ballots:questionnaire_new": _poll_target("questionnaires/new/", "nominations", page=None),
    "ballots:questionnaire": _questionnaire,
    "ballots:statement": lambda cast: Target(
        f"{_org(cast)}polls/{_drafted_referendum(cast)}/statement/"
    ),
    "ballots:schedule": _schedule,
    # A petition for a members' ballot names no office holder to recall.
    "ballots:petition_new": lambda cast: Target(
        _org(cast) + "petitions/new/", extra={"target": ""}
    ),
    "ballots:petition": _petition,
    "ballots:sortition_new": _simple("sortitions/new/"),
    "ballots:sortition": _sortition,
    "scenarios:add_results": _simple("analysis/results/add/"),
    "scenarios:results_set": _results_set,
    "scenarios:attach": _attach,
}


def meeting_actions() -> list[str]:
    from openassembly.meetings.views.actions import ACTIONS

    return sorted(ACTIONS)


def stage(name: str) -> Callable | None:
    """What must happen before the row's rightful user can act (stages.py), or None."""
    from .stages import MEETING_STAGES, STAGES

    if name.startswith("meetings:act:"):
        return MEETING_STAGES.get(name.split(":", 2)[2])
    return STAGES.get(name)


def target(cast, name: str) -> Target:
    if name.startswith("meetings:act:"):
        return _act(name.split(":", 2)[2])(cast)
    return TARGETS[name](cast)
