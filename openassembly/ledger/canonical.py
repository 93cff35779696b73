"""Canonical JSON: the one byte encoding that every ledger hash is computed over.

Anyone re-verifying the ledger, in any language, must be able to reproduce these bytes
exactly, so the encoding is deliberately narrow: objects with string keys, arrays, strings,
integers, booleans and null. Floats are refused because their text form differs between
languages and libraries; a value that needs fractions should be stored as an integer of
the smallest unit or as a decimal string.
"""

from __future__ import annotations

import json
from typing import Any

# One encoder, built once: json's C accelerator does the work when these options are set.
_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)
encode_trusted = _ENCODER.encode
"""Encode a value already known to hold only JSON types (e.g. fresh from ``json.loads``)."""


def canonical_json(obj: Any) -> bytes:
    """UTF-8 bytes of ``obj`` with sorted keys and no whitespace; refuses anything else.

    Raises ValueError naming the path of the first value that cannot be encoded, e.g.
    ``data.amounts[2]: floats are not allowed``.
    """
    if not _plain(obj):
        raise ValueError(_first_problem(obj, "$"))
    try:
        return encode_trusted(obj).encode("utf-8")
    except UnicodeEncodeError as exc:
        found = _first_problem(obj, "$") or f"$: cannot be encoded as UTF-8 ({exc.reason})"
        raise ValueError(found) from None


def _plain(obj: Any) -> bool:
    """True if ``obj`` holds only JSON types; fast, because it runs for every event hashed."""
    stack = [obj]
    pop, push = stack.pop, stack.append
    while stack:
        value = pop()
        kind = type(value)
        if kind is str or kind is int or value is None or kind is bool:
            continue
        if kind is dict:
            for key, item in value.items():
                if not isinstance(key, str):
                    return False
                push(item)
        elif kind is list:
            stack.extend(value)
        elif isinstance(value, (dict, list, str, int)):
            # Subclasses (str enums, OrderedDict) encode exactly like their base type.
            push(_base(value))
        else:
            return False
    return True


_EXACT = (dict, list, str, int, bool, float, type(None))


def _base(value: Any) -> Any:
    for base in (bool, int, str, dict, list):
        if isinstance(value, base):
            return base(value)
    raise AssertionError(value)  # pragma: no cover - callers pass only these types


def _first_problem(obj: Any, path: str) -> str | None:
    """Describe the first unencodable value under ``obj``; slow, but only runs on failure."""
    if type(obj) not in _EXACT and isinstance(obj, (dict, list, str, int)):
        obj = _base(obj)
    kind = type(obj)
    if kind is bool or obj is None or kind is int:
        return None
    if kind is str:
        if _utf8(obj):
            return None
        return f"{path}: string is not valid Unicode (it holds a lone surrogate)"
    if kind is float:
        if obj != obj or obj in (float("inf"), float("-inf")):
            return f"{path}: NaN and infinity are not allowed"
        return f"{path}: floats are not allowed (use an integer or a decimal string)"
    if kind is dict:
        for key, item in obj.items():
            if not isinstance(key, str):
                return f"{path}: key {key!r} ({type(key).__name__}) is not a string"
            if not _utf8(key):
                return f"{path}: key {key!r} is not valid Unicode (it holds a lone surrogate)"
            found = _first_problem(item, f"{path}.{key}")
            if found:
                return found
        return None
    if kind is list:
        for index, item in enumerate(obj):
            found = _first_problem(item, f"{path}[{index}]")
            if found:
                return found
        return None
    return f"{path}: {kind.__name__} is not allowed (only dict, list, str, int, bool, None)"


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
