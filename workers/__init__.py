"""Background workers: dramatiq actors, the relay and the scheduler (see DESIGN.md, "Workers")."""
