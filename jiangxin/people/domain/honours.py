"""The rules an honour's dates meet, wherever it is recorded (the form, the import, a
selection's award). Pure: the services and the import call them."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FIRST_YEAR = 1950


def honour_period_check(
    *, year: int, valid_from: date | None, valid_to: date | None, today: date
) -> None:
    """The year of the award is a real one (1950 to next year) and the validity, when
    given, does not end before it starts. Raises ValidationError naming the field."""
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The end of validity is before its start.")})
    if not FIRST_YEAR <= year <= today.year + 1:
        raise ValidationError({"year": _("Give the year the honour was awarded.")})
