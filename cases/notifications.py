"""The single hook for case notifications.

Every case service calls ``case_event(case, event, actor=...)`` inside its transaction. The outbox
(``Notification`` rows) is written there and sent after the commit.
"""


def case_event(case, event, *, actor):
    """A case changed: ``event`` is the service's name (``created``, ``start_talk``, ...)."""
    return []
