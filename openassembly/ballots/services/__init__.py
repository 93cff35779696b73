"""The only code that changes ballots' state; one module per thing people do."""

from .cancelling import cancel_poll, propose_cancellation
from .elections import (
    answer_question,
    close_nominations,
    create_election,
    create_questionnaire,
    create_slate,
    nominate,
    open_nominations,
    sign_slate,
    stand,
)
from .petition_ballots import (
    choose_against_statement,
    cosign_against_statement,
    offer_against_statement,
    record_body_statement,
)
from .petitions import sign_petition, start_petition
from .polls import (
    cast_ballot,
    close_voting,
    count_poll,
    declare_result,
    open_voting,
    send_reminder,
)
from .referendums import create_referendum, schedule, write_statement
from .scrutiny import appoint_scrutineer, file_scrutiny_report
from .sortition import (
    announce_sortition,
    close_pool,
    commit_seed_value,
    draw,
    join_pool,
    reveal_seed_value,
)
from .withdrawals import withdraw

__all__ = [
    "announce_sortition",
    "answer_question",
    "appoint_scrutineer",
    "cancel_poll",
    "cast_ballot",
    "choose_against_statement",
    "close_nominations",
    "close_pool",
    "close_voting",
    "commit_seed_value",
    "cosign_against_statement",
    "count_poll",
    "create_election",
    "create_questionnaire",
    "create_referendum",
    "create_slate",
    "declare_result",
    "draw",
    "file_scrutiny_report",
    "join_pool",
    "nominate",
    "offer_against_statement",
    "open_nominations",
    "open_voting",
    "propose_cancellation",
    "record_body_statement",
    "reveal_seed_value",
    "schedule",
    "send_reminder",
    "sign_petition",
    "sign_slate",
    "stand",
    "start_petition",
    "withdraw",
    "write_statement",
]
