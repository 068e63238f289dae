"""Errors the application adds to the domain's: who may do what, and what exists."""

from __future__ import annotations

from domain.errors import DomainError


class NotPermitted(DomainError):
    """The acting person's role does not allow this."""

    code = "not_permitted"
    kind = "forbidden"


class NotFound(DomainError):
    """Nothing by that id, or nothing this person may see (hidden things are not found)."""

    code = "not_found"
    kind = "not_found"


class ConcurrentChange(DomainError):
    """Someone else changed the same record at the same moment; read it again and retry."""

    code = "concurrent_change"


class StaleVersion(DomainError):
    """The caller's copy is older than the stored record."""

    code = "stale_version"
    kind = "precondition"


class NotAuthenticated(DomainError):
    """No valid credential came with the request."""

    code = "not_authenticated"
    kind = "unauthenticated"


class TrailDamaged(DomainError):
    """Verification of the trail found tampering (R-30): what, and the first position it concerns."""

    code = "trail_damaged"

    def __init__(self, kind: str, position: int, detail: str) -> None:
        super().__init__(f"{kind} at position {position}: {detail}")
        self.kind, self.position, self.detail = kind, position, detail
