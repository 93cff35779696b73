"""The register's things for a viewer (core.access): scoped to the viewer's organisation,
missing and forbidden alike NotFound."""

from __future__ import annotations

from openassembly.core.access import Viewer, scoped

from .models import Affiliate


def access_affiliate(viewer: Viewer, pk: int) -> Affiliate:
    return scoped(Affiliate, viewer, pk)
