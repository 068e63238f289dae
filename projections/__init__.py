"""Read models built from the event log (see DESIGN.md, "Read models")."""
