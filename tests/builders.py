"""Builders: the shared partnership (demo.partnership) and the refusal check."""

from __future__ import annotations

from typing import Any

from application.app import AssureApplication
from demo.partnership import (  # noqa: F401  - re-exported for the tests
    AGENCIES,
    ANSWERS,
    DUTY,
    GUIDANCE,
    PEOPLE,
    POLICE_ANSWERS,
    SECTIONS,
    TERMS,
    TOOL,
    Partnership,
)


def refused(app: AssureApplication, error: type[Exception], call: Any, *args: Any, match: str | None = None,
            **kwargs: Any) -> str:  # fmt: skip
    """Assert the command is refused with this error, and that it left no event behind."""
    import pytest

    before = app.max_position()
    with pytest.raises(error, match=match) as raised:
        call(*args, **kwargs)
    assert app.max_position() == before, "a refused command must leave no event"
    return str(raised.value)
