"""Typed, loud configuration read from the environment.

Every setting ServiceGap reads is declared in ``SETTINGS`` below so that the documentation
(docs/configuration.md) can be checked against it by a test.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path


class ConfigError(Exception):
    """A setting has a value ServiceGap refuses; the message names the variable."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "SERVICEGAP_DATA_DIR",
        "./.data",
        "Directory for the SQLite database, the generated secret key and uploads.",
    ),
    Setting(
        "SERVICEGAP_DATABASE_URL",
        "",
        "PostgreSQL URL (postgres://user:pass@host:port/db). Empty: SQLite in the data directory.",
    ),
    Setting(
        "SERVICEGAP_SECRET_KEY",
        "",
        "Secret for sessions and tokens. Empty: read SERVICEGAP_SECRET_KEY_FILE, else the key generated into the data directory by `servicegap init`.",
    ),
    Setting(
        "SERVICEGAP_SECRET_KEY_FILE",
        "",
        "Path of a file holding the secret key (for Docker/Kubernetes secrets).",
    ),
    Setting(
        "SERVICEGAP_DEBUG",
        "false",
        "true or false. Development mode: detailed error pages, no secret checks. Never in production.",
    ),
    Setting(
        "SERVICEGAP_ALLOWED_HOSTS",
        "localhost,127.0.0.1",
        "Comma-separated host names the server answers to.",
    ),
    Setting(
        "SERVICEGAP_HTTPS",
        "false",
        "true when served over HTTPS: secure cookies, HSTS, SSL redirect.",
    ),
    Setting(
        "SERVICEGAP_BASE_URL",
        "http://127.0.0.1:8000",
        "Public URL used in e-mails (password reset, invitations).",
    ),
    Setting(
        "SERVICEGAP_SMTP_HOST",
        "",
        "SMTP server host. Empty: e-mails are written to the log instead of sent.",
    ),
    Setting("SERVICEGAP_SMTP_PORT", "25", "SMTP server port."),
    Setting("SERVICEGAP_SMTP_USER", "", "SMTP user name (optional)."),
    Setting(
        "SERVICEGAP_SMTP_PASSWORD",
        "",
        "SMTP password (optional; SERVICEGAP_SMTP_PASSWORD_FILE also accepted).",
    ),
    Setting("SERVICEGAP_SMTP_PASSWORD_FILE", "", "Path of a file holding the SMTP password."),
    Setting("SERVICEGAP_SMTP_TLS", "false", "true to use STARTTLS."),
    Setting("SERVICEGAP_FROM_EMAIL", "servicegap@localhost", "Sender address of e-mails."),
    Setting(
        "SERVICEGAP_TASK_RETENTION_DAYS",
        "14",
        "Finished background task results older than this are pruned daily.",
    ),
    Setting(
        "SERVICEGAP_PUBLIC_RATE_LIMIT",
        "20/600",
        "COUNT/SECONDS: public feedback posts (widget, Tell us page) one address may make per "
        "workspace in a fixed window; more get 429 with Retry-After.",
    ),
    Setting(
        "SERVICEGAP_KIOSK_RATE_LIMIT",
        "240/600",
        "COUNT/SECONDS: kiosk taps one address may post per workspace in a fixed window (a kiosk "
        "sends its queue in a burst after an outage).",
    ),
    Setting(
        "SERVICEGAP_PUBLIC_MAX_BYTES",
        "16384",
        "Largest body (bytes) of a keyless public post; larger ones get 413.",
    ),
    Setting(
        "SERVICEGAP_TRUSTED_PROXIES",
        "0",
        "How many reverse proxies stand in front of ServiceGap. 0: rate limits use the connecting "
        "address; N: the N-th X-Forwarded-For entry from the right (never trust a forgeable one).",
    ),
    Setting(
        "SERVICEGAP_MAX_BODY_BYTES",
        "1048576",
        "Largest request body (bytes) of a single API write; larger ones get 413.",
    ),
    Setting(
        "SERVICEGAP_MAX_BATCH_BYTES",
        "16777216",
        "Largest request body (bytes) of POST /api/v1/responses:batch; larger ones get 413.",
    ),
    Setting(
        "SERVICEGAP_MAX_UPLOAD_BYTES",
        "52428800",
        "Largest file (bytes) uploaded on the Imports page; a larger one is refused with a form "
        "error.",
    ),
    Setting(
        "SERVICEGAP_SQLITE_SYNCHRONOUS",
        "normal",
        "normal or full. SQLite durability: normal survives a crash of the server process (WAL); "
        "full also survives a power loss, at a lower write rate.",
    ),
)

_KNOWN = {s.name: s for s in SETTINGS}

# Secrets that must never be used outside development.
DEFAULT_SECRETS = frozenset({"", "change-me", "changeme", "secret", "servicegap", "insecure"})


def _raw(name: str) -> str:
    return os.environ.get(name, _KNOWN[name].default)


def env_str(name: str) -> str:
    return _raw(name).strip()


def env_int(name: str) -> int:
    value = env_str(name)
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}.") from None


def env_bool(name: str) -> bool:
    value = env_str(name).lower()
    if value not in ("true", "false"):
        raise ConfigError(f"{name} must be true or false, not {value!r}.")
    return value == "true"


def env_choice(name: str, choices: tuple[str, ...]) -> str:
    value = env_str(name).lower()
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def env_list(name: str) -> list[str]:
    return [part.strip() for part in env_str(name).split(",") if part.strip()]


def env_secret(name: str) -> str:
    """A secret from NAME, or from the file named by NAME_FILE."""
    value = os.environ.get(name, "")
    if value:
        return value
    path = os.environ.get(f"{name}_FILE", "")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ConfigError(f"{name}_FILE: cannot read {path}: {exc.strerror}.") from None
    return ""


def data_dir() -> Path:
    return Path(env_str("SERVICEGAP_DATA_DIR")).expanduser().resolve()


def secret_key_path() -> Path:
    return data_dir() / "secret_key"


def read_secret_key() -> str:
    """The configured secret, or the one generated into the data directory, or ''."""
    key = env_secret("SERVICEGAP_SECRET_KEY")
    if key:
        return key
    path = secret_key_path()
    if path.exists():
        return path.read_text().strip()
    return ""


def ensure_secret_key() -> str:
    """Generate a local secret into the data directory if none is configured."""
    key = read_secret_key()
    if key:
        return key
    path = secret_key_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key + "\n")
    path.chmod(0o600)
    return key


def check_production(debug: bool, secret: str) -> None:
    """Refuse to serve in production with a default or missing secret."""
    if debug:
        return
    if secret.strip().lower() in DEFAULT_SECRETS or len(secret) < 32:
        raise ConfigError(
            "Refusing to start in production (SERVICEGAP_DEBUG=false) without a strong secret: "
            "set SERVICEGAP_SECRET_KEY (at least 32 characters) or run `servicegap init` to "
            "generate one into the data directory."
        )
