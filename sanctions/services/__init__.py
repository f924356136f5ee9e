"""Enforcement tracks, decisions and objections: every write goes through here, one function per
business event.

- ``tracks``: open a track from a case in enforcement, its transitions, the hearing, the
  notification date of each step (and so its publication date);
- ``decisions``: propose, approve (four eyes, applying the effect), reject, withdraw; objections;
- ``suspensions``: the daily start and end of suspensions.

Who does what: client managers open and handle tracks (``sanctions.add_enforcementtrack``,
``sanctions.handle_track``), propose decisions (``sanctions.add_decision``) and record objections
(``sanctions.add_objection``); enforcement leads approve or reject decisions proposed by someone
else (``sanctions.approve_decision``) and decide objections (``sanctions.decide_objection``).
"""

from ..common import TrackChanged
from .decisions import (
    approve_decision,
    decide_objection,
    lodge_objection,
    propose_decision,
    reject_decision,
    withdraw_decision,
)
from .suspensions import lift_ended_suspensions, start_due_suspensions
from .tracks import (
    TRACK_SERVICES,
    announce_intention,
    close_track,
    close_without_measure,
    conclude_hearing,
    open_track,
    record_hearing,
    record_notification,
    revise_intention,
    start_hearing,
    transitions_for,
)

__all__ = [
    "TRACK_SERVICES",
    "TrackChanged",
    "announce_intention",
    "approve_decision",
    "close_track",
    "close_without_measure",
    "conclude_hearing",
    "decide_objection",
    "lift_ended_suspensions",
    "lodge_objection",
    "open_track",
    "propose_decision",
    "record_hearing",
    "record_notification",
    "reject_decision",
    "revise_intention",
    "start_due_suspensions",
    "start_hearing",
    "transitions_for",
    "withdraw_decision",
]
