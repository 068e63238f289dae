"""The assure application: one eventsourcing Application, so the whole system has one ordered log."""

from __future__ import annotations

from application.queries import Queries


class AssureApplication(Queries):
    """Every command and query of assure; the name pins the stored table and topic prefix."""

    name = "assure"
