"""Telling one member something by mail, for apps below the mail app.

The register (members) decides a member's standing, and due process says the member is told;
but members sits below the mail app, which carries mail out with a row per recipient. So the
mail app registers its sender here from its ``AppConfig.ready()``, and a service calls ``tell``
inside its transaction: the notice is queued with the change and stands or falls with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from openassembly.core.models import Organisation

# (organisation, member id, kind, what the mail says, the member who started it or None)
Sender = Callable[[Organisation, int, str, Mapping[str, Any], Any], None]

_sender: Sender | None = None


def register_sender(sender: Sender) -> None:
    global _sender
    _sender = sender


def tell(organisation: Organisation, *, member_id: int, kind: str,
         payload: Mapping[str, Any], started_by: Any = None) -> None:
    """Queue a notice of ``kind`` to one member; a missing mail app fails loudly, since an
    act that must tell someone cannot go ahead untold."""
    if _sender is None:
        raise ImproperlyConfigured("No mail sender: is openassembly.mail installed?")
    _sender(organisation, member_id, kind, payload, started_by)
