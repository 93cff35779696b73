"""Every method is described: title, rule source, and re-count commands that name it."""

import pytest

from openassembly.counting import METHOD_INFO, METHODS, CountError, method_info
from openassembly.counting.catalogue import INFO, STV_VARIANTS


def test_every_registered_method_has_its_description_and_no_other():
    assert set(METHOD_INFO) == set(METHODS)


@pytest.mark.parametrize("info", [*INFO, *STV_VARIANTS], ids=lambda i: i.name)
def test_description_is_complete(info):
    assert info.title and info.source
    assert info.family in {"plurality", "majority", "stv", "condorcet", "apportionment"}
    assert not info.source_url or info.source_url.startswith("https://")
    for template in (info.droop, info.openstv):
        if template:
            assert "{file}" in template


def test_commands_fill_the_file_seats_and_seed_quoted_for_the_shell():
    cmds = dict(method_info("scottish").commands(file="my poll.blt", seats=3, seed="a b"))
    assert cmds["openassembly"] == (
        "openassembly count 'my poll.blt' --method scottish --seats 3 --seed 'a b'")
    assert cmds["droop"] == "python Droop.py scotland 'my poll.blt'"
    assert cmds["OpenSTV"] == "python runElection.py -s 3 ScottishSTV 'my poll.blt'"


def test_commands_leave_out_counters_without_the_rule_and_an_empty_seed():
    cmds = method_info("ers97").commands(file="p.blt", seats=2)
    assert [c for c, _ in cmds] == ["openassembly", "OpenSTV"]
    assert cmds[0][1] == "openassembly count p.blt --method ers97 --seats 2"


def test_a_hostile_file_name_cannot_break_out_of_the_command():
    cmds = method_info("scottish").commands(file="x.blt; rm -rf ~", seats=1)
    assert all("'x.blt; rm -rf ~'" in c for _, c in cmds)


def test_unknown_method_is_a_count_error():
    with pytest.raises(CountError, match="unknown method 'nope'"):
        method_info("nope")


def test_each_name_is_described_once():
    names = [i.name for i in (*INFO, *STV_VARIANTS)]
    assert len(names) == len(set(names))


def test_droop_commands_for_the_reference_variants():
    wigm = next(i for i in STV_VARIANTS if i.name == "wigm")
    assert dict(wigm.commands(file="SC.blt", seats=5))["droop"] == (
        "python Droop.py wigm rational dp=12 SC.blt")


def test_droop_and_openstv_read_a_published_file_as_it_is():
    # Receipts are comments in the published file, so no counter needs it rewritten first.
    cmds = dict(method_info("scottish").commands(file="out/acme-poll-3.blt", seats=3))
    assert cmds["droop"] == "python Droop.py scotland out/acme-poll-3.blt"
    assert cmds["OpenSTV"] == "python runElection.py -s 3 ScottishSTV out/acme-poll-3.blt"
