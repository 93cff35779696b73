"""The address a request came from, for attempt limits and rate limits alike.

Exposed directly, only the connection's own address (REMOTE_ADDR) can be believed: any
X-Forwarded-For a client sends is its own invention, and believing it would let one machine
appear as thousands and never be limited. Behind ``settings.TRUSTED_PROXIES`` proxies, each
appends the address it was reached from, so the client is the entry that many places from the
right; anything further left was written by the client and is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 (a unix socket)
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    if not proxies:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if h.strip()]
    if len(hops) < proxies:
        # Fewer hops than proxies: a request that bypassed the proxy; its own address is all
        # there is to go on.
        return remote
    candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
