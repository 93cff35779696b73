"""What `openassembly tick` enqueues: each app registers the work that falls due with time.

The tick is the one scheduler entry point (run from cron each minute, and in a loop by
`make demo`). It decides nothing itself: every registered check looks at the database, enqueues
a task for each thing that is due (a poll past its close, a reminder, unsealed ledger events)
and returns how many it enqueued; the worker (`openassembly db-worker`) carries them out. Apps
register from their ``AppConfig.ready()``, so ``core`` needs to know none of them.

Every task a check enqueues must be safe to run twice: if the worker is behind, the next tick
finds the same thing still due (``enqueue_once`` keeps such repeats from piling up).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import normalize_json
from django_tasks_db.models import DBTaskResult

Check = Callable[[], int]
_checks: dict[str, Check] = {}


def register(name: str, check: Check) -> None:
    """Add a check that enqueues due work and returns how many tasks it enqueued."""
    _checks[name] = check


def checks() -> dict[str, Check]:
    return dict(_checks)


def tick() -> dict[str, int]:
    """Run every registered check once; returns how many tasks each enqueued."""
    return {name: check() for name, check in sorted(_checks.items())}


def enqueue_once(task: Task, *args: Any) -> bool:
    """Enqueue ``task(*args)`` unless the same call is already waiting for a worker.

    Only the database backend can be asked what is waiting; with any other backend the call is
    enqueued every time, which the tasks' idempotence makes harmless.
    """
    backend = task.get_backend()
    if isinstance(backend, DatabaseBackend) and DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, backend_name=backend.alias, task_path=task.module_path,
        args_kwargs=normalize_json({"args": list(args), "kwargs": {}}),
    ).exists():
        return False
    task.enqueue(*args)
    return True


def enqueue_with_transaction(task: Task, *args: Any) -> None:
    """Enqueue ``task(*args)`` so that it stands or falls with the caller's transaction.

    The database backend's queue is a table: the task's row is written in the same transaction
    as the work it carries on, so a rolled-back service leaves no task and a committed one
    cannot lose its task to a crash just after the commit. Any other backend is asked only once
    the transaction commits, so its worker never sees work that was rolled back.
    """
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args)
    else:
        transaction.on_commit(lambda: task.enqueue(*args))
