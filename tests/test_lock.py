"""The hashed lock files agree with pyproject.toml (issue 18): what the image and CI install is what the project
asks for. Installing the lock with --require-hashes into a fresh venv is `make wheel-check`, run by .ci/run."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+) \\$", re.MULTILINE)


def pins(lock: str) -> dict[str, str]:
    return {canonicalize_name(name): version for name, version in PIN.findall((ROOT / lock).read_text())}


def unsatisfied(requirements: list[str], pinned: dict[str, str]) -> list[str]:
    return [
        text
        for text in requirements
        if (req := Requirement(text)) and not req.specifier.contains(pinned.get(canonicalize_name(req.name), "0.0a0"))
    ]


def test_every_runtime_dependency_is_locked_within_its_range() -> None:
    assert unsatisfied(PROJECT["dependencies"], pins("requirements/runtime.txt")) == [], "run `make lock`"


def test_every_development_dependency_is_locked_within_its_range_beside_the_same_runtime_versions() -> None:
    runtime, dev = pins("requirements/runtime.txt"), pins("requirements/dev.txt")
    assert unsatisfied(PROJECT["optional-dependencies"]["dev"], dev) == [], "run `make lock`"
    assert {name: dev.get(name) for name in runtime} == runtime, "tests must run the versions the image ships"


def test_every_locked_package_carries_hashes() -> None:
    for lock in ("requirements/runtime.txt", "requirements/dev.txt", "requirements/build.txt"):
        entries = re.split(r"\n(?=\S)", (ROOT / lock).read_text())
        pinned = [entry for entry in entries if PIN.match(entry)]
        assert pinned and all("--hash=sha256:" in entry for entry in pinned), lock
