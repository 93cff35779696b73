"""The constitution's meeting settings: proxies, standing orders, secret votes, private business."""

from __future__ import annotations

import pytest

from openassembly.rules import Constitution, ConstitutionError, load_constitution
from openassembly.rules.tests.conftest import MINIMAL


def _with(extra_body: str = "", extra: str = "") -> str:
    text = MINIMAL.replace(
        'majority = { kind = "simple", rule = "2.1" }\n',
        'majority = { kind = "simple", rule = "2.1" }\n' + extra_body,
        1,
    )
    return text + extra


def _problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(ConstitutionError) as caught:
        load_constitution(text)
    return [(p.key, p.message) for p in caught.value.problems]


def test_commonweal_meeting_settings(commonweal: Constitution):
    group = commonweal.body("organising-group")
    assert group.proxies is not None
    assert (group.proxies.rule, group.proxies.split, group.proxies.most) == ("7.4", False, 1)
    assert group.standing_orders is not None
    assert (group.standing_orders.speech_minutes, group.standing_orders.mover_minutes) == (3, 5)
    assert commonweal.body("coordinating-group").proxies is None
    amendment = commonweal.amendment_decision()
    assert amendment is not None and amendment.key == "constitution-amendment"
    person = commonweal.decision("about-a-person")
    assert (person.secret, person.secret_rule, person.majority.kind) == (True, "8.4", "two-thirds")
    assert [g.key for g in commonweal.private_business] == ["individual", "legal-advice"]
    assert commonweal.private_ground("legal-advice").outcome_public is False
    with pytest.raises(KeyError):
        commonweal.private_ground("gossip")


def test_settings_are_optional():
    parsed = load_constitution(MINIMAL)
    body = parsed.body("committee")
    assert body.proxies is None and body.standing_orders is None
    assert parsed.private_business == [] and parsed.amendment_decision() is None


def test_proxies_and_standing_orders_parse():
    parsed = load_constitution(_with(
        'proxies = { rule = "2.1", split = true, most = 2 }\n'
        'standing_orders = { rule = "2.1", speech_minutes = 4 }\n'))
    body = parsed.body("committee")
    assert body.proxies is not None and body.proxies.split and body.proxies.most == 2
    assert body.standing_orders is not None and body.standing_orders.mover_minutes is None


def test_proxy_rule_must_exist():
    problems = _problems(_with('proxies = { rule = "9.9" }\n'))
    assert problems == [("bodies[0].proxies.rule", "rule '9.9' is not one of the [[rules]]")]


def test_proxy_most_must_be_positive():
    problems = _problems(_with('proxies = { rule = "2.1", most = 0 }\n'))
    assert problems[0][0] == "bodies[0].proxies.most"


def test_secret_decision_needs_its_rule():
    problems = _problems(_with(extra='''
[[decisions]]
key = "discipline"
name = "Discipline"
body = "committee"
majority = { kind = "two-thirds", rule = "2.1" }
secret = true
'''))
    assert problems[0][0] == "decisions[0]"
    assert "secret_rule" in problems[0][1]


def test_secret_rule_without_secret_is_refused():
    problems = _problems(_with(extra='''
[[decisions]]
key = "discipline"
name = "Discipline"
body = "committee"
majority = { kind = "two-thirds", rule = "2.1" }
secret_rule = "2.1"
'''))
    assert "only applies when secret = true" in problems[0][1]


def test_only_one_decision_amends_the_constitution():
    decision = '''
[[decisions]]
key = "{key}"
name = "Change"
body = "committee"
majority = {{ kind = "unanimity", rule = "2.1" }}
amends_constitution = true
'''
    problems = _problems(_with(extra=decision.format(key="one") + decision.format(key="two")))
    assert problems == [("decisions[1].amends_constitution",
                         "only one kind of decision may amend the constitution")]


def test_private_business_checks_rules_and_keys():
    ground = '''
[[private_business]]
key = "staffing"
name = "Staffing"
rule = "{rule}"
'''
    problems = _problems(_with(extra=ground.format(rule="2.1") + ground.format(rule="7")))
    assert ("private_business[1].key", "private business 'staffing' appears twice") in problems
    assert ("private_business[1].rule", "rule '7' is not one of the [[rules]]") in problems


def test_private_business_defaults_to_a_public_outcome():
    parsed = load_constitution(_with(extra='''
[[private_business]]
key = "staffing"
name = "Staffing"
rule = "2.1"
'''))
    assert parsed.private_ground("staffing").outcome_public is True
