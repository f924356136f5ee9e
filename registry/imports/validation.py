"""Validation of one row: ``Row`` checks its cells and records the errors, in Dutch."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from stdnum.be import vat

from ..models import normalise_enterprise_number
from .columns import NO, YES
from .messages import message


class Row:
    """One row being validated: its values by column, and the errors found in it."""

    __slots__ = ("errors", "line", "values")

    def __init__(self, line, values, errors):
        self.line = line
        self.values = values
        self.errors = errors

    def error(self, message_key, /, **params):
        self.errors.append((self.line, message(message_key, line=self.line, **params)))

    def text(self, column, *, required=False, max_length=None):
        value = self.values[column]
        if required and not value:
            self.error("required", column=column)
            return None
        if max_length and len(value) > max_length:
            self.error("too_long", column=column, max=max_length)
            return None
        return value

    def choice(self, column, choices, error_key):
        value = self.values[column].lower()
        if value not in choices:
            self.error(error_key, value=self.values[column], allowed=", ".join(choices))
            return None
        return value

    def yes_no(self, column):
        value = self.values[column].lower()
        if value not in (YES, NO):
            self.error("yes_no", column=column, value=self.values[column])
            return None
        return value == YES

    def date(self, column):
        value = self.values[column]
        if not value:
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.error("invalid_date", column=column, value=value)
        return parsed

    def email(self, column):
        value = self.values[column]
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.error("email", column=column, value=value)
                return None
        return value

    def enterprise_number(self, column):
        """The normalised enterprise number (10 digits), or None with an error."""
        value = self.values[column]
        if not value:
            self.error("required", column=column)
            return None
        number = normalise_enterprise_number(value)
        if not vat.is_valid(number):
            self.error("invalid_enterprise_number", value=value)
            return None
        return number


_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_date(value):
    """YYYY-MM-DD (the format), or DD/MM/YYYY as spreadsheets in Belgium show dates."""
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    match = _DMY.match(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            return None
    return None


def _max_length(model, name):
    return model._meta.get_field(name).max_length
