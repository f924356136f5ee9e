"""Signals and cases: every write goes through here, one function per business event.

- ``signals``: record a signal, make a case of it, join it to a case;
- ``cases``: assign, check the desk's efforts, talks, notes, deadlines, and the transitions;
- ``common``: permission checks, row locks, history, case numbers, state deadlines, notifications.

Who does what: anyone with ``cases.add_signal`` records a signal (desk staff for their own desks,
local-government users within their municipalities, client managers from any source); client
managers (``cases.add_case``, ``cases.handle_case``) make cases of signals and handle them;
reopening a closed case needs ``cases.reopen_case``.
"""

from .cases import (
    REASON_REQUIRED,
    TRANSITION_SERVICES,
    add_note,
    assign,
    close,
    escalate,
    extend_deadline,
    record_desk_efforts,
    record_talk,
    reopen,
    start_investigation,
    start_talk,
    transitions_for,
)
from .common import HANDLE, REOPEN, CaseChanged, next_number, state_deadline
from .signals import add_signal_to_case, create_case_from_signal, record_signal

__all__ = [
    "HANDLE",
    "REASON_REQUIRED",
    "REOPEN",
    "TRANSITION_SERVICES",
    "CaseChanged",
    "add_note",
    "add_signal_to_case",
    "assign",
    "close",
    "create_case_from_signal",
    "escalate",
    "extend_deadline",
    "next_number",
    "record_desk_efforts",
    "record_signal",
    "record_talk",
    "reopen",
    "start_investigation",
    "start_talk",
    "state_deadline",
    "transitions_for",
]
