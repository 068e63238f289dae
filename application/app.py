"""The assure application: one eventsourcing Application, so the whole system has one ordered log."""

from __future__ import annotations

from application.background import BackgroundCommands


class AssureApplication(BackgroundCommands):
    """Every command and query of assure; the name pins the stored table and topic prefix."""

    name = "assure"
