"""``assure verify [--checkpoint FILE] [--from POSITION]`` and ``assure checkpoint``: the tamper-evident trail."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from application.errors import TrailDamaged
from application.settings import Settings
from cli.system import build_application
from integrity.service import make_checkpoint, run_verification


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the integrity commands."""
    verify = commands.add_parser("verify", help="recompute the hash chain and the Merkle tree; check signatures")
    verify.add_argument("--checkpoint", type=Path, metavar="FILE", help="an exported checkpoint to check against")
    verify.add_argument("--from", dest="from_position", type=int, default=1, metavar="POSITION",
                        help="start at the latest exported checkpoint before this position")  # fmt: skip
    verify.set_defaults(handler=run_verify)
    checkpoint = commands.add_parser("checkpoint", help="verify what is new, then sign, record and export a checkpoint")
    checkpoint.set_defaults(handler=run_checkpoint)


def run_verify(args: argparse.Namespace, settings: Settings) -> int:
    """Exit 0 when the trail verifies; else 2, naming the first bad position and how it differs."""
    if args.from_position < 1:
        print("error: --from takes a log position, 1 or more", file=sys.stderr)
        return 1
    if args.checkpoint is not None and not args.checkpoint.is_file():
        print(f"error: no checkpoint file at {args.checkpoint}", file=sys.stderr)
        return 1
    app = build_application(settings.model_copy(update={"create_tables": False}))
    outcome = run_verification(app, settings, args.from_position, args.checkpoint)
    app.close()
    if outcome.finding is not None:
        print(f"FAILED: {outcome.finding}", file=sys.stderr)
        return 2
    print(f"verified positions {outcome.checked_from} to {outcome.checked_through}"
          f" against {outcome.checkpoints_checked} signed checkpoints")  # fmt: skip
    return 0


def run_checkpoint(args: argparse.Namespace, settings: Settings) -> int:
    """Make a checkpoint now (the scheduler does this every N events or M minutes)."""
    app = build_application(settings)
    try:
        checkpoint = make_checkpoint(app, settings)
    except TrailDamaged as failure:
        print(f"FAILED: {failure}; no checkpoint was signed", file=sys.stderr)
        return 2
    finally:
        app.close()
    if checkpoint is None:
        print("nothing new since the last checkpoint")
    else:
        print(f"checkpoint of the first {checkpoint.tree_size} events: root {checkpoint.root}, recorded at position"
              f" {checkpoint.event_position}, exported to {settings.checkpoint_export_path}")  # fmt: skip
    return 0
