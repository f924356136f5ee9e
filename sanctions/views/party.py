"""For a location's or a desk's page: the approved enforcement decisions about it, as the user's
scope allows (desk staff: those on their own desk's tracks), in one query."""

from ..models import Decision
from ..workflow import DecisionState


def party_decisions(user, *, location=None, desk=None):
    """The approved decisions on tracks against ``location`` or ``desk``, newest first; nothing
    for a user who may not see decisions."""
    if not user.has_perm("sanctions.view_decision"):
        return {}
    about = {"track__locations": location} if location is not None else {"track__desk": desk}
    decisions = (
        Decision.objects.for_user(user)
        .filter(state=DecisionState.APPROVED, **about)
        .select_related("track")
        .order_by("-reviewed_at", "-pk")
    )
    return {"show_party_decisions": True, "party_decisions": list(decisions)}
