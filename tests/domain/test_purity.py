"""domain/ imports nothing but the standard library and eventsourcing.domain (STYLE.md)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "domain"


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_domain_imports_only_the_standard_library_and_eventsourcing_domain() -> None:
    offenders = {}
    for path in sorted(DOMAIN.glob("*.py")):
        for module in imported_modules(path):
            top = module.split(".")[0]
            allowed = top in sys.stdlib_module_names or top == "domain" or module == "eventsourcing.domain"
            if not allowed:
                offenders[path.name] = module
    assert offenders == {}


def test_domain_reads_no_clock_and_no_environment() -> None:
    for path in DOMAIN.glob("*.py"):
        text = path.read_text()
        for forbidden in ("datetime.now", "date.today", "os.environ", "time.time"):
            assert forbidden not in text, f"{path.name} uses {forbidden}"


def test_the_purity_check_itself_spots_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("import psycopg\nfrom pydantic import BaseModel\n")
    assert imported_modules(module) == {"psycopg", "pydantic"}
