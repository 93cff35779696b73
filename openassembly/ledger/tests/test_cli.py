import runpy
import sys

import pytest

from openassembly.ledger.cli import main
from openassembly.ledger.tests.test_export import GOLDEN


def test_verified_file_exits_0(capsys):
    assert main(["verify", str(GOLDEN)]) == 0
    assert capsys.readouterr().out == (
        "ledger verified: 6 events, 2 checkpoints, 1 events not yet sealed, "
        "the oldest at 2025-03-01T11:00:00.000000Z\n"
    )


def test_broken_file_exits_1_naming_the_link(tmp_path, capsys):
    path = tmp_path / "broken.jsonl"
    path.write_bytes(GOLDEN.read_bytes().replace(b'"seat":4', b'"seat":5'))
    assert main(["verify", str(path)]) == 1
    assert "BROKEN at event 3: stored hash does not match its content" in capsys.readouterr().out


def test_bad_input_exits_2(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text("not json\n")
    assert main(["verify", str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"{path}: line 1: not valid JSON")
    assert main(["verify", str(tmp_path / "missing.jsonl")]) == 2
    assert "cannot read the file (No such file or directory)" in capsys.readouterr().err
    assert main(["verify"]) == 2
    assert main(["check", str(path)]) == 2
    assert capsys.readouterr().err.startswith("usage: python -m openassembly.ledger verify FILE")


def test_module_entry_point(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["openassembly.ledger", "verify", str(GOLDEN)])
    with pytest.raises(SystemExit) as exited:
        runpy.run_module("openassembly.ledger", run_name="__main__")
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith("ledger verified")


def test_checkpoint_seen_published(tmp_path, capsys):
    from openassembly.ledger import read_export

    with GOLDEN.open(encoding="utf-8") as fp:
        _, _, checkpoints = read_export(fp)
    head = checkpoints[-1]["hash"]
    assert main(["verify", str(GOLDEN), "--checkpoint", f"2:{head}"]) == 0
    capsys.readouterr()
    assert main(["verify", str(GOLDEN), "--checkpoint", "3:" + "a" * 64]) == 1
    assert "the ledger ends before the published checkpoint" in capsys.readouterr().out
    assert main(["verify", str(GOLDEN), "--checkpoint", "zz"]) == 2
    assert "is not a hash" in capsys.readouterr().err
    assert main(["verify", str(GOLDEN), "--checkpoint"]) == 2
