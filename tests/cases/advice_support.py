"""Advice for tests: local-government officials and their providers, and advice recorded through
the service (the service is what the tests exercise)."""

from cases.models import AdviceContext, AdviceVerdict
from cases.services.advice import record_advice
from supervision import roles
from tests.factories import LocationFactory, UserFactory, municipality

GHENT, ANTWERP = "44021", "11002"


def official(username, nis=GHENT):
    """A local-government user representing the municipality with NIS code ``nis``."""
    return UserFactory(
        username=username, role=roles.LOCAL_GOVERNMENT, municipalities=[municipality(nis)]
    )


def provider_in(nis=GHENT, **values):
    """A location in that municipality; its provider is ``location.organisation``."""
    return LocationFactory(municipality=municipality(nis), **values)


def positive(location, /, **values):
    """The values of a valid positive advice in an expansion round on ``location``."""
    return {
        "municipality": location.municipality,
        "organisation": location.organisation,
        "location": location,
        "context": AdviceContext.EXPANSION_ROUND,
        "round_name": "Uitbreidingsronde baby's en peuters",
        "round_year": 2026,
        "verdict": AdviceVerdict.POSITIVE,
        "score": 72,
        "grounds": "Sterk aanbod in een wijk met tekort aan plaatsen.",
        **values,
    }


def negative(location, /, **values):
    """The values of a valid negative advice on a licence application of ``location``'s
    provider, on cooperation grounds."""
    return {
        "municipality": location.municipality,
        "organisation": location.organisation,
        "context": AdviceContext.LICENCE_APPLICATION,
        "verdict": AdviceVerdict.NEGATIVE,
        "grounds": "Werkt niet samen met het lokaal loket.",
        "cooperation_shortfall": True,
        **values,
    }


def give(actor, values):
    return record_advice(actor=actor, **values)
