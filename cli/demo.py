"""``assure demo``: the whole year on the configured store, the scans emailing into the outbox, and where to
look next (the report command, a trail query, tokens) written beside the store."""

from __future__ import annotations

from pathlib import Path

from application.app import AssureApplication
from application.base import utc_now
from application.settings import Settings
from cli.serve import demo_tokens
from cli.system import build_system
from demo.story import Demo, DemoClock
from projections.runner import ProjectionRunner
from workers import jobs
from workers.runtime import Runtime

DEMO_LISTS = {
    "executive_emails": ["exec@lscp.example"],
    "arg_emails": ["arg@lscp.example"],
    "business_manager_emails": ["business@lscp.example"],
    "audit_chair_emails": ["chair@lscp.example"],
}


class Mailing:
    """Behind the demo: the worker's own jobs issue, then email to the Executive Group and the ARG (the outbox)."""

    def __init__(self, rt: Runtime, runner: ProjectionRunner) -> None:
        self.rt, self.runner = rt, runner

    def exception_report(self) -> str | None:
        self.runner.catch_up()
        report_id = jobs.scan_stalled_actions(self.rt)
        if report_id is not None:
            jobs.send_exception_report(self.rt, report_id)
        return report_id

    def routine_summary(self) -> str | None:
        self.runner.catch_up()
        summary_id = jobs.issue_routine_summary(self.rt)
        if summary_id is not None:
            jobs.send_routine_summary(self.rt, summary_id)
        return summary_id


def play_year(clock: DemoClock, settings: Settings) -> list[str]:
    """Play the year on the whole system (views and the worker's mailer); returns the account and what next."""
    settings = settings.model_copy(update={k: v for k, v in DEMO_LISTS.items() if not getattr(settings, k)})
    system = build_system(settings, clock=clock)
    try:
        return _play(system.app, clock, settings, Mailing(system.runtime, system.runner))
    finally:
        system.close()


def _play(app: AssureApplication, clock: DemoClock, settings: Settings, backstage: Mailing) -> list[str]:
    demo = Demo(app, clock, backstage)
    lines = demo.run()
    app.clock = utc_now  # tokens are issued for today, not for the demo's year
    steps = Path(settings.sqlite_path).parent / "demo-next-steps.txt"
    steps.write_text(next_steps(app, demo), encoding="utf-8")
    outbox = sorted(Path(settings.outbox_path).glob("*.eml"))
    return [
        *lines,
        f"{app.max_position()} events recorded in the {settings.store} store; {len(outbox)} emails in"
        f" {settings.outbox_path}/",
        f"Where to look next (this run's audit ids and fresh tokens are in {steps}):",
        "  the report:  assure report <audit id> --format md   (or --format html > report.html)",
        "  the trail:   curl -H \"Authorization: Bearer $GOVERNANCE_TOKEN\" 'http://127.0.0.1:8000/trail?case_ref=DA-07'",
        "  the API:     assure run, then http://127.0.0.1:8000/docs with a token from that file",
    ]


def next_steps(app: AssureApplication, demo: Demo) -> str:
    """The commands, audit ids and tokens of this run (tokens are secrets: the file is for the demo only)."""
    lines = ["# assure demo: where to look next", ""]
    lines += [f"assure report {audit_id} --format md   # {theme}" for theme, audit_id in demo.audits.items()]
    tokens = demo_tokens(app)
    governance = next(token for role, _, token in tokens if role == "governance")
    lines += [
        "",
        f"export GOVERNANCE_TOKEN={governance}",
        "curl -H \"Authorization: Bearer $GOVERNANCE_TOKEN\" 'http://127.0.0.1:8000/trail?case_ref=DA-07'",
        "curl -H \"Authorization: Bearer $GOVERNANCE_TOKEN\" 'http://127.0.0.1:8000/routine-summaries'",
        "",
        "# tokens (valid 7 days; 'Authorization: Bearer <token>')",
    ]
    lines += [f"{role:<22} {name:<18} {token}" for role, name, token in tokens]
    return "\n".join(lines) + "\n"
