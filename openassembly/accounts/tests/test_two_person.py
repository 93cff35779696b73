"""The two-person rule: one officer proposes, a different one confirms, and only then it happens."""

from __future__ import annotations

import gzip
import json

import pytest

from openassembly.accounts.models import SensitiveAction
from openassembly.accounts.services import (
    cancel_sensitive_action,
    confirm_sensitive_action,
    propose_sensitive_action,
)
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.models import LedgerEvent
from openassembly.record.exports import export_dir


def test_erasure_happens_only_when_a_second_officer_confirms(
    organisation, secretary, chair, member
):
    action = propose_sensitive_action(
        secretary,
        organisation=organisation,
        kind="erase-member",
        payload={"member": member.pk},
        reason="Asked in writing",
    )
    member.refresh_from_db()
    assert member.email  # nothing happened yet
    with pytest.raises(PowerDenied, match="different officer"):
        confirm_sensitive_action(secretary, organisation=organisation, action_id=action.pk)
    confirm_sensitive_action(chair, organisation=organisation, action_id=action.pk)
    member.refresh_from_db()
    assert member.email == "" and member.erased_at
    kinds = list(
        LedgerEvent.objects.filter(kind__startswith="sensitive.")
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == ["sensitive.proposed", "sensitive.confirmed"]


def test_a_plain_member_cannot_confirm(organisation, secretary, member, make_person):
    other = make_person("Other", "other@example.org")
    action = propose_sensitive_action(
        secretary,
        organisation=organisation,
        kind="erase-member",
        payload={"member": other.pk},
        reason="Asked",
    )
    with pytest.raises(PowerDenied) as caught:
        confirm_sensitive_action(member, organisation=organisation, action_id=action.pk)
    assert caught.value.rule == "11.2"


def test_a_confirmed_action_cannot_be_confirmed_again(organisation, secretary, chair, member):
    action = propose_sensitive_action(
        secretary,
        organisation=organisation,
        kind="erase-member",
        payload={"member": member.pk},
        reason="Asked",
    )
    confirm_sensitive_action(chair, organisation=organisation, action_id=action.pk)
    with pytest.raises(Conflict):
        cancel_sensitive_action(secretary, organisation=organisation, action_id=action.pk)


def test_cancelled_action_never_happens(organisation, secretary, chair, member):
    action = propose_sensitive_action(
        secretary,
        organisation=organisation,
        kind="erase-member",
        payload={"member": member.pk},
        reason="Asked",
    )
    cancel_sensitive_action(secretary, organisation=organisation, action_id=action.pk)
    with pytest.raises(Conflict):
        confirm_sensitive_action(chair, organisation=organisation, action_id=action.pk)
    member.refresh_from_db()
    assert member.email


def test_unknown_kind_and_missing_reason_are_refused(organisation, secretary, member):
    with pytest.raises(InvalidInput, match="not an action"):
        propose_sensitive_action(
            secretary,
            organisation=organisation,
            kind="delete-everything",
            payload={},
            reason="why not",
        )
    with pytest.raises(InvalidInput, match="Say why"):
        propose_sensitive_action(
            secretary,
            organisation=organisation,
            kind="erase-member",
            payload={"member": member.pk},
            reason=" ",
        )


def test_full_export_includes_personal_data_and_only_the_two_officers_can_fetch_it(
    organisation, secretary, chair, member, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    action = propose_sensitive_action(
        secretary,
        organisation=organisation,
        kind="full-export",
        payload={},
        reason="Annual archive",
    )
    action = confirm_sensitive_action(chair, organisation=organisation, action_id=action.pk)
    path = export_dir(organisation) / action.outcome["file"]
    with gzip.open(path, "rt") as fp:
        data = json.load(fp)
    assert any(m["email"] == member.email for m in data["members"])
    url = f"/o/{organisation.slug}/officers/actions/{action.pk}/export"
    client.force_login(member.user)
    assert client.get(url).status_code == 404
    client.force_login(chair.user)
    from openassembly.accounts.middleware import mark_second_factor_passed

    session = client.session
    mark_second_factor_passed(session)
    session.save()
    response = client.get(url)
    assert response.status_code == 200
    assert SensitiveAction.objects.get(pk=action.pk).status == "confirmed"
