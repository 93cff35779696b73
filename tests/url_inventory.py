"""Concrete paths for every page that changes nothing, in an organisation loaded with the demo
(`openassembly.demo.organisation.load_demo`), by URL name.

Tests that must visit every page import it: the authorisation matrix
(tests/attack/test_authorisation_matrix.py) fetches each as each role, and a page check (an
accessibility scan, say) can do the same::

    from tests.url_inventory import read_only_paths
    for name, paths in read_only_paths(organisation).items():
        ...

Each URL name of the resolver that changes nothing maps to at least one path, the one a
person would reach in the demo (a declared election's results, a held meeting's minutes); a
name whose thing the demo does not have maps to an empty list, and
`tests/attack/test_authorisation_matrix.py` fails if one is missing, so a new page gets a
path here. Paths that only a member or only an officer may see are included: who may see
them is the matrix's business.
"""

from __future__ import annotations


def _first(queryset):
    return queryset.order_by("pk").first()


def read_only_paths(organisation) -> dict[str, list[str]]:
    from openassembly.accounts.models import SensitiveAction
    from openassembly.ballots.models import Poll, Scrutineer, Sortition, Task
    from openassembly.bodies.models import Body
    from openassembly.bodies.selectors import shared_seats
    from openassembly.core.models import ConstitutionVersion
    from openassembly.meetings.models import Division, Meeting, Minutes, PaperVersion
    from openassembly.members.models import Member
    from openassembly.scenarios.models import SavedAnalysis

    slug = organisation.slug
    o = f"/o/{slug}/"
    api = f"/api/o/{slug}/"
    polls = Poll.objects.filter(organisation=organisation)
    declared = _first(polls.filter(status=Poll.Status.DECLARED))
    body_keys = list(
        Body.objects.filter(organisation=organisation).order_by("pk").values_list("key", flat=True)
    )
    meetings = Meeting.objects.filter(organisation=organisation)
    held = _first(meetings.filter(status=Meeting.Status.CLOSED))
    in_session = _first(meetings.filter(status=Meeting.Status.OPEN))
    minuted = _first(Minutes.objects.filter(meeting__organisation=organisation))
    paper = _first(PaperVersion.objects.filter(organisation=organisation))
    division = _first(Division.objects.filter(organisation=organisation))
    sortition = _first(Sortition.objects.filter(organisation=organisation))
    task = _first(Task.objects.filter(organisation=organisation))
    scrutinised = _first(Scrutineer.objects.filter(organisation=organisation))
    analysis = _first(SavedAnalysis.objects.filter(organisation=organisation))
    version = _first(ConstitutionVersion.objects.filter(organisation=organisation))
    export = _first(SensitiveAction.objects.filter(organisation=organisation, kind="full-export"))
    person = _first(Member.objects.filter(organisation=organisation, seats__isnull=False))
    shares = [
        (body.key, share.seat.key)
        for body in Body.objects.filter(organisation=organisation)
        for share in shared_seats(body)
    ]

    def each(items, build):
        return [build(item) for item in items if item is not None]

    poll_pages = {
        "ballots:poll": "",
        "ballots:results": "results/",
        "ballots:chart": "chart.svg",
        "ballots:ballots": "ballots/",
        "ballots:blt": "ballots.blt",
        "ballots:receipt": "receipt/",
        "ballots:register": "register/",
        "ballots:scrutiny": "scrutiny/",
    }
    paths = {
        "api:openapi-json": ["/api/openapi.json"],
        "api:openapi-view": ["/api/docs"],
        "api:api-root": [],  # the API's root answers nothing of its own (ninja's 404)
        "api:ping": ["/api/ping"],
        "api:list_bodies": [api + "bodies"],
        "api:list_checkpoints": [api + "checkpoints"],
        "api:get_open_data": [api + "open-data"],
        "api:list_polls": [api + "polls"],
        "api:get_poll": each([declared], lambda p: f"{api}polls/{p.pk}"),
        "api:list_ballots": each([declared], lambda p: f"{api}polls/{p.pk}/ballots"),
        "api:check_receipt": each([declared], lambda p: f"{api}polls/{p.pk}/receipts/NOPE"),
        # A voter's own pad for recovering a lost receipt; anyone else is refused.
        "api:receipt_pad": each([declared], lambda p: f"{api}polls/{p.pk}/receipt-pad"),
        "api:list_petitions": [api + "petitions"],
        # The officer's list of applications to join; anyone else is refused it.
        "api:list_applications": [api + "applications"],
        "api:list_meetings": [api + "meetings"],
        "api:get_meeting": each([held], lambda m: f"{api}meetings/{m.pk}"),
        "api:get_division": each([division], lambda d: f"{api}divisions/{d.pk}"),
        "accounts:claim_sent": ["/accounts/claim/sent/"],
        "accounts:password_reset_done": ["/accounts/password/forgotten/sent/"],
        "accounts:password_reset_complete": ["/accounts/password/reset/done/"],
        "members:register": [o + "officers/register/"],
        "meetings:index": [o + "meetings/"],
        "meetings:body": [f"{o}bodies/{key}/meetings/" for key in body_keys[:2]],
        "meetings:ical": [f"{o}bodies/{key}/meetings.ics" for key in body_keys[:1]],
        "meetings:requisitions": [o + "requisitions/"],
        "meetings:meeting": [f"{o}meetings/{m.pk}/" for m in meetings.order_by("pk")],
        "meetings:live": each([held], lambda m: f"{o}meetings/{m.pk}/live/"),
        # The chair's pages; everyone else is refused them (what the sweep checks for leaks).
        "meetings:console": each([in_session], lambda m: f"{o}meetings/{m.pk}/console/"),
        "meetings:attendance": each([in_session], lambda m: f"{o}meetings/{m.pk}/attendance/"),
        "meetings:projector": each([held], lambda m: f"{o}meetings/{m.pk}/projector/"),
        "meetings:projector_status": each(
            [held], lambda m: f"{o}meetings/{m.pk}/projector/status/"
        ),
        "meetings:paper": each(
            [paper], lambda v: f"{o}meetings/{v.paper.meeting_id}/papers/{v.paper_id}/v{v.number}/"
        ),
        "meetings:minutes": each([minuted], lambda m: f"{o}meetings/{m.meeting_id}/minutes/"),
        "meetings:minutes_print": each(
            [minuted], lambda m: f"{o}meetings/{m.meeting_id}/minutes/print/"
        ),
        "meetings:minutes_pdf": each(
            [minuted], lambda m: f"{o}meetings/{m.meeting_id}/minutes.pdf"
        ),
        "meetings:division": each([division], lambda d: f"{o}divisions/{d.pk}/"),
        "meetings:decisions": [o + "decisions/"],
        "meetings:compliance": [o + "compliance/"],
        "meetings:withheld": [o + "withheld/"],
        "ballots:index": [o + "ballots/"],
        "ballots:threat_model": [o + "ballots/threat-model/"],
        "ballots:petitions": [o + "petitions/"],
        "ballots:pool": each([sortition], lambda s: f"{o}sortitions/{s.pk}/pool.txt"),
        "ballots:task": each([task], lambda t: f"{o}tasks/{t.pk}/"),
        "scenarios:index": [o + "analysis/"],
        "scenarios:analysis": each([analysis], lambda a: f"{o}analysis/{a.pk}/"),
        "scenarios:check": each([analysis], lambda a: f"{o}analysis/{a.pk}/check/"),
        "scenarios:download": each([analysis], lambda a: f"{o}analysis/{a.pk}/analysis.csv"),
        "record:index": ["/"],
        "record:home": [o],
        "record:body": [f"{o}bodies/{key}/" for key in body_keys],
        "record:full_export": each([export], lambda a: f"{o}officers/actions/{a.pk}/export"),
        "record:body_svg": [f"{o}bodies/{key}/seats.svg" for key in body_keys[:2]],
        "record:body_shares_csv": [
            f"{o}bodies/{key}/{seat}-members.csv" for key, seat in shares[:1]
        ],
        "record:person": each([person], lambda p: f"{o}people/{p.pk}/"),
        "record:constitution": [o + "constitution/"],
        "record:constitution_version": each([version], lambda v: f"{o}constitution/v{v.number}/"),
        "record:constitution_source": each(
            [version], lambda v: f"{o}constitution/v{v.number}.toml"
        ),
        "record:ledger": [o + "ledger/"],
        "record:ledger_export": [o + "ledger/export.jsonl"],
        "record:open_data": [o + "open-data/"],
        "record:open_data_json": [o + "open-data.json"],
        "record:open_data_csv": [o + "open-data.csv"],
        "record:open_data_elections_csv": [o + "election-results.csv"],
        "record:open_data_referendums_csv": [o + "referendum-results.csv"],
        "record:feed_checkpoints": [o + "feeds/checkpoints.atom"],
        "record:feed_events": [o + "feeds/record.atom"],
    }
    for name, suffix in poll_pages.items():
        paths[name] = [
            f"{o}polls/{p.pk}/{suffix}"
            for p in polls.order_by("pk")
            if name == "ballots:poll" or p == declared
        ]
    if scrutinised is not None and scrutinised.poll != declared:
        paths["ballots:scrutiny"].append(f"{o}polls/{scrutinised.poll_id}/scrutiny/")
    return paths


