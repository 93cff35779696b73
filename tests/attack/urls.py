"""Every URL the site answers, found by walking Django's resolver, and whether it changes
state: a page whose view takes a POST (or an API operation that is not a GET)."""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

CHANGING_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# A view that reads request.POST, calls the shared form flow, or is declared POST-only.
_POST_WORDS = re.compile(
    r"request\.POST|request\.method|require_POST|require_http_methods|"
    r"handle_form|def post\b|\.POST\b"
)


@dataclass(frozen=True)
class Route:
    name: str  # namespaced: "ballots:vote"; the API's: "api:cast_ballot"
    route: str
    methods: frozenset[str]

    @property
    def changes_state(self) -> bool:
        return bool(self.methods & CHANGING_METHODS)


def _api_methods() -> dict[str, set[str]]:
    from openassembly.api.api import api

    methods: dict[str, set[str]] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                name = path_view.url_name or operation.view_func.__name__
                methods.setdefault(name, set()).update(operation.methods)
    return methods


def _view_methods(callback) -> set[str]:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return {
            m.upper()
            for m in view_class.http_method_names
            if m in ("get", "post", "put", "patch", "delete") and hasattr(view_class, m)
        }
    function = inspect.unwrap(getattr(callback, "func", callback))
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return {"GET"}
    # One level down: a view that hands the request to a helper of its module (the two
    # second-factor steps share one) takes what the helper takes.
    module = inspect.getmodule(function)
    for called in set(re.findall(r"\b(_\w+)\(request", source)):
        helper = getattr(module, called, None)
        if inspect.isfunction(helper):
            source += inspect.getsource(inspect.unwrap(helper))
    return {"GET", "POST"} if _POST_WORDS.search(source) else {"GET"}


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            space = ":".join(p for p in (namespace, inner) if p)
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), space)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (
                f"{namespace}:{pattern.name}" if namespace else pattern.name,
                (prefix + str(pattern.pattern)),
                pattern.callback,
            )


def routes() -> list[Route]:
    api = _api_methods()
    found = []
    for name, route, callback in _walk(get_resolver().url_patterns):
        if name.startswith("admin:"):
            continue
        short = name.split(":", 1)[1] if name.startswith("api:") else None
        methods = api[short] if short in api else _view_methods(callback)
        found.append(Route(name, route, frozenset(methods)))
    return found
