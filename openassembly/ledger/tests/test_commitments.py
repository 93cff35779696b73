import pytest

from openassembly.ledger import commit, new_salt, verify_commitment
from openassembly.ledger.tests.helpers import ORG, event


def test_commitment_round_trip_and_shape():
    salt = new_salt()
    assert len(salt) == 32 and salt != new_salt()
    value = {"email": "ana@example.org", "address": "1 High Street"}
    made = commit(value, salt)
    assert made.startswith("c1:") and len(made) == 3 + 64
    assert verify_commitment(value, salt, made)
    assert verify_commitment(value, memoryview(salt), made)  # as a database driver returns it


def test_commitment_hides_and_binds():
    salt = new_salt()
    made = commit("ana@example.org", salt)
    assert "ana" not in made
    assert commit("ana@example.org", new_salt()) != made
    assert not verify_commitment("ann@example.org", salt, made)
    assert not verify_commitment("ana@example.org", new_salt(), made)
    assert not verify_commitment("ana@example.org", salt, made.replace("c1:", "c2:"))
    assert not verify_commitment("ana@example.org", salt, None)
    assert not verify_commitment(1.5, salt, made)


def test_bad_salts_are_refused():
    with pytest.raises(ValueError, match="exactly 32 bytes"):
        commit("x", b"short")
    with pytest.raises(TypeError, match="salt must be bytes, not str"):
        commit("x", "a" * 32)


def test_erasing_the_data_leaves_the_event_verifiable():
    from openassembly.ledger import event_hash

    salt = new_salt()
    joined = event(1, data={"email": commit("ana@example.org", salt)})
    stored = joined["hash"]
    del salt  # the member asks to be forgotten: data and salt go, the event stays
    assert event_hash({k: v for k, v in joined.items() if k not in ("hash", "checkpoint")}) == (
        stored
    )
    assert joined["org"] == ORG
