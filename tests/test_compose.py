"""docker-compose.yml cannot run here (no Docker engine), so check what can be checked."""

from __future__ import annotations

from pathlib import Path

import yaml

from application.settings import Settings

COMPOSE = Path(__file__).resolve().parents[1] / "docker-compose.yml"


def services() -> dict[str, dict[str, object]]:
    document = yaml.safe_load(COMPOSE.read_text())
    return document["services"]


def test_every_assure_command_in_compose_is_a_real_command() -> None:
    commands = [s["command"] for s in services().values() if isinstance(s.get("command"), list)]
    assure_commands = [c for c in commands if c[0] == "assure"]
    assert assure_commands, "compose runs no assure process"
    from cli.main import parser

    for command in assure_commands:
        parser().parse_args(command[1:])  # exits (failing the test) on an unknown command or option


def test_the_variables_compose_sets_are_exactly_the_settings_the_code_reads() -> None:
    settings = {f"ASSURE_{name.upper()}" for name in Settings.model_fields}
    assure_services = {name: s for name, s in services().items() if s.get("image") == "assure:latest"}
    assert set(assure_services) == {"schema", "api", "projector", "relay", "worker", "webhook-worker", "scheduler"}
    for name, service in assure_services.items():
        environment = service.get("environment") or {}
        assert isinstance(environment, dict)
        assert set(environment) == settings, f"{name}: {set(environment) ^ settings}"


def test_every_service_restarts_and_the_databases_have_health_checks() -> None:
    for name, service in services().items():
        assert "restart" in service, name
    for name in ("postgres", "redis", "api"):
        assert "healthcheck" in services()[name]


def test_the_dockerfile_runs_as_a_non_root_user_from_a_pinned_base() -> None:
    dockerfile = (COMPOSE.parent / "Dockerfile").read_text()
    assert "FROM python:3.11.10-slim-bookworm" in dockerfile and "\nUSER assure" in dockerfile


def test_only_the_schema_step_connects_as_the_owner_the_rest_as_the_service_role_r30() -> None:
    owner = services()["postgres"]["environment"]["POSTGRES_USER"]
    for name, service in services().items():
        if service.get("image") != "assure:latest":
            continue
        environment = service["environment"]
        if name == "schema":
            assert environment["ASSURE_POSTGRES_USER"] == owner
            assert environment["ASSURE_POSTGRES_SERVICE_USER"] not in ("", owner)
        else:
            assert environment["ASSURE_POSTGRES_USER"] == environment["ASSURE_POSTGRES_SERVICE_USER"] != owner
            assert "checkpoints:/app/checkpoints" in service["volumes"]
