"""The audit domain: aggregates, events and rules. Pure: standard library and eventsourcing.domain only."""
