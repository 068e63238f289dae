"""The assure application: one eventsourcing Application, so the whole system has one ordered log."""

from __future__ import annotations

from application.access import AccessCommands
from application.background import BackgroundCommands
from application.fieldwork import FieldworkCommands
from application.integrity import IntegrityCommands
from application.lists import ListQueries
from application.moderation import ModerationCommands
from application.partnership import PartnershipCommands
from application.planning import PlanningCommands
from application.programme import ProgrammeCommands
from application.queries import Queries
from application.reporting import ReportingCommands
from application.routine_summary import RoutineSummaryCommands
from application.self_assessment import SelfAssessmentCommands
from application.single_agency import SingleAgencyCommands
from application.training import TrainingCommands
from application.view_queries import ViewQueries


class AssureApplication(
    RoutineSummaryCommands,
    SelfAssessmentCommands,
    SingleAgencyCommands,
    TrainingCommands,
    PartnershipCommands,
    AccessCommands,
    ProgrammeCommands,
    PlanningCommands,
    FieldworkCommands,
    ModerationCommands,
    ReportingCommands,
    Queries,
    ViewQueries,
    BackgroundCommands,
    ListQueries,
    IntegrityCommands,
):
    """Every command and query of assure, composed once from sibling groups; the name pins the stored table."""

    name = "assure"
