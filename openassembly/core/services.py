"""Writers for organisations and their constitutions."""

from __future__ import annotations

import hashlib

from django.db import transaction

from openassembly.core import clock
from openassembly.core.errors import Conflict, InvalidInput
from openassembly.core.ledger import append_event
from openassembly.core.models import ConstitutionVersion, Organisation
from openassembly.rules.loader import ConstitutionError, load_constitution


def _checked(text: str):
    try:
        return load_constitution(text)
    except ConstitutionError as error:
        raise InvalidInput(f"The constitution is not valid:\n{error}") from error


def create_organisation(*, constitution_text: str, adopted_by: str) -> Organisation:
    """Found an organisation from its constitution (an operator's act, done from the CLI)."""
    constitution = _checked(constitution_text)
    slug = constitution.organisation.slug
    from openassembly.bodies.services import apply_constitution

    with transaction.atomic():
        if Organisation.objects.filter(slug=slug).exists():
            raise Conflict(f"An organisation with the slug '{slug}' exists already.")
        organisation = Organisation.objects.create(
            slug=slug,
            name=constitution.organisation.name,
            description=constitution.organisation.description,
            created_at=clock.now(),
        )
        version = _record_version(organisation, constitution_text, adopted_by=adopted_by, note="")
        apply_constitution(organisation)
        append_event(
            organisation,
            kind="organisation.founded",
            actor=adopted_by,
            data={"name": organisation.name, "slug": slug, "constitution_sha256": version.sha256},
        )
    return organisation


def _record_version(
    organisation: Organisation, text: str, *, adopted_by: str, note: str
) -> ConstitutionVersion:
    last = organisation.constitution_versions.order_by("-number").first()
    version = ConstitutionVersion.objects.create(
        organisation=organisation,
        number=(last.number + 1) if last else 1,
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        adopted_at=clock.now(),
        adopted_by=adopted_by,
        note=note,
    )
    organisation.__dict__.pop("_constitution_cache", None)
    return version


def adopt_constitution_version(
    *, organisation: Organisation, text: str, adopted_by: str, note: str
) -> ConstitutionVersion:
    """Store the next version and bring bodies and seats into line with it.

    Callers are the paths the constitution allows (a confirmed two-person action now, a
    carried amendment motion once meetings exist); this function checks only the text.
    """
    constitution = _checked(text)
    if constitution.organisation.slug != organisation.slug:
        raise InvalidInput(
            f"organisation.slug is '{constitution.organisation.slug}' but this organisation is "
            f"'{organisation.slug}'; a constitution cannot move an organisation."
        )
    from openassembly.bodies.services import apply_constitution

    with transaction.atomic():
        current = organisation.current_constitution_version()
        if current.text == text:
            raise InvalidInput("That text is the constitution already in force.")
        version = _record_version(organisation, text, adopted_by=adopted_by, note=note)
        if organisation.name != constitution.organisation.name:
            organisation.name = constitution.organisation.name
            organisation.save(update_fields=["name"])
        apply_constitution(organisation)
        append_event(
            organisation,
            kind="constitution.adopted",
            actor=adopted_by,
            data={"version": version.number, "sha256": version.sha256, "note": note},
        )
    return version
