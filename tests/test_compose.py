"""docker-compose.yml cannot run here (no Docker engine), so check what can be checked: commands, settings,
profiles, published ports, passwords, secrets and TLS (issue 18)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from application.deployment import secret_settings
from application.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
ASSURE_SERVICES = {"schema", "api", "projector", "relay", "worker", "webhook-worker", "scheduler"}
DIGEST = re.compile(r"@sha256:[0-9a-f]{64}\b")


def document() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def services() -> dict[str, dict[str, Any]]:
    return document()["services"]


def published_ports(service: dict[str, Any]) -> list[str]:
    return [str(port) for port in service.get("ports", [])]


def test_every_assure_command_in_compose_is_a_real_command() -> None:
    commands = [s["command"] for s in services().values() if isinstance(s.get("command"), list)]
    assure_commands = [c for c in commands if c[0] == "assure"]
    assert assure_commands, "compose runs no assure process"
    from cli.main import parser

    for command in assure_commands:
        parser().parse_args(command[1:])  # exits (failing the test) on an unknown command or option


def test_the_variables_compose_sets_are_exactly_the_settings_the_code_reads() -> None:
    secrets = set(secret_settings(Settings))
    assure_services = {name: s for name, s in services().items() if s.get("image") == "assure:latest"}
    assert set(assure_services) == ASSURE_SERVICES
    for name, service in assure_services.items():
        environment = service.get("environment") or {}
        assert isinstance(environment, dict)
        read = set()
        for variable in environment:
            setting = variable.removeprefix("ASSURE_").lower()
            if setting not in Settings.model_fields:  # else the secret setting's file: ASSURE_<NAME>_FILE
                setting = setting.removesuffix("_file")
                assert setting in secrets, f"{name}: {variable} is no setting"
            read.add(setting)
        assert read == set(Settings.model_fields), f"{name}: {read ^ set(Settings.model_fields)}"


def test_every_secret_comes_from_a_docker_secret_never_from_the_environment() -> None:
    declared = document()["secrets"]
    for name in ASSURE_SERVICES:
        service = services()[name]
        environment = service["environment"]
        for setting in secret_settings(Settings):
            variable = f"ASSURE_{setting.upper()}"
            assert variable not in environment, f"{name}: {variable} should be {variable}_FILE"
            path = environment[f"{variable}_FILE"]
            secret = path.removeprefix("/run/secrets/")
            assert path.startswith("/run/secrets/") and secret in service["secrets"] and secret in declared
    assert services()["postgres"]["environment"]["POSTGRES_PASSWORD_FILE"] == "/run/secrets/postgres_password"
    assert not any("PASSWORD:" in line for line in COMPOSE.read_text().splitlines()), "a password in the file"


def test_compose_runs_in_production_mode_with_smtp_required() -> None:
    environment = services()["api"]["environment"]
    assert environment["ASSURE_ENV"] == "${ASSURE_ENV:-production}"
    assert environment["ASSURE_SMTP_HOST"].startswith("${ASSURE_SMTP_HOST:?")  # no default host, no Mailpit
    assert "mailpit" not in environment["ASSURE_SMTP_HOST"].split(":?")[0]


def test_profiles_keep_mailpit_to_trials_and_rabbitmq_optional() -> None:
    profiles = {name: service.get("profiles") for name, service in services().items()}
    assert profiles["mailpit"] == ["trial"] and profiles["rabbitmq"] == ["rabbitmq"]
    assert all(profile is None for name, profile in profiles.items() if name not in ("mailpit", "rabbitmq"))


def test_mailpit_publishes_only_on_loopback_and_asks_for_a_login() -> None:
    mailpit = services()["mailpit"]
    assert published_ports(mailpit) and all(p.startswith("127.0.0.1:") for p in published_ports(mailpit))
    assert mailpit["environment"]["MP_UI_AUTH_FILE"] == "/run/secrets/mailpit_ui_auth"
    for name, service in services().items():
        if name != "mailpit":
            assert not any(p.split(":")[-2:][0] in ("8025", "1025") for p in published_ports(service)), name


def test_only_the_tls_proxy_is_published_and_it_forwards_to_the_api() -> None:
    published = {name for name, service in services().items() if published_ports(service)}
    assert published == {"proxy", "mailpit"}
    assert set(published_ports(services()["proxy"])) == {"80:80", "443:443"}
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "reverse_proxy api:8000" in caddyfile and "tls internal" not in caddyfile
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in services()["proxy"]["volumes"]


def test_redis_and_rabbitmq_require_a_password_from_a_secret() -> None:
    redis = services()["redis"]
    assert "requirepass" in redis["command"][-1] and "/run/secrets/redis_password" in redis["command"][-1]
    assert "REDISCLI_AUTH" in redis["healthcheck"]["test"][-1] and "PONG" in redis["healthcheck"]["test"][-1]
    rabbitmq = services()["rabbitmq"]
    assert rabbitmq["environment"]["RABBITMQ_DEFAULT_USER"] == "assure"
    assert 'RABBITMQ_DEFAULT_PASS="$$(cat /run/secrets/rabbitmq_password)"' in rabbitmq["command"][-1]
    environment = services()["api"]["environment"]
    assert "guest" not in environment["ASSURE_RABBITMQ_URL"] and "@" not in environment["ASSURE_REDIS_URL"]


def test_every_service_restarts_and_the_databases_have_health_checks() -> None:
    for name, service in services().items():
        assert "restart" in service, name
    for name in ("postgres", "redis", "api"):
        assert "healthcheck" in services()[name]


def test_every_image_is_pinned_and_the_dockerfile_runs_as_a_non_root_user_from_a_base_pinned_by_digest() -> None:
    for name, service in services().items():
        image = service["image"]
        assert image == "assure:latest" or re.search(r":[0-9v][^:]*$", image), f"{name}: {image} is not pinned"
    dockerfile = (ROOT / "Dockerfile").read_text()
    bases = re.findall(r"^FROM (\S+)", dockerfile, re.MULTILINE)
    assert len(bases) == 2 and all(DIGEST.search(base) for base in bases) and len(set(bases)) == 1
    assert "\nUSER assure" in dockerfile and "--require-hashes" in dockerfile


def test_the_image_holds_one_root_owned_copy_of_the_code() -> None:
    final_stage = (ROOT / "Dockerfile").read_text().split("\nFROM ")[-1]
    copies = re.findall(r"^COPY (.*)$", final_stage, re.MULTILINE)
    assert all("requirements/runtime.txt" in c or c.startswith("--from=build /dist/") for c in copies), copies
    assert "chown" not in final_stage and "install -d -o assure -g assure -m 0700 /app/var" in final_stage


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
