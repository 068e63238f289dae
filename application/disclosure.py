"""What a reader of the public log may receive (R-31): one function every public reading path calls.

Every field of every public event has a data class, declared beside the event (``DATA_CLASSES`` in each
aggregate's module). A reader's entitlement names the event types it reads (all when none) and the highest
class it receives; fields above it are left out, never masked, and ``secret`` fields never leave.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain import (
    access_log,
    action,
    administration,
    audit_events,
    audit_return,
    audit_tool,
    checkpoint,
    concern,
    exception_report,
    partnership,
    read_record,
    risk_report,
    routine_summary,
    schedule,
    standards,
    subscription,
    training,
)
from domain.subscription import Subscription
from domain.values import ASSESSMENT, CASE_CONTENT, DISCLOSABLE, REFERENCE, SECRET, Role

_DECLARING_MODULES = (schedule, audit_events, audit_return, concern, action, risk_report, audit_tool, partnership,
                      access_log, exception_report, subscription, training, routine_summary, standards,
                      checkpoint, read_record, administration)  # fmt: skip
FIELD_CLASSES: dict[str, dict[str, str]] = {
    event_type: fields for module in _DECLARING_MODULES for event_type, fields in module.DATA_CLASSES.items()
}
RANK: dict[str, int] = {name: rank for rank, name in enumerate((*DISCLOSABLE, SECRET))}


@dataclass(frozen=True)
class Entitlement:
    """What one reader receives: some event types (all when empty) up to a data class."""

    data_class: str = REFERENCE
    event_types: frozenset[str] = frozenset()

    def reads(self, event_type: str) -> bool:
        """Whether the reader receives events of this type at all."""
        return not self.event_types or event_type in self.event_types

    def receives(self, field_class: str) -> bool:
        """Whether a field of this class reaches the reader; a secret never does."""
        return field_class != SECRET and RANK.get(field_class, RANK[SECRET]) <= RANK.get(self.data_class, 0)


WHOLE = Entitlement(CASE_CONTENT)  # governance, the chair and the QA officer: everything but secrets
DEFAULT = Entitlement()  # everyone else: references only


def disclose(item: dict[str, Any], entitlement: Entitlement) -> dict[str, Any] | None:
    """The feed item as this reader may see it, or None when the reader does not read its type.

    A field with no declared class is treated as secret, so a new field leaks nothing until it is classified.
    """
    if not entitlement.reads(item["type"]):
        return None
    classes = FIELD_CLASSES.get(item["type"], {})
    data = {name: value for name, value in item["data"].items() if entitlement.receives(classes.get(name, SECRET))}
    return {**item, "data": data}


def disclose_whole(item: dict[str, Any]) -> dict[str, Any]:
    """The item as the trail readers see it: everything but secrets."""
    disclosed = disclose(item, WHOLE)
    assert disclosed is not None  # the whole reads every type
    return disclosed


CASE_CONTENT_TYPES: frozenset[str] = frozenset(
    event_type for event_type, fields in FIELD_CLASSES.items() if {CASE_CONTENT, ASSESSMENT} & set(fields.values())
)  # the event types whose trail summary may quote case content


def carries_case_content(item: dict[str, Any]) -> bool:
    """Whether a disclosed item holds case-level content: case content or a case's assessments (R-26)."""
    classes = FIELD_CLASSES.get(item["type"], {})
    return any(classes.get(name) in (CASE_CONTENT, ASSESSMENT) for name in item["data"])


def for_subscription(subscription: Subscription) -> Entitlement:
    """What a push subscription receives: its event types, up to the data class an admin granted it."""
    return Entitlement(subscription.data_class, frozenset(subscription.event_types))


def for_credential(credential: dict[str, Any]) -> Entitlement:
    """What a subscriber's credential reads of the pull feed: references only unless an admin granted more."""
    return Entitlement(credential.get("data_class", REFERENCE), frozenset(credential.get("event_types", ())))


def for_reader(roles: frozenset[str], credential: dict[str, Any] | None) -> Entitlement:
    """What a person reads of the log: the trail readers the whole; a subscriber what its credential was granted;
    everyone else, the admin too, references only."""
    if roles & {Role.GOVERNANCE, Role.AUDIT_CHAIR, Role.QA_OFFICER}:
        return WHOLE
    if Role.SUBSCRIBER in roles and credential is not None:
        return for_credential(credential)
    return DEFAULT
