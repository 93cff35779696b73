"""The witness's own logic, against fetched lists built here (the live install is tested in
openassembly/record/tests/test_witness_live.py)."""

import json

import pytest

from openassembly.ledger import seal, witness
from openassembly.ledger.tests.helpers import ORG, event, ledger

URL = f"https://assembly.example.org/o/{ORG}/"


def api_json(checkpoints):
    """What /api/o/SLUG/checkpoints publishes: the checkpoint without "v" and "org"."""
    return json.dumps(
        [{k: v for k, v in cp.items() if k not in ("v", "org")} for cp in checkpoints]
    ).encode()


@pytest.fixture
def serve(monkeypatch):
    """Make the witness fetch the given checkpoints; returns a setter."""
    served = {}

    def fake_fetch(url, *, timeout):
        assert url == f"https://assembly.example.org/api/o/{ORG}/checkpoints"
        return served["body"]

    monkeypatch.setattr(witness, "fetch", fake_fetch)

    def set_(checkpoints=None, body=None):
        served["body"] = body if body is not None else api_json(checkpoints)

    return set_


def run(store, capsys):
    code = witness.run(URL, store, out=print, err=print)
    return code, capsys.readouterr().out


def test_first_look_then_extension_then_nothing_new(serve, tmp_path, capsys):
    store = tmp_path / "w.json"
    _, checkpoints = ledger([3, 4, 2, 5])
    serve(checkpoints[:2])
    code, out = run(store, capsys)
    assert code == 0 and "first look: 2 checkpoints, head checkpoint 2" in out
    saved = json.loads(store.read_text())
    assert saved["format"] == "openassembly-witness" and saved["org"] == ORG
    assert [cp["hash"] for cp in saved["checkpoints"]] == [cp["hash"] for cp in checkpoints[:2]]
    serve(checkpoints)
    code, out = run(store, capsys)
    assert code == 0 and "2 new checkpoints extend checkpoint 2" in out
    assert len(json.loads(store.read_text())["checkpoints"]) == 4
    code, out = run(store, capsys)
    assert code == 0 and "no new checkpoints; head still checkpoint 4" in out


def _forged_tail(checkpoints, from_number):
    """The install's checkpoints rewritten from ``from_number`` on, each rehashed and relinked."""
    forged = list(checkpoints[: from_number - 1])
    prev = forged[-1]["hash"] if forged else witness.ZERO_HASH
    for number in range(from_number, len(checkpoints) + 1):
        cp = seal(ORG, number, prev, [event(1000 + number)], "2025-04-01T00:00:00.000000Z")
        forged.append(cp)
        prev = cp["hash"]
    return forged


def test_rewritten_checkpoint_that_was_seen_is_a_fork(serve, tmp_path, capsys):
    store = tmp_path / "w.json"
    _, checkpoints = ledger([3, 4, 2, 5])
    serve(checkpoints[:3])
    run(store, capsys)
    before = store.read_bytes()
    forged = _forged_tail(checkpoints, 3)
    serve(forged)
    code, out = run(store, capsys)
    assert code == 1
    assert f"FORK in {ORG}" in out
    assert (
        f"following the install's chain back from its head, checkpoint 4, reaches checkpoint 3 "
        f"with hash {forged[2]['hash'][:16]}…, not {checkpoints[2]['hash'][:16]}… that you saw"
    ) in out
    assert store.read_bytes() == before  # the evidence of what was seen is kept
    evidence = json.loads((tmp_path / "w.json.fork.json").read_text())
    assert evidence["checkpoints"][2]["hash"] != checkpoints[2]["hash"]


def test_an_older_checkpoint_rewritten_is_a_fork(serve, tmp_path, capsys):
    # The head the witness holds is unchanged but an earlier one it saw is published anew.
    store = tmp_path / "w.json"
    _, checkpoints = ledger([3, 4, 2])
    serve(checkpoints)
    run(store, capsys)
    altered = [dict(cp) for cp in checkpoints]
    altered[0] = seal(ORG, 1, witness.ZERO_HASH, [event(77)], "2025-04-01T00:00:00.000000Z")
    serve(altered)
    code, out = run(store, capsys)
    assert code == 1 and "checkpoint 1 was" in out and "history was rewritten" in out


