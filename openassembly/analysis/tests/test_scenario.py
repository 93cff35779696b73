import json
from fractions import Fraction

import pytest

from openassembly.analysis import Scenario, ScenarioError, parse_rate
from openassembly.analysis.tests.helpers import sample


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.8", Fraction(4, 5)),
        ("4/5", Fraction(4, 5)),
        ("80%", Fraction(4, 5)),
        (" 1 ", Fraction(1)),
        ("0", Fraction(0)),
        ("33.3%", Fraction(333, 1000)),
        (1, Fraction(1)),
    ],
)
def test_rates_are_read_exactly(text, value):
    assert parse_rate(text) == value
    assert type(parse_rate(text)) is Fraction


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abc", "not a number"),
        ("1.2", "outside 0 to 1"),
        ("-0.1", "outside"),
        ("nan", "not a number"),
        ("inf", "not a number"),
        ("1/0", "not a number"),
        ("120%", "outside"),
        (0.8, "not a number"),
    ],
)
def test_bad_rates_are_refused(text, expected):
    with pytest.raises(ScenarioError, match=expected):
        parse_rate(text)


def test_scenario_is_canonical_and_round_trips_through_json():
    a = Scenario(
        alliance=["Lab", "LD", "Green"],
        nations="Wales,North",
        rates={("LD", "Lab"): "0.5", ("Green", "Lab"): "2/3"},
        assignments={"Alpha": "LD"},
        default_rate="90%",
    )
    b = Scenario(
        alliance=("Lab", "LD", "Green"),
        nations=("North", "Wales"),
        rates=(("Green", "Lab", Fraction(2, 3)), ("LD", "Lab", Fraction(1, 2))),
        assignments=(("Alpha", "LD"),),
        default_rate=Fraction(9, 10),
    )
    assert a == b and hash(a) == hash(b)
    data = json.loads(json.dumps(a.to_dict()))
    assert data["rates"] == [
        {"from": "Green", "to": "Lab", "rate": "2/3"},
        {"from": "LD", "to": "Lab", "rate": "1/2"},
    ]
    assert Scenario.from_dict(data) == a
    assert a.rate("LD", "Lab") == Fraction(1, 2)
    assert a.rate("Lab", "LD") == Fraction(9, 10)


def test_resolve_spells_names_as_the_data_does():
    sc = Scenario(
        alliance=("lab", "ld"),
        nations=("wales",),
        rates=(("ld", "LAB", "1"),),
        assignments=(("india", "ld"),),
    ).resolve(sample())
    assert sc.alliance == ("Lab", "LD")
    assert sc.nations == ("Wales",)
    assert sc.rates == (("LD", "Lab", Fraction(1)),)
    assert sc.assignments == (("India", "LD"),)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"alliance": ("Lab", "Labour")}, r"unknown party 'Labour' \(known parties: .*Green"),
        ({"alliance": ("Lab", "LD"), "nations": ("Englnd",)}, "unknown nation 'Englnd'"),
        ({"alliance": ("Lab", "LD"), "regions": ("Mars",)}, "unknown region 'Mars'"),
        ({"alliance": ("Lab", "LD"), "rates": (("UKIP", "Lab", 1),)}, "UKIP is not in the"),
        ({"alliance": ("Lab", "LD"), "rates": (("Lab", "lab", 1),)}, "does not transfer to"),
        ({"alliance": ("Lab", "LD"), "rates": (("LD", "Lab", 1), ("ld", "lab", 1))}, "given twice"),
        (
            {"alliance": ("Lab", "LD"), "assignments": (("Nowhere", "Lab"),)},
            "Nowhere=Lab: no such constituency",
        ),
        ({"alliance": ("Lab", "LD"), "assignments": (("Alpha", "Con"),)}, "Con is not in"),
        (
            {"alliance": ("Lab", "LD"), "assignments": (("Alpha", "Lab"), ("alpha", "LD"))},
            "assigned twice",
        ),
        ({"alliance": ("Lab", "LD"), "candidate_rule": "assigned"}, "needs at least one"),
    ],
)
def test_resolve_rejects_what_the_data_lacks(kwargs, expected):
    with pytest.raises(ScenarioError, match=expected):
        Scenario(**kwargs).resolve(sample())


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"alliance": ("Lab",)}, "at least two parties"),
        ({"alliance": ("Lab", "lab")}, "named twice"),
        ({"alliance": ("Lab", "LD"), "mode": "both"}, "unknown mode"),
        ({"alliance": ("Lab", "LD"), "candidate_rule": "best"}, "unknown candidate rule"),
        ({"alliance": ("Lab", "LD"), "default_rate": "2"}, "outside 0 to 1"),
    ],
)
def test_impossible_scenarios_are_refused_at_once(kwargs, expected):
    with pytest.raises(ScenarioError, match=expected):
        Scenario(**kwargs)


def test_from_dict_rejects_unknown_or_missing_fields():
    with pytest.raises(ScenarioError, match="unknown scenario field"):
        Scenario.from_dict({"alliance": ["Lab", "LD"], "colour": "red"})
    with pytest.raises(ScenarioError, match="missing"):
        Scenario.from_dict({"mode": "single"})


def test_describe_states_the_parameters():
    text = Scenario(
        alliance=("Lab", "LD"), mode="pooled", regions=("North",), rates=(("LD", "Lab", "1/3"),)
    ).describe()
    assert text == ("Alliance Lab + LD, pooled mode, North, transfer 100% except LD→Lab 33.3%")
