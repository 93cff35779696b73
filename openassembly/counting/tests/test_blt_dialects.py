"""One test per BLT dialect feature (docs/counting.md lists them), and the reader's bounds."""

import time

import pytest

from openassembly.counting import BallotFileError, count, read_blt, write_blt
from openassembly.counting.blt import MAX_CANDIDATES, format_blt

NAMES = '"Castor"\n"Pollux"\n"Helen"\n'


def test_droop_tie_option_is_read_used_by_lots_and_said_in_the_result():
    e = read_blt("3 2\n[tie 3 2 1 ]\n4 1 2 0\n2 3 0\n0\n" + NAMES + '"Pollux and Helen"\n')
    assert e.tie_order == (2, 1, 0)
    result = count(e, method="wigm", seats=2)
    # Castor's surplus leaves Pollux and Helen level at every stage: a tie by lot, which
    # the file's order breaks by excluding Helen, the first it names.
    assert result.elected == ["Castor", "Pollux"]
    assert [lot.by for lot in result.lots] == ["ballot-file tie order"]
    assert result.lots[0].order == ["Helen", "Pollux"]
    assert any("tie order given in the ballot file" in note for note in result.notes)
    assert result.to_dict()["lots"]["draws"][0]["by"] == "ballot-file tie order"


def test_without_a_tie_order_the_seeded_draw_decides():
    e = read_blt("3 2\n4 1 2 0\n2 3 0\n0\n" + NAMES + '"t"\n')
    result = count(e, method="wigm", seats=2)
    assert [lot.by for lot in result.lots] == ["openassembly-lot-v1"]
    assert not any("tie order" in note for note in result.notes)


def test_tie_option_may_span_lines_and_use_nicknames():
    e = read_blt("3 1\n[nick cas pol hel]\n[tie hel\n pol cas]\n1 cas hel 0\n1 pol=hel 0\n0\n"
                 + NAMES + '"t"\n')
    assert e.nicknames == ("cas", "pol", "hel")
    assert e.tie_order == (2, 1, 0)
    assert dict(e.ballots) == {(0, 2): 1, ((1, 2),): 1}


def test_withdrawn_option_and_minus_line_both_withdraw():
    a = read_blt("3 1\n[withdrawn 2]\n1 1 2 0\n0\n" + NAMES + '"t"\n')
    b = read_blt("3 1\n-2\n1 1 2 0\n0\n" + NAMES + '"t"\n')
    assert a.withdrawn == b.withdrawn == frozenset({1})


def test_droop_options_are_kept_not_acted_on():
    e = read_blt("3 1\n[droop rule=meek precision=8]\n1 1 0\n0\n" + NAMES + '"t"\n')
    assert e.options == ("rule=meek", "precision=8")


def test_source_and_comment_after_the_title():
    e = read_blt("3 1\n1 1 0\n0\n" + NAMES + '"Title"\n"Source: minutes"\n"A comment"\n')
    assert (e.title, e.source, e.comment) == ("Title", "Source: minutes", "A comment")


def test_byte_order_mark_crlf_and_comments_anywhere():
    text = ('\ufeff# exported\r\n3 2 # header\r\n/* droop */ [tie 1 2 3]\r\n'
            '4 1 2 0 # four ballots\r\n2 3 /* note */ 0\r\n0 # end\r\n'
            '"Castor" # first\r\n"Pollux"\r\n"Helen"\r\n"t"\r\n')
    e = read_blt(text.encode("utf-8"))
    assert e.candidates == ["Castor", "Pollux", "Helen"] and e.title == "t"
    assert dict(e.ballots) == {(0, 1): 4, (2,): 2}
    assert e.tie_order == (0, 1, 2)


