"""Parsing the lines of an export file, with errors that name the line."""

from __future__ import annotations

import json
from typing import Any

from openassembly.ledger.chain import checkpoint_problem, event_problem

FORMAT = "openassembly-ledger"
FORMAT_VERSION = 1
_HEADER_KEYS = {"format", "version", "org"}


class ExportError(ValueError):
    """The file is not a well-formed ledger export; the message names the line."""


class _Refused(ValueError):
    pass


def _refuse_float(text: str) -> Any:
    raise _Refused(f"the number {text} is not allowed (the ledger holds integers only)")


def _refuse_constant(text: str) -> Any:
    raise _Refused(f"{text} is not allowed")


DECODER = json.JSONDecoder(parse_float=_refuse_float, parse_constant=_refuse_constant)


def parse_line(number: int, raw: bytes | str) -> Any:
    try:
        return DECODER.decode(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    except UnicodeDecodeError:
        raise ExportError(f"line {number}: not valid UTF-8") from None
    except _Refused as exc:
        raise ExportError(f"line {number}: {exc}") from None
    except json.JSONDecodeError as exc:
        message = f"line {number}: not valid JSON ({exc.msg}, column {exc.colno})"
        raise ExportError(message) from None
    except RecursionError:
        # json nests by recursion; no line the ledger writes is more than three deep.
        raise ExportError(f"line {number}: arrays or objects nested too deeply") from None


def parse_header(raw: bytes | str | None) -> str:
    """The organisation named by the header line; ExportError if it is not one."""
    if raw is None:
        raise ExportError("line 1: the file is empty; expected the openassembly-ledger header")
    header = parse_line(1, raw)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ExportError(f"line 1: not an openassembly ledger export (no {FORMAT!r} header)")
    if header.get("version") != FORMAT_VERSION:
        raise ExportError(
            f"line 1: export format version {header.get('version')!r} is not supported; "
            f"this program reads version {FORMAT_VERSION}"
        )
    if set(header) != _HEADER_KEYS or not isinstance(header["org"], str) or not header["org"]:
        raise ExportError("line 1: the header must hold exactly format, version and org (a string)")
    return header["org"]


def parse_record(number: int, raw: bytes | str) -> tuple[str, dict[str, Any]]:
    """(type, record without "type") of a checkpoint or event line, checked for shape."""
    record = parse_line(number, raw)
    if not isinstance(record, dict):
        raise ExportError(f"line {number}: expected a JSON object")
    kind = record.pop("type", None)
    if kind == "event":
        problem = event_problem(record, stored=True)
    elif kind == "checkpoint":
        problem = checkpoint_problem(record, stored=True)
    else:
        raise ExportError(f'line {number}: "type" must be "event" or "checkpoint"')
    if problem:
        raise ExportError(f"line {number}: {problem}")
    return kind, record
