"""One state machine for every status field: each app declares its tables, `move` checks them.

Each app declares, in its own ``states.py`` imported from its ``AppConfig.ready()``, which
status a model's rows start in and which may follow which. Services change a status only
through `move` (one row, read under the lock the service already holds) or `move_where` (a
set of rows, as one conditional UPDATE), so a change the table does not list is refused in
one place, with one kind of sentence, and the tables are the documentation of the life of
each thing. This module imports no other app: the apps register with it, not the reverse.

A table can be kept per kind of row (a poll's stages depend on whether it is an election or a
members' ballot): the table then names the field that chooses it and the value it is for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from .errors import Conflict

FIELD = "status"

# A hook an app may give a table, to explain a refusal better than the two states can (a
# cancelled poll says when, by whom and why). It returns a sentence, or "" for the default.
Explain = Callable[[models.Model, str], str]


@dataclass(frozen=True)
class Table:
    """The states one model (or one kind of it) starts in, and which may follow which."""

    model: type[models.Model]
    initial: frozenset[str]
    moves: Mapping[str, frozenset[str]]
    # For a table kept per kind of row: the field that chooses the table, and its value.
    kind: tuple[str, str] | None = None
    explain: Explain | None = field(default=None, compare=False)

    @property
    def states(self) -> frozenset[str]:
        return frozenset(self.moves)

    def allows(self, from_: str, to: str) -> bool:
        return to in self.moves.get(from_, frozenset())

    def reachable(self) -> frozenset[str]:
        """Every state some chain of allowed moves leads to from an initial state."""
        seen, todo = set(self.initial), list(self.initial)
        while todo:
            for nxt in self.moves.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return frozenset(seen)

    @property
    def noun(self) -> str:
        """What the refusal calls the thing: the kind's label, else the model's own name."""
        if self.kind is not None:
            name, value = self.kind
            choices = dict(self.model._meta.get_field(name).choices or ())
            return str(choices.get(value, value))
        return str(self.model._meta.verbose_name)


_tables: dict[type[models.Model], dict[str | None, Table]] = {}


def declare(
    model: type[models.Model],
    moves: Mapping[str, Iterable[str]],
    *,
    initial: Iterable[str],
    kind: tuple[str, str] | None = None,
    explain: Explain | None = None,
) -> Table:
    """Register ``model``'s table: ``moves`` maps every state to the states that may follow.

    Every state the model can be in is a key (a final state maps to nothing). A mistake in a
    table is found here, when Django starts, not when someone first tries the move.
    """
    values = {str(v) for v, _ in model._meta.get_field(FIELD).choices or ()}
    table = Table(
        model=model,
        initial=frozenset(initial),
        moves={str(k): frozenset(str(v) for v in vs) for k, vs in moves.items()},
        kind=kind,
        explain=explain,
    )
    name = f"{model._meta.label}" + (f" ({kind[0]} {kind[1]})" if kind else "")
    unknown = (table.states | table.initial | {t for vs in table.moves.values() for t in vs})
    unknown -= values
    if unknown:
        raise ImproperlyConfigured(f"{name}: {sorted(unknown)} are not {FIELD} values")
    undeclared = {t for vs in table.moves.values() for t in vs} | table.initial
    undeclared -= table.states
    if undeclared:
        raise ImproperlyConfigured(f"{name}: {sorted(undeclared)} have no row of their own")
    if not table.initial:
        raise ImproperlyConfigured(f"{name}: no initial state")
    by_kind = _tables.setdefault(model, {})
    key = kind[1] if kind else None
    if key in by_kind and by_kind[key] != table:
        raise ImproperlyConfigured(f"{name}: declared twice, differently")
    if any((t.kind and t.kind[0]) != (kind and kind[0]) for t in by_kind.values()):
        raise ImproperlyConfigured(f"{name}: the tables of one model are chosen by one field")
    by_kind[key] = table
    return table


def tables() -> Iterator[Table]:
    """Every declared table, for the tests and the documentation."""
    for by_kind in _tables.values():
        yield from by_kind.values()


def declared(model: type[models.Model]) -> bool:
    return model in _tables


def table_for(model: type[models.Model], kind: str | None = None) -> Table:
    by_kind = _tables.get(model)
    if not by_kind:
        raise ImproperlyConfigured(f"{model._meta.label} has no transition table")
    if None in by_kind:
        return by_kind[None]
    if kind not in by_kind:
        raise ImproperlyConfigured(f"{model._meta.label} has no transition table for {kind!r}")
    return by_kind[kind]


def _table_of(obj: models.Model) -> Table:
    model = type(obj)
    by_kind = _tables.get(model, {})
    chooser = next((t.kind[0] for t in by_kind.values() if t.kind), None)
    return table_for(model, getattr(obj, chooser) if chooser else None)


def _label(table: Table, value: str) -> str:
    return str(dict(table.model._meta.get_field(FIELD).choices).get(value, value))


def _refusal(table: Table, from_: str, to: str) -> Conflict:
    return Conflict(f"This {table.noun} is {_label(table, from_)}; it cannot become "
                    f"{_label(table, to)}.")


def move(obj: models.Model, to: str) -> None:
    """Set ``obj.status`` to ``to`` if its table allows the move from where it is now.

    The caller saves, and must have read ``obj`` under the row lock it holds for the change
    (``select_for_update``): that lock is what makes the check and the write one step when
    two people act on the same row at once. A refused move changes nothing.
    """
    table = _table_of(obj)
    current = getattr(obj, FIELD)
    if not table.allows(current, to):
        sentence = table.explain(obj, to) if table.explain else ""
        raise Conflict(sentence) if sentence else _refusal(table, current, to)
    setattr(obj, FIELD, to)


def check_move(model: type[models.Model], from_: str, to: str, *,
               kind: str | None = None) -> None:
    """Refuse a move the table does not allow, for code that changes many rows at once."""
    table = table_for(model, kind)
    if not table.allows(from_, to):
        raise _refusal(table, from_, to)


def move_where(queryset: models.QuerySet, *, from_: str | Iterable[str], to: str,
               kind: str | None = None, **fields: object) -> int:
    """Move every row of ``queryset`` that is in ``from_`` to ``to``, in one UPDATE.

    Each move from ``from_`` must be in the table; rows in any other state are left as they
    are (the condition is in the statement, so a row another transaction moved meanwhile is
    not moved again). Returns how many rows moved. ``fields`` are written beside the status.
    """
    froms = [from_] if isinstance(from_, str) else list(from_)
    for start in froms:
        check_move(queryset.model, start, to, kind=kind)
    table = table_for(queryset.model, kind)
    if table.kind is not None:
        queryset = queryset.filter(**{table.kind[0]: table.kind[1]})
    return queryset.filter(**{f"{FIELD}__in": froms}).update(**{FIELD: to}, **fields)


def initial(model: type[models.Model], value: str, *, kind: str | None = None) -> str:
    """``value`` if a new row may start in it, for code creating rows from data it was given."""
    table = table_for(model, kind)
    if value not in table.initial:
        raise Conflict(f"A new {table.noun} cannot start as {_label(table, value)}.")
    return value


def describe() -> str:
    """Every table as Markdown, for docs/states.md (``manage.py states_doc`` writes it)."""
    lines = [
        "# States",
        "",
        "Generated from the transition tables by `manage.py states_doc`; a test fails when this",
        "page and the tables differ. Each app declares its tables in its own `states.py`, and",
        "`openassembly.core.states.move` refuses any change of status a table does not list.",
    ]
    ordered = sorted(tables(), key=lambda t: (t.model._meta.label, t.kind or ("", "")))
    for table in ordered:
        choices = list(table.model._meta.get_field(FIELD).choices)
        order = [value for value, _ in choices]
        title = f"{table.model._meta.label}" + (f", {table.kind[0]} {table.kind[1]}"
                                                 if table.kind else "")
        starts = ", ".join(f"`{v}`" for v in order if v in table.initial)
        lines += ["", f"## {title}", "", f"A new {table.noun} starts as {starts}.", "",
                  "| state | meaning | may become |", "| --- | --- | --- |"]
        for value, label in choices:
            if value not in table.moves:
                continue
            nexts = ", ".join(f"`{v}`" for v in order if v in table.moves[value]) or "(final)"
            lines.append(f"| `{value}` | {label} | {nexts} |")
    return "\n".join(lines) + "\n"
