import io
import json
from hashlib import sha256
from pathlib import Path

import pytest

from openassembly.ledger import (
    ExportError,
    event_hash,
    inclusion_proof,
    read_export,
    verify,
    verify_export,
    verify_inclusion,
    write_export,
)
from openassembly.ledger.tests.helpers import ORG, ledger

GOLDEN = Path(__file__).parent / "data" / "golden-v1.jsonl"
# Pinned: if any of these change, version 1 of the format (or of the hashing) has changed.
GOLDEN_FILE_SHA256 = "6bf0e989dd97d55bc43e11066433edded39f91d9ab441f2563c766af18b5fb13"
GOLDEN_EVENT_HASHES = {
    1: "de6d62bc1cebd6d183f05b0823c1021e5cd685d24a552ba92715d5e72bfad0cd",
    2: "b37f152b27a536cd14d8d3eb1d0bb1bfa1ec3e8a6021d7ba3956125c6e94cdb2",
    3: "c7a6b31a3ac01b5cb636278f49752d382ac6897122123d9e83c26c139222fe68",
    4: "0b3b5ddacfd83ab81452b88536fdae91ff52756ae8c4f6e6745f04535f01ee51",
    5: "21e82cfa1c3e0903877051005572b07256a9bc55f8618efe753a9ff82691428b",
    6: "4368a67c703331744befbbac06826dc2fa5008c387a53b151a20a03099f2ffd3",
}
GOLDEN_CHECKPOINTS = [
    ("eae5a53e07a0fe2b6bacd96d71660e70ce531c4686263733c6df03f1d68d4f43",
     "8871748556f8bf6f4442e537836ca546ca2ba6dac1a244c3072556fe145d9861"),
    ("1ac759c40a19354852985f587c38d51b197eb3a05ba09e12987be03227ae47ed",
     "cfd5ca82184c10547275e599c3d7f0e8ba8b9ec664e10a344ab4937051aaf584"),
]  # fmt: skip


def exported(events, checkpoints, org=ORG) -> bytes:
    buffer = io.BytesIO()
    write_export(buffer, org, events, checkpoints)
    return buffer.getvalue()


def write(tmp_path, data: bytes | str) -> Path:
    path = tmp_path / "ledger.jsonl"
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_golden_file_verifies_and_its_hashes_are_pinned():
    assert sha256(GOLDEN.read_bytes()).hexdigest() == GOLDEN_FILE_SHA256
    report = verify_export(GOLDEN)
    assert (report.ok, report.events_checked, report.checkpoints_checked, report.unsealed) == (
        True, 6, 2, 1,
    )  # fmt: skip
    with GOLDEN.open(encoding="utf-8") as fp:
        org, events, checkpoints = read_export(fp)
    assert org == "demo-alliance"
    assert {e["seq"]: e["hash"] for e in events} == GOLDEN_EVENT_HASHES
    assert [(c["hash"], c["root"]) for c in checkpoints] == GOLDEN_CHECKPOINTS
    # Re-exporting what was read gives back the same bytes.
    assert exported(events, checkpoints, org) == GOLDEN.read_bytes()


def test_golden_hashes_follow_from_the_documented_rules_alone():
    """Recompute with nothing but json and hashlib, as a verifier in another language would."""
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    for line in lines[3:]:
        record = json.loads(line)
        content = {k: v for k, v in record.items() if k not in ("type", "hash", "checkpoint")}
        encoded = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert sha256(encoded.encode()).hexdigest() == record["hash"]
    # Checkpoint 2 holds one event, so its root is the RFC 6962 hash of that single leaf.
    leaf = bytes.fromhex(GOLDEN_EVENT_HASHES[4])
    assert sha256(b"\x00" + leaf).hexdigest() == GOLDEN_CHECKPOINTS[1][1]


def test_a_ballot_receipt_can_be_proved_in_its_checkpoint():
    with GOLDEN.open(encoding="utf-8") as fp:
        _, events, checkpoints = read_export(fp)
    batch = [bytes.fromhex(e["hash"]) for e in events if e["checkpoint"] == 1]
    ballot = next(e for e in events if e["kind"] == "ballot.cast")
    index = [e["seq"] for e in events if e["checkpoint"] == 1].index(ballot["seq"])
    proof = inclusion_proof(batch, index)
    root = bytes.fromhex(checkpoints[0]["root"])
    assert verify_inclusion(bytes.fromhex(event_hash(_content(ballot))), index, 4, proof, root)


def _content(event):
    return {k: v for k, v in event.items() if k not in ("hash", "checkpoint")}


def test_round_trip_text_and_binary(tmp_path):
    events, checkpoints = ledger([3, 2], unsealed=2)
    text = io.StringIO()
    write_export(text, ORG, events, checkpoints)
    assert text.getvalue().encode() == exported(events, checkpoints)
    org, read_events, read_checkpoints = read_export(io.StringIO(text.getvalue()))
    assert (org, read_events, read_checkpoints) == (ORG, events, checkpoints)
    assert read_export(io.BytesIO(text.getvalue().encode()))[1] == events
    assert verify_export(write(tmp_path, text.getvalue())) == verify(events, checkpoints)


