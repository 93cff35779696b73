import json

from openassembly.counting import (
    METHODS,
    Election,
    count,
    draw_sortition,
    render_svg,
    render_text,
)
from openassembly.counting.cli import main
from openassembly.counting.lots import LOT_PROCEDURE, pool_digest

A, B, C, D = range(4)
NAMES = ["Ann", "Bob", "Cat", "Dan"]


def election(ballots, seats=1, withdrawn=()):
    return Election.from_rankings(NAMES, ballots, seats=seats, withdrawn=withdrawn)


def test_registry_names():
    assert set(METHODS) >= {"fptp", "block", "approval", "irv", "ers97", "meek", "scottish",
                            "schulze", "meek-nz", "meek-prf", "wigm", "warren"}
    assert set(METHODS) >= {"ranked-pairs", "minimax"}


def test_block_vote_gives_the_whole_ward_to_the_largest_faction():
    # 45% rank their slate A, B; the rest split and rank C, D.
    e = election([((A, B), 45), ((C, D), 30), ((D, C), 25)], seats=2)
    assert count(e, method="block", seats=2).elected == ["Cat", "Dan"]
    assert sorted(count(e, method="scottish", seats=2).elected) == ["Ann", "Cat"]


def test_fptp_tie_is_drawn_by_seeded_lot_and_recorded():
    e = election([((A,), 3), ((B,), 3), ((C,), 1)])
    r1 = count(e, method="fptp", seats=1, seed="s1")
    r2 = count(e, method="fptp", seats=1, seed="s1")
    assert r1.elected == r2.elected and len(r1.lots) == 1
    assert r1.lots[0].tied == ["Ann", "Bob"] and r1.stages[0].lots == [1]
    seen = {count(e, method="fptp", seats=1, seed=f"s{i}").elected[0] for i in range(20)}
    assert seen == {"Ann", "Bob"}


def test_approval_counts_every_mark_and_equal_rankings():
    e = election([(((A, B),), 2), ((C, A), 1)])
    r = count(e, method="approval", seats=1)
    assert r.stages[0].votes == {"Ann": 3, "Bob": 2, "Cat": 1, "Dan": 0}


def test_irv_transfers_and_withdrawn_candidates_are_skipped():
    e = election([((A,), 4), ((B, C), 3), ((C, B), 2), ((D, C), 2)], withdrawn=[D])
    r = count(e, method="irv", seats=1)
    assert r.elected == ["Cat"] and r.withdrawn == ["Dan"]
    assert "Dan" not in r.stages[0].votes


def test_stv_refuses_equal_rankings_with_a_clear_message():
    e = election([(((A, B), C), 1)], seats=1)
    for method in ("irv", "ers97", "scottish", "meek"):
        try:
            count(e, method=method, seats=1)
        except ValueError as err:
            assert "equal rankings" in str(err) and "Ann = Bob" in str(err)
        else:
            raise AssertionError(method)


def test_schulze_ranking_and_reported_ties():
    e = election([((A, B, C), 5), ((B, C, A), 5), ((C, A, B), 5), ((D,), 1)])
    r = count(e, method="schulze", seats=1, seed="x")
    assert r.ranking[0] == ["Ann", "Bob", "Cat"] and r.ranking[1] == ["Dan"]
    assert r.ties == [["Ann", "Bob", "Cat"]] and len(r.lots) == 1


def test_sortition_is_reproducible_and_documented():
    pool = [f"member {i}" for i in range(50)]
    d1 = draw_sortition(pool, 5, seed="announced")
    assert d1.selected == draw_sortition(pool, 5, seed="announced").selected
    assert d1.selected != draw_sortition(pool, 5, seed="other").selected
    assert "SHA-256" in d1.procedure and d1.procedure == LOT_PROCEDURE
    assert len(set(d1.selected)) == 5 and d1.pool_sha256 == pool_digest(pool)


def test_renderings_and_json(load):
    r = count(load("ers97_model.blt"), method="ers97", seats=6)
    text = render_text(r)
    assert "Quota: 107.58" in text and "Stage 3.2" in text and "Loss to rounding" in text
    svg = render_svg(r)
    assert svg.startswith("<svg") and "Smith (elected)" in svg
    doc = json.loads(json.dumps(r.to_dict()))
    assert doc["format"] == "openassembly.count/1" and doc["quota"] == "107.58"
    assert doc["stages"][1]["transfers"]["Smith"] == "-26.42"


def test_cli_count_compare_and_bad_input(tmp_path, capsys):
    from openassembly.counting.tests.conftest import FIXTURES

    f = str(FIXTURES / "ers97_model.blt")
    assert main(["count", f, "--method", "scottish", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["method"] == "scottish"
    assert main(["compare", f, "--seats", "6"]) == 0
    out = capsys.readouterr().out
    assert "block" in out and "ers97" in out and "Smith" in out
    bad = tmp_path / "bad.blt"
    bad.write_text("3 1\n1 1 9 0\n0\n")
    assert main(["count", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "line 2" in err and "Traceback" not in err
    assert main(["count", f, "--method", "nope"]) == 2


def test_the_stage_chart_names_itself_and_gives_its_figures_in_words(load):
    import dataclasses
    import xml.etree.ElementTree as ET

    ns = {"svg": "http://www.w3.org/2000/svg"}
    r = count(load("ers97_model.blt"), method="ers97", seats=6)
    root = ET.fromstring(render_svg(r, ident="poll-7"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "poll-7-title poll-7-desc"
    assert root.find("svg:title", ns).get("id") == "poll-7-title"
    desc = root.find("svg:desc", ns)
    assert desc.get("id") == "poll-7-desc"
    words = desc.text
    assert words.startswith(f"{len(r.stages)} stages of the count ({r.rule}) for 6 seats; ")
    assert "quota 107.58." in words
    first = r.stages[0]
    leader = max((n for n in r.candidates if n not in r.withdrawn),
                 key=lambda n: first.votes[n])
    assert f"First stage: {leader} {first.votes[leader] / 10**r.places:.2f}, " in words
    assert f"Last stage ({r.stages[-1].label}): " in words
    assert words.endswith("Elected: " + ", ".join(r.elected) + ".")

    # One stage, no quota, a single seat: the sentence says so, and no "last stage".
    one = count(election([((A,), 3), ((B,), 2)]), method="fptp", seats=1)
    text = ET.fromstring(render_svg(one)).find("svg:desc", ns).text
    assert text.startswith("1 stage of the count (") and "1 seat;" in text
    assert "quota" not in text and "Last stage" not in text
    assert "First stage: Ann 3, Bob 2" in text and text.endswith("Elected: Ann.")
    nobody = dataclasses.replace(one, elected=[])
    assert render_svg(nobody).count("Elected: nobody.") == 1
