"""The catalogue of ledger event kinds: what each kind of event means and what it carries.

The ledger is public and outlives the code that wrote it, so every kind of event is declared
once, here or in the `events.py` of the app that owns it: its name, a one-line meaning, its
fields (each with its own meaning, and whether it is a salted commitment rather than plain
data), an example, and how to say one such event as a sentence. Apps register their kinds
from their `AppConfig.ready()`; core never imports them.

`append_event` checks every append against the catalogue and refuses, loudly, a kind nobody
declared or data whose keys are not the declared fields: an event nobody can read later is a
bug, not a record. The catalogue never touches how events are stored or hashed, so events
written before a kind was declared (or before a field was added) still verify; the pages show
them with a plain fallback where a sentence cannot be made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Organisation

# Salted commitments, as openassembly.ledger.commitments writes them.
COMMITMENT_PREFIX = "c1:"


class EventCatalogueError(Exception):
    """An append the catalogue does not allow. A programming error, never a person's mistake,
    so it is deliberately not a ServiceError: no view turns it into a polite refusal."""


class UnknownEventKind(EventCatalogueError):
    pass


class EventFieldsMismatch(EventCatalogueError):
    pass


@dataclass(frozen=True)
class Field:
    """One key of an event's data."""

    meaning: str
    optional: bool = False
    commitment: bool = False
    # A kind of thing whose name a page may look up from this value ("meeting", "body"):
    # the ledger stores ids, people read names. Never set on a commitment.
    names: str = ""


def data(meaning: str, *, optional: bool = False, names: str = "") -> Field:
    """A plain, public field."""
    return Field(meaning=meaning, optional=optional, names=names)


def committed(meaning: str, *, optional: bool = False) -> Field:
    """A salted commitment to private data: public, but never turned back into the data."""
    return Field(meaning=meaning, optional=optional, commitment=True)


AUTHORITY_KEY = "authority"


@dataclass(frozen=True)
class EventKind:
    kind: str
    label: str  # a short name for the kind, as a person would say it: "Meeting called"
    meaning: str  # one line: what happened when this event was written
    fields: Mapping[str, Field]
    # One event as a sentence, from an event_text.Reading (which imports this module).
    sentence: Callable[[Any], str]
    example: Mapping[str, Any]  # realistic data, for the docs and the tests
    owner: str = field(default="", compare=False)  # the app that declares it, set on register

    def problems(self, payload: Mapping[str, Any]) -> list[str]:
        """Why `payload` is not data of this kind; empty when it is."""
        keys = set(payload)
        required = {k for k, f in self.fields.items() if not f.optional}
        found = []
        if missing := sorted(required - keys):
            found.append(f"missing {', '.join(missing)}")
        # Every kind may say what authority the act rested on (core/authority.py).
        if unknown := sorted(keys - set(self.fields) - {AUTHORITY_KEY}):
            found.append(f"undeclared {', '.join(unknown)}")
        for key, spec in self.fields.items():
            value = payload.get(key)
            if spec.commitment and key in payload and value is not None and not (
                isinstance(value, str) and value.startswith(COMMITMENT_PREFIX)
            ):
                # The one check on values: plain personal data in a commitment's place would
                # be published for ever.
                found.append(f"{key} must be a salted commitment")
        return found


Namer = Callable[["Organisation", set], Mapping[Any, str]]


@dataclass(frozen=True)
class _NameSource:
    lookup: Namer  # one query for every value of one kind of thing on a page
    fallback: Callable[[Any], str]  # what to say when the thing is gone, or the page has none
    example: str  # a name, for the generated docs and the sentence tests


_KINDS: dict[str, EventKind] = {}
_NAMES: dict[str, _NameSource] = {}


def register(owner: str, *kinds: EventKind) -> None:
    """Declare an app's event kinds. Registering the same declaration again is harmless (a
    ready() that runs twice); two declarations of one kind are an error."""
    for spec in kinds:
        declared = _KINDS.get(spec.kind)
        if declared is not None and (declared != spec or declared.owner != owner):
            raise EventCatalogueError(
                f"event kind {spec.kind!r} is declared by {declared.owner} and again by {owner}"
            )
        for key, spec_field in spec.fields.items():
            if spec_field.commitment and spec_field.names:
                raise EventCatalogueError(
                    f"{spec.kind}.{key}: a commitment is never looked up as a name"
                )
        if problems := spec.problems(spec.example):
            raise EventCatalogueError(f"{spec.kind}: example does not match its fields: "
                                      + "; ".join(problems))
        object.__setattr__(spec, "owner", owner)
        _KINDS[spec.kind] = spec


