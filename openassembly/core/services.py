"""Writers for organisations and their constitutions."""

from __future__ import annotations

import hashlib

from django.db import transaction

from openassembly.core import clock
from openassembly.core.actors import Actor
from openassembly.core.authority import Authority
from openassembly.core.errors import Conflict, InvalidInput
from openassembly.core.hooks import constitution_applies
from openassembly.core.ledger import append_event
from openassembly.core.models import ConstitutionVersion, Organisation
from openassembly.rules.loader import ConstitutionError, load_constitution
from openassembly.rules.questions import takes_effect


def _checked(text: str):
    try:
        return load_constitution(text)
    except ConstitutionError as error:
        raise InvalidInput(f"The constitution is not valid:\n{error}") from error


def create_organisation(actor: Actor, *, constitution_text: str) -> Organisation:
    """Found an organisation from its constitution (an operator's act, done from the CLI);
    ``actor`` is who adopted it, usually the system named for the founders."""
    constitution = _checked(constitution_text)
    slug = constitution.organisation.slug
    with transaction.atomic():
        if Organisation.objects.filter(slug=slug).exists():
            raise Conflict(f"An organisation with the slug '{slug}' exists already.")
        organisation = Organisation.objects.create(
            slug=slug,
            name=constitution.organisation.name,
            description=constitution.organisation.description,
            created_at=clock.now(),
        )
        version = _record_version(organisation, constitution_text, adopted_by=actor.name, note="")
        constitution_applies(organisation)
        append_event(
            organisation,
            kind="organisation.founded",
            actor=actor.name,
            data={"name": organisation.name, "slug": slug, "constitution_sha256": version.sha256},
        )
    return organisation


def _record_version(
    organisation: Organisation, text: str, *, adopted_by: str, note: str
) -> ConstitutionVersion:
    last = organisation.constitution_versions.order_by("-number").first()
    now = clock.now()
    # The founding text takes effect when the organisation is founded; every later one when
    # the constitution in force says.
    effect = takes_effect(organisation.constitution.amendments if last else None,
                          adopted_at=now)
    version = ConstitutionVersion.objects.create(
        organisation=organisation,
        number=(last.number + 1) if last else 1,
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        adopted_at=now,
        adopted_by=adopted_by,
        note=note,
        effective_at=effect.at,
        effective_rule=effect.rule,
        effective_reason=effect.reason if last else "",
        applied_at=now if effect.immediate else None,
    )
    organisation.__dict__.pop("_constitution_cache", None)
    return version


def _put_in_force(organisation: Organisation, version: ConstitutionVersion) -> None:
    """Bring the organisation's name, bodies and seats into line with the version in force."""
    organisation.__dict__.pop("_constitution_cache", None)
    constitution = organisation.constitution
    if organisation.name != constitution.organisation.name:
        organisation.name = constitution.organisation.name
        organisation.save(update_fields=["name"])
    constitution_applies(organisation)


def bring_constitution_into_force(organisation: Organisation) -> ConstitutionVersion | None:
    """Once a version adopted to take effect later is in force, apply it; None if nothing was due.

    Run by the task runner (and before any new version is adopted): until its date the version
    it replaces answers every question, and bodies and seats stay as they were.
    """
    with transaction.atomic():
        # One applier at a time per organisation, so the version is applied exactly once.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).get()
        version = organisation.current_constitution_version()
        if version.applied_at is not None:
            return None
        _put_in_force(organisation, version)
        version.applied_at = clock.now()
        version.save(update_fields=["applied_at"])
        append_event(
            organisation,
            kind="constitution.in_force",
            actor=None,
            data={"version": version.number, "sha256": version.sha256,
                  "rule": version.effective_rule},
        )
    return version


def bring_constitutions_into_force() -> int:
    """For every organisation with a version whose date has come; returns how many applied."""
    due = (ConstitutionVersion.objects.filter(applied_at__isnull=True,
                                              effective_at__lte=clock.now())
           .values_list("organisation_id", flat=True).distinct())
    return sum(
        bring_constitution_into_force(organisation) is not None
        for organisation in Organisation.objects.filter(pk__in=list(due))
    )


def refuse_while_pending(organisation: Organisation) -> None:
    """A second change cannot be adopted on top of one that has not yet taken effect.

    Each new text is written against the version before it; allowing two to wait at once would
    let the later one silently undo the earlier when both came into force.
    """
    pending = organisation.pending_constitution_version()
    if pending is not None:
        raise Conflict(
            f"Version {pending.number} of the constitution was adopted on "
            f"{pending.adopted_at:%d %B %Y} and takes effect on "
            f"{pending.effective_at:%d %B %Y %H:%M} (rule {pending.effective_rule}). A further "
            "change can be adopted once it is in force."
        )


def adopt_constitution_version(
    actor: Actor, *, organisation: Organisation, text: str, note: str,
    authority: Authority | None = None,
) -> ConstitutionVersion:
    """Store the next version; it takes effect when the constitution in force says.

    Callers are the paths the constitution allows (a confirmed two-person action, a carried
    amendment motion); this function checks only the text and the timing.
    """
    constitution = _checked(text)
    if constitution.organisation.slug != organisation.slug:
        raise InvalidInput(
            f"organisation.slug is '{constitution.organisation.slug}' but this organisation is "
            f"'{organisation.slug}'; a constitution cannot move an organisation."
        )
    with transaction.atomic():
        # Adoptions take turns, so two cannot both find nothing pending.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).get()
        refuse_while_pending(organisation)
        bring_constitution_into_force(organisation)
        current = organisation.current_constitution_version()
        if current.text == text:
            raise InvalidInput("That text is the constitution already in force.")
        version = _record_version(organisation, text, adopted_by=actor.name, note=note)
        if version.applied_at is not None:
            _put_in_force(organisation, version)
        append_event(
            organisation,
            kind="constitution.adopted",
            actor=actor.name,
            data={"version": version.number, "sha256": version.sha256, "note": note,
                  "effective_at": version.effective_at.isoformat(),
                  "effective_rule": version.effective_rule},
            # What adopted it (a carried members' ballot, ...), on the public record.
            authority=authority,
        )
    return version
