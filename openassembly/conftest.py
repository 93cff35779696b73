"""The shared cast for Django tests: one organisation, officers with powers, a member, an outsider.

Imports of Django code stay inside fixtures so the pure packages' tests run without Django.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from openassembly.core.actors import System


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Ids repeat between tests, so nothing cached by one test may answer for another.
    from django.conf import settings

    if settings.configured:  # the pure packages' tests may run without Django
        from django.core.cache import cache

        from openassembly.ballots.selectors import forget_papers

        cache.clear()
        forget_papers()
    yield


@pytest.fixture
def organisation(db):
    from openassembly.core.services import create_organisation
    from openassembly.rules import examples

    return create_organisation(
        System("test founders"),
        constitution_text=examples.read("commonweal")
    )


def _person(organisation, name: str, email: str, password: str = "correct horse battery"):
    from openassembly.accounts.models import User
    from openassembly.core import clock
    from openassembly.members.models import Member

    user = User.objects.create_user(email, password)
    return Member.objects.create(
        organisation=organisation, user=user, name=name, email=email,
        # Members for exactly the demo's qualifying period (rule 2.8: 28 days), so they may act
        # today, and still 33 days before the dues rule (2.4) would lapse them.
        joined_on=clock.today() - timedelta(days=28),
    )


def _seat(organisation, member, body: str, seat: str):
    """Seat the cast by the founding route (rule 4.4 of the demo): the founders name the first
    officers, once, before the founding is recorded; tests of later routes record it."""
    from openassembly.bodies.models import SeatGroup
    from openassembly.bodies.services import seat_founder
    from openassembly.core import clock

    group = SeatGroup.objects.get(organisation=organisation, body__key=body, seat_key=seat)
    seat_founder(System("test founders"), organisation=organisation, seat_group=group,
                 member=member, starts_on=clock.today() - timedelta(days=1))
    return member


@pytest.fixture
def secretary(organisation):
    """Holds import-members, manage-register, full-export, confirm."""
    return _seat(
        organisation,
        _person(organisation, "Sec Retary", "sec@example.org"),
        "organising-group",
        "secretary",
    )


@pytest.fixture
def chair(organisation):
    return _seat(
        organisation,
        _person(organisation, "Chair Person", "chair@example.org"),
        "organising-group",
        "chair",
    )


@pytest.fixture
def treasurer(organisation):
    """An officer with powers (record-dues, confirm) but not the secretary's or the chair's."""
    return _seat(
        organisation,
        _person(organisation, "Trea Surer", "treasurer@example.org"),
        "organising-group",
        "treasurer",
    )


@pytest.fixture
def member(organisation):
    return _person(organisation, "Ordinary Member", "member@example.org")


@pytest.fixture
def outsider(db):
    from openassembly.accounts.models import User

    return User.objects.create_user("outsider@example.org", "correct horse battery")


@pytest.fixture
def make_person(organisation):
    return lambda name, email: _person(organisation, name, email)


@pytest.fixture
def officer_client(client, secretary):
    """A browser session of the secretary, past the second factor."""
    from openassembly.accounts.middleware import mark_second_factor_passed

    client.force_login(secretary.user)
    session = client.session
    mark_second_factor_passed(session)
    session.save()
    return client


@pytest.fixture
def work(db, monkeypatch):
    """``work()`` runs the database backend's worker over every task waiting, as
    `openassembly db-worker --batch` does, and returns the names of the tasks it ran.

    It runs inside the test's transaction, so the worker's between-task check of the
    connection (which would close a connection it finds inside a transaction) is skipped; one
    test in core/tests/test_tick.py runs the command itself on committed data.
    """
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    class Worker(db_worker.Worker):
        def run_task(self, db_task_result) -> None:
            ran.append(db_task_result.task_path.rsplit(".", 1)[-1])
            super().run_task(db_task_result)

    ran: list[str] = []

    def run() -> list[str]:
        ran.clear()
        worker = Worker(
            queue_names=["default"], interval=0, batch=True, backend_name="default",
            startup_delay=False, max_tasks=None, worker_id="test-worker",
            excluded_queue_names=[],
        )
        worker.run()
        return list(ran)

    return run


@pytest.fixture
def test_kinds():
    """Event kinds only tests write: the ledger's storage does not care what an event says."""
    from openassembly.core import events

    declared = [
        events.EventKind(kind=kind, label=kind, meaning="a test event", fields=fields,
                         sentence=lambda e: "A test event happened", example=example)
        for kind, fields, example in (
            ("test.happened", {"i": events.data("a counter")}, {"i": 1}),
            ("test.one", {"n": events.data("a number")}, {"n": 1}),
            ("member.noted", {"details": events.committed("a commitment")},
             {"details": "c1:00"}),
        )
    ]
    events.register("core-tests", *declared)
    yield
    for spec in declared:
        events._KINDS.pop(spec.kind)
