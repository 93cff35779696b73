"""The field types and the base every table of the constitution is written in.

Shared by ``model.py`` and the modules that add tables of their own (``standing.py``), so a
table kept in its own module checks keys and rule numbers exactly as the rest of the file does.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from openassembly.rules.bounds import MAX_NAME, MAX_TEXT

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Rule numbers are written by people ("6.2", "12", "4.3a", "A.1"); spaces would make them
# ambiguous in prose such as "Rule 6.2 requires", so they are not allowed.
_RULE_NUMBER = re.compile(r"[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*")


def _slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a valid key: use lower-case letters, digits and single hyphens,"
            " e.g. 'local-group'"
        )
    return value


def _rule_number(value: str) -> str:
    if not _RULE_NUMBER.fullmatch(value):
        raise ValueError(f"{value!r} is not a rule number such as '6.2'")
    return value


Slug = Annotated[str, StringConstraints(max_length=MAX_NAME), AfterValidator(_slug)]
RuleNumber = Annotated[str, StringConstraints(max_length=MAX_NAME), AfterValidator(_rule_number)]


class Table(BaseModel):
    # strict: a constitution saying notice_days = "7" is probably a mistake worth naming.
    # str_max_length: no text anywhere longer than a rule may be, whatever its field says.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, str_max_length=MAX_TEXT)
