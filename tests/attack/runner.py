"""One probe: a role sends a state-changing request; what came back and which tables changed.
Each probe runs in a savepoint rolled back after it, so every probe meets the same demo."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

from .cast import Cast, changes, snapshot
from .forms import post_forms
from .probes import Target, target


@dataclass
class Outcome:
    status: int
    changed: dict[str, str]
    error: str = ""

    @property
    def succeeded(self) -> bool:
        return bool(self.changed)


class _Rollback(Exception):
    pass


def _in_savepoint(work):
    result = []
    try:
        with transaction.atomic():
            cache.clear()
            result.append(work())
            raise _Rollback
    except _Rollback:
        pass
    return result[0]


def form_data(cast: Cast, name: str) -> dict:
    """What the page's form holds for the officer (or else the member): the attacker who is
    refused the page copies the form of someone who is not."""
    spot = target(cast, name)
    if spot.data is not None:
        return spot.data

    def read():
        for role in ("officer", "member", "anonymous"):
            page = spot.page or spot.path
            # A page with many forms (a meeting's) is fetched once for all of them.
            key = (role, page)
            if key not in cast.pages:
                response = cast.client(role).get(page)
                cast.pages[key] = response.content.decode() if response.status_code == 200 else ""
            found = post_forms(cast.pages[key], spot.path)
            if found:
                return found[0]
        return {}

    return _in_savepoint(read)


def probe(cast: Cast, name: str, role: str, data: dict) -> Outcome:
    spot: Target = target(cast, name)

    def send():
        client = cast.client(role)
        before = snapshot()
        try:
            if spot.json:
                response = client.post(spot.path, json.dumps(data), content_type="application/json")
            else:
                response = client.post(spot.path, data)
        except Exception as error:
            return Outcome(500, {}, f"{type(error).__name__}: {error}")
        changed = changes(before, snapshot())
        if "django_tasks_database_dbtaskresult" in changed:
            # Name the task a request left queued, so a failure says which.
            from django_tasks_db.models import DBTaskResult

            known = before["django_tasks_database_dbtaskresult"]
            paths = DBTaskResult.objects.exclude(pk__in=list(known)).values_list(
                "task_path", flat=True
            )
            changed["queued"] = ", ".join(sorted(set(paths)))
        return Outcome(response.status_code, changed)

    return _in_savepoint(send)
