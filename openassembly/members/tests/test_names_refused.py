"""Control characters in a member's name are refused everywhere a name comes in (the register,
the member's own page, the sign-up appeal, the importer), with a message naming the field, and
nothing is written."""

from __future__ import annotations

import html

import pytest

from openassembly.core.errors import InvalidInput
from openassembly.core.models import LedgerEvent
from openassembly.members import services
from openassembly.members.importer import ImportRejected, import_members
from openassembly.members.models import Member

BAD = ["Ann\nAble", "Ann\rAble", "Ann\x00", "Ann\x1b[31m", "Ann\u2028Able", "\u202eelbA nnA",
       "Ann\x85Able"]


@pytest.mark.parametrize("name", BAD)
def test_the_register_refuses_a_name_with_a_control_character(organisation, secretary, name):
    before = (Member.objects.count(), LedgerEvent.objects.count())
    with pytest.raises(InvalidInput, match="member's name contains a control character") as e:
        services.add_member(secretary, organisation=organisation, name=name,
                            email="ann@example.org")
    assert e.value.field == "name"
    assert (Member.objects.count(), LedgerEvent.objects.count()) == before


def test_blanks_in_a_name_become_single_spaces(organisation, secretary):
    member = services.add_member(secretary, organisation=organisation,
                                 name="  Ann \u00a0  Able ", email="ann@example.org")
    assert member.name == "Ann Able"


def test_the_importer_refuses_the_line_and_imports_nothing(organisation, secretary):
    data = (b'name,email\nGood Person,good@example.org\n"Bad\nPerson",bad@example.org\n'
            b"Esc\x1bPerson,esc@example.org\n")
    with pytest.raises(ImportRejected) as refused:
        import_members(secretary, organisation=organisation, data=data)
    errors = refused.value.report.errors
    assert any("line 3" in e and "U+000A" in e for e in errors), errors
    assert any("line 4" in e and "U+001B" in e for e in errors), errors
    assert not Member.objects.filter(email="good@example.org").exists()


def test_a_member_cannot_put_a_control_character_in_their_own_name(client, organisation,
                                                                     member):
    client.force_login(member.user)
    response = client.post(f"/o/{organisation.slug}/me/",
                           {"name": "Ordinary\u202eMember", "phone": "07700 900123",
                            "address": "1 Lane"})
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "The name contains a control character (U+202E, right-to-left override)" in page
    assert 'href="#id_name"' in page and 'value="07700 900123"' in page
    assert Member.objects.get(pk=member.pk).name == "Ordinary Member"
