"""The models of the cases app, one module per concept:

- ``cases``: signals, cases, talks, internal notes and the yearly case-number counter;
- ``attachments``: the files sent with a signal;
- ``advice``: local governments' advice on providers (DOMAIN.md section 7);
- ``outbox``: the case notifications, written in the transaction of the change they announce.

The case lifecycle lives in ``cases/workflow.py``; every write in ``cases/services/``; who sees what
in ``supervision/access.py``.
"""

from .advice import Advice, AdviceContext, AdviceVerdict
from .attachments import SignalAttachment
from .cases import (
    Case,
    CaseNote,
    CaseNumber,
    Channel,
    Signal,
    Source,
    Talk,
    TalkParty,
)
from .outbox import Notification, NotificationStatus

__all__ = [
    "Advice",
    "AdviceContext",
    "AdviceVerdict",
    "Case",
    "CaseNote",
    "CaseNumber",
    "Channel",
    "Notification",
    "NotificationStatus",
    "Signal",
    "SignalAttachment",
    "Source",
    "Talk",
    "TalkParty",
]
