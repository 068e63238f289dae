"""docker-compose.yml cannot run here (no Docker engine), so check what can be checked."""

from __future__ import annotations

from pathlib import Path

import yaml

from application.settings import Settings
from cli.main import COMMANDS

COMPOSE = Path(__file__).resolve().parents[1] / "docker-compose.yml"


def services() -> dict[str, dict[str, object]]:
    document = yaml.safe_load(COMPOSE.read_text())
    return document["services"]


def test_every_assure_command_in_compose_is_a_real_command() -> None:
    commands = [s["command"] for s in services().values() if isinstance(s.get("command"), list)]
    assure_commands = [c for c in commands if c[0] == "assure"]
    assert assure_commands, "compose runs no assure process"
    for command in assure_commands:
        assert command[1] in COMMANDS, f"compose runs unknown command {command}"


def test_every_assure_variable_in_compose_is_a_real_setting() -> None:
    settings = {f"ASSURE_{name.upper()}" for name in Settings.model_fields}
    for name, service in services().items():
        environment = service.get("environment") or {}
        assert isinstance(environment, dict)
        unknown = {key for key in environment if key.startswith("ASSURE_")} - settings
        assert unknown == set(), f"{name} sets variables no code reads: {unknown}"
