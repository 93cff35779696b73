"""Pages: who may see and do what, upload errors on the page, attachments, query counts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from openassembly.analysis import Scenario, render_json
from openassembly.scenarios import services
from openassembly.scenarios.models import AnalysisAttachment, ResultsSet
from openassembly.scenarios.stored import analysis_from_dict

PACT = Scenario(alliance=("Lab", "LD", "Green", "PC"), nations=("England", "Wales"))


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    return client


@pytest.fixture
def saved(organisation, member):
    rs = services.upload_results(member, organisation=organisation, name="", dataset="ge2015")
    return services.save_analysis(member, results_set=rs, scenario=PACT, title="Pact 2015")


def test_index_is_public_and_its_queries_do_not_grow(
    client, organisation, member, long_csv, django_assert_max_num_queries
):
    rs = services.upload_results(member, organisation=organisation, name="", dataset="ge2015")
    services.upload_results(member, organisation=organisation, name="Small", data=long_csv)
    for i in range(5):
        services.save_analysis(member, results_set=rs, scenario=PACT, title=f"Pact {i}")
    with django_assert_max_num_queries(6):
        response = client.get(f"/o/{organisation.slug}/analysis/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Pact 4" in page and "Small" in page and "ge2015" in page
    assert "Add results" not in page  # only members see the upload link


def test_saved_analysis_page_is_public_with_chart_downloads_and_rerun(client, saved):
    org = saved.organisation.slug
    page = client.get(f"/o/{org}/analysis/{saved.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Seats gained: 33" in html and saved.data_sha256 in html
    assert f"/o/{org}/analysis/{saved.pk}/analysis.svg?inline=1" in html
    assert 'id="attach-form"' not in html  # visitors cannot attach
    svg = client.get(f"/o/{org}/analysis/{saved.pk}/analysis.svg?inline=1")
    assert svg["Content-Type"].startswith("image/svg+xml") and "Content-Disposition" not in svg
    check = client.get(f"/o/{org}/analysis/{saved.pk}/check/")
    assert check.context["check"].matches
    assert "Re-run matches." in check.content.decode()
    assert client.get(f"/o/{org}/analysis/{saved.pk}/analysis.pdf").status_code == 404


def test_stored_analysis_reads_back_exactly(saved):
    analysis = analysis_from_dict(saved.result)
    assert analysis.to_dict() == saved.result
    # As PostgreSQL's jsonb returns it: keys in another order, same download bytes.
    reordered = dict(reversed(saved.result["gains_by_party"].items()))
    shuffled = {**saved.result, "gains_by_party": reordered}
    assert render_json(analysis_from_dict(shuffled)) == render_json(analysis)
    with pytest.raises(ValueError, match="format"):
        analysis_from_dict({"format": "other"})
    broken = {**saved.result, "seats": [{**saved.result["seats"][0], "margin": 2.5}]}
    with pytest.raises(ValueError, match="malformed"):
        analysis_from_dict(broken)


def test_visitors_cannot_upload_or_build_scenarios(client, organisation, saved):
    org = organisation.slug
    assert client.get(f"/o/{org}/analysis/results/add/").status_code == 302  # to sign in
    page = client.get(f"/o/{org}/analysis/results/{saved.results_set.pk}/")
    assert page.status_code == 200 and page.context["form"] is None
    assert client.post(
        f"/o/{org}/analysis/results/{saved.results_set.pk}/",
        {"alliance": ["Lab", "LD"], "mode": "single", "default_rate": "1", "action": "save"},
    ).status_code == 403


def test_outsiders_are_not_members(client, organisation, outsider):
    client.force_login(outsider)
    response = client.get(f"/o/{organisation.slug}/analysis/results/add/")
    assert response.status_code == 403


def test_upload_errors_are_listed_with_line_numbers_and_nothing_is_saved(
    member_client, organisation
):
    bad = SimpleUploadedFile(
        "bad.csv", b"constituency,area,party,votes\nAston,North,Con,many\nBarford,North,Lab\n"
    )
    response = member_client.post(
        f"/o/{organisation.slug}/analysis/results/add/", {"file": bad, "name": "Bad"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="results-errors"' in html and "role=\"alert\"" in html
    assert "bad.csv: line 2: votes is &#x27;many&#x27;" in html
    assert "bad.csv: line 3: 3 fields where the header has 4" in html
    assert not ResultsSet.objects.exists()


def test_upload_and_shipped_choice(member_client, organisation, long_csv):
    url = f"/o/{organisation.slug}/analysis/results/add/"
    both = member_client.post(
        url, {"file": SimpleUploadedFile("a.csv", long_csv), "dataset": "ge2015"}
    )
    assert both.status_code == 400 and "not both" in both.content.decode()
    ok = member_client.post(url, {"file": SimpleUploadedFile("small.csv", long_csv)})
    rs = ResultsSet.objects.get()
    assert ok["Location"] == f"/o/{organisation.slug}/analysis/results/{rs.pk}/"
    assert (rs.name, rs.filename, rs.format) == ("small.csv", "small.csv", "long")
    again = member_client.post(url, {"file": SimpleUploadedFile("copy.csv", long_csv)})
    assert again.status_code == 409 and "already here" in again.content.decode()
    page = member_client.get(ok["Location"]).content.decode()
    assert "Areas" in page and 'name="regions"' not in page


def test_scenario_form_reports_bad_lines_and_names(member_client, organisation, saved):
    url = f"/o/{organisation.slug}/analysis/results/{saved.results_set.pk}/"
    base = {"alliance": ["Lab", "LD"], "mode": "single", "default_rate": "1"}
    r = member_client.post(url, {**base, "rates": "Lab-LD=0.8\n\nLab:LD=2", "action": "preview"})
    assert r.status_code == 400
    assert "Line 1: name two parties as FROM:TO" in r.content.decode()
    r = member_client.post(url, {**base, "assignments": "Nowhere=Lab", "action": "preview"})
    assert "Nowhere=Lab: no such constituency" in r.content.decode()
    r = member_client.post(url, {**base, "default_rate": "150%", "action": "preview"})
    assert "outside 0 to 1" in r.content.decode()
    r = member_client.post(url, {**base, "rates": "Lab:LD=0.7", "action": "save"})
    assert r.status_code == 400 and "Give the analysis a title." in r.content.decode()
    # The refusal is by the title box, in the summary too, and the scenario typed is kept.
    page = r.content.decode()
    assert "There is a problem" in page and 'href="#id_title"' in page
    assert 'id="id_title_error"' in page and "Lab:LD=0.7</textarea>" in page


def test_attach_from_the_page_and_the_include(member_client, organisation, saved, motion, paper):
    url = f"/o/{organisation.slug}/analysis/{saved.pk}/"
    page = member_client.get(url).content.decode()
    assert "Back a progressive alliance" in page and "Seat targets" in page
    response = member_client.post(f"{url}attach/", {"motion": motion.pk})
    assert response.status_code == 303
    member_client.post(f"{url}attach/", {"paper": paper.pk})
    assert AnalysisAttachment.objects.count() == 2
    page = member_client.get(url).content.decode()
    assert "Motion 1: Back a progressive alliance" in page and "Paper: Seat targets" in page
    neither = member_client.post(f"{url}attach/", {})
    assert neither.status_code == 400
    assert "Choose one motion or one paper." in neither.content.decode()
    again = member_client.post(f"{url}attach/", {"motion": motion.pk})
    assert again.status_code == 409 and "already attached" in again.content.decode()

    for thing in ({"motion": motion}, {"paper": paper}):
        html = render_to_string(
            "scenarios/attached.html", {**thing, "organisation": organisation}
        )
        assert "Pact 2015" in html and "33 seats gained" in html
        assert f"/o/{organisation.slug}/analysis/{saved.pk}/" in html
    assert render_to_string("scenarios/attached.html", {"motion": None}).strip() == ""


def test_the_meeting_page_lists_analyses_attached_to_its_motions(
    client, organisation, member, saved, motion
):
    services.attach_analysis(member, analysis=saved, motion=motion)
    page = client.get(f"/o/{organisation.slug}/meetings/{motion.meeting_id}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="/o/{organisation.slug}/analysis/{saved.pk}/">Pact 2015</a>: 33 seats' in html