def register_names(thing: str, lookup: Namer, *, fallback: Callable[[Any], str],
                   example: str) -> None:
    """Say how a page finds the names of one kind of thing ("meeting") from event data."""
    _NAMES[thing] = _NameSource(lookup=lookup, fallback=fallback, example=example)


def name_source(thing: str) -> _NameSource | None:
    return _NAMES.get(thing)


def example_names() -> dict[str, str]:
    """One invented name for each kind of thing, as the docs and tests show them."""
    return {thing: source.example for thing, source in _NAMES.items()}


def get(kind: str) -> EventKind | None:
    return _KINDS.get(kind)


def kinds() -> list[EventKind]:
    return sorted(_KINDS.values(), key=lambda k: (k.owner, k.kind))


def check(kind: str, payload: Mapping[str, Any]) -> EventKind:
    """The declared kind, or an exception saying why this append is not allowed."""
    spec = _KINDS.get(kind)
    if spec is None:
        raise UnknownEventKind(
            f"no event kind {kind!r} in the catalogue: declare it in the owning app's events.py"
        )
    if problems := spec.problems(payload):
        raise EventFieldsMismatch(f"{kind}: " + "; ".join(problems))
    return spec


def names_wanted(events: Iterable[tuple[str, Mapping[str, Any]]]) -> dict[str, set]:
    """For (kind, data) pairs, the values of every field that names something, by thing."""
    wanted: dict[str, set] = {}
    for kind, payload in events:
        spec = _KINDS.get(kind)
        if spec is None or not isinstance(payload, Mapping):
            continue
        for key, spec_field in spec.fields.items():
            value = payload.get(key)
            if spec_field.names and isinstance(value, int | str) and not isinstance(value, bool):
                wanted.setdefault(spec_field.names, set()).add(value)
    return wanted


# Core's own kinds: founding an organisation and changing its constitution.
CORE_KINDS = (
    EventKind(
        kind="organisation.founded",
        label="Organisation founded",
        meaning="The organisation was set up on this install, with its first constitution.",
        fields={
            "name": data("the organisation's name"),
            "slug": data("its short name in addresses and exports"),
            "constitution_sha256": data("SHA-256 of the founding constitution's TOML text"),
        },
        sentence=lambda e: f"{e.who} founded {e['name']} with its first constitution",
        example={"name": "Commonweal Alliance", "slug": "demo-alliance",
                 "constitution_sha256": "9f2c…"},
    ),
    EventKind(
        kind="constitution.adopted",
        label="Constitution amended",
        meaning="A new version of the constitution was adopted; it takes effect at effective_at.",
        fields={
            "version": data("the new version's number"),
            "sha256": data("SHA-256 of the new version's TOML text"),
            "note": data("what the amendment does, as the adopters put it"),
            "effective_at": data("when it takes effect (ISO 8601)"),
            "effective_rule": data("the rule that sets when an amendment takes effect"),
        },
        sentence=lambda e: (
            f"{e.who} adopted version {e['version']} of the constitution, in force from "
            f"{e.when(e['effective_at'])}" + (f": {e['note']}" if e.has("note") else "")
        ),
        example={"version": 2, "sha256": "51ab…", "note": "Two more regions",
                 "effective_at": "2026-12-16T19:00:00+00:00", "effective_rule": "12.3"},
    ),
    EventKind(
        kind="constitution.in_force",
        label="Constitution in force",
        meaning="An adopted version of the constitution came into force and was applied.",
        fields={
            "version": data("the version now in force"),
            "sha256": data("SHA-256 of its TOML text"),
            "rule": data("the rule under which it took effect"),
        },
        sentence=lambda e: f"Version {e['version']} of the constitution came into force",
        example={"version": 2, "sha256": "51ab…", "rule": "12.3"},
    ),
    EventKind(
        kind="power.refused",
        label="Act of power refused",
        meaning="Someone tried an act of power without the authority the constitution requires, "
                "and was refused; nothing changed.",
        fields={
            "act": data("the act that was tried, in words"),
            "power": data("the constitution power it needs, when one is named"),
            "rule": data("the rule that refused it, when one is named"),
            "reason": data("the refusal as the person saw it"),
        },
        sentence=lambda e: f"{e.who} was refused: {e['act']} ({e['reason'].rstrip('.')})",
        example={"act": "seat member", "power": "manage_seats", "rule": "4.2",
                 "reason": "Rule 4.2: seating a member in an elected seat needs the declared "
                           "result of an election."},
    ),
)
