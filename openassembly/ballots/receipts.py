"""Receipt codes: random, easy to read aloud, with a check letter that catches typing slips.

A code is 15 random characters from Crockford's base-32 alphabet (75 bits, so guessing one is
hopeless) plus one check character. People see it in groups of four: ``7KQ2-M9XD-4TRB-H1WE``.

The check character is Luhn's mod-N algorithm over the 32-symbol alphabet, so every slip in
one character is caught, and every swap of two neighbouring characters except 0 and Z.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BODY = 15
LENGTH = BODY + 1
# Letters people confuse with digits are read as the digit, as Crockford's scheme does.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


class ReceiptError(ValueError):
    pass


def _check(body: str) -> str:
    base = len(ALPHABET)
    total = 0
    # Luhn mod N: from the right, every second symbol's value is doubled and its base-N digits
    # added, so a changed symbol always changes the sum modulo N.
    for position, ch in enumerate(reversed(body)):
        value = ALPHABET.index(ch)
        if position % 2 == 0:
            value *= 2
            value = value // base + value % base
        total += value
    return ALPHABET[(base - total % base) % base]


def new_receipt() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY))
    return body + _check(body)


def normalise(text: str) -> str:
    """The canonical form of a typed code, or ReceiptError saying what is wrong with it."""
    code = "".join(ch for ch in text.upper() if ch not in " -\t").translate(_READ_AS)
    if not code:
        raise ReceiptError("Type the receipt code you were given when you voted.")
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        raise ReceiptError(
            f"A receipt code has only digits and the letters A-Z except I, L, O and U; "
            f"'{''.join(bad)}' cannot be part of one."
        )
    if len(code) != LENGTH:
        raise ReceiptError(f"A receipt code has {LENGTH} characters; this one has {len(code)}.")
    if _check(code[:BODY]) != code[BODY]:
        raise ReceiptError(
            "This is not a receipt code this system issued: its last character does not match "
            "the others. Check it for typing mistakes."
        )
    return code


def display(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
