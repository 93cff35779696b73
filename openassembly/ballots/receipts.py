"""Receipt codes: random, easy to read aloud, with a check letter that catches typing slips.

A code is 15 random characters from Crockford's base-32 alphabet (75 bits, so guessing one is
hopeless) plus one check character. People see it in groups of four: ``7KQ2-M9XD-4TRB-H1WE``.

The check character is Luhn's mod-N algorithm over the 32-symbol alphabet, so every slip in
one character is caught, and every swap of two neighbouring characters except 0 and Z.

Recovering a lost receipt. The voter's browser chooses a secret of 15 symbols and sends it with
the ballot; the server draws a pad of 15 symbols and keeps it on the voter's mark on the
register, and the receipt's body is the two added symbol by symbol, modulo 32 (a one-time
pad). The secret is not stored. A voter whose response was lost asks for their pad (their own,
signed in) and their browser adds the secret it kept: the receipt comes back, and the server
has learnt nothing it did not know. After the close the database holds pads beside voters and
receipts beside ballots, and without the secrets every pairing of the two fits equally well.
Nor can a secret someone dictates buy a vote: the receipt is as random as the server's pad,
and a voter can show any pad they like (pad = receipt - secret for any receipt they choose).
openassembly/static/openassembly/ballot.js does the browser's half.
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


def _random_symbols() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(BODY))


def new_receipt() -> str:
    body = _random_symbols()
    return body + _check(body)


def new_pad() -> str:
    """The server's half of a receipt: 15 random symbols, kept with the voter's mark."""
    return _random_symbols()


def new_secret() -> str:
    """A secret for a voter whose browser sent none (no JavaScript): the receipt is then as
    random as ever, and cannot be recovered, since the secret is not kept."""
    return _random_symbols()


def check_secret(text: str) -> str:
    """The browser's secret as sent, or ReceiptError: 15 symbols of the receipt alphabet."""
    if len(text) != BODY or any(ch not in ALPHABET for ch in text):
        raise ReceiptError(
            f"The receipt secret your browser sent is not {BODY} characters of the receipt "
            "alphabet; reload the ballot paper and vote again."
        )
    return text


def receipt_from(secret: str, pad: str) -> str:
    """The receipt for a secret and a pad: their symbols added modulo 32, then the check."""
    base = len(ALPHABET)
    body = "".join(ALPHABET[(ALPHABET.index(s) + ALPHABET.index(p)) % base]
                   for s, p in zip(check_secret(secret), check_secret(pad), strict=True))
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
