"""Compliance: derive statuses from the records, and record a client manager's assessment."""


def recompute_for_desk(desk_id, year):
    """Recompute the derived desk obligations (D1-D5, and applicability of D6-D7) of one desk."""
    raise NotImplementedError


def recompute_for_location(location_id, year):
    """Recompute the derived provider obligations (P1-P5 applicability, P2) of one location."""
    raise NotImplementedError
