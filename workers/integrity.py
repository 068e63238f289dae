"""The trail's background jobs (R-30): a checkpoint every N events or M minutes, emailed as a digest to
governance; an incremental verification, kept for /readyz, with an integrity alert when it fails."""

from __future__ import annotations

from datetime import datetime

from integrity.checkpoints import Checkpoint, exported
from integrity.ledger import Ledger
from integrity.service import IntegrityFailure, make_checkpoint, run_verification
from integrity.verify import Finding
from workers.runtime import Runtime


def checkpoint_if_due(rt: Runtime) -> int | None:
    """Make a checkpoint when N events or M minutes have passed since the last; its tree size, or None."""
    settings, last = rt.settings, _last(rt)
    head = rt.app.max_position()
    since = (last.event_position or last.tree_size) if last else 0
    if head <= since:
        return None
    minutes = (rt.app.clock() - datetime.fromisoformat(last.signed_at)).total_seconds() / 60 if last else 0.0
    if (
        last
        and head - last.tree_size < settings.checkpoint_every_events
        and minutes < settings.checkpoint_every_minutes
    ):
        return None
    try:
        checkpoint = make_checkpoint(rt.app, settings)
    except IntegrityFailure as failure:
        alert(rt, failure.finding)
        raise
    if checkpoint is None:
        return None
    send_digest(rt, checkpoint)
    return checkpoint.tree_size


def send_digest(rt: Runtime, checkpoint: Checkpoint) -> bool:
    """Email governance what anyone needs to check the trail against later, kept apart from the database."""
    text = (
        f"assure signed a checkpoint of the trail.\n\ntree size: {checkpoint.tree_size}\nroot: {checkpoint.root}\n"
        f"chain head: {checkpoint.chain_head}\nsigned at: {checkpoint.signed_at}\nkey id: {checkpoint.key_id}\n"
        f"public key: {checkpoint.public_key}\nsignature: {checkpoint.signature}\n"
        f"recorded at log position: {checkpoint.event_position}\n\nKeep this email: `assure verify` and"
        " docs/integrity.md explain how to check the trail against it."
    )
    subject = f"Trail checkpoint: the first {checkpoint.tree_size} events"
    return rt.mailer.send_once(f"checkpoint:{checkpoint.tree_size}", rt.settings.governance_emails, subject, text)


def verify_trail(rt: Runtime) -> bool:
    """Verify from the last checkpoint a clean run reached; keep the outcome; alert on failure."""
    ledger = rt.app.ledger
    assert isinstance(ledger, Ledger)
    last = ledger.last_verification()
    start = last.get("clean_checkpoint", 0) + 1 if last and last.get("ok") else 1
    outcome = run_verification(rt.app, rt.settings, start)
    clean_through = max((c.tree_size for c in exported(rt.settings.checkpoint_export_path)
                         if c.tree_size <= outcome.checked_through), default=0)  # fmt: skip
    ledger.record(outcome, clean_checkpoint=clean_through if outcome.ok else 0)
    if outcome.finding is not None:
        alert(rt, outcome.finding)
    return outcome.ok


def alert(rt: Runtime, finding: Finding) -> bool:
    """An integrity alert to governance and the Executive Group, once per finding."""
    to = [*rt.settings.governance_emails, *rt.settings.executive_emails]
    text = (
        f"Verification of the assure trail failed.\n\n{finding}\n\nThe trail may have been altered outside assure."
        " Keep the exported checkpoints and the emailed digests; run `assure verify` to see the finding again."
    )
    subject = f"Integrity alert: the trail is {finding.kind} at position {finding.position}"
    return rt.mailer.send_once(f"integrity-alert:{finding.kind}:{finding.position}", to, subject, text)


def _last(rt: Runtime) -> Checkpoint | None:
    files = exported(rt.settings.checkpoint_export_path)
    return files[-1] if files else None