def test_writer_writes_every_option_and_reads_back_the_same():
    e = read_blt("3 2\n-1\n[nick a b c]\n[tie 3 2 1]\n[droop rule=wigm]\n2 2 3 0\n1 3 0\n0\n"
                 + NAMES + '"T"\n"S"\n"C"\n')
    text = write_blt(e, comments=["made by a test"])
    assert text.splitlines()[:6] == ["# made by a test", "3 2", "-1", "[nick a b c]",
                                     "[tie 3 2 1]", "[droop rule=wigm]"]
    again = read_blt(text)
    for field in ("candidates", "withdrawn", "tie_order", "nicknames", "options", "title",
                  "source", "comment"):
        assert getattr(again, field) == getattr(e, field), field
    assert sorted(again.ballots) == sorted(e.ballots)


def test_writer_writes_ballot_ids_and_a_comment_without_a_source():
    text = format_blt(candidates=["A"], seats=1, ballots=[("r1", (0,), 1)], title="T",
                      comment="c")
    assert text.splitlines()[2:] == ["0", '"A"', '"T"', '""', '"c"']
    assert read_blt(text).comment == "c"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("3 1\n[order 1 2 3]\n1 1 0\n0\n", 2, "unknown option [order]"),
        ("3 1\n[tie 1 2]\n1 1 0\n0\n", 2, "each candidate exactly once"),
        ("3 1\n[tie 1 2 9]\n1 1 0\n0\n", 2, "'9' is not a candidate"),
        ("3 1\n[tie 1 2 3\n1 1 0\n0\n", 2, "not closed"),
        ("3 1\n[ ]\n1 1 0\n0\n", 2, "must name its option"),
        ("3 1\n[nick a b]\n1 1 0\n0\n", 2, "3 different nicknames"),
        ("3 1\n[nick a 2 c]\n1 1 0\n0\n", 2, "could be read as part of a ballot"),
        ("3 1\n[withdrawn 4]\n1 1 0\n0\n", 2, "not a candidate"),
        ("3 1234567\n1 1 0\n0\n", 1, "declares '1234567' seats; at most 10,000"),
        ("3 1\n1 1 x=2 0\n0\n", 2, "expected a candidate number"),
        ("3 1\n-1 1 0\n1 1 0\n0\n", 2, "withdrawn candidate '1'"),
        ("3 1\n(id)\n0\n", 2, "followed by a weight"),
        ("3 1\n1 1 0\n-2 1 0\n0\n", 3, "weight cannot be negative"),
        ("3 1\n" + "9" * 16 + " 1 0\n0\n", 2, "at most 15 digits"),
        ("3 1\n" + "9" * 5000 + " 1 0\n0\n", 2, "at most 15 digits"),
    ],
)
def test_malformed_dialect_lines_name_the_line(text, line, words):
    with pytest.raises(BallotFileError) as err:
        read_blt(text)
    assert err.value.line == line
    assert words in str(err.value)


def test_absurd_header_is_refused_at_once_before_allocating():
    started = time.perf_counter()
    for header in ("100000000 1", "99999999999999999999 1", f"{MAX_CANDIDATES + 1} 1"):
        with pytest.raises(BallotFileError) as err:
            read_blt(f"{header}\n1 1 0\n0\n")
        assert err.value.line == 1 and f"at most {MAX_CANDIDATES:,}" in str(err.value)
    assert time.perf_counter() - started < 1


def test_non_utf8_input_gives_a_clear_error_naming_the_line():
    with pytest.raises(BallotFileError) as err:
        read_blt(b'2 1\n1 1 0\n0\n"Ann"\n"B\xe9atrice"\n"t"\n')
    assert err.value.line == 5 and "not valid UTF-8" in str(err.value)
    with pytest.raises(BallotFileError) as err:
        read_blt(b"2 1\n1 \xff 0\n0\n")
    assert err.value.line == 2 and "candidate number" in str(err.value)
    with pytest.raises(BallotFileError) as err:
        read_blt(b"\xff\xfe2 1\n")
    assert err.value.line == 1


