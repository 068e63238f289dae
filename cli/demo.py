"""``assure demo``: the whole year on the configured store, the scans emailing into the outbox, and where to
look next (the report command, a trail query, tokens) written beside the store."""

from __future__ import annotations

from pathlib import Path

from application.app import AssureApplication
from application.base import utc_now
from application.settings import Settings
from cli.serve import demo_tokens
from demo.backstage import Mailing
from demo.story import Demo, DemoClock
from projections.setup import attach_views
from workers.mail import Mailer
from workers.runtime import Runtime

DEMO_LISTS = {
    "executive_emails": ["exec@lscp.example"],
    "arg_emails": ["arg@lscp.example"],
    "business_manager_emails": ["business@lscp.example"],
    "audit_chair_emails": ["chair@lscp.example"],
}


def play_year(app: AssureApplication, clock: DemoClock, settings: Settings) -> list[str]:
    """Play the year; returns the account, ending with where to look next."""
    settings = settings.model_copy(update={k: v for k, v in DEMO_LISTS.items() if not getattr(settings, k)})
    runner = attach_views(app, settings)
    rt = Runtime(settings, app, runner.store, Mailer(settings, runner.store))
    demo = Demo(app, clock, Mailing(rt, runner))
    lines = demo.run()
    runner.catch_up()
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
