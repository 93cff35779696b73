"""The seed of a sortition draw, made by commit and reveal from several parties' secrets.

Pure (no Django): a member checks a draw with this module and the values published on the
draw's page, nothing else. ``SEED_PROCEDURE`` is the text the page publishes; the functions
below are that text in code, and ``tests/test_seed.py`` pins them with a test vector.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

SEED_VERSION = "openassembly-commit-reveal-v1"

SEED_PROCEDURE = f"""\
The seed of the draw is made as follows (procedure {SEED_VERSION}).
1. Each party (the returning officer and the members the rules name) makes a secret value V on
   their own device: 32 random bytes written as 64 lower-case hex digits.
2. Before the pool closes each party publishes only its commitment C = SHA-256(V), the hash of
   the 64 characters of V as ASCII, written as 64 lower-case hex digits.
3. After the pool closes each party reveals V; it is accepted only if SHA-256(V) = C and it
   comes before the reveal deadline.
4. A party that has not revealed by the deadline is replaced by the fallback value
   "withheld:" followed by its commitment C (so the seed can still be made, from values all
   published before the pool closed).
5. The parties are ordered by C, smallest first. With P the SHA-256 of the pool list (as in
   openassembly-lot-v1), the seed is
   SHA-256( "{SEED_VERSION}" LF P LF C1 " " U1 LF C2 " " U2 LF ... ), over UTF-8 bytes, as 64
   lower-case hex digits, where Ui is party i's revealed V or its fallback value.
6. The draw is openassembly-lot-v1 on the pool list with that seed.
"""

_HEX64 = re.compile(r"[0-9a-f]{64}")


class SeedError(ValueError):
    """A value or commitment that the procedure cannot use."""


def new_value() -> str:
    """A party's secret value: 32 bytes from the operating system's secure generator."""
    return secrets.token_hex(32)


def commitment(value: str) -> str:
    """C = SHA-256(V) for a well-formed value V."""
    check_value(value)
    return hashlib.sha256(value.encode("ascii")).hexdigest()


def check_value(value: str) -> None:
    if not _HEX64.fullmatch(value):
        raise SeedError("a secret value is 64 lower-case hex digits (32 random bytes)")


def check_commitment(text: str) -> None:
    if not _HEX64.fullmatch(text):
        raise SeedError("a commitment is a SHA-256 hash: 64 lower-case hex digits")


def matches(value: str, committed: str) -> bool:
    """Whether ``value`` is the value ``committed`` was made from."""
    try:
        return secrets.compare_digest(commitment(value), committed)
    except SeedError:
        return False


def fallback(committed: str) -> str:
    """What stands for a party that did not reveal: fixed by its commitment, so nobody can
    choose it after seeing the other values (see docs/sortition.md, "A party who does not
    reveal")."""
    return f"withheld:{committed}"


@dataclass(frozen=True)
class Party:
    """One party as published: its commitment, and its value once revealed (else None)."""

    commitment: str
    value: str | None = None

    @property
    def used(self) -> str:
        return self.value if self.value is not None else fallback(self.commitment)


def derive_seed(pool_sha256: str, parties: Iterable[Party]) -> str:
    """The seed of a draw from the pool list's hash and every party's published values.

    Refuses a revealed value that does not match its commitment and a party listed twice, so
    that a checker who is given wrong values is told, not handed a different draw."""
    check_commitment(pool_sha256)
    ordered = sorted(parties, key=lambda p: p.commitment)
    if not ordered:
        raise SeedError("a seed needs at least one party")
    seen: set[str] = set()
    lines = [SEED_VERSION, pool_sha256]
    for party in ordered:
        check_commitment(party.commitment)
        if party.commitment in seen:
            raise SeedError(f"commitment {party.commitment} is listed twice")
        seen.add(party.commitment)
        if party.value is not None and not matches(party.value, party.commitment):
            raise SeedError(f"the value given for commitment {party.commitment} does not "
                            "match it")
        lines.append(f"{party.commitment} {party.used}")
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def main(argv: list[str]) -> int:
    """``openassembly sortition-secret``: make a party's value on this machine.

    The value stays with the person (it is revealed only after the pool closes); the
    commitment is what they give the draw's page before the pool closes."""
    if len(argv) > 1:
        print("usage: openassembly sortition-secret\n\nPrints a new secret value and its "
              "commitment; takes no arguments.")
        return 2
    value = new_value()
    print(f"value:      {value}")
    print(f"commitment: {commitment(value)}")
    print("\nGive the commitment to the draw's page before the pool closes. Keep the value "
          "private and safe; reveal it on the draw's page after the pool closes.")
    return 0
