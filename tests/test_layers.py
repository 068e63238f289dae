"""The layer rules of DESIGN.md, for every package: dependencies point inwards, never sideways.

    cli (the composition root and entry points) -> api | workers | projections | integrity | demo -> application
    -> domain

api, workers and projections never import each other; only cli builds the system. demo drives the application
only; benchmarks never import the tests.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OURS = {"domain", "application", "api", "workers", "projections", "integrity", "cli", "demo", "benchmarks", "tests"}
MAY_IMPORT: dict[str, set[str]] = {
    "domain": {"domain"},
    "application": {"application", "domain"},
    "api": {"api", "application", "domain"},
    "workers": {"workers", "application", "domain"},
    "projections": {"projections", "application", "domain"},
    "integrity": {"integrity", "application", "domain"},  # the chained stores, checkpoints, proofs
    "demo": {"demo", "application", "domain"},
    "cli": {"cli", "api", "workers", "projections", "integrity", "demo", "application", "domain"},
    "benchmarks": {"benchmarks", "cli", "api", "workers", "projections", "integrity", "demo", "application", "domain"},
}


def imports_of(path: Path) -> set[str]:
    """The top-level names of our packages that a module imports, wherever in the module the import sits."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & OURS


def broken_rules(root: Path) -> list[str]:
    """Every import that breaks a layer rule, as 'file imports package'."""
    broken = []
    for package, allowed in MAY_IMPORT.items():
        for path in sorted((root / package).rglob("*.py")):
            for imported in sorted(imports_of(path) - allowed):
                broken.append(f"{path.relative_to(root)} imports {imported}")
    return broken


def test_every_package_imports_only_inwards() -> None:
    assert broken_rules(ROOT) == []


def test_the_layer_check_spots_a_planted_sideways_import(tmp_path: Path) -> None:
    for package in MAY_IMPORT:
        (tmp_path / package).mkdir()
    (tmp_path / "api" / "routes.py").write_text("def f():\n    from workers import webhooks\n    return webhooks\n")
    (tmp_path / "workers" / "relay.py").write_text("from projections.store import ViewStore\n")
    (tmp_path / "application" / "app.py").write_text("import api.app\n")
    (tmp_path / "benchmarks" / "api.py").write_text("from tests.builders import Partnership\n")
    assert broken_rules(tmp_path) == [
        "application/app.py imports api",
        "api/routes.py imports workers",
        "workers/relay.py imports projections",
        "benchmarks/api.py imports tests",
    ]


def test_no_import_cycle_between_worker_modules() -> None:
    """The relay and the webhook pump use the runtime; the runtime imports neither."""
    runtime = (ROOT / "workers" / "runtime.py").read_text()
    assert "workers.relay" not in runtime and "workers.webhooks" not in runtime


def test_the_application_is_sibling_command_groups_at_most_three_levels_below_application() -> None:
    from eventsourcing.application import Application

    from application.app import AssureApplication
    from application.base import AssureBase

    groups = AssureApplication.__bases__
    assert len(groups) > 5 and all(group.__bases__ == (AssureBase,) for group in groups)

    def depth(cls: type) -> int:
        """Levels of inheritance between a class and eventsourcing's Application."""
        if cls is Application:
            return 0
        return 1 + max(depth(base) for base in cls.__bases__ if issubclass(base, Application))

    assert depth(AssureApplication) == 3  # AssureApplication -> a group -> AssureBase -> Application


def test_the_worker_command_knows_every_queue_the_actors_use() -> None:
    from cli.workers import QUEUES
    from workers import actors

    assert set(QUEUES) == set(actors.QUEUES) == {actor.queue_name for actor in actors.ACTORS}