def test_a_file_of_only_a_header_or_nothing():
    with pytest.raises(BallotFileError, match="no '<candidates> <seats>' line"):
        read_blt("# nothing here\n")
    with pytest.raises(BallotFileError, match="not closed by a line"):
        read_blt("3 1\n[tie 1 2 3]\n")


def test_option_without_arguments_comment_only_ballot_lines_and_spaced_ids():
    e = read_blt('3 1\n[droop]\n(ballot 7) 2 1 0\n/* checked */\n1 2 0\n0\n' + NAMES + '"t"\n')
    assert e.options == ()
    assert dict(e.ballots) == {(0,): 2, (1,): 1}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("0 1\n0\n", 1, "at least 1"),
        ('3 1\n1 1 0\n0\n"A" x\n', 4, "candidate name 1 of 3 in double quotes"),
        ('3 1\n1 1 0\n0\n""\n', 4, "candidate name 1 is empty"),
    ],
)
def test_more_malformed_lines_name_the_line(text, line, words):
    with pytest.raises(BallotFileError) as err:
        read_blt(text)
    assert err.value.line == line and words in str(err.value)


def test_a_tie_order_must_name_everyone_once_in_memory_too():
    from openassembly.counting import CountError, Election

    with pytest.raises(CountError, match="exactly once"):
        Election.from_rankings(["A", "B"], [(0, 1)], tie_order=[0, 0])


def test_rendered_result_says_the_file_tie_order_broke_the_tie():
    from openassembly.counting import render_text

    e = read_blt("3 2\n[tie 3 2 1]\n4 1 2 0\n2 3 0\n0\n" + NAMES + '"t"\n')
    text = render_text(count(e, method="wigm", seats=2))
    assert "tie order given in the ballot file" in text and "Lots seeded" not in text


def test_every_method_names_its_variant_and_source():
    from openassembly.counting import METHODS, CountError, method_info

    for name in ("meek", "meek-nz", "meek-prf", "wigm", "warren", "scottish", "ers97"):
        info = method_info(name)
        assert name in METHODS and info.title and info.source and info.checked_against
    assert method_info("meek").source == method_info("meek-nz").source
    with pytest.raises(CountError, match="unknown method"):
        method_info("no-such-rule")


def test_free_text_after_the_title_is_ignored_as_droop_and_openstv_do():
    # droop's dk1-2.blt carries notes after the title.
    e = read_blt('3 1\n1 1 0\n0\n' + NAMES + '"Title" \n\nA:  123 votes\n"not a source"\n')
    assert (e.title, e.source, e.comment) == ("Title", "", "")
    # droop's M135.blt: title, source, comment, then the first preferences as notes.
    e = read_blt('3 1\n1 1 0\n0\n' + NAMES + '"M135"\n"Brian Wichmann"\n"validation"\n'
                 'First Prefs\n  0119 32 43\nQuota  84.88\n')
    assert (e.title, e.source, e.comment) == ("M135", "Brian Wichmann", "validation")


def test_undeclared_write_ins_are_kept_written_back_and_noted():
    e = read_blt("4 2\n[undeclared 4]\n5 4 1 2 0\n2 3 0\n0\n" + NAMES + '"Paris"\n"t"\n')
    assert e.undeclared == frozenset({3})
    assert "[undeclared 4]" in write_blt(e) and read_blt(write_blt(e)).undeclared == {3}
    result = count(e, method="meek-prf", seats=2)
    assert any("undeclared write-ins" in note and "Paris" in note for note in result.notes)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"100000000 1\n1 1 0\n0\n", "line 1: the file declares '100000000' candidates"),
        (b'2 1\n1 1 0\n0\n"A"\n"\xff"\n"t"\n', "line 5: candidate names are not valid UTF-8"),
    ],
)
def test_command_line_reports_bad_files_in_one_line(tmp_path, capsys, content, words):
    from openassembly.counting.cli import main

    path = tmp_path / "bad.blt"
    path.write_bytes(content)
    assert main(["count", str(path), "--method", "meek-prf"]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
