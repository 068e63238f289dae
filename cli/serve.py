"""``assure run`` (the embedded mode), ``assure api`` and ``assure admin bootstrap``."""

from __future__ import annotations

import argparse
import re
from datetime import UTC, datetime

import uvicorn

from application.app import AssureApplication
from application.errors import NotFound
from application.settings import Settings
from cli.system import build_api, build_application
from demo.data import PEOPLE
from demo.story import DemoClock, load_demo
from domain.errors import InvalidValue
from domain.values import Role

DEFAULT_WORKERS = 2  # API processes: on two cores, two give the better p99 (docs/benchmarks.md, issue 19)


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the serving commands."""
    run = commands.add_parser("run", help="the embedded mode: SQLite, projector in-process, API, demo data")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8000)
    run.set_defaults(handler=run_embedded)
    api = commands.add_parser("api", help="serve the HTTP API (production: run the projector separately)")
    api.add_argument("--host", default="0.0.0.0")
    api.add_argument("--port", type=int, default=8000)
    api.add_argument(
        "--workers",
        type=int,
        default=DEFAULT_WORKERS,
        help=f"API processes (default {DEFAULT_WORKERS}: the best p99 on two cores, docs/benchmarks.md)",
    )
    api.add_argument(
        "--access-log",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="log every request (uvicorn's access log)",
    )
    api.set_defaults(handler=run_api)
    admin = commands.add_parser("admin", help="administration")
    actions = admin.add_subparsers(dest="action", required=True)
    bootstrap = actions.add_parser("bootstrap", help="create the first admin; prints its token last")
    bootstrap.add_argument("--name", required=True)
    bootstrap.add_argument("--email", help="defaults to a name-based address at localhost")
    bootstrap.add_argument(
        "--force",
        action="store_true",
        help="recovery only: make an admin although one exists (needs --reason; recorded)",
    )
    bootstrap.add_argument("--reason", help="why the bootstrap is forced (recorded on the trail)")
    bootstrap.set_defaults(handler=bootstrap_admin)


def bootstrap_admin(args: argparse.Namespace, settings: Settings) -> int:
    """Create the first admin and print their token as the last line."""
    email = args.email or re.sub(r"[^a-z0-9.]+", ".", args.name.lower()).strip(".") + "@localhost"
    if args.force and not (args.reason or "").strip():
        raise InvalidValue("--force needs --reason: say why no admin can act (it is recorded on the trail)")
    if args.reason and not args.force:
        raise InvalidValue("--reason goes with --force")
    token, receipt = build_application(settings).bootstrap_admin(args.name, email, args.reason if args.force else None)
    print(f"admin {args.name} <{email}> created with id {receipt.id}; their token (shown once):")
    print(token)
    return 0


def demo_tokens(app: AssureApplication) -> list[tuple[str, str, str]]:
    """Fresh tokens for the first demo person in each role (auditors and leads: two agencies each)."""
    admin = app.principal(app.person_id_for(PEOPLE[0][1]))
    counts: dict[str, int] = {}
    tokens = []
    for name, email, agency, roles in PEOPLE:
        role = roles[0]
        if email.startswith("auditor2"):
            continue
        counts[role] = counts.get(role, 0) + 1
        if counts[role] > (2 if role in (Role.AUDITOR, Role.AGENCY_LEAD) else 1):
            continue
        token, _ = app.issue_credential(admin, app.person_id_for(email), "make run", valid_days=7)
        tokens.append((role + (f" ({agency})" if agency else ""), name, token))
    return tokens


def holds_demo(app: AssureApplication) -> bool:
    """Whether the store holds the demo partnership's people (loaded by this start or an earlier one)."""
    try:
        for _, email, _, _ in PEOPLE:
            app.person_id_for(email)
    except NotFound:
        return False
    return True


def prepare_demo(app: AssureApplication, address: str = "http://127.0.0.1:8000") -> None:
    """Load the demo data into an empty store; print demo tokens only where the demo is loaded."""
    if app.max_position() == 0:
        clock = DemoClock(datetime(2022, 4, 1, tzinfo=UTC))
        original, app.clock = app.clock, clock
        for line in load_demo(app, clock):  # the scans run for real once the embedded worker starts
            print(f"  demo: {line}")
        app.clock = original
    if holds_demo(app):
        print("Tokens for the demo people (valid 7 days; send as 'Authorization: Bearer <token>'):")
        for role, name, token in demo_tokens(app):
            print(f"  {role:<22} {name:<18} {token}")
    else:
        print(f"The store holds {app.max_position()} events and no demo data; sign in with your own tokens"
              " (the first admin: 'assure admin bootstrap').")  # fmt: skip
    print(f"API on {address} - documentation at {address}/docs", flush=True)


def run_embedded(args: argparse.Namespace, settings: Settings) -> int:
    """SQLite by default, projector in a thread, demo data on first start, API on the given port."""
    address = f"http://{args.host}:{args.port}"
    app = build_api(settings, embedded=True, prepare=lambda application: prepare_demo(application, address))
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def run_api(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the API; views are kept up to date by ``assure projector`` processes."""
    uvicorn.run("cli.system:api_from_environment", factory=True, host=args.host, port=args.port, workers=args.workers,
                log_level="info", access_log=args.access_log)  # fmt: skip
    return 0
