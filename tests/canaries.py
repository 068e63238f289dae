"""Canaries: personal data and case content planted through the application, to be looked for where it must not be."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from application.app import AssureApplication
from application.principal import Principal
from demo.partnership import SECTIONS, Partnership
from domain.values import Role

COMMENTARY = "Canary-commentary-Q7Zx: mother disclosed the bruising on a doorstep visit."
SUMMARY = "Canary-summary-Q7Zx: perpetrator released on bail to the family home."
NAME = "Canary Quill-Q7Zx"
EMAIL = "canary.quill.q7zx@t.example"
CANARIES = {"commentary": COMMENTARY, "summary": SUMMARY, "name": NAME, "email": EMAIL}
MARKS = {what: text.split(":")[0].split("@")[0] for what, text in CANARIES.items()}  # the distinctive part


def plant(app: AssureApplication, lscp: Partnership) -> UUID:
    """A manager named and addressed by canaries, an urgent concern to them and a commentary, all in one audit."""
    audit_id = lscp.in_fieldwork()
    manager = app.register_person(lscp.admin, NAME, EMAIL, "POL", [Role.AGENCY_LEAD]).id
    app.raise_concern(lscp.pol_auditor, audit_id, "DA-01", manager, SUMMARY)
    answers = {"Q1": {"rating": "Good", "commentary": COMMENTARY}}
    app.save_return_draft(lscp.pol_auditor, audit_id, "DA-01", answers=answers, sections=SECTIONS,
                          child_voice_evident=True)  # fmt: skip
    return audit_id


def found_in(value: Any) -> set[str]:
    """Which canaries appear anywhere in a JSON-simple value."""
    text = json.dumps(value, ensure_ascii=False)
    return {what for what, text_ in CANARIES.items() if text_ in text or MARKS[what] in text}


def found_in_bytes(data: bytes) -> set[str]:
    """Which canaries appear in raw bytes (a file, a table copy)."""
    return {what for what, mark in MARKS.items() if mark.encode() in data or mark.lower().encode() in data.lower()}


def subscriber(app: AssureApplication, lscp: Partnership, key: str = "feed") -> tuple[Principal, str]:
    """A downstream system's person and the principal of its credential; returns (principal, credential id)."""
    person_id = app.register_person(lscp.admin, f"Downstream {key}", f"{key}@downstream.example", None,
                                    [Role.SUBSCRIBER]).id  # fmt: skip
    token, _ = app.issue_credential(lscp.admin, person_id, "case management system")
    principal = app.authenticate(token)
    assert principal.credential_id is not None
    return principal, principal.credential_id
