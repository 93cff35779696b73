"""Elections, members' ballots, petitions and sortition.

A secret ballot is kept in two tables that nothing joins: ``Participation`` (this member has
voted in this poll) and ``Ballot`` (these marks were cast in this poll, under this receipt).
See docs/threat-model.md for what that protects against and what it does not.
"""

from .elections import (
    Answer,
    Candidacy,
    Election,
    Nomination,
    Question,
    Questionnaire,
    Slate,
    SlateSignature,
)
from .petitions import AgendaRequest, Petition, Signature
from .polls import Ballot, Choice, Participation, Poll, RollEntry
from .referendums import CandidateStatement, CoSignature, Referendum, Statement
from .scrutiny import Scrutineer
from .sortition import PoolEntry, SeedParty, Sortition
from .tasks import Task, TaskDelivery

__all__ = [
    "AgendaRequest",
    "Answer",
    "Ballot",
    "Candidacy",
    "CandidateStatement",
    "Choice",
    "CoSignature",
    "Election",
    "Nomination",
    "Participation",
    "Petition",
    "Poll",
    "PoolEntry",
    "Question",
    "Questionnaire",
    "Referendum",
    "RollEntry",
    "Scrutineer",
    "SeedParty",
    "Signature",
    "Slate",
    "SlateSignature",
    "Sortition",
    "Statement",
    "Task",
    "TaskDelivery",
]
