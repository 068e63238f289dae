"""Least privilege on PostgreSQL (R-30): the service's role may only INSERT and SELECT events; a trigger refuses
UPDATE, DELETE and TRUNCATE as a second line, even to the owner. ``assure schema`` runs this as the owner."""

from __future__ import annotations

import psycopg
from psycopg import sql

from application.settings import Settings

EVENTS_TABLE = "assure_events"


def secure_event_table(settings: Settings) -> None:
    """Create (or update) the service role and make the event table append-only."""
    schema = sql.Identifier(settings.postgres_schema or "public")
    table = sql.SQL("{}.{}").format(schema, sql.Identifier(EVENTS_TABLE))
    role = sql.Identifier(settings.postgres_service_user)
    password = sql.Literal(settings.postgres_service_password.get_secret_value() or None)
    with psycopg.connect(settings.postgres_conninfo(), autocommit=False) as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (settings.postgres_service_user,)).fetchone()
        verb = "ALTER" if exists else "CREATE"
        conn.execute(sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(role, password))
        for statement in (
            "GRANT USAGE, CREATE ON SCHEMA {schema} TO {role}",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
            "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",  # setval keeps it in step
            "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
            "REVOKE ALL ON {table} FROM PUBLIC",
            "REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {table} FROM {role}",
            "GRANT SELECT, INSERT ON {table} TO {role}",
            "CREATE OR REPLACE FUNCTION {schema}.assure_events_append_only() RETURNS trigger LANGUAGE plpgsql AS"
            " $$ BEGIN RAISE EXCEPTION 'the event log is append-only: % refused', TG_OP; END $$",
            "DROP TRIGGER IF EXISTS assure_events_append_only ON {table}",
            "CREATE TRIGGER assure_events_append_only BEFORE UPDATE OR DELETE ON {table}"
            " FOR EACH ROW EXECUTE FUNCTION {schema}.assure_events_append_only()",
            "DROP TRIGGER IF EXISTS assure_events_no_truncate ON {table}",
            "CREATE TRIGGER assure_events_no_truncate BEFORE TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION {schema}.assure_events_append_only()",
        ):
            conn.execute(sql.SQL(statement).format(schema=schema, table=table, role=role))
