"""End to end: ``assure demo`` in an empty directory, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import PG, drop_pg_schema, fresh_pg_schema

ASSURE = [sys.executable, "-m", "cli.main"]
ROOT = Path(__file__).resolve().parents[1]


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("ASSURE_")}
    environ |= {"PYTHONPATH": str(ROOT)} | env
    return subprocess.run([*ASSURE, *args], cwd=cwd, env=environ, capture_output=True, text=True, timeout=300)


def test_demo_plays_the_whole_year_in_an_empty_directory_on_sqlite_and_is_deterministic_r2_r28(
    tmp_path: Path,
) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first, second = run(["demo"], tmp_path / "one"), run(["demo"], tmp_path / "two")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert (tmp_path / "one" / "var" / "assure.sqlite").exists()
    for theme in ("DA deep dive", "Strategy Meetings", "Physical Abuse", "Partnership engagement", "Sexual Abuse",
                  "Voice of the Child", "S175", "Section 11", "Impact of multi-agency training",
                  "Single-agency audit"):  # fmt: skip
        assert theme in first.stdout
    for moment in ("Assignment refused", "urgent concern", "challenge session revised", "Exception report issued",
                   "action R1.1 completed", "closed by the chair", "Routine summary 2023-02",
                   "Business manager scheduled the risk report"):  # fmt: skip
        assert moment.lower() in first.stdout.lower()
    assert len({line.split(": ", 2)[-1] for line in first.stdout.splitlines() if "revised" in line}) >= 5
    emails = list((tmp_path / "one" / "var" / "outbox").glob("*.eml"))
    assert any("Exception report" in e.read_text() for e in emails)
    assert any("Routine assurance summary" in e.read_text() for e in emails)
    steps = (tmp_path / "one" / "var" / "demo-next-steps.txt").read_text()
    assert "assure report " in steps and "GOVERNANCE_TOKEN=" in steps


def test_demo_refuses_a_store_that_already_holds_events(tmp_path: Path) -> None:
    assert run(["demo"], tmp_path).returncode == 0
    again = run(["demo"], tmp_path)
    assert again.returncode == 1
    assert "already holds events" in again.stderr and "Traceback" not in again.stderr


def test_demo_runs_on_postgres_with_settings(tmp_path: Path) -> None:
    schema = fresh_pg_schema()
    try:
        result = run(["demo"], tmp_path, ASSURE_STORE="postgres", ASSURE_POSTGRES_HOST=PG["host"],
                     ASSURE_POSTGRES_PORT=str(PG["port"]), ASSURE_POSTGRES_DBNAME=PG["dbname"],
                     ASSURE_POSTGRES_SCHEMA=schema)  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert "events recorded in the postgres store" in result.stdout
    finally:
        drop_pg_schema(schema)


def test_an_unreachable_store_gives_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    result = run(["demo"], tmp_path, ASSURE_STORE="postgres", ASSURE_POSTGRES_PORT="1",
                 ASSURE_POSTGRES_CONNECT_TIMEOUT="1")  # fmt: skip
    assert result.returncode == 1
    assert "could not be reached" in result.stderr and "Traceback" not in result.stderr


def test_invalid_settings_are_reported_clearly(tmp_path: Path) -> None:
    result = run(["demo"], tmp_path, ASSURE_STORE="mongodb")
    assert result.returncode == 1
    assert "invalid settings" in result.stderr and "Traceback" not in result.stderr


def test_admin_bootstrap_prints_a_working_token_last(tmp_path: Path) -> None:
    result = run(["admin", "bootstrap", "--name", "Ada Admin"], tmp_path)
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip().splitlines()[-1]
    from application.settings import Settings
    from cli.system import build_application

    app = build_application(Settings(sqlite_path=tmp_path / "var" / "assure.sqlite"))
    principal = app.authenticate(token)
    assert principal.name == "Ada Admin" and "admin" in principal.roles
    again = run(["admin", "bootstrap", "--name", "Ada Admin"], tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr


def test_admin_bootstrap_refuses_once_an_admin_exists_and_recovery_is_forced_with_a_reason_13(tmp_path: Path) -> None:
    assert run(["admin", "bootstrap", "--name", "Ada Admin"], tmp_path).returncode == 0
    second = run(["admin", "bootstrap", "--name", "Eve Extra"], tmp_path)
    assert second.returncode == 1 and "an admin already exists" in second.stderr and "Traceback" not in second.stderr
    no_reason = run(["admin", "bootstrap", "--name", "Rob Recovery", "--force"], tmp_path)
    assert no_reason.returncode == 1 and "--force needs --reason" in no_reason.stderr
    forced = run(["admin", "bootstrap", "--name", "Rob Recovery", "--force", "--reason", "Ada left"], tmp_path)
    assert forced.returncode == 0, forced.stderr
    from application.settings import Settings
    from cli.system import build_application

    app = build_application(Settings(sqlite_path=tmp_path / "var" / "assure.sqlite"))
    assert app.authenticate(forced.stdout.strip().splitlines()[-1]).name == "Rob Recovery"
    reasons = [
        e.event.data["reason"]
        for e in app.log_reader().read(0, 100)
        if e.event and e.event.type == "AdminBootstrapForced"
    ]
    assert reasons == ["Ada left"]


def test_demo_scale_generates_every_audit_kind_at_realistic_sizes(tmp_path: Path) -> None:
    result = run(["demo", "--scale", "1"], tmp_path)
    assert result.returncode == 0, result.stderr
    from application.principal import Principal
    from application.settings import Settings
    from cli.system import build_system
    from domain.values import Role

    settings = Settings(sqlite_path=tmp_path / "var" / "assure.sqlite", views_sqlite_path=tmp_path / "views.sqlite")
    system = build_system(settings)
    app = system.app
    system.runner.catch_up()
    audits = app.list_audits(Principal.for_system("test", Role.GOVERNANCE))
    kinds = sorted(a["kind"] for a in audits)
    assert kinds == ["s157_175_schools", "section_11"] + ["thematic_deep_dive"] * 6
    sizes = {
        a["kind"]: len(app.return_matrix(Principal.for_system("t", Role.GOVERNANCE), a["audit_id"])) for a in audits
    }
    assert sizes == {"thematic_deep_dive": 40, "section_11": 40, "s157_175_schools": 80}
    assert run(["demo", "--scale", "0"], tmp_path).returncode == 1


def test_organisations_import_registers_schools_and_lists_rows_in_error(tmp_path: Path) -> None:
    csv_file = tmp_path / "schools.csv"
    csv_file.write_text("code,name,dsl_name,dsl_email\nSCH1,Oak Primary,Ann Oak,ann@oak.example\n"
                        "SCH2,Elm High,Bo Elm,not-an-email\n")  # fmt: skip
    result = run(["organisations", "import", str(csv_file)], tmp_path)
    assert result.returncode == 1
    assert "registered SCH1 (row 2)" in result.stdout and "1 registered, 1 rows in error" in result.stdout
    assert result.stderr.strip() == "error: row 3: dsl_email 'not-an-email' is not an email address"


def test_exception_report_runs_the_scan_and_prints_the_email_workers_send_r21(tmp_path: Path) -> None:
    assert run(["demo"], tmp_path).returncode == 0
    issued = run(["exception-report"], tmp_path)
    assert issued.returncode == 0, issued.stderr
    assert issued.stdout.startswith("Exception report to the Executive Group")
    assert "SMART actions stalled" in issued.stdout and "Owner: Dana Inspector, West Midlands Police" in issued.stdout
    report_id = issued.stderr.split()[2]
    html = run(["exception-report", report_id, "--format", "html"], tmp_path)
    assert html.returncode == 0 and "<html" in html.stdout.lower() and "West Midlands Police" in html.stdout
    again = run(["exception-report"], tmp_path)
    assert again.returncode == 0 and again.stdout == "" and "no exception report issued" in again.stderr


def test_admin_bootstrap_refuses_a_name_over_its_limit_in_one_line(tmp_path: Path) -> None:
    result = run(["admin", "bootstrap", "--name", "A" * 201], tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and "the limit is 200" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def serve_once(tmp_path: Path) -> tuple[str, int]:
    """Start ``assure run`` on a free port, read what it prints until it serves, ask /healthz, then stop it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environ = {k: v for k, v in os.environ.items() if not k.startswith("ASSURE_")} | {"PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([*ASSURE, "run", "--port", str(port)], cwd=tmp_path, env=environ, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
    printed = []
    try:
        assert process.stdout is not None
        for line in process.stdout:  # ends if the process exits before it serves
            printed.append(line)
            if line.startswith("API on"):
                break
        status = 0
        for _ in range(300):  # "API on" is printed as the app starts; the socket opens just after
            if process.poll() is not None:
                break
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code
                break
            except httpx.ConnectError:
                time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(timeout=20)
    return "".join(printed), status


def test_assure_run_starts_on_a_store_made_by_admin_bootstrap_and_prints_no_demo_tokens(tmp_path: Path) -> None:
    assert run(["admin", "bootstrap", "--name", "Ada Admin"], tmp_path).returncode == 0
    printed, status = serve_once(tmp_path)
    assert status == 200, printed
    assert "Tokens for the demo people" not in printed and "assure admin bootstrap" in printed


def test_assure_run_loads_the_demo_into_an_empty_store_and_prints_its_tokens(tmp_path: Path) -> None:
    printed, status = serve_once(tmp_path)
    assert status == 200, printed
    assert "demo: " in printed and "Tokens for the demo people" in printed
