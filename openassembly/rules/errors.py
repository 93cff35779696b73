"""What goes wrong when a constitution is read: a list of problems, each naming its line and key."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a constitution file.

    ``key`` is a dotted path such as ``bodies[1].seats[0].count`` (empty for a TOML syntax
    error); ``line`` is 1-based, or None when the line could not be found.
    """

    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.key:
            where.append(self.key)
        if not where:
            return self.message
        return f"{', '.join(where)}: {self.message}"


class ConstitutionError(Exception):
    """The constitution cannot be used; ``problems`` lists every reason found.

    Deliberately not a ValueError: pydantic would swallow a ValueError raised from a model
    validator and flatten the list of problems into one message.
    """

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("ConstitutionError needs at least one problem")
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
