"""Meetings, what happens in them, and what they leave on the record."""

from .mail import Mailing, MailingDelivery
from .meeting import AgendaItem, Attendance, Meeting, Paper, PaperVersion, Proxy, Speech
from .motions import Correction, Division, Elector, Motion, PointOfOrder, SecretBallot, Vote
from .record import Action, Decision, Minutes, Withholding
from .requisition import Requisition, RequisitionSignature

__all__ = [
    "Action",
    "AgendaItem",
    "Attendance",
    "Correction",
    "Decision",
    "Division",
    "Elector",
    "Mailing",
    "MailingDelivery",
    "Meeting",
    "Minutes",
    "Motion",
    "Paper",
    "PaperVersion",
    "PointOfOrder",
    "Proxy",
    "Requisition",
    "RequisitionSignature",
    "SecretBallot",
    "Speech",
    "Vote",
    "Withholding",
]