def form_pages(organisation) -> list[str]:
    """The pages that show a form as well as things (a petition with its signing form, the
    member's own page): their GET changes nothing, their POST is the matrix's business."""
    from openassembly.ballots.models import Petition, Questionnaire, Sortition
    from openassembly.meetings.models import Requisition

    o = f"/o/{organisation.slug}/"
    pages = [
        o + "me/",
        o + "me/api-tokens/",
        o + "affiliates/",
        o + "officers/actions/",
        o + "officers/dues/",
        o + "officers/discipline/",
        o + "officers/import/",
        o + "petitions/new/",
        o + "meetings/call/",
        o + "elections/new/",
        o + "referendums/new/",
        o + "sortitions/new/",
        o + "analysis/results/add/",
    ]
    for model, prefix in (
        (Petition, "petitions"),
        (Sortition, "sortitions"),
        (Requisition, "requisitions"),
        (Questionnaire, "questionnaires"),
    ):
        pages += [
            f"{o}{prefix}/{pk}/"
            for pk in model.objects.filter(organisation=organisation)
            .order_by("pk")
            .values_list("pk", flat=True)
        ]
    return pages


def every_page(organisation) -> list[str]:
    """Every page and file of the demo a person can fetch, each once."""
    seen: dict[str, None] = {}
    for paths in read_only_paths(organisation).values():
        seen.update(dict.fromkeys(paths))
    seen.update(dict.fromkeys(form_pages(organisation)))
    return list(seen)
