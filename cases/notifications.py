"""The single hook for case notifications.

Every case service schedules ``case_event(case_id, event)`` after its commit
(``transaction.on_commit(..., robust=True)``). It does nothing yet: the notification outbox (mail to
the assignee, the reporter and the party concerned) comes next and plugs in here, so the services
do not change when it does.
"""


def case_event(case_id, event):
    """A case changed: ``event`` is the service's name (``created``, ``start_talk``, ...)."""
    return None
