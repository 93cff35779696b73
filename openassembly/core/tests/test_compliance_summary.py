"""The compliance page's summary and grouping, on findings made by hand."""

from __future__ import annotations

from openassembly.core.compliance import Check, Finding, summarise


def _finding(subject: str, rule: str, *, ok: bool = True, at_risk: bool = False,
             reason: str = "why") -> Finding:
    return Finding(ok, subject, rule, reason, at_risk=at_risk)


def test_findings_group_by_rule_and_how_it_stands_broken_first():
    check = Check("papers", "Papers circulated late", [
        _finding("Budget", "6.5", ok=False, reason="2 days late"),
        _finding("Agenda", "6.4"),
        _finding("Minutes", "6.5", ok=False, reason="1 day late"),
        _finding("Accounts", "6.5", at_risk=True),
        _finding("Report", "6.5", ok=False, reason="2 days late"),
    ])
    groups = check.groups
    assert [(g.state, g.rule, g.count) for g in groups] == [
        ("broken", "6.5", 3), ("at risk", "6.5", 1), ("kept", "6.4", 1)]
    assert [f.subject for f in groups[0].findings] == ["Budget", "Minutes", "Report"]
    assert groups[0].reason == ""  # reasons differ: each subject keeps its own
    assert groups[1].reason == "why"


def test_the_summary_counts_every_finding_of_every_check():
    checks = [
        Check("a", "A", [_finding("x", "1.1", ok=False), _finding("y", "1.1")]),
        Check("b", "B", [_finding("z", "2.1", at_risk=True), _finding("w", "")]),
        Check("c", "C", []),
    ]
    summary = summarise(checks)
    assert (summary.checks, summary.broken, summary.at_risk, summary.kept) == (3, 1, 1, 2)
    assert summary.total == 4
    # 1.1 is broken once and kept once: broken. "w" cites no rule and counts as no rule.
    assert (summary.rules_broken, summary.rules_at_risk, summary.rules_kept) == (1, 1, 0)
    assert summary.rules == 2
    more = summarise([Check("d", "D", [_finding("v", "3.1"), _finding("u", "3.1", at_risk=True),
                                       _finding("t", "4.1")])])
    assert (more.rules_broken, more.rules_at_risk, more.rules_kept) == (0, 1, 1)
    assert summarise([]).total == 0