def test_write_refuses_malformed_rows():
    events, checkpoints = ledger([2])
    with pytest.raises(ValueError, match="event 1: event is missing 'hash'"):
        exported([{k: v for k, v in events[0].items() if k != "hash"}], [])
    with pytest.raises(ValueError, match="checkpoint is missing 'hash'"):
        exported([], [{k: v for k, v in checkpoints[0].items() if k != "hash"}])


GOOD_HEADER = '{"format":"openassembly-ledger","org":"demo-alliance","version":1}\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "line 1: the file is empty"),
        ('{"format":"something-else","version":1,"org":"x"}\n', "line 1: not an openassembly"),
        ("[1]\n", "line 1: not an openassembly"),
        ('{"format":"openassembly-ledger","version":2,"org":"x"}\n', "version 2 is not supported"),
        ('{"format":"openassembly-ledger","version":1,"org":""}\n', "line 1: the header must"),
        ('{"format":"openassembly-ledger","version":1}\n', "line 1: the header must"),
        (GOOD_HEADER + "{oops\n", "line 2: not valid JSON (Expecting property name"),
        (GOOD_HEADER + "\n", "line 2: not valid JSON"),
        (GOOD_HEADER + "[]\n", "line 2: expected a JSON object"),
        (GOOD_HEADER + '{"type":"note"}\n', 'line 2: "type" must be "event" or "checkpoint"'),
        (GOOD_HEADER + '{"type":"event"}\n', "line 2: event is missing"),
        (GOOD_HEADER + '{"type":"checkpoint","v":1}\n', "line 2: checkpoint is missing"),
        (GOOD_HEADER + '{"type":"event","x":1.5}\n', "line 2: the number 1.5 is not allowed"),
        (GOOD_HEADER + '{"type":"event","x":NaN}\n', "line 2: NaN is not allowed"),
    ],
)
def test_malformed_files_name_the_line(tmp_path, text, message):
    with pytest.raises(ExportError, match=message.replace("(", r"\(")):
        read_export(io.StringIO(text))
    with pytest.raises(ExportError, match=message.replace("(", r"\(")):
        verify_export(write(tmp_path, text))


def test_bad_utf8_is_named(tmp_path):
    data = GOOD_HEADER.encode() + b'{"type":"event","x":"\xff"}\n'
    with pytest.raises(ExportError, match="line 2: not valid UTF-8"):
        verify_export(write(tmp_path, data))


def lines_of(events, checkpoints) -> list[bytes]:
    return exported(events, checkpoints).splitlines(keepends=True)


def test_lines_from_other_tools_take_the_slow_path(tmp_path):
    """Pretty-printed or reordered lines are still valid exports and verify the same."""
    events, checkpoints = ledger([3, 2], unsealed=1)
    lines = [GOOD_HEADER.encode()]
    for line in lines_of(events, checkpoints)[1:]:
        lines.append(json.dumps(json.loads(line), indent=None, sort_keys=True).encode() + b"\n")
    path = write(tmp_path, b"".join(lines)[:-1])  # and no newline at the end
    assert verify_export(path) == verify(events, checkpoints)


@pytest.mark.parametrize(
    ("old", "new", "outcome"),
    [
        (b'"checkpoint":1,', b'"checkpoint":01,', "line 3: not valid JSON"),
        (b'"checkpoint":1,', b'"checkpoint":+1,', "line 3: not valid JSON"),
        (b'"member":1,', b'"member":1.0,', "line 3: the number 1.0 is not allowed"),
        (b'"member":1,', b'"member":2,', "event 1: stored hash does not match its content"),
        (b'"org":"demo-alliance","seq":1', b'"org":"other","seq":1', "event 1: stored hash does"),
    ],
)
def test_tampered_lines_are_caught_by_the_fast_path_or_handed_on(tmp_path, old, new, outcome):
    events, checkpoints = ledger([2], unsealed=0)
    lines = lines_of(events, checkpoints)
    assert old in lines[2]
    lines[2] = lines[2].replace(old, new, 1)
    path = write(tmp_path, b"".join(lines))
    if outcome.startswith("line"):
        with pytest.raises(ExportError, match=outcome.replace("+", r"\+")):
            verify_export(path)
    else:
        assert verify_export(path).first_broken.startswith(outcome)


def test_lone_surrogate_in_an_event_is_reported(tmp_path):
    events, checkpoints = ledger([1], unsealed=0)
    lines = lines_of(events, checkpoints)
    lines[2] = lines[2].replace(b'"region":"north"', b'"region":"\\ud800"')
    report = verify_export(write(tmp_path, b"".join(lines)))
    assert report.first_broken == (
        "event 1: not canonical JSON ($.data.region: string is not valid Unicode "
        "(it holds a lone surrogate))"
    )


def test_export_of_another_organisation(tmp_path):
    events, checkpoints = ledger([2], unsealed=0)
    data = exported(events, checkpoints).replace(
        b'"org":"demo-alliance","version"', b'"org":"x","version"'
    )
    report = verify_export(write(tmp_path, data))
    assert report.first_broken == "event 1: belongs to 'demo-alliance', not 'x'"
