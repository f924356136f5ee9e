"""The Dutch texts of an annual report import: the registry's (file, columns, yes/no, report
summary) and the report's own. The figures' messages are ``obligations.report_rules.MESSAGES``."""

from registry.imports import MESSAGES as REGISTRY_MESSAGES

STATE_NAMES = {
    "open": "open",
    "submitted": "ingediend",
    "returned": "teruggestuurd naar het loket",
    "validated": "gevalideerd",
    "shared": "gedeeld met de organisatoren",
    "published": "gepubliceerd",
}

MESSAGES = {
    **REGISTRY_MESSAGES,
    "figure": "Regel {line}: {text}",
    "invalid_year": "Regel {line}: year '{value}' is geen geldig jaar ({first} tot en met {last}).",
    "unknown_desk": "Regel {line}: loket {value} bestaat niet.",
    "duplicate_report": "Regel {line}: loket {desk} en jaar {year} komen meer dan eens voor in "
    "het bestand (ook op regel {first}).",
    "report_submitted": "Regel {line}: het jaarverslag {year} van loket {desk} is al ingediend en "
    "wacht op validatie; het bestand geeft andere cijfers. Een ingediend verslag wordt niet "
    "overschreven: laat het eerst terugsturen naar het loket.",
    "report_locked": "Regel {line}: het jaarverslag {year} van loket {desk} heeft de status "
    "'{state}' en wordt niet meer overschreven; het bestand geeft andere cijfers.",
}


def message(message_key, /, **params):
    return MESSAGES[message_key].format(**params)
