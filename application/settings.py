"""Configuration: one Settings object, environment prefix ``ASSURE_``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from application.deployment import (
    DEVELOPMENT_SIGNING_KEY,
    SecretFiles,
    SettingsRefused,
    production_refusals,
    with_password,
)
from application.sealing import Sealer, private_file
from domain.limits import DEFAULT_CASE_REF_PATTERN

CIPHER_TOPIC = "integrity.cipher:BoundCipher"  # AES-GCM with the event's place as associated data
MAPPER_TOPIC = "integrity.cipher:BoundMapper"
STORE_FACTORIES = {  # eventsourcing's stores, with the hash chain written in the inserting transaction
    "memory": "integrity.chain_memory:ChainedPOPOFactory",
    "sqlite": "integrity.chain_sqlite:ChainedSQLiteFactory",
    "postgres": "integrity.chain_postgres:ChainedPostgresFactory",
}


class Settings(BaseSettings):
    """Everything assure reads from its environment; the defaults give the embedded mode."""

    model_config = SettingsConfigDict(env_prefix="ASSURE_", extra="ignore", env_ignore_empty=True)  # "" is unset

    env: Literal["development", "trial", "production"] = "development"
    store: Literal["memory", "sqlite", "postgres"] = "sqlite"
    sqlite_path: Path = Path("var/assure.sqlite")
    postgres_host: str = "127.0.0.1"
    postgres_port: int = 5432
    postgres_dbname: str = "assure"
    postgres_user: str = "postgres"
    postgres_password: SecretStr = SecretStr("")
    postgres_schema: str = ""
    postgres_pool_size: int = Field(default=5, ge=1)
    postgres_connect_timeout: int = Field(default=5, ge=1)
    create_tables: bool = True
    cipher_key: SecretStr | None = None
    aggregate_cache_size: int = Field(default=1000, ge=0)
    views_sqlite_path: Path = Path("var/views.sqlite")
    projection_batch_size: int = Field(default=1000, ge=1)
    projection_poll_interval: float = Field(default=0.05, gt=0)
    stall_blocked_days: int = Field(default=14, ge=1)
    stall_no_progress_days: int = Field(default=30, ge=1)
    stall_persisting_days: int = Field(default=28, ge=1)
    broker: Literal["stub", "redis", "rabbitmq"] = "stub"
    redis_url: str = "redis://127.0.0.1:6379/0"
    rabbitmq_url: str = "amqp://guest:guest@127.0.0.1:5672/%2F"
    redis_password: SecretStr = SecretStr("")  # when set, replaces the password in ASSURE_REDIS_URL
    rabbitmq_password: SecretStr = SecretStr("")  # likewise for ASSURE_RABBITMQ_URL
    relay_poll_interval: float = Field(default=0.2, gt=0)
    relay_batch_size: int = Field(default=200, ge=1)
    scan_interval_minutes: float = Field(default=60, gt=0)
    concern_escalation_hours: float = Field(default=4, gt=0)
    reminder_days_before: int = Field(default=7, ge=0)
    routine_summary_frequency: Literal["monthly", "quarterly"] = "monthly"
    case_ref_pattern: str = DEFAULT_CASE_REF_PATTERN  # a regular expression a whole case reference matches
    smtp_host: str = ""  # empty: emails are written as files under var/outbox
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_tls: Literal["auto", "starttls", "implicit"] = "auto"  # auto: implicit TLS on port 465, else STARTTLS
    smtp_require_tls: bool | None = None  # unset: required in production; else STARTTLS only when offered
    smtp_ca_file: Path | None = None  # unset: the system's CA bundle verifies the server
    smtp_from: str = "assure@lscp.example"
    outbox_path: Path = Path("var/outbox")
    mail_lease_seconds: float = Field(default=300, gt=0)  # a send not confirmed by then is tried again
    executive_emails: list[str] = Field(default_factory=list)
    arg_emails: list[str] = Field(default_factory=list)
    business_manager_emails: list[str] = Field(default_factory=list)
    audit_chair_emails: list[str] = Field(default_factory=list)
    webhook_signing_key: SecretStr = SecretStr(DEVELOPMENT_SIGNING_KEY)
    webhook_attempts: int = Field(default=5, ge=1, le=20)
    webhook_backoff_seconds: float = Field(default=1.0, ge=0)
    webhook_timeout_seconds: float = Field(default=10, gt=0)
    webhook_allow_http_loopback: bool = False  # development only: subscribers on this machine over plain http
    ready_max_lag: int = Field(default=1000, ge=0)
    postgres_service_user: str = ""  # set: `assure schema` (as the owner) creates this INSERT/SELECT-only role
    postgres_service_password: SecretStr = SecretStr("")
    checkpoint_key: SecretStr | None = None  # base64 Ed25519 private key (32 bytes); else the key file
    checkpoint_key_path: Path = Path("var/checkpoint.key")  # created on first use when missing (development)
    checkpoint_export_path: Path = Path("var/checkpoints")  # outside the database
    checkpoint_every_events: int = Field(default=1000, ge=1)
    checkpoint_every_minutes: float = Field(default=60, gt=0)
    verify_interval_minutes: float = Field(default=60, gt=0)
    governance_emails: list[str] = Field(default_factory=list)
    max_body_bytes: int = Field(default=1_048_576, ge=1024)  # larger request bodies are answered with 413
    views_wait_max_seconds: float = Field(default=5.0, gt=0, le=60)  # the longest GET /views?wait_for= waits

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Secret settings may also come from files named by ``ASSURE_<NAME>_FILE`` (Docker secrets)."""
        return init_settings, env_settings, SecretFiles(settings_cls), dotenv_settings, file_secret_settings

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Self:
        """In production mode, refuse to start with a setting that is only safe for development or trial."""
        refusals = production_refusals(self) if self.env == "production" else []
        if refusals:
            raise SettingsRefused(f"production mode (ASSURE_ENV=production) refuses to start: {'; '.join(refusals)}")
        return self

    @property
    def smtp_tls_required(self) -> bool:
        """Whether mail goes only over TLS (the default in production)."""
        return self.env == "production" if self.smtp_require_tls is None else self.smtp_require_tls

    def redis_connection_url(self) -> str:
        """``ASSURE_REDIS_URL`` with ``ASSURE_REDIS_PASSWORD`` in it, when one is set."""
        return with_password(self.redis_url, self.redis_password.get_secret_value())

    def rabbitmq_connection_url(self) -> str:
        """``ASSURE_RABBITMQ_URL`` with ``ASSURE_RABBITMQ_PASSWORD`` in it, when one is set."""
        return with_password(self.rabbitmq_url, self.rabbitmq_password.get_secret_value())

    def sealer(self) -> Sealer:
        """What seals personal data and case content outside the event store: active when a cipher key is set."""
        return Sealer(self.cipher_key.get_secret_value() if self.cipher_key is not None else None)

    @field_validator("case_ref_pattern")
    @classmethod
    def _a_regular_expression(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as error:
            raise ValueError(f"ASSURE_CASE_REF_PATTERN is not a regular expression: {error}") from None
        return value

    @field_validator("checkpoint_key", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    def postgres_conninfo(self) -> str:
        """A libpq connection string for the configured PostgreSQL server."""
        from psycopg.conninfo import make_conninfo

        return make_conninfo(host=self.postgres_host, port=self.postgres_port, dbname=self.postgres_dbname,
                             user=self.postgres_user, password=self.postgres_password.get_secret_value(),
                             connect_timeout=self.postgres_connect_timeout)  # fmt: skip

    def eventsourcing_env(self) -> dict[str, str]:
        """The variables eventsourcing reads, derived from these settings alone."""
        env = {"PERSISTENCE_MODULE": STORE_FACTORIES[self.store]}
        if self.store == "sqlite":
            private_file(self.sqlite_path)  # created 0600 before SQLite opens it; its journal files follow suit
            env |= {"SQLITE_DBNAME": str(self.sqlite_path), "SQLITE_LOCK_TIMEOUT": "10"}
        if self.store == "postgres":
            env |= {
                "POSTGRES_HOST": self.postgres_host,
                "POSTGRES_PORT": str(self.postgres_port),
                "POSTGRES_DBNAME": self.postgres_dbname,
                "POSTGRES_USER": self.postgres_user,
                "POSTGRES_PASSWORD": self.postgres_password.get_secret_value(),
                "POSTGRES_POOL_SIZE": str(self.postgres_pool_size),
                "POSTGRES_CONNECT_TIMEOUT": str(self.postgres_connect_timeout),
                "POSTGRES_PRE_PING": "y",  # dropped connections are replaced (see PingWhenIdle)
            }
            if self.postgres_schema:
                env["POSTGRES_SCHEMA"] = self.postgres_schema
        env["CREATE_TABLE"] = "y" if self.create_tables else "n"
        if self.aggregate_cache_size:
            env["AGGREGATE_CACHE_MAXSIZE"] = str(self.aggregate_cache_size)
        if self.cipher_key is not None:
            env |= {"CIPHER_TOPIC": CIPHER_TOPIC, "MAPPER_TOPIC": MAPPER_TOPIC,
                    "CIPHER_KEY": self.cipher_key.get_secret_value()}  # fmt: skip
        return env
