"""Done-when of issue 6: the page and `openassembly pact` show the same tables.

For each scenario the command's text output and the page are compared line by line (the
scenario line, the data line, every table's caption, header and rows), on the shipped
2015 results and on a small generic long-format file, both in the preview a member sees
while building the scenario and on the saved analysis page.
"""

from __future__ import annotations

import pytest

from openassembly.analysis import cli
from openassembly.scenarios import services
from openassembly.scenarios.models import SavedAnalysis

from .pages import cli_lines, page_lines

GE2015_CASES = [
    # (CLI arguments, form fields)
    (
        ["--alliance", "Lab,LD,Green,PC", "--nations", "England,Wales", "--mode", "single"],
        {"alliance": ["Lab", "LD", "Green", "PC"], "nations": ["England", "Wales"],
         "mode": "single"},
    ),
    (
        ["--alliance", "Lab,LD,Green,PC", "--nations", "England,Wales", "--mode", "pooled"],
        {"alliance": ["Lab", "LD", "Green", "PC"], "nations": ["England", "Wales"],
         "mode": "pooled"},
    ),
    (
        ["--alliance", "Lab,LD,Green", "--regions", "South West,London", "--mode", "pooled",
         "--rate", "Lab:LD=80%", "--rate", "Green:Lab=2/3", "--default-rate", "0.9",
         "--assign", "Bath=Lab"],
        {"alliance": ["Lab", "LD", "Green"], "regions": ["South West", "London"],
         "mode": "pooled", "rates": "Lab:LD=80%\nGreen:Lab=2/3", "default_rate": "0.9",
         "assignments": "Bath=Lab"},
    ),
    (
        ["--alliance", "Lab,LD,Green", "--assign", "Bath=Lab", "--assign",
         "Thurrock=LD", "--assigned-only"],
        {"alliance": ["Lab", "LD", "Green"], "mode": "single",
         "assignments": "Bath=Lab\nThurrock=LD", "assigned_only": "on"},
    ),
]
LONG_CASES = [
    (
        ["--alliance", "Lab,LD,Green", "--mode", "single"],
        {"alliance": ["Lab", "LD", "Green"], "mode": "single"},
    ),
    (
        ["--alliance", "Lab,LD,Green", "--mode", "pooled", "--nations", "North",
         "--rate", "Green:Lab=3/7"],
        {"alliance": ["Lab", "LD", "Green"], "mode": "pooled", "nations": ["North"],
         "rates": "Green:Lab=3/7"},
    ),
    (
        ["--alliance", "Lab,LD,Green", "--mode", "single", "--default-rate", "95%"],
        {"alliance": ["Lab", "LD", "Green"], "mode": "single", "default_rate": "95%"},
    ),
]


def _cli_text(capsys, source: str, args: list[str]) -> str:
    assert cli.main(["pact", source, *args]) == 0
    return capsys.readouterr().out


def _check_page_matches_cli(client, org, rs, fields, expected):
    url = f"/o/{org}/analysis/results/{rs.pk}/"
    form = {"default_rate": "100%", **fields}
    preview = client.post(url, {**form, "action": "preview"})
    assert preview.status_code == 200, preview.content.decode()[:2000]
    assert page_lines(preview.content.decode()) == expected

    saved = client.post(url, {**form, "title": "Parity", "action": "save"})
    assert saved.status_code == 303
    analysis = SavedAnalysis.objects.latest("pk")
    page = client.get(saved["Location"])
    assert page_lines(page.content.decode()) == expected
    assert client.get(f"{saved['Location']}check/").context["check"].matches
    return analysis


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    return client


@pytest.mark.parametrize(("args", "fields"), GE2015_CASES)
def test_ge2015_page_tables_equal_cli(member_client, organisation, member, capsys, args, fields):
    rs = services.upload_results(member, organisation=organisation, name="", dataset="ge2015")
    expected = cli_lines(_cli_text(capsys, "ge2015", args))
    assert len(expected) > 10
    _check_page_matches_cli(member_client, organisation.slug, rs, fields, expected)


@pytest.mark.parametrize(("args", "fields"), LONG_CASES)
def test_long_format_page_tables_equal_cli(
    member_client, organisation, member, capsys, tmp_path, long_csv, args, fields
):
    path = tmp_path / "small.csv"
    path.write_bytes(long_csv)
    rs = services.upload_results(
        member, organisation=organisation, name="Small", filename="small.csv", data=long_csv
    )
    expected = cli_lines(_cli_text(capsys, str(path), args))
    _check_page_matches_cli(member_client, organisation.slug, rs, fields, expected)


def test_downloads_equal_cli_outputs(member_client, organisation, member, capsys):
    rs = services.upload_results(member, organisation=organisation, name="", dataset="ge2015")
    args, fields = GE2015_CASES[1]
    url = f"/o/{organisation.slug}/analysis/results/{rs.pk}/"
    response = member_client.post(
        url, {"default_rate": "1", **fields, "title": "Pooled", "action": "save"}
    )
    base = response["Location"]
    for fmt in ("json", "csv", "svg"):
        download = member_client.get(f"{base}analysis.{fmt}")
        assert download.status_code == 200
        assert download["Content-Disposition"].endswith(f'.{fmt}"')
        assert download.content.decode() == _cli_text(capsys, "ge2015", [*args, "--format", fmt])
