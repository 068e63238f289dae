"""Terms of reference (R-4): what a draft must hold."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from domain.base import require_text
from domain.errors import InvalidValue
from domain.limits import TEXT, check_mapping

TERMS_TEXT: dict[str, str] = {
    "scope": "the scope of the audit",
    "auditor_responsibilities": "the auditors' responsibilities",
    "competing_demands": "how the timescales take account of competing demands",
    "barriers": "barriers such as consent and information sharing (say 'none identified' if so)",
}
TERMS_DATES: tuple[str, ...] = (
    "fieldwork_start",
    "fieldwork_end",
    "moderation_date",
    "sign_off_date",
    "report_to_arg_date",
)
REQUIRED_DATES: tuple[str, ...] = ("fieldwork_start", "fieldwork_end")


def check_terms(terms: dict[str, Any]) -> dict[str, Any]:
    """Validate a draft of the terms of reference and return its stored form."""
    terms = check_mapping(terms, "the terms of reference", len(TERMS_TEXT) + len(TERMS_DATES))
    unknown = set(terms) - set(TERMS_TEXT) - set(TERMS_DATES)
    if unknown:
        raise InvalidValue(f"unknown terms of reference fields: {', '.join(sorted(unknown))}")
    stored: dict[str, Any] = {key: require_text(terms.get(key), what, TEXT) for key, what in TERMS_TEXT.items()}
    for key in TERMS_DATES:
        value = terms.get(key)
        if value is None and key in REQUIRED_DATES:
            raise InvalidValue(f"{key.replace('_', ' ')} is required in the draft timescales")
        if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
            raise InvalidValue(f"{key} must be a date")
        stored[key] = value
    order = [stored[k] for k in TERMS_DATES if stored[k] is not None]
    if order != sorted(order):
        raise InvalidValue(
            "the timescales must run in order: fieldwork start, fieldwork end, moderation, sign-off, report to ARG"
        )
    return stored
