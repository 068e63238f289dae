"""One family of domain errors, named as a user would understand them."""

from __future__ import annotations


class DomainError(Exception):
    """A command was refused; the message says why and what would let it through."""

    code = "refused"
    kind = "conflict"  # conflict | invalid | not_found | forbidden


class InvalidValue(DomainError):
    """A value given with a command is not acceptable."""

    code = "invalid_value"
    kind = "invalid"


class ReasonRequired(InvalidValue):
    """The guidance asks for a reason here and none was given."""

    code = "reason_required"


class OutOfStage(DomainError):
    """The command does not belong to the audit's current stage."""

    code = "out_of_stage"


class FieldworkNotOpen(OutOfStage):
    """Returns are written only while fieldwork is open."""

    code = "fieldwork_not_open"


class FieldworkPrerequisitesMissing(OutOfStage):
    """Fieldwork cannot open yet (R-5)."""

    code = "fieldwork_prerequisites_missing"


class SampleLimitReached(DomainError):
    """No more than ten cases unless the sample is extended with a reason (R-8)."""

    code = "sample_limit_reached"


class AuditorHasCaseLink(DomainError):
    """An auditor must not audit a case they practised on or managed (R-9)."""

    code = "auditor_has_case_link"


class AgencyNotInvited(DomainError):
    """An agency takes part in an audit only when the chair or QA officer invites it (R-26)."""

    code = "agency_not_invited"
    kind = "forbidden"


class AgencyHasAuditors(DomainError):
    """An invitation is withdrawn only before any of the agency's auditors is nominated (R-26)."""

    code = "agency_has_auditors"
    kind = "conflict"


class ReturnIncomplete(DomainError):
    """A return is submitted only when complete (R-10)."""

    code = "return_incomplete"


class ReturnLocked(DomainError):
    """A submitted return changes only through a reopen or a moderation revision."""

    code = "return_locked"


class AlreadyRecorded(DomainError):
    """The thing has already happened and cannot happen again."""

    code = "already_recorded"


class NotReady(DomainError):
    """A step needs an earlier step first."""

    code = "not_ready"


class ReportFrozen(DomainError):
    """A signed-off report changes only through a new draft and a new sign-off (R-17)."""

    code = "report_signed_off"
