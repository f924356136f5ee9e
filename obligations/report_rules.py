"""The rules of an annual report's figures, in one place: the import and the desk's form both call
these, so a figure refused in a file is refused in the form with the same words.

Per rubric a report counts ``unique`` requests and ``unanswered`` ones (without an offer of care):

- a count is a whole number, 0 or more;
- the total is required; another rubric may be left empty (not registered), but then both of its
  counts, never one of the two;
- a rubric that does not exist in the report's year stays empty (priority groups from 2024 on);
- unanswered <= unique, and a rubric never counts more than the total (unique and unanswered each).

The messages are Dutch, like the import's (they are the same rules, about the same data). They
name the fields through a function given by the caller: the import names its columns
(``unanswered_urgent``), the form its labels.
"""

import re
from dataclasses import dataclass

from .rubrics import RUBRIC_CODES, TOTAL

MAX_COUNT = 2_147_483_647  # the largest value the database column holds

MESSAGES = {
    "not_a_number": "{field} '{value}' is geen geheel getal.",
    "negative": "{field} mag niet negatief zijn, niet '{value}'.",
    "too_large": "{field} '{value}' is te groot.",
    "total_required": "{field} is leeg; het totaal is verplicht.",
    "incomplete": "{missing} is leeg terwijl {given} ingevuld is: vul beide in, of laat beide "
    "leeg als de rubriek {rubric} niet geregistreerd werd.",
    "not_in_year": "{field} moet leeg zijn: de rubriek {rubric} bestaat niet in {year} ({period}).",
    "unanswered_above_unique": "{unanswered} ({count}) is groter dan {unique} ({limit}): er zijn "
    "niet meer vragen zonder opvangvoorstel dan unieke vragen.",
    "above_total": "{field} ({count}) is groter dan {total} ({limit}): een rubriek telt niet meer "
    "vragen dan het totaal.",
    "period_from": "enkel vanaf {first}",
    "period_until": "enkel van {first} tot en met {last}",
}

_NUMBER = re.compile(r"^[+-]?\d+$")


def unique_key(code):
    return f"unique_{code}"


def unanswered_key(code):
    return f"unanswered_{code}"


FIGURE_KEYS = tuple(key(code) for code in RUBRIC_CODES for key in (unique_key, unanswered_key))


@dataclass(frozen=True)
class Problem:
    """A refused value: the field it concerns (``unique_urgent``...) and the Dutch message."""

    field: str
    message: str


class CountError(ValueError):
    """A count that is not a whole number of 0 or more; ``str()`` is the Dutch message."""


def _text(message_key, **params):
    return MESSAGES[message_key].format(**params)


def parse_count(value, field):
    """A count as typed or read from a file: None when empty, else a whole number >= 0.

    Raises ``CountError`` with the Dutch message (``field`` names the field in it)."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    else:
        text = str(value).strip()
    if text == "":
        return None
    if not _NUMBER.match(text):
        raise CountError(_text("not_a_number", field=field, value=text))
    number = int(text)
    if number < 0:
        raise CountError(_text("negative", field=field, value=text))
    if number > MAX_COUNT:
        raise CountError(_text("too_large", field=field, value=text))
    return number


def period(rubric):
    if rubric.last_year is None:
        return _text("period_from", first=rubric.first_year)
    return _text("period_until", first=rubric.first_year, last=rubric.last_year)


def check_figures(year, counts, rubrics, name=str, refused=()):
    """The problems of a report's figures (an empty list when they are right).

    ``counts``: {figure key: int or None} for the keys in ``FIGURE_KEYS`` (a missing key is empty).
    ``rubrics``: the ``Rubric`` rows by code. ``name(key)`` gives the field's name in a message.
    ``refused``: keys whose value could not be read (the caller reported them already): no rule
    is checked on them, so that one wrong value gives one message.
    """
    problems = []
    refused = set(refused)

    def problem(key, message_key, /, **params):
        if key not in refused:
            problems.append(Problem(key, _text(message_key, **params)))

    total = {}
    for code in RUBRIC_CODES:
        rubric = rubrics.get(code)
        u_key, a_key = unique_key(code), unanswered_key(code)
        unique, unanswered = counts.get(u_key), counts.get(a_key)
        if rubric is None or not rubric.exists_in(year):
            for key, value in ((u_key, unique), (a_key, unanswered)):
                if value is not None:
                    label = rubric.name if rubric else code
                    when = period(rubric) if rubric else ""
                    problem(
                        key, "not_in_year", field=name(key), rubric=label, year=year, period=when
                    )
            continue
        if code == TOTAL:
            for key, value in ((u_key, unique), (a_key, unanswered)):
                if value is None:
                    problem(key, "total_required", field=name(key))
            total = {"unique": (u_key, unique), "unanswered": (a_key, unanswered)}
        elif (unique is None) != (unanswered is None) and not {u_key, a_key} & refused:
            missing, given = (u_key, a_key) if unique is None else (a_key, u_key)
            problem(
                missing, "incomplete", missing=name(missing), given=name(given), rubric=rubric.name
            )
        if unique is not None and unanswered is not None and unanswered > unique:
            problem(
                a_key,
                "unanswered_above_unique",
                unanswered=name(a_key),
                count=unanswered,
                unique=name(u_key),
                limit=unique,
            )
    for code in RUBRIC_CODES[1:]:
        for kind, key in (("unique", unique_key(code)), ("unanswered", unanswered_key(code))):
            value = counts.get(key)
            total_key, total_value = total.get(kind, (None, None))
            if value is not None and total_value is not None and value > total_value:
                rubric = rubrics.get(code)
                if rubric is not None and rubric.exists_in(year):
                    problem(
                        key,
                        "above_total",
                        field=name(key),
                        count=value,
                        total=name(total_key),
                        limit=total_value,
                    )
    return problems


def figures_from_counts(counts, rubrics, year):
    """{rubric code: (unique, unanswered)} of the registered rubrics (both counts given) that
    exist in ``year``; call after ``check_figures`` found nothing."""
    figures = {}
    for code in RUBRIC_CODES:
        rubric = rubrics.get(code)
        unique, unanswered = counts.get(unique_key(code)), counts.get(unanswered_key(code))
        if rubric and rubric.exists_in(year) and unique is not None and unanswered is not None:
            figures[code] = (unique, unanswered)
    return figures
