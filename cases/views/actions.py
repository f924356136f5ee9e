"""The actions on a case page (stub: filled in by the actions work)."""

urls = []


def action_context(request, case):
    """What the case page's actions partial needs."""
    return {}
