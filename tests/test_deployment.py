"""Deployment that is safe by default (issue 18, issue 12 item 5): production mode refuses unsafe settings, naming
the variable; secrets come from files (Docker secrets) as well as the environment; brokers take passwords."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from application.deployment import SettingsRefused, secret_settings
from application.settings import Settings
from tests.test_cli import run
from tests.workers.conftest import free_port

SAFE = {
    "env": "production",
    "cipher_key": "MDEyMzQ1Njc4OWFiY2RlZg==",
    "webhook_signing_key": "a-long-random-key-" + "x" * 32,
    "smtp_host": "smtp.lscp.example",
}


@pytest.mark.parametrize(
    ("unsafe", "variable"),
    [
        ({"cipher_key": None}, "ASSURE_CIPHER_KEY"),
        ({"webhook_signing_key": "assure-development-signing-key"}, "ASSURE_WEBHOOK_SIGNING_KEY"),
        ({"smtp_host": ""}, "ASSURE_SMTP_HOST"),
        ({"smtp_require_tls": False}, "ASSURE_SMTP_REQUIRE_TLS"),
    ],
)
def test_production_mode_refuses_each_unsafe_setting_naming_its_variable(unsafe: dict, variable: str) -> None:
    with pytest.raises(SettingsRefused) as refusal:
        Settings(**SAFE | unsafe)
    message = str(refusal.value)
    assert variable in message and "\n" not in message
    assert message.count("ASSURE_") == 2  # ASSURE_ENV and the one unsafe variable, no other


def test_production_mode_starts_with_safe_settings_and_requires_smtp_tls() -> None:
    settings = Settings(**SAFE)
    assert settings.smtp_tls_required is True


def test_development_and_trial_start_as_easily_as_before() -> None:
    assert Settings().env == "development" and Settings(env="trial").smtp_host == ""


def test_the_cli_refuses_to_start_in_production_with_a_one_line_error(tmp_path: Path) -> None:
    result = run(["schema"], tmp_path, ASSURE_ENV="production", ASSURE_SMTP_HOST="smtp.lscp.example")
    assert result.returncode == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("error: production mode (ASSURE_ENV=production) refuses to start")
    assert "ASSURE_CIPHER_KEY" in line and "ASSURE_WEBHOOK_SIGNING_KEY" in line and "ASSURE_SMTP_HOST" not in line


def test_every_secret_setting_can_be_read_from_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = secret_settings(Settings)
    assert {"postgres_password", "cipher_key", "smtp_password", "webhook_signing_key"} <= set(names)
    for name in names:
        (tmp_path / name).write_text(f"{name}-from-a-file\n")  # secrets files usually end with a newline
        monkeypatch.setenv(f"ASSURE_{name.upper()}_FILE", str(tmp_path / name))
    settings = Settings()
    for name in names:
        assert getattr(settings, name).get_secret_value() == f"{name}-from-a-file"


def test_a_secret_set_twice_or_from_a_missing_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSURE_CIPHER_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(SettingsRefused, match="ASSURE_CIPHER_KEY_FILE: cannot read"):
        Settings()
    (tmp_path / "key").write_text("k")
    monkeypatch.setenv("ASSURE_CIPHER_KEY_FILE", str(tmp_path / "key"))
    monkeypatch.setenv("ASSURE_CIPHER_KEY", "k")
    with pytest.raises(SettingsRefused, match="ASSURE_CIPHER_KEY and ASSURE_CIPHER_KEY_FILE are both set"):
        Settings()


@pytest.fixture
def redis_with_password(tmp_path: Path) -> Iterator[str]:
    """A redis-server of the test's own that requires a password (read from its config on standard input)."""
    port = free_port()
    config = f"port {port}\nbind 127.0.0.1\nsave ''\nappendonly no\ndir {tmp_path}\nrequirepass p@ss/word\n"
    server = subprocess.Popen(["redis-server", "-"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    assert server.stdin is not None
    server.stdin.write(config.encode())
    server.stdin.close()
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)


def test_the_broker_reaches_a_password_protected_redis_with_the_password_from_a_file(
    redis_with_password: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workers.broker import broker_check

    (tmp_path / "redis_password").write_text("p@ss/word\n")
    monkeypatch.setenv("ASSURE_BROKER", "redis")
    monkeypatch.setenv("ASSURE_REDIS_URL", redis_with_password)
    assert broker_check(Settings()) == {"ok": False, "broker": "redis", "error": "AuthenticationError"}
    monkeypatch.setenv("ASSURE_REDIS_PASSWORD_FILE", str(tmp_path / "redis_password"))
    assert broker_check(Settings()) == {"ok": True, "broker": "redis"}
