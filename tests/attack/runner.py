"""One probe: a role sends a state-changing request; what came back and which tables changed.
Each probe runs in a savepoint rolled back after it, so every probe meets the same demo."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

from .cast import Cast, changes, snapshot
from .forms import post_forms
from .probes import Target, stage, target


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


def _read_form(cast: Cast, spot: Target, *, remember: bool) -> dict:
    """The first form on the target's page that sends to its path, as the officer (or else
    the member, or anyone) sees it; a page read for an unstaged row is remembered."""
    if spot.data is not None:
        return spot.data
    page = spot.page or spot.path
    for role in ("officer", "member", "anonymous"):
        # A page with many forms (a meeting's) is fetched once for all of them.
        key = (role, page)
        html = cast.pages.get(key) if remember else None
        if html is None:
            response = cast.client(role).get(page)
            html = response.content.decode() if response.status_code == 200 else ""
            if remember:
                cast.pages[key] = html
        found = post_forms(html, spot.path)
        if found:
            return found[0] | (spot.extra or {})
    return dict(spot.extra or {})


def form_data(cast: Cast, name: str) -> dict | None:
    """What the page's form holds for the officer (or else the member): the attacker who is
    refused the page copies the form of someone who is not. None for a staged row, whose
    form exists only once its stage is prepared (in each probe's savepoint)."""
    if stage(name) is not None:
        return None
    spot = target(cast, name)
    return _in_savepoint(lambda: _read_form(cast, spot, remember=True))


def probe(cast: Cast, name: str, role: str, data: dict | None) -> Outcome:
    prepare = stage(name)

    def send():
        if prepare is not None:
            prepare(cast)
        spot = target(cast, name)
        payload = data if data is not None else _read_form(cast, spot, remember=False)
        client = cast.client(role)
        before = snapshot()
        try:
            if spot.json:
                response = client.post(
                    spot.path, json.dumps(payload), content_type="application/json"
                )
            else:
                response = client.post(spot.path, payload)
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