def test_new_head_relinked_to_another_history_is_a_fork(serve, tmp_path, capsys):
    store = tmp_path / "w.json"
    _, checkpoints = ledger([3, 4, 2])
    serve(checkpoints[:2])
    run(store, capsys)
    # Checkpoint 3 published with a prev that is not checkpoint 2's hash.
    relinked = seal(ORG, 3, "1" * 64, [event(50)], "2025-04-01T00:00:00.000000Z")
    serve([*checkpoints[:2], relinked])
    code, out = run(store, capsys)
    assert code == 1
    assert "checkpoint 3 does not extend its checkpoint 2: its prev is 1111111111111111…" in out


def test_cut_back_ledger_is_a_fork(serve, tmp_path, capsys):
    store = tmp_path / "w.json"
    _, checkpoints = ledger([3, 4, 2])
    serve(checkpoints)
    run(store, capsys)
    serve(checkpoints[:2])
    code, out = run(store, capsys)
    assert code == 1 and "behind checkpoint 3" in out and "cut back" in out
    serve([])
    code, out = run(store, capsys)
    assert code == 1 and "publishes no checkpoints, but you hold 3" in out


def test_checkpoint_whose_hash_does_not_match_its_content_is_refused(serve, tmp_path, capsys):
    _, checkpoints = ledger([3, 4])
    checkpoints[1]["count"] = 5
    serve(checkpoints)
    code, out = run(tmp_path / "w.json", capsys)
    assert code == 1 and "checkpoint 2's hash does not match its content" in out
    assert not (tmp_path / "w.json").exists()


def test_a_gap_in_what_is_published_is_refused(serve, tmp_path, capsys):
    _, checkpoints = ledger([3, 4, 2])
    serve([checkpoints[0], checkpoints[2]])
    code, out = run(tmp_path / "w.json", capsys)
    assert code == 1 and "checkpoint 2 is missing" in out


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>", "not a JSON list of checkpoints"),
        (b"\xff\xfe", "not a JSON list of checkpoints"),
        (b'{"detail": "Not Found"}', "expected a JSON list"),
        (b"[1]", "item 1 is not an object"),
        (b'[{"number": 1}]', "item 1: checkpoint field 'prev' must be"),
    ],
)
def test_malformed_responses_exit_2(serve, tmp_path, capsys, body, message):
    serve(body=body)
    code, out = run(tmp_path / "w.json", capsys)
    assert code == 2 and message in out and "Traceback" not in out


def test_the_local_copy_is_checked_and_bound_to_its_organisation(serve, tmp_path, capsys):
    _, checkpoints = ledger([3, 4])
    serve(checkpoints)
    store = tmp_path / "w.json"
    store.write_text("not json")
    assert run(store, capsys)[0] == 2
    store.write_text(json.dumps({"format": "openassembly-witness", "version": 1, "org": "other",
                                 "checkpoints": []}))  # fmt: skip
    code, out = run(store, capsys)
    assert code == 2 and "holds 'other''s checkpoints" in out
    # A hand-edited copy whose chain is broken is not trusted as the reference.
    run(tmp_path / "good.json", capsys)
    saved = json.loads((tmp_path / "good.json").read_text())
    saved["checkpoints"][1]["prev"] = "2" * 64
    store.write_text(json.dumps(saved))
    code, out = run(store, capsys)
    assert code == 2 and "the copy itself does not verify" in out


@pytest.mark.parametrize(
    ("url", "api"),
    [
        ("https://h.example/o/demo/", "https://h.example/api/o/demo/checkpoints"),
        ("https://h.example/o/demo/ledger/", "https://h.example/api/o/demo/checkpoints"),
        ("http://127.0.0.1:8000/api/o/demo/checkpoints", "http://127.0.0.1:8000/api/o/demo/checkpoints"),
        ("https://h.example/assembly/o/demo", "https://h.example/assembly/api/o/demo/checkpoints"),
    ],
)  # fmt: skip
def test_source_from_url(url, api):
    assert witness.Source.from_url(url).url == api


@pytest.mark.parametrize("url", ["ftp://h/o/demo/", "h.example/o/demo", "https://h.example/"])
def test_bad_urls_exit_2(url, tmp_path, capsys):
    assert witness.run(url, tmp_path / "w.json", out=print, err=print) == 2
    assert "witness: " in capsys.readouterr().out


def test_unreachable_install_exits_2(tmp_path, capsys):
    # Port 9 on loopback (discard) has nothing listening on a test machine.
    code = witness.run("http://127.0.0.1:9/o/demo/", tmp_path / "w.json", out=print, err=print,
                       timeout=5)  # fmt: skip
    assert code == 2 and "cannot reach the install" in capsys.readouterr().out


def test_main_usage_exits_2(capsys):
    assert witness.main(["witness"]) == 2
