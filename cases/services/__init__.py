"""Signals and cases: every write goes through here, one function per business event.

- ``signals``: record a signal with its attachments, add a file later, make a case of it, join it
  to a case; who may report on what (``reportable_*``);
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
from .signals import (
    MAX_ATTACHMENTS,
    AttachmentRefused,
    add_attachment,
    add_signal_to_case,
    create_case_from_signal,
    may_add_attachment,
    open_cases_for,
    record_signal,
    reportable_desks,
    reportable_locations,
    reportable_organisations,
    reporting_as,
    reporting_desks,
)

__all__ = [
    "HANDLE",
    "MAX_ATTACHMENTS",
    "REASON_REQUIRED",
    "REOPEN",
    "TRANSITION_SERVICES",
    "AttachmentRefused",
    "CaseChanged",
    "add_attachment",
    "add_note",
    "add_signal_to_case",
    "assign",
    "close",
    "create_case_from_signal",
    "escalate",
    "extend_deadline",
    "may_add_attachment",
    "next_number",
    "open_cases_for",
    "record_desk_efforts",
    "record_signal",
    "record_talk",
    "reopen",
    "reportable_desks",
    "reportable_locations",
    "reportable_organisations",
    "reporting_as",
    "reporting_desks",
    "start_investigation",
    "start_talk",
    "state_deadline",
    "transitions_for",
]
