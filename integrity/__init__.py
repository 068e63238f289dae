"""The tamper-evident trail (R-30): chained event stores, signed checkpoints, verification and proofs."""
