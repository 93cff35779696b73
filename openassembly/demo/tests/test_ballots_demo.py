"""The demo shows every stage: a declared election, nominations, a live members' ballot."""

from __future__ import annotations

from openassembly.ballots.models import Petition, Poll, Sortition, Task
from openassembly.core.ledger import verify_organisation
from openassembly.core.models import LedgerEvent


def test_demo_has_elections_ballots_petitions_and_a_draw(db, client):
    from openassembly.demo.organisation import load_demo

    organisation = load_demo(members_count=120)
    declared = Poll.objects.get(organisation=organisation, status=Poll.Status.DECLARED)
    assert len(declared.outcome["elected"]) == 4
    assert declared.ballots_count == declared.voters_count > 10
    assert Poll.objects.filter(status=Poll.Status.NOMINATIONS).count() == 1
    live = Poll.objects.get(kind=Poll.Kind.REFERENDUM)
    assert live.status == Poll.Status.OPEN and live.referendum.petition is not None
    # It opened itself on the constitution's timetable, with no officer (rule 13.5).
    opened = LedgerEvent.objects.get(kind="poll.opened", data__poll=live.pk)
    assert opened.actor == "the timetable"
    against = live.referendum.statements.get(side="against")
    assert against.chosen_by.startswith("chosen by 7 co-signers")
    assert live.scrutineers.get().name == "Civic Ballot Watch"
    assert Petition.objects.filter(status=Petition.Status.OPEN).count() == 1
    assert Sortition.objects.get().status == Sortition.Status.DRAWN
    assert not Task.objects.exclude(status=Task.Status.DONE).exists()
    assert verify_organisation(organisation).ok
    for path in (f"/o/commonweal/polls/{declared.pk}/results/",
                 f"/o/commonweal/polls/{live.pk}/", "/o/commonweal/ballots/",
                 f"/o/commonweal/polls/{live.pk}/scrutiny/", "/o/commonweal/compliance/"):
        assert client.get(path).status_code == 200
