"""Member import: all or nothing, line-numbered errors, and idempotent re-imports."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from openassembly.core.errors import InvalidInput, PowerDenied
from openassembly.core.models import LedgerEvent
from openassembly.members.importer import ImportRejected, import_members
from openassembly.members.models import Member

GOOD = (
    "name,email,region,joined_on,status,phone\n"
    "Ann Able,ann@example.org,North,2024-01-02,active,0123\n"
    "Ben Bold,BEN@example.org,Wales,,,\n"
    "Cat Cole,cat@example.org,,2023-05-06,active,\n"
)


def test_import_adds_members_and_records_one_event(organisation, secretary):
    report = import_members(secretary, organisation=organisation, data=GOOD.encode())
    assert (report.rows, report.added, report.updated, report.unchanged) == (3, 3, 0, 0)
    ben = Member.objects.get(organisation=organisation, email="ben@example.org")
    assert ben.region.name == "Wales"
    assert Member.objects.get(email="cat@example.org").status == "active"
    event = LedgerEvent.objects.get(kind="members.imported")
    assert event.data["added"] == 3
    assert "ann@example.org" not in str(event.data)


def test_reimporting_the_same_file_changes_nothing(organisation, secretary):
    import_members(secretary, organisation=organisation, data=GOOD.encode())
    events = LedgerEvent.objects.count()
    report = import_members(secretary, organisation=organisation, data=GOOD.encode())
    assert (report.added, report.updated, report.unchanged) == (0, 0, 3)
    assert LedgerEvent.objects.count() == events


def test_changed_row_is_updated(organisation, secretary):
    import_members(secretary, organisation=organisation, data=GOOD.encode())
    changed = GOOD.replace("Ann Able,ann@example.org,North", "Ann Able,ann@example.org,South")
    report = import_members(secretary, organisation=organisation, data=changed.encode())
    assert (report.updated, report.unchanged) == (1, 2)
    assert Member.objects.get(email="ann@example.org").region.name == "South"


def test_bad_rows_write_nothing_and_each_is_named_by_line(organisation, secretary):
    bad = (
        "name,email,region,joined_on\n"
        "Ann Able,ann@example.org,North,2024-01-02\n"
        ",nobody@example.org,,\n"
        "Dup,ANN@example.org,,\n"
        "Eve,not-an-email,Atlantis,31/12/2024\n"
    )
    before = Member.objects.count()
    with pytest.raises(ImportRejected) as caught:
        import_members(secretary, organisation=organisation, data=bad.encode())
    errors = caught.value.report.errors
    assert errors[0].startswith("line 3:") and "name is empty" in errors[0]
    assert errors[1].startswith("line 4:") and "first on line 2" in errors[1]
    assert errors[2].startswith("line 5:")
    assert "not an email" in errors[2] and "Atlantis" in errors[2] and "31/12/2024" in errors[2]
    assert Member.objects.count() == before


def test_unknown_columns_and_missing_columns_are_named(organisation, secretary):
    with pytest.raises(Exception, match="missing column.*email.*unknown column.*colour"):
        import_members(secretary, organisation=organisation, data=b"name,colour\nA,red\n")


def test_non_utf8_file_is_refused_clearly(organisation, secretary):
    with pytest.raises(Exception, match="not UTF-8"):
        import_members(
            secretary,
            organisation=organisation,
            data="name,email\nJos\xe9,j@x.org\n".encode("latin-1"),
        )


def test_a_plain_member_cannot_import(organisation, member):
    with pytest.raises(PowerDenied) as caught:
        import_members(member, organisation=organisation, data=GOOD.encode())
    assert caught.value.rule == "11.1"
    assert "Secretary" in str(caught.value)


def test_command_line_import(organisation, secretary, tmp_path):
    path = tmp_path / "roll.csv"
    path.write_text(GOOD)
    out = io.StringIO()
    call_command(
        "import_members",
        str(path),
        org=organisation.slug,
        actor=secretary.email,
        no_progress=True,
        stdout=out,
    )
    assert "3 added" in out.getvalue()
    path.write_text(GOOD + "X,bad,,,,\n")
    with pytest.raises(CommandError, match="line 5"):
        call_command(
            "import_members",
            str(path),
            org=organisation.slug,
            actor=secretary.email,
            no_progress=True,
            stdout=io.StringIO(),
        )


def test_web_import_shows_errors_and_then_imports(officer_client, organisation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"/o/{organisation.slug}/officers/import/"
    bad = SimpleUploadedFile("roll.csv", b"name,email\nA,broken\n", content_type="text/csv")
    response = officer_client.post(url, {"file": bad})
    assert response.status_code == 400
    assert "line 2" in response.content.decode()
    good = SimpleUploadedFile("roll.csv", GOOD.encode(), content_type="text/csv")
    response = officer_client.post(url, {"file": good})
    assert response.status_code == 200
    assert "3 added" in response.content.decode()


def test_import_page_refuses_a_plain_member_with_the_rule(client, organisation, member):
    client.force_login(member.user)
    response = client.get(f"/o/{organisation.slug}/officers/import/")
    assert response.status_code == 403
    assert "11.1" in response.content.decode()


def test_web_import_refuses_a_file_over_the_bound_before_reading_it(officer_client, organisation,
                                                                    monkeypatch):  # fmt: skip
    from django.core.files.uploadedfile import SimpleUploadedFile

    from openassembly.members import importer

    monkeypatch.setattr(importer, "MAX_BYTES", len(GOOD) - 1)
    upload = SimpleUploadedFile("roll.csv", GOOD.encode(), content_type="text/csv")
    response = officer_client.post(f"/o/{organisation.slug}/officers/import/", {"file": upload})
    assert response.status_code == 400
    assert "at most 0 MB can be imported at once" in response.content.decode()
    assert not Member.objects.filter(email="ann@example.org").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name,email\nA\x00,a@example.org\n", "line 2: the file contains a NUL character"),
        (b"name,email\nAnn," + b"x" * 250 + b"@example.org\n",
         "line 2: email is 262 characters (at most 254)"),
        (b"name,email\n" + b"N" * 300 + b",n@example.org\n",
         "line 2: name is 300 characters (at most 200)"),
        (b"name,email,phone\nAnn,a@example.org," + b"1" * 41 + b"\n",
         "line 2: phone is 41 characters (at most 40)"),
    ],
)  # fmt: skip
def test_sizes_and_nul_are_refused_with_the_line(organisation, secretary, data, message):
    before = Member.objects.count()
    with pytest.raises(InvalidInput) as info:  # ImportRejected is one too
        import_members(secretary, organisation=organisation, data=data)
    assert message in str(info.value)
    assert Member.objects.count() == before
