"""#13 identity: the first admin is made once; recovery is forced with a reason on the trail; every event records
the credential that acted (never its secret). On memory, SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from application.app import AssureApplication
from application.principal import Principal
from domain.errors import AlreadyRecorded, ReasonRequired
from domain.values import Role


def events_of(app: AssureApplication, event_type: str) -> list:
    return [e.event for e in app.log_reader().read(0, 500) if e.event is not None and e.event.type == event_type]


def test_bootstrap_makes_the_first_admin_once_and_refuses_after(app: AssureApplication) -> None:
    token, receipt = app.bootstrap_admin("Ada Admin", "ada@lscp.example")
    assert app.authenticate(token).has(Role.ADMIN)
    assert [e.data["person_id"] for e in events_of(app, "FirstAdminAppointed")] == [str(receipt.id)]
    before = app.max_position()
    with pytest.raises(AlreadyRecorded, match="an admin already exists"):
        app.bootstrap_admin("Eve Extra", "eve@lscp.example")
    assert app.max_position() == before  # refused: no event


def test_bootstrap_refuses_when_admins_were_made_another_way(app: AssureApplication) -> None:
    """Admins registered by the demo or by another admin count: the log is scanned for the admin role."""
    app.register_person(Principal.for_system("demo", Role.ADMIN), "Demo Admin", "demo@lscp.example", None,
                        [Role.ADMIN])  # fmt: skip
    before = app.max_position()
    with pytest.raises(AlreadyRecorded):
        app.bootstrap_admin("Eve Extra", "eve@lscp.example")
    assert app.max_position() == before


def test_a_forced_bootstrap_needs_a_reason_and_puts_it_on_the_trail(app: AssureApplication) -> None:
    app.bootstrap_admin("Ada Admin", "ada@lscp.example")
    before = app.max_position()
    with pytest.raises(ReasonRequired):
        app.bootstrap_admin("Rob Recovery", "rob@lscp.example", force_reason="   ")
    assert app.max_position() == before
    token, receipt = app.bootstrap_admin("Rob Recovery", "rob@lscp.example", force_reason="Ada left; no admin")
    assert app.authenticate(token).has(Role.ADMIN)
    [forced] = events_of(app, "AdminBootstrapForced")
    assert forced.data == {"person_id": str(receipt.id), "reason": "Ada left; no admin"}


def test_every_event_records_the_credential_that_acted_never_its_secret(app: AssureApplication) -> None:
    admin_token, admin_receipt = app.bootstrap_admin("Ada Admin", "ada@lscp.example")
    admin = app.authenticate(admin_token)
    app.register_agency(admin, "POL", "Police", "police")
    person = app.register_person(admin, "Pat Police", "pat@police.example", "POL", [Role.AGENCY_LEAD])
    token, _ = app.issue_credential(admin, person.id, "laptop")
    pat = app.authenticate(token)
    app.report_single_agency_risk(pat, "Custody audit", "No appropriate adult in 3 of 10 cases")
    credential_of_pat, secret = token.split(".")[1], token.split(".")[2]
    risk = events_of(app, "SingleAgencyRiskReported")[0]
    assert risk.actor == str(person.id) and risk.event.acting_credential == credential_of_pat
    # The credential was issued by the admin, acting with the admin's own credential.
    [credential] = [e for e in events_of(app, "CredentialIssued") if e.aggregate_id == str(person.id)]
    assert credential.actor == str(admin_receipt.id)
    assert credential.event.acting_credential == admin_token.split(".")[1]
    everything = repr([e.event.event.__dict__ for e in app.log_reader().read(0, 500) if e.event is not None])
    assert secret not in everything and admin_token.split(".")[2] not in everything
    # Systems carry no credential; the envelope field is not part of an event's public data.
    assert all(e.event.acting_credential is None for e in events_of(app, "FirstAdminAppointed"))
    assert "acting_credential" not in risk.data


def test_a_forced_bootstrap_recovers_an_existing_person_with_a_new_token(app: AssureApplication) -> None:
    """#13: when the only admin lost their token, the forced bootstrap gives that person a new one (and the admin
    role back if it was revoked), with the reason on the trail."""
    first, receipt = app.bootstrap_admin("Ada Admin", "ada@lscp.example")
    token, again = app.bootstrap_admin("Ada Admin", "ADA@lscp.example", force_reason="Ada's laptop was stolen")
    assert again.id == receipt.id and app.authenticate(token).has(Role.ADMIN)
    assert app.authenticate(first).has(Role.ADMIN)  # the old token is revoked by an admin, not by the bootstrap
    [forced] = events_of(app, "AdminBootstrapForced")
    assert forced.data["reason"] == "Ada's laptop was stolen"
