"""The assure application: one eventsourcing Application, so the whole system has one ordered log."""

from __future__ import annotations

from application.view_queries import ViewQueries


class AssureApplication(ViewQueries):
    """Every command and query of assure; the name pins the stored table and topic prefix."""

    name = "assure"
