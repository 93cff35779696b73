"""Founding from a constitution, and bad constitutions (new versions: core/amendment.py)."""

from __future__ import annotations

import pytest

from openassembly.core.actors import System
from openassembly.core.errors import Conflict, InvalidInput
from openassembly.core.models import Organisation
from openassembly.core.services import create_organisation
from openassembly.rules import examples


def test_malformed_constitution_names_the_line_and_key(db):
    text = examples.read("commonweal").replace("notice_days = 7", 'notice_days = "seven"', 1)
    with pytest.raises(InvalidInput) as caught:
        create_organisation(System("x"), constitution_text=text)
    message = str(caught.value)
    assert "notice_days" in message
    line = next(i for i, row in enumerate(text.splitlines(), 1) if '"seven"' in row)
    assert f"line {line}" in message
    assert not Organisation.objects.exists()


def test_founding_twice_is_refused(organisation):
    with pytest.raises(Conflict):
        create_organisation(System("x"), constitution_text=examples.read("commonweal"))


def test_the_founding_version_records_the_founders_as_its_authority(organisation):
    version = organisation.current_constitution_version()
    assert (version.number, version.authority_route) == (1, "founding")
    assert version.authority_text == "by the founders, when the organisation was set up"
