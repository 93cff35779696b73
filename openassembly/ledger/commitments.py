"""Salted commitments: how a public ledger refers to private data without containing it.

An event about a member's email records ``commit(email, salt)`` instead of the email. The
salt (32 random bytes) is kept privately next to the data. Anyone holding both can show
that the event was about exactly that value; without the salt, the commitment reveals
nothing, not even to someone guessing likely emails. Erasing the data and its salt on
request leaves the commitment in place, so every hash in the chain still verifies.
"""

from __future__ import annotations

import hmac
import secrets
from hashlib import sha256
from typing import Any

from openassembly.ledger.canonical import canonical_json

PREFIX = "c1:"
SALT_BYTES = 32


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def _salt(salt: bytes | bytearray | memoryview) -> bytes:
    # Database drivers hand binary columns back as memoryview; accept any bytes-like value.
    if not isinstance(salt, (bytes, bytearray, memoryview)):
        raise TypeError(f"salt must be bytes, not {type(salt).__name__}")
    raw = bytes(salt)
    # A fixed length keeps salt || value unambiguous, and a short salt could be guessed.
    if len(raw) != SALT_BYTES:
        raise ValueError(
            f"salt must be exactly {SALT_BYTES} bytes (use new_salt()), not {len(raw)}"
        )
    return raw


def commit(value: Any, salt: bytes | bytearray | memoryview) -> str:
    """'c1:' + SHA-256 hex of (salt || canonical JSON of value)."""
    return PREFIX + sha256(_salt(salt) + canonical_json(value)).hexdigest()


def verify_commitment(value: Any, salt: bytes | bytearray | memoryview, commitment: str) -> bool:
    """True if ``commitment`` was made to ``value`` with ``salt``."""
    if not isinstance(commitment, str) or not commitment.startswith(PREFIX):
        return False
    try:
        expected = commit(value, salt)
    except ValueError:
        return False
    return hmac.compare_digest(expected, commitment)
