"""The types of every text field a request carries, built from the domain's limits (domain/limits.py).

Each type states its maximum length and the characters it refuses in the OpenAPI (``maxLength``, ``pattern``),
and refuses the same things when a request is read, naming the field and the limit."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, Field

from domain import limits
from domain.errors import InvalidValue
from domain.limits import TextLimit

# The same characters as domain.limits refuses, as a JSON Schema pattern (ECMA 262) for the OpenAPI.
LINE_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f]*$"
MULTILINE_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"


def _checked(limit: TextLimit) -> AfterValidator:
    def check(value: str) -> str:
        try:
            return limits.check_text(value, "the text", limit)
        except InvalidValue as refused:
            raise ValueError(str(refused).removeprefix("the text ")) from None

    return AfterValidator(check)


def _sized(limit: TextLimit, min_length: int = 1) -> Any:
    pattern = MULTILINE_PATTERN if limit.multiline else LINE_PATTERN
    return Field(min_length=min_length, max_length=limit.max_length, json_schema_extra={"pattern": pattern})


Code = Annotated[str, _sized(limits.CODE), _checked(limits.CODE)]
Ref = Annotated[str, _sized(limits.REF), _checked(limits.REF)]
Name = Annotated[str, _sized(limits.NAME), _checked(limits.NAME)]
Email = Annotated[str, _sized(limits.EMAIL, 3), _checked(limits.EMAIL)]
Line = Annotated[str, _sized(limits.LINE), _checked(limits.LINE)]
Url = Annotated[str, _sized(limits.URL, 8), _checked(limits.URL)]
Reason = Annotated[str, _sized(limits.REASON), _checked(limits.REASON)]
LongText = Annotated[str, _sized(limits.TEXT), _checked(limits.TEXT)]
MaybeEmptyText = Annotated[str, _sized(limits.TEXT, 0), _checked(limits.TEXT)]
MaybeEmptyReason = Annotated[str, _sized(limits.REASON, 0), _checked(limits.REASON)]
CSV = TextLimit(2_000_000, multiline=True)  # an import file; the body limit applies first
CsvText = Annotated[str, _sized(CSV), _checked(CSV)]
MAX_ITEMS = limits.MAX_ITEMS
