"""The limits on what people may write, stated once: the API documents them and the domain enforces them.

Text is refused, naming the field and the limit, when it is not text, is longer than its limit, or holds a
control character (newline and tab are allowed in long text only) or half of a surrogate pair."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.errors import InvalidValue


@dataclass(frozen=True)
class TextLimit:
    """How long a kind of text may be, and whether it may run over several lines."""

    max_length: int
    multiline: bool = False

    @property
    def forbidden(self) -> re.Pattern[str]:
        """The characters this kind of text refuses."""
        return _MULTILINE_FORBIDDEN if self.multiline else _LINE_FORBIDDEN


# Control characters (C0, DEL, C1) and lone surrogates; long text keeps newline, carriage return and tab.
_LINE_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_MULTILINE_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

CODE = TextLimit(20)  # agency codes, business years
REF = TextLimit(50)  # case references, question ids, item ids
NAME = TextLimit(200)  # names of people, agencies, templates, credential labels
EMAIL = TextLimit(320)
LINE = TextLimit(500)  # themes, titles, sample groups, ratings, list entries
URL = TextLimit(2000)
REASON = TextLimit(5000, multiline=True)  # reasons, rationales, question text, guidance
TEXT = TextLimit(20_000, multiline=True)  # commentary, sections, summaries, findings, notes, terms

MAX_ITEMS = 200  # entries in any list or mapping a person writes (questions, answers, attendees...)
MAX_JSON_DEPTH = 8  # the deepest body a command needs is 4; anything deeper is refused before it is read


def check_text(value: object, what: str, limit: TextLimit) -> str:
    """Return the text unchanged, or refuse it naming ``what`` and the limit it breaks."""
    if not isinstance(value, str):
        raise InvalidValue(f"{what} must be text (got {type(value).__name__})")
    if len(value) > limit.max_length:
        raise InvalidValue(f"{what} is {len(value)} characters long; the limit is {limit.max_length}")
    found = limit.forbidden.search(value)
    if found:
        allowed = " (newline and tab are allowed)" if limit.multiline else ""
        raise InvalidValue(
            f"{what} holds the character U+{ord(found.group()):04X} at {found.start()}: control characters and"
            f" lone surrogates are not allowed{allowed}"
        )
    return value


def check_optional_text(value: object, what: str, limit: TextLimit) -> str | None:
    """None, or text within the limit."""
    return None if value is None else check_text(value, what, limit)


def check_texts(values: object, what: str, limit: TextLimit, max_items: int = MAX_ITEMS) -> list[str]:
    """A list of texts, each within the limit, and no more than ``max_items`` of them."""
    items = check_list(values, what, max_items)
    return [check_text(item, f"{what} entry {n}", limit) for n, item in enumerate(items, 1)]


def check_list(values: object, what: str, max_items: int = MAX_ITEMS) -> list[Any]:
    """A list (or tuple) of at most ``max_items`` entries."""
    if not isinstance(values, list | tuple):
        raise InvalidValue(f"{what} must be a list (got {type(values).__name__})")
    if len(values) > max_items:
        raise InvalidValue(f"{what} has {len(values)} entries; the limit is {max_items}")
    return list(values)


def check_mapping(values: object, what: str, max_items: int = MAX_ITEMS, key_limit: TextLimit = REF) -> dict[str, Any]:
    """A mapping with text keys of at most ``max_items`` entries."""
    if not isinstance(values, dict):
        raise InvalidValue(f"{what} must be an object (got {type(values).__name__})")
    if len(values) > max_items:
        raise InvalidValue(f"{what} has {len(values)} entries; the limit is {max_items}")
    for key in values:
        check_text(key, f"a key of {what}", key_limit)
    return dict(values)


def check_flag(value: object, what: str) -> bool | None:
    """None, true or false."""
    if value is not None and not isinstance(value, bool):
        raise InvalidValue(f"{what} must be true or false (got {type(value).__name__})")
    return value


def shown(value: object, limit: int = 60) -> str:
    """A value as it may appear in an error message: quoted and cut short."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_date(value: object, what: str) -> date:
    """A calendar date (not a moment in time)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidValue(f"{what} must be a date (got {type(value).__name__})")
    return value


def check_count(value: object, what: str, low: int, high: int) -> int:
    """A whole number within bounds."""
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise InvalidValue(f"{what} must be a whole number from {low} to {high} (got {shown(value)})")
    return value


# Identity hygiene (R-26, #13): references, identifiers and names.
# Pseudonymous: letters, digits and hyphens, starting with a letter or digit, so a name with spaces cannot fit.
DEFAULT_CASE_REF_PATTERN = r"[A-Za-z0-9][A-Za-z0-9-]{0,19}"
AGENCY_CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,19}")  # after NFKC: an agency's short code
# Characters that make text read differently from what it holds, or hide inside it: control and format characters
# (bidirectional embeddings, overrides, isolates and marks, zero-width joiners, the soft hyphen, the byte-order mark),
# line and paragraph separators, private-use and unassigned code points, and the Hangul fillers that render blank.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_BLANK_FILLERS = frozenset("\u115f\u1160\u3164\uffa0")


def _invisible(text: str) -> tuple[int, str] | None:
    """The first character that is invisible or reorders text, with its index, or None."""
    for index, char in enumerate(text):
        if unicodedata.category(char) in _INVISIBLE_CATEGORIES or char in _BLANK_FILLERS:
            return index, char
    return None


def identifier(value: str) -> str:
    """The form in which identifiers (emails, codes) are compared: NFKC-normalised, casefolded, stripped, so that
    ``\ufb01rst@x`` and ``First@x`` are the one person."""
    return unicodedata.normalize("NFKC", value).casefold().strip()


def check_name(value: object, what: str, limit: TextLimit = NAME) -> str:
    """A name or label: within its limit, without control or bidirectional formatting characters."""
    text = check_text(value, what, limit)
    found = _invisible(text)
    if found:
        raise InvalidValue(
            f"{what} holds the character U+{ord(found[1]):04X} at {found[0]}: bidirectional formatting and"
            " invisible characters are not allowed in a name"
        )
    return text


def check_identifier(value: str, what: str) -> str:
    """An identifier (an email, a code) with no whitespace and nothing invisible inside it, NFKC-normalised."""
    text = unicodedata.normalize("NFKC", value).strip()
    found = _invisible(text)
    if found or any(char.isspace() for char in text):
        index, char = found or next((i, c) for i, c in enumerate(text) if c.isspace())
        raise InvalidValue(f"{what} holds the character U+{ord(char):04X} at {index}: spaces and invisible"
                           " characters are not allowed in it")  # fmt: skip
    return text


def case_ref_key(value: str) -> str:
    """The form in which case references are stored and compared: NFKC-normalised, stripped, upper case, so that a
    filter typed in full-width letters finds ``DA-01``."""
    return unicodedata.normalize("NFKC", value).strip().upper()


def check_case_ref(value: object, pattern: str = DEFAULT_CASE_REF_PATTERN) -> str:
    """A case reference, NFKC-normalised and upper-cased, that matches the partnership's pattern of pseudonymous
    references (R-26): a child's name or date of birth is refused."""
    ref = case_ref_key(check_text(value, "the case reference", REF))
    if not re.fullmatch(pattern, ref):
        raise InvalidValue(
            f"the case reference {shown(ref)} does not match the pattern of pseudonymous references ({pattern}):"
            " use the agency's case number, never a name or a date of birth"
        )
    return ref
