"""The trail's background jobs (R-30): a checkpoint every N events or M minutes, emailed as a digest to
governance; an incremental verification, kept for /readyz, with an integrity alert when it fails."""

from __future__ import annotations

from typing import Any

from application.errors import TrailDamaged
from workers.runtime import WORKER, Runtime


def checkpoint_if_due(rt: Runtime) -> int | None:
    """Make a checkpoint when one is due and email its digest; its tree size, or None."""
    try:
        checkpoint = rt.app.checkpoint_trail(WORKER)
    except TrailDamaged as damage:
        alert(rt, damage.kind, damage.position, str(damage))
        raise
    if checkpoint is None:
        return None
    send_digest(rt, checkpoint)
    return int(checkpoint["tree_size"])


def send_digest(rt: Runtime, checkpoint: dict[str, Any]) -> bool:
    """Email governance what anyone needs to check the trail against later, kept apart from the database."""
    c = checkpoint
    text = (
        f"assure signed a checkpoint of the trail.\n\ntree size: {c['tree_size']}\nroot: {c['root']}\n"
        f"chain head: {c['chain_head']}\nsigned at: {c['signed_at']}\nkey id: {c['key_id']}\n"
        f"public key: {c['public_key']}\nsignature: {c['signature']}\nrecorded at log position:"
        f" {c['event_position']}\n\nKeep this email: `assure verify` and docs/integrity.md explain how to check the"
        " trail against it."
    )
    subject = f"Trail checkpoint: the first {c['tree_size']} events"
    return rt.mailer.send_once(f"checkpoint:{c['tree_size']}", rt.settings.governance_emails, subject, text)


def verify_trail(rt: Runtime) -> bool:
    """Verify what is new since the last clean run; alert on failure."""
    outcome = rt.app.verify_trail(WORKER)
    if not outcome["ok"]:
        alert(rt, outcome["kind"], outcome["position"], f"{outcome['kind']} at position {outcome['position']}:"
              f" {outcome['detail']}")  # fmt: skip
    return bool(outcome["ok"])


def alert(rt: Runtime, kind: str, position: int, finding: str) -> bool:
    """An integrity alert to governance and the Executive Group, once per finding."""
    to = [*rt.settings.governance_emails, *rt.settings.executive_emails]
    text = (
        f"Verification of the assure trail failed.\n\n{finding}\n\nThe trail may have been altered outside assure."
        " Keep the exported checkpoints and the emailed digests; run `assure verify` to see the finding again."
    )
    subject = f"Integrity alert: the trail is {kind} at position {position}"
    return rt.mailer.send_once(f"integrity-alert:{kind}:{position}", to, subject, text)
