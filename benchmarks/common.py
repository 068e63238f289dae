"""Shared benchmark plumbing: a throwaway PostgreSQL schema, timing, and the results table."""

from __future__ import annotations

import os
import platform
import socket
import statistics
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg

from application.settings import Settings

PG_HOST = os.environ.get("ASSURE_BENCH_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("ASSURE_BENCH_PG_PORT", "5432"))
PG_DBNAME = os.environ.get("ASSURE_BENCH_PG_DBNAME", "test")
PG_USER = os.environ.get("ASSURE_BENCH_PG_USER", "postgres")
PG_CONNINFO = f"host={PG_HOST} port={PG_PORT} dbname={PG_DBNAME} user={PG_USER}"


@dataclass
class Figure:
    """One line of the results table."""

    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    goal: str = ""

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None


@contextmanager
def postgres_settings(**extra: object) -> Iterator[Settings]:
    """Settings on a fresh schema of the benchmark database, dropped afterwards."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_CONNINFO, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        base = Settings(
            store="postgres",
            postgres_host=PG_HOST,
            postgres_port=PG_PORT,
            postgres_dbname=PG_DBNAME,
            postgres_user=PG_USER,
            postgres_schema=schema,
        )
        yield base.model_copy(update=extra)
    finally:
        with psycopg.connect(PG_CONNINFO, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@contextmanager
def timed() -> Iterator[list[float]]:
    """Yields a list that holds the elapsed seconds once the block ends."""
    elapsed: list[float] = []
    start = time.perf_counter()
    yield elapsed
    elapsed.append(time.perf_counter() - start)


def percentile(values: list[float], share: float) -> float:
    """A percentile (share in 0..1) of a list of measurements."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> str:
    """What the figures were measured on."""
    cores = os.cpu_count()
    with psycopg.connect(PG_CONNINFO) as conn:
        server = conn.execute("SHOW server_version").fetchone()
    version = server[0] if server else "?"
    return f"{platform.platform()}, {cores} cores, Python {platform.python_version()}, PostgreSQL {version}"


def print_table(figures: list[Figure]) -> None:
    """One table: figure, value, the baseline measured in the same run, the ratio, and the goal."""
    header = f"{'figure':<52}{'value':>16}  {'baseline (same run)':<40}{'ratio':>7}  goal"
    print(header)
    print("-" * len(header))
    for f in figures:
        value = f"{f.value:,.1f} {f.unit}"
        baseline = f"{f.baseline:,.1f} {f.baseline_name}" if f.baseline else ""
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else ""
        print(f"{f.name:<52}{value:>16}  {baseline:<40}{ratio:>7}  {f.goal}")


PORTS = range(18190, 18200)  # the ports the benchmarks' live servers may use on the shared machine


def free_port() -> int:
    """A free TCP port on loopback, of the ones the benchmarks' live servers may use (18190-18199)."""
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")
