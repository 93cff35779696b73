"""Services: what is stored, what the ledger says, and what is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from openassembly.analysis import Scenario, analyse, load_dataset, load_results
from openassembly.core.actors import System
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.models import LedgerEvent
from openassembly.scenarios import services
from openassembly.scenarios.models import AnalysisAttachment, ResultsSet, SavedAnalysis
from openassembly.scenarios.selectors import check_saved, load_set

GE2015_SHA = "6f4e824fc611a739890b798c838250a54ea14974404560f0c38a0b4eb49dc89b"
PACT = Scenario(alliance=("Lab", "LD", "Green", "PC"), nations=("England", "Wales"))


def _events(organisation, kind):
    return list(LedgerEvent.objects.filter(organisation=organisation, kind=kind).order_by("pk"))


def test_upload_stores_the_bytes_hash_and_format_with_one_ledger_event(
    organisation, member, long_csv
):
    rs = services.upload_results(
        member, organisation=organisation, name="Small", filename="small.csv", data=long_csv
    )
    expected = load_results(long_csv, name="small.csv")
    assert bytes(rs.data) == long_csv
    assert (rs.sha256, rs.format, rs.constituencies) == (expected.sha256, "long", 4)
    assert rs.uploaded_by == member and rs.filename == "small.csv"
    (event,) = _events(organisation, "results.added")
    assert event.data["sha256"] == expected.sha256
    assert event.data["results_set"] == rs.pk
    # The ledger is public: nothing that names the member.
    assert member.name not in str(event.data) and member.email not in str(event.data)
    assert event.actor == "a member"
    assert load_set(rs).sha256 == expected.sha256


def test_shipped_set_is_loaded_from_the_package_and_hash_checked(organisation, member):
    rs = services.upload_results(member, organisation=organisation, name="", dataset="ge2015")
    assert rs.source == "shipped" and rs.sha256 == GE2015_SHA and rs.constituencies == 650
    assert rs.name == "ge2015" and bytes(rs.data) == b""
    ResultsSet.objects.filter(pk=rs.pk).update(sha256="0" * 64)
    rs.refresh_from_db()
    with pytest.raises(InvalidInput, match="has changed since it was added"):
        load_set(rs)


def test_a_file_that_fails_validation_saves_nothing_and_lists_every_line(organisation, member):
    bad = (
        b"constituency,area,party,votes,valid_votes\n"
        b"Aston,North,Con,500,900\nAston,North,Lab,300,900\n"
        b"Barford,North,Con,lots,100\n"
    )
    with pytest.raises(services.ResultsRejected) as caught:
        services.upload_results(
            member, organisation=organisation, name="Bad", filename="bad.csv", data=bad
        )
    problems = caught.value.problems
    assert len(problems) >= 2
    assert any("line 4" in p and "lots" in p for p in problems)
    assert any("Aston" in p for p in problems)
    assert not ResultsSet.objects.exists()
    assert not _events(organisation, "results.added")


def test_upload_limits(organisation, member, outsider, long_csv, monkeypatch):
    monkeypatch.setattr(services, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(InvalidInput, match="the limit is 100 bytes"):
        services.upload_results(member, organisation=organisation, name="x", data=long_csv)
    monkeypatch.undo()
    with pytest.raises(InvalidInput, match="either a results file or"):
        services.upload_results(member, organisation=organisation, name="x")
    with pytest.raises(InvalidInput, match="no shipped data set"):
        services.upload_results(member, organisation=organisation, name="x", dataset="ge1066")
    services.upload_results(member, organisation=organisation, name="x", data=long_csv)
    with pytest.raises(Conflict, match="already here"):
        services.upload_results(member, organisation=organisation, name="y", data=long_csv)
    with pytest.raises(PowerDenied):
        services.upload_results(None, organisation=organisation, name="z", dataset="ge2015")
    member.status = member.Status.LAPSED
    with pytest.raises(PowerDenied):
        services.upload_results(member, organisation=organisation, name="z", dataset="ge2015")


def test_save_analysis_stores_parameters_and_result_exactly_as_to_dict(organisation, member):
    rs = services.upload_results(member, organisation=organisation, name="", dataset="ge2015")
    saved = services.save_analysis(member, results_set=rs, scenario=PACT, title="Pact 2015")
    expected = analyse(load_dataset("ge2015"), PACT).to_dict()
    saved.refresh_from_db()
    assert saved.result == expected
    assert saved.parameters == expected["scenario"]
    assert saved.data_sha256 == GE2015_SHA
    assert saved.gains == 33
    (event,) = _events(organisation, "analysis.saved")
    assert event.data["sha256"] == GE2015_SHA
    assert event.data["scenario"] == expected["scenario"]
    assert event.data["totals"]["gains"] == 33
    check = check_saved(saved)
    assert check.matches, check.message


def test_rerun_check_notices_tampered_figures(organisation, member, long_csv):
    rs = services.upload_results(member, organisation=organisation, name="s", data=long_csv)
    saved = services.save_analysis(
        member,
        results_set=rs,
        scenario=Scenario(alliance=("Lab", "LD", "Green"), mode="pooled"),
        title="Small pooled",
    )
    result = dict(saved.result)
    result["totals"] = {**result["totals"], "gains": result["totals"]["gains"] + 1}
    SavedAnalysis.objects.filter(pk=saved.pk).update(result=result)
    saved.refresh_from_db()
    check = check_saved(saved)
    assert not check.matches and check.differences == ("totals",)


def test_save_refuses_bad_scenarios_and_missing_titles(organisation, member, long_csv):
    rs = services.upload_results(member, organisation=organisation, name="s", data=long_csv)
    with pytest.raises(InvalidInput, match="unknown party 'SNP'"):
        services.save_analysis(
            member, results_set=rs, scenario=Scenario(alliance=("Lab", "SNP")), title="t"
        )
    with pytest.raises(InvalidInput, match="title"):
        services.save_analysis(
            member, results_set=rs, scenario=Scenario(alliance=("Lab", "LD")), title=" "
        )
    assert not SavedAnalysis.objects.exists()
    assert not _events(organisation, "analysis.saved")


def test_attach_to_a_motion_and_a_paper_once_each(organisation, member, motion, paper, long_csv):
    rs = services.upload_results(member, organisation=organisation, name="s", data=long_csv)
    saved = services.save_analysis(
        member, results_set=rs, scenario=Scenario(alliance=("Lab", "LD")), title="t"
    )
    on_motion = services.attach_analysis(member, analysis=saved, motion=motion)
    on_paper = services.attach_analysis(member, analysis=saved, paper=paper)
    assert list(motion.analysis_attachments.all()) == [on_motion]
    assert list(paper.analysis_attachments.all()) == [on_paper]
    events = _events(organisation, "analysis.attached")
    assert [(e.data["motion"], e.data["paper"]) for e in events] == [
        (motion.pk, None),
        (None, paper.pk),
    ]
    assert all(e.data["sha256"] == rs.sha256 for e in events)
    with pytest.raises(Conflict, match="already attached"):
        services.attach_analysis(member, analysis=saved, motion=motion)
    with pytest.raises(InvalidInput, match="one motion or one paper"):
        services.attach_analysis(member, analysis=saved, motion=motion, paper=paper)
    with pytest.raises(InvalidInput, match="one motion or one paper"):
        services.attach_analysis(member, analysis=saved)
    assert AnalysisAttachment.objects.count() == 2


def test_attach_keeps_to_one_organisation(organisation, member, motion, long_csv):
    from openassembly.core import clock
    from openassembly.core.services import create_organisation
    from openassembly.members.models import Member
    from openassembly.rules import examples

    other_text = examples.read("commonweal").replace('slug = "commonweal"', 'slug = "other"', 1)
    other = create_organisation(System("tests"), constitution_text=other_text)
    stranger = Member.objects.create(
        organisation=other, name="Stranger", email="s@example.org",
        joined_on=clock.today() - timedelta(days=28),
    )
    theirs = services.save_analysis(
        stranger,
        results_set=services.upload_results(
            stranger, organisation=other, name="s", data=long_csv
        ),
        scenario=Scenario(alliance=("Lab", "LD")),
        title="theirs",
    )
    # Their member cannot use our motion, and our member cannot touch their analysis.
    with pytest.raises(InvalidInput, match="another organisation"):
        services.attach_analysis(stranger, analysis=theirs, motion=motion)
    with pytest.raises(PowerDenied):
        services.attach_analysis(member, analysis=theirs, motion=motion)
    assert not AnalysisAttachment.objects.exists()


def test_attach_refuses_a_paper_of_a_private_item(organisation, member, paper, long_csv):
    item = paper.meeting.items.get(position=1)
    item.private_ground = "personal-data"
    item.private_rule = "8.4"
    item.save()
    paper.item = item
    paper.save()
    saved = services.save_analysis(
        member,
        results_set=services.upload_results(
            member, organisation=organisation, name="s", data=long_csv
        ),
        scenario=Scenario(alliance=("Lab", "LD")),
        title="t",
    )
    with pytest.raises(InvalidInput, match="private"):
        services.attach_analysis(member, analysis=saved, paper=paper)
