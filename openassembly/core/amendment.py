"""What may make a new version of the constitution: the checks on the authority it rests on.

The constitution changes only by its own procedure (ARCHITECTURE principle 4): a decision of the
body the constitution empowers to amend it, carried by the majority that rule requires; a
carried members' ballot where the constitution provides one (``[amendment_ballot]``); or, once,
the founders. No officer, and no pair of officers, can record a version on their own.

What the caller hands over is never trusted: a decision or a ballot is looked up again through
its app's resolver (``core.authority.resolve``), so an ``Authority`` built by hand, or one for a
decision made void since, carries nothing. The facts checked are:

- a decision (``Route.DECISION``, resolved by meetings): ``decision_key`` is the constitution's
  ``amends_constitution`` kind, ``body`` is the body that kind names, the votes
  (``for``/``against``/``abstain``, ``weighted`` on a card vote, ``seats_filled``) reach the
  kind's majority, and ``new_constitution_sha256`` is the SHA-256 of the text being adopted;
- a members' ballot (``Route.BALLOT``, resolved by ballots): ``carried`` is true, ``petition``
  is the key of a petition ``[amendment_ballot]`` names, and ``new_constitution_sha256`` is the
  SHA-256 of the text being adopted (the text the ballot asked the members about);
- the founders (``Route.FOUNDING``): only for the first version.

A decision or ballot adopts one version only: it cannot be cited again to restore its text later.
"""

from __future__ import annotations

import hashlib
from fractions import Fraction
from typing import Any

from openassembly.core.authority import Authority, AuthorityRefused, Route, resolve
from openassembly.core.models import ConstitutionVersion, Organisation
from openassembly.rules import amending
from openassembly.rules.model import Constitution
from openassembly.rules.questions import passed

ACT = "Adopting a new version of the constitution"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def amending_rule(constitution: Constitution) -> str:
    """The rule that says how the constitution changes ("8.2" in the demo), or ""."""
    decision = constitution.amendment_decision()
    if decision is not None:
        return decision.majority.rule
    ballot = constitution.amendment_ballot
    return ballot.rule if ballot is not None else ""


def checked(organisation: Organisation, authority: Authority, *, text: str,
            constitution: Constitution) -> Authority:
    """The authority, looked up again and checked against the constitution in force;
    AuthorityRefused naming the rule when it does not empower this text to be adopted."""
    if authority.route == Route.FOUNDING:
        if organisation.constitution_versions.exists():
            raise AuthorityRefused(
                "The founders adopt the first version of the constitution only, when the "
                "organisation is set up. Every later version needs "
                f"{amending.routes_in_words(constitution)}.", rule=amending_rule(constitution))
        return authority
    fresh = resolve(organisation, authority.route, _reference(authority))
    if fresh.route == Route.DECISION:
        _check_decision(constitution, fresh)
    else:
        _check_ballot(constitution, fresh)
    earlier = (ConstitutionVersion.objects.filter(organisation=organisation,
                                                  authority_reference=fresh.reference)
               .values_list("number", flat=True).first())
    if earlier is not None:
        raise AuthorityRefused(
            f"{_cap(_what(fresh))} adopted version {earlier} of the constitution already; it "
            "cannot adopt another.", rule=fresh.rule)
    if fresh.facts.get("new_constitution_sha256") != sha256(text):
        raise AuthorityRefused(
            f"{_cap(_what(fresh))} did not adopt this text: a new version is adopted only in "
            "the words the body or the members voted on.", rule=fresh.rule)
    return fresh


def _reference(authority: Authority) -> str:
    route, _, number = authority.reference.partition(":")
    if route != str(authority.route) or not number:
        raise AuthorityRefused(f"{ACT} needs the number of the {authority.route} it rests on.")
    return number


def _what(authority: Authority) -> str:
    number = authority.reference.partition(":")[2]
    return f"{authority.route} {number}"


def _cap(words: str) -> str:
    return words[:1].upper() + words[1:]


def _check_decision(constitution: Constitution, authority: Authority) -> None:
    facts = authority.facts
    kind = constitution.amendment_decision()
    if kind is None:
        raise AuthorityRefused(
            "This constitution gives no body the power to amend it by a decision; it can be "
            f"changed by {amending.routes_in_words(constitution)}.",
            rule=amending_rule(constitution))
    rule = kind.majority.rule
    empowered = constitution.body(kind.body).name
    if facts.get("decision_key") != kind.key:
        raise AuthorityRefused(
            f"Rule {rule}: the constitution is changed only by a {kind.name.lower()} of the "
            f"{empowered}; decision {facts.get('decision')} is not one.", rule=rule)
    if facts.get("body") != kind.body:
        raise AuthorityRefused(
            f"Rule {rule}: only the {empowered} may change the constitution; decision "
            f"{facts.get('decision')} was made by the {facts.get('body_name')}.", rule=rule)
    if "for" not in facts:
        raise AuthorityRefused(
            f"Rule {rule}: a change to the constitution needs a recorded vote of the "
            f"{empowered}; decision {facts.get('decision')} was carried without one.", rule=rule)
    answer = _majority(kind.majority, facts)
    if not answer.ok:
        raise AuthorityRefused(f"Decision {facts.get('decision')} did not reach the majority "
                               f"the constitution requires: {answer.reason}", rule=rule)


def _majority(majority, facts: dict[str, Any]):
    weighted = facts.get("weighted")
    if weighted:
        # A card vote is decided by its weighted totals, as percentages of the whole vote.
        yes, no, neither = (Fraction(v) for v in weighted)
        return passed(majority, votes_for=yes, against=no, abstain=neither, eligible=100)
    yes, no, neither = facts["for"], facts["against"], facts["abstain"]
    eligible = max(int(facts.get("seats_filled") or 0), yes + no + neither)
    return passed(majority, votes_for=yes, against=no, abstain=neither, eligible=eligible)


def _check_ballot(constitution: Constitution, authority: Authority) -> None:
    facts = authority.facts
    route = constitution.amendment_ballot
    if route is None:
        raise AuthorityRefused(
            "This constitution provides no members' ballot to change it; it can be changed by "
            f"{amending.routes_in_words(constitution)}.", rule=amending_rule(constitution))
    if facts.get("carried") is not True:
        raise AuthorityRefused(f"Rule {route.rule}: {_what(authority)} was not carried.",
                               rule=route.rule)
    if facts.get("petition") not in route.petitions:
        names = ", ".join(_petition_name(constitution, key) for key in route.petitions)
        raise AuthorityRefused(
            f"Rule {route.rule}: a members' ballot changes the constitution only when it was "
            f"raised by a {names}; {_what(authority)} was not.", rule=route.rule)


def _petition_name(constitution: Constitution, key: str) -> str:
    try:
        return constitution.petition(key).name.lower()
    except KeyError:
        return key
