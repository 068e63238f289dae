"""schemathesis over the whole OpenAPI with valid tokens: no 5xx, and every response matches its schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cli.system import build_api
from tests.api.conftest import Http, served_on_loopback
from tests.api.test_journey import fieldwork, plan_audit
from tests.conftest import settings_for


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Http]]:
    """A served app with a partnership and an audit in moderation, so ids in the spec's examples resolve."""
    # No worker side: generated subscriptions name arbitrary URLs, and nothing here may send traffic off the machine.
    app = build_api(settings_for("sqlite", Path(tmp_path_factory.mktemp("schemathesis"))), embedded=True, workers=False)
    with served_on_loopback(app) as base, httpx.Client(base_url=base, timeout=30) as client:
        token, receipt = app.state.application.bootstrap_admin("Admin", "admin@t.example")
        h = Http(client, {"admin": token}, {"admin": str(receipt.id)}).register()  # type: ignore[arg-type]
        fieldwork(h, plan_audit(h))
        yield base, h


# No 5xx, and every response (status, content type, headers, body) matches what the OpenAPI says. Schema-valid
# requests that the domain refuses (a question id twice, a date in the past) rightly get 409/422, so
# schemathesis' "positive data acceptance" check does not apply.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]  # fmt: skip


def check_every_operation(base: str, headers: dict[str, str]) -> list[str]:
    """Run schemathesis' generated cases for each operation; collect what failed, per operation."""
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)  # fmt: skip
        def run(case: Any) -> None:
            case.call_and_validate(base_url=base, headers=headers, checks=CHECKS)

        try:
            run()
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt):
                raise
            failures.append(f"{operation.method.upper()} {operation.path}: {' '.join(str(error).split())[:600]}")
    return failures


def test_every_operation_conforms_for_the_chair(live: tuple[str, Http]) -> None:
    base, h = live
    assert check_every_operation(base, h.headers("chair")) == []


def test_every_operation_conforms_for_an_agency_auditor(live: tuple[str, Http]) -> None:
    base, h = live
    assert check_every_operation(base, h.headers("pol_auditor")) == []
