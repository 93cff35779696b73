"""The import is no route to a member's standing: re-importing a roll with status=suspended
(the bypass an officer once used) changes nothing, names the rules that do, and is on the
ledger as a refused act of power."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from openassembly.core.models import LedgerEvent
from openassembly.members.importer import StandingRefused, import_members
from openassembly.members.models import Member

ROLL = "name,email,phone,status\nAnn Able,ann@example.org,0123,{ann}\nBen Bold,ben@example.org,,\n"


@pytest.fixture
def imported(organisation, secretary):
    import_members(secretary, organisation=organisation, data=ROLL.format(ann="").encode())
    return Member.objects.get(organisation=organisation, email="ann@example.org")


def test_reimporting_with_status_suspended_changes_nothing(organisation, secretary, imported):
    events = LedgerEvent.objects.exclude(kind="power.refused").count()
    hostile = ROLL.format(ann="suspended").replace("0123", "0999")
    with pytest.raises(StandingRefused) as caught:
        import_members(secretary, organisation=organisation, data=hostile.encode())
    assert caught.value.rule == "2.5"
    assert "only the dues rule (2.4) or a disciplinary decision (rule 2.5) can" in str(
        caught.value)
    assert caught.value.report.errors == [
        "line 2: status 'suspended' would change a member's standing (the register has them "
        "as active); an import never does: only the dues rule (2.4) or a disciplinary decision "
        "(rule 2.5) can. Remove the status column or make it agree with the register."]
    imported.refresh_from_db()
    assert (imported.status, imported.phone) == ("active", "0123")  # not even the phone
    assert LedgerEvent.objects.exclude(kind="power.refused").count() == events
    refusal = LedgerEvent.objects.get(kind="power.refused")
    assert refusal.actor == secretary.name and refusal.data["rule"] == "2.5"
    assert "ann@example.org" not in str(refusal.data) and "Ann" not in str(refusal.data)


def test_a_status_that_agrees_is_a_check_and_details_still_update(organisation, secretary,
                                                                  imported):
    again = ROLL.format(ann="active").replace("0123", "0777")
    report = import_members(secretary, organisation=organisation, data=again.encode())
    assert (report.updated, report.unchanged) == (1, 1)
    imported.refresh_from_db()
    assert (imported.status, imported.phone) == ("active", "0777")


def test_a_lapsed_or_reinstated_standing_is_refused_too(organisation, secretary, imported):
    Member.objects.filter(pk=imported.pk).update(status=Member.Status.LAPSED)
    with pytest.raises(StandingRefused, match="1 row would change"):
        import_members(secretary, organisation=organisation,
                       data=ROLL.format(ann="active").encode())
    assert Member.objects.get(pk=imported.pk).status == Member.Status.LAPSED
    new = "name,email,status\nCal New,cal@example.org,expelled\n"
    with pytest.raises(StandingRefused) as caught:
        import_members(secretary, organisation=organisation, data=new.encode())
    assert "a new member joins active" in caught.value.report.errors[0]
    assert not Member.objects.filter(email="cal@example.org").exists()


def test_the_page_lists_the_refused_lines_and_writes_nothing(officer_client, organisation,
                                                             imported):
    upload = SimpleUploadedFile("roll.csv", ROLL.format(ann="suspended").encode(),
                                content_type="text/csv")
    response = officer_client.post(f"/o/{organisation.slug}/officers/import/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 403
    assert "line 2: status &#x27;suspended&#x27; would change a member&#x27;s standing" in page
    assert "disciplinary decision (rule 2.5)" in page
    assert Member.objects.get(pk=imported.pk).status == "active"


def test_the_command_line_lists_the_refused_lines(organisation, secretary, imported, tmp_path):
    path = tmp_path / "roll.csv"
    path.write_text(ROLL.format(ann="suspended"))
    with pytest.raises(CommandError, match=r"(?s)would change a member's standing.*line 2"):
        call_command("import_members", str(path), org=organisation.slug, actor=secretary.email,
                     no_progress=True, stdout=io.StringIO())
    assert Member.objects.get(pk=imported.pk).status == "active"
