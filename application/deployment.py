"""What a deployment needs of the settings: secrets read from files, and the refusals of production mode."""

from __future__ import annotations

import os
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit, urlunsplit

from pydantic import SecretStr
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

if TYPE_CHECKING:
    from application.settings import Settings

DEVELOPMENT_SIGNING_KEY = "assure-development-signing-key"


class SettingsRefused(Exception):
    """The settings cannot be used as given; the message names the variable (one line)."""


def secret_settings(settings_cls: type[BaseSettings]) -> list[str]:
    """The settings that hold secrets: every ``SecretStr`` field."""
    return [
        name
        for name, field in settings_cls.model_fields.items()
        if field.annotation is SecretStr or SecretStr in typing.get_args(field.annotation)
    ]


class SecretFiles(PydanticBaseSettingsSource):
    """``ASSURE_<NAME>_FILE=/run/secrets/x`` sets a secret setting from the file's content (Docker secrets)."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # every value comes from __call__

    def __call__(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in secret_settings(self.settings_cls):
            variable = f"ASSURE_{name.upper()}"
            path = os.environ.get(f"{variable}_FILE")
            if path is None:
                continue
            if variable in os.environ:
                raise SettingsRefused(f"{variable} and {variable}_FILE are both set: set one of them")
            try:
                values[name] = Path(path).read_text(encoding="utf-8").rstrip("\r\n")
            except (OSError, UnicodeDecodeError) as error:
                raise SettingsRefused(f"{variable}_FILE: cannot read {path}: {error}") from None
        return values


def production_refusals(settings: Settings) -> list[str]:
    """What production mode refuses, each naming its variable; empty when the settings are safe."""
    refusals = []
    if settings.cipher_key is None:
        refusals.append("ASSURE_CIPHER_KEY is not set (events would be stored in plaintext)")
    if settings.webhook_signing_key.get_secret_value() == DEVELOPMENT_SIGNING_KEY:
        refusals.append("ASSURE_WEBHOOK_SIGNING_KEY is the development key (set a long random key)")
    if not settings.smtp_host:
        refusals.append(
            "ASSURE_SMTP_HOST is not set (the file mail sink is for development and trial; mail would not be sent)"
        )
    if settings.smtp_require_tls is False:
        refusals.append("ASSURE_SMTP_REQUIRE_TLS is off (production sends mail only over TLS)")
    return refusals


def with_password(url: str, password: str) -> str:
    """The URL with its password replaced by ``password`` (unchanged when that is empty)."""
    if not password:
        return url
    parts = urlsplit(url)
    userinfo, _, host = parts.netloc.rpartition("@")
    user = userinfo.partition(":")[0]
    return urlunsplit(parts._replace(netloc=f"{user}:{quote(password, safe='')}@{host}"))
