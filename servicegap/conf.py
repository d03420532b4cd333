"""Typed, loud configuration read from the environment.

Every setting ServiceGap reads is declared in ``SETTINGS`` below so that the documentation
(docs/configuration.md) can be checked against it by a test.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


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
        "PostgreSQL URL (postgres://user:password@host:5432/db; percent-encode special characters "
        "of the user and password, e.g. @ as %40). Empty: SQLite in the data directory "
        "(SERVICEGAP_DATABASE_URL_FILE also accepted).",
    ),
    Setting(
        "SERVICEGAP_DATABASE_URL_FILE",
        "",
        "Path of a file holding the PostgreSQL URL (it holds the password).",
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
        "true or false. Detailed error pages; only with SERVICEGAP_MODE=development (`serve` "
        "refuses it in production).",
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
        "Public URL of links, QR codes, widget snippets and e-mails. Unset: http://<--host>:<--port> "
        "of `serve`/`demo` (the request's Host for --host 0.0.0.0).",
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
        "SERVICEGAP_DEMO_MAILBOX",
        "false",
        "true: every e-mail is kept in the demo mailbox page instead of sent. `servicegap demo` "
        "sets it for itself; `serve` and `worker` refuse it in production, and it cannot be set "
        "together with SERVICEGAP_SMTP_HOST (docs/demo.md).",
    ),
    Setting(
        "SERVICEGAP_WEBHOOK_ALLOW_PRIVATE",
        "false",
        "true to let webhooks reach private, loopback and link-local addresses (a receiver on the "
        "same machine or network); otherwise only public addresses (docs/webhooks.md).",
    ),
    Setting(
        "SERVICEGAP_TASK_BACKEND",
        "database",
        "database or redis. Where background tasks wait for `servicegap worker`: a table of the "
        "database (nothing else to run), or a Redis queue (RQ; needs the `redis` extra and "
        "SERVICEGAP_REDIS_URL) for many worker machines.",
    ),
    Setting(
        "SERVICEGAP_REDIS_URL",
        "",
        "Redis URL of the task queue (redis://:password@host:6379/0, rediss:// for TLS); "
        "required with SERVICEGAP_TASK_BACKEND=redis, unused otherwise "
        "(SERVICEGAP_REDIS_URL_FILE also accepted).",
    ),
    Setting(
        "SERVICEGAP_REDIS_URL_FILE",
        "",
        "Path of a file holding the Redis URL (it may hold the password).",
    ),
    Setting(
        "SERVICEGAP_TASK_RETENTION_DAYS",
        "14",
        "Finished background task results older than this are pruned daily.",
    ),
    Setting(
        "SERVICEGAP_IDEMPOTENCY_RETENTION_HOURS",
        "48",
        "Idempotency-Key records of API writes older than this are pruned daily; at least 24 "
        "(a client may retry a write for a day).",
    ),
    Setting(
        "SERVICEGAP_IMPORT_RETENTION_DAYS",
        "30",
        "Uploaded import files, their reject files and import jobs older than this are deleted "
        "daily.",
    ),
    Setting(
        "SERVICEGAP_AUDIT_RETENTION_DAYS",
        "1095",
        "Audit log entries older than this are pruned daily; 0 keeps them forever.",
    ),
    Setting(
        "SERVICEGAP_TELL_WIDTHS",
        "",
        "KIND=WIDTH,…: a figure whose 95 % interval is wider than this is marked too_few_to_tell in the reports; each kind with such a figure has its own default (nps=30 points, csat=20 percentage points, ces=1 scale point).",
    ),
    Setting(
        "SERVICEGAP_TEXT_BACKEND",
        "",
        "minilm or lexicon: which text engine labels comments. Empty: minilm when the `text` extra "
        "is installed, else lexicon (docs/text.md).",
    ),
    Setting(
        "SERVICEGAP_LOYALTY_LOST_BELOW",
        "0.15",
        "A customer whose probability of still buying (p_alive) is below this is lost "
        "(docs/loyalty.md).",
    ),
    Setting(
        "SERVICEGAP_LOYALTY_AT_RISK_BELOW",
        "0.5",
        "A customer whose p_alive is below this (and not below the lost threshold) is at risk "
        "(docs/loyalty.md).",
    ),
    Setting(
        "SERVICEGAP_PUBLIC_RATE_LIMIT",
        "20/600",
        "COUNT/SECONDS: public posts (survey and invitation pages, Tell us page, widget) one "
        "address may make per workspace in a fixed window, counted together; more get 429 with "
        "Retry-After.",
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
    # --- security (docs/security.md) ---
    Setting(
        "SERVICEGAP_MODE",
        "production",
        "production or development. In production `servicegap serve` refuses SERVICEGAP_DEBUG=true, "
        "a missing or default secret key and a --host not in SERVICEGAP_ALLOWED_HOSTS; "
        "development skips these checks (never on a reachable server).",
    ),
    Setting(
        "SERVICEGAP_LOGIN_LIMIT",
        "5/900",
        "COUNT/SECONDS: failed logins for one account from one address within SECONDS (counted "
        "from the first failure) before that account is locked for that address.",
    ),
    Setting(
        "SERVICEGAP_LOGIN_ACCOUNT_LIMIT",
        "20/3600",
        "COUNT/SECONDS: failed logins for one account from all addresses before the account is "
        "locked for everyone (a password reset unlocks it).",
    ),
    Setting(
        "SERVICEGAP_LOGIN_ADDRESS_LIMIT",
        "50/3600",
        "COUNT/SECONDS: failed logins from one address over all accounts (password spraying) "
        "before that address may not log in.",
    ),
    Setting(
        "SERVICEGAP_LOGIN_LOCKOUT_SECONDS",
        "900",
        "How long a lock set by one of the login limits lasts.",
    ),
    Setting(
        "SERVICEGAP_OIDC_CLIENT_ID",
        "",
        "Client id at the OpenID Connect provider. Empty: single sign-on is off; set: the "
        "endpoints below and the client secret are required.",
    ),
    Setting(
        "SERVICEGAP_OIDC_CLIENT_SECRET",
        "",
        "Client secret at the OpenID Connect provider (SERVICEGAP_OIDC_CLIENT_SECRET_FILE also "
        "accepted).",
    ),
    Setting(
        "SERVICEGAP_OIDC_CLIENT_SECRET_FILE",
        "",
        "Path of a file holding the OpenID Connect client secret.",
    ),
    Setting(
        "SERVICEGAP_OIDC_AUTHORIZATION_ENDPOINT",
        "",
        "The provider's authorization endpoint (authorization_endpoint of its "
        ".well-known/openid-configuration).",
    ),
    Setting("SERVICEGAP_OIDC_TOKEN_ENDPOINT", "", "The provider's token endpoint."),
    Setting("SERVICEGAP_OIDC_USERINFO_ENDPOINT", "", "The provider's userinfo endpoint."),
    Setting(
        "SERVICEGAP_OIDC_JWKS_ENDPOINT",
        "",
        "The provider's JWKS endpoint (jwks_uri); required for RS256 and ES256.",
    ),
    Setting(
        "SERVICEGAP_OIDC_SIGN_ALGO",
        "RS256",
        "RS256, ES256 or HS256: how the provider signs ID tokens (HS256 uses the client secret).",
    ),
    Setting(
        "SERVICEGAP_OIDC_LABEL",
        "Single sign-on",
        "Text of the sign-in button on the login page.",
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


def env_widths(name: str, defaults: dict[str, float]) -> dict[str, float]:
    """``nps=30,csat=20``: a positive width per kind of ``defaults`` (each report kind declares
    its own); kinds not named keep their default."""
    kinds = tuple(defaults)
    found = dict(defaults)
    for part in env_list(name):
        kind, sep, width = part.partition("=")
        try:
            value = float(width)
        except ValueError:
            value = -1.0
        if not sep or kind.strip() not in kinds or not value > 0:
            raise ConfigError(
                f"{name} must be KIND=WIDTH pairs ({', '.join(kinds)}) with positive widths, "
                f"not {part!r}."
            )
        found[kind.strip()] = value
    return found


def env_list(name: str) -> list[str]:
    return [part.strip() for part in env_str(name).split(",") if part.strip()]


# The settings that hold a secret: each may be given in the environment or, for Docker and
# Kubernetes secrets and systemd credentials, in the file named by NAME_FILE (never both).
SECRET_SETTINGS = (
    "SERVICEGAP_SECRET_KEY",
    "SERVICEGAP_DATABASE_URL",
    "SERVICEGAP_REDIS_URL",
    "SERVICEGAP_SMTP_PASSWORD",
    "SERVICEGAP_OIDC_CLIENT_SECRET",
)


def env_secret(name: str) -> str:
    """A secret from NAME, or from the file named by NAME_FILE; both set is an error (which one
    was meant?), and so is a file that cannot be read or is empty."""
    value = os.environ.get(name, "").strip()
    path = os.environ.get(f"{name}_FILE", "").strip()
    if value and path:
        raise ConfigError(f"{name} and {name}_FILE are both set; set only one of them.")
    if not path:
        return value
    try:
        value = Path(path).read_text().strip()
    except OSError as exc:
        raise ConfigError(f"{name}_FILE: cannot read {path}: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{name}_FILE: {path} is not a text file.") from None
    if not value:
        raise ConfigError(f"{name}_FILE: {path} is empty.")
    return value


_PERCENT_HINT = (
    "percent-encode special characters of the user name and password (@ as %40, : as %3A, / as "
    "%2F, # as %23, ? as %3F, % as %25)"
)


def database_url() -> str:
    """The PostgreSQL URL (SERVICEGAP_DATABASE_URL or its _FILE), checked; '' for SQLite.

    The messages never repeat the URL: it holds the password."""
    url = env_secret("SERVICEGAP_DATABASE_URL")
    if not url:
        return ""
    _check_url("SERVICEGAP_DATABASE_URL", url, ("postgres", "postgresql"))
    return url


def redis_url() -> str:
    url = env_secret("SERVICEGAP_REDIS_URL")
    if url:
        _check_url("SERVICEGAP_REDIS_URL", url, ("redis", "rediss", "unix"))
    return url


def _check_url(name: str, url: str, schemes: tuple[str, ...]) -> None:
    parts = urlsplit(url)
    if parts.scheme not in schemes:
        raise ConfigError(
            f"{name} must be a URL starting {' or '.join(s + '://' for s in schemes)}, not "
            f"{parts.scheme or 'one without a scheme'}://…."
        )
    try:
        parts.port  # noqa: B018 - raises ValueError when a ':' of the password split the host
    except ValueError:
        raise ConfigError(f"{name} has no valid host and port: {_PERCENT_HINT}.") from None
    if parts.scheme != "unix" and not parts.hostname and "host=" not in parts.query:
        raise ConfigError(f"{name} names no host: {_PERCENT_HINT}.")


def with_query(url: str, **defaults: str) -> str:
    """``url`` with each of ``defaults`` added to its query unless it sets it already."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query = {**defaults, **query}
    return urlunsplit(parts._replace(query=urlencode(query)))


def load_env_file(path: Path) -> list[str]:
    """Put the ``NAME=value`` lines of an environment file (the format of systemd's
    EnvironmentFile: # comments, blank lines, optional quotes) into ``os.environ``; a variable
    already set in the environment wins. Returns the names it set. An unknown SERVICEGAP_ name
    is an error (a typo would otherwise be ignored)."""
    try:
        lines = Path(path).read_text().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"--env-file: cannot read {path}: {exc}.") from None
    found: dict[str, str] = {}
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        name, sep, value = line.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name.isidentifier():
            raise ConfigError(f"--env-file: {path} line {number} is not NAME=value.")
        if name.startswith("SERVICEGAP_") and name not in _KNOWN:
            raise ConfigError(f"--env-file: {path} line {number}: unknown setting {name}.")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        found[name] = value
    added = [name for name in found if name not in os.environ]
    for name in added:
        os.environ[name] = found[name]
    return added


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


MODES = ("production", "development")
OIDC_ALGOS = ("RS256", "ES256", "HS256")
_OIDC_ENDPOINTS = {
    "SERVICEGAP_OIDC_AUTHORIZATION_ENDPOINT": "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "SERVICEGAP_OIDC_TOKEN_ENDPOINT": "OIDC_OP_TOKEN_ENDPOINT",
    "SERVICEGAP_OIDC_USERINFO_ENDPOINT": "OIDC_OP_USER_ENDPOINT",
    "SERVICEGAP_OIDC_JWKS_ENDPOINT": "OIDC_OP_JWKS_ENDPOINT",
}
_LOOPBACK = ("http://127.0.0.1", "http://localhost", "http://[::1]")


def oidc_settings() -> dict[str, object]:
    """The Django settings of single sign-on (mozilla-django-oidc), or {} when it is off.

    On as soon as SERVICEGAP_OIDC_CLIENT_ID is set; then every other value it needs must be
    there too, and the provider's endpoints must use HTTPS (plain HTTP only on the loopback).
    """
    client_id = env_str("SERVICEGAP_OIDC_CLIENT_ID")
    if not client_id:
        return {}
    algo = env_str("SERVICEGAP_OIDC_SIGN_ALGO").upper()
    if algo not in OIDC_ALGOS:
        raise ConfigError(
            f"SERVICEGAP_OIDC_SIGN_ALGO must be one of {', '.join(OIDC_ALGOS)}, not {algo!r}."
        )
    secret = env_secret("SERVICEGAP_OIDC_CLIENT_SECRET")
    endpoints = {name: env_str(name) for name in _OIDC_ENDPOINTS}
    missing = [name for name, value in endpoints.items() if not value]
    if algo == "HS256":
        missing = [m for m in missing if m != "SERVICEGAP_OIDC_JWKS_ENDPOINT"]
    if not secret:
        missing.insert(0, "SERVICEGAP_OIDC_CLIENT_SECRET")
    if missing:
        raise ConfigError(
            "SERVICEGAP_OIDC_CLIENT_ID is set, so single sign-on is on; it also needs "
            + ", ".join(missing)
            + "."
        )
    for name, url in endpoints.items():
        if url and not (url.startswith("https://") or url.startswith(_LOOPBACK)):
            raise ConfigError(f"{name} must be an https:// URL, not {url!r}.")
    out: dict[str, object] = {
        "OIDC_ENABLED": True,
        "OIDC_RP_CLIENT_ID": client_id,
        "OIDC_RP_CLIENT_SECRET": secret,
        "OIDC_RP_SIGN_ALGO": algo,
        "OIDC_RP_SCOPES": "openid email",
        "OIDC_USE_PKCE": True,
        # Only people an owner has added log in: the provider proves the e-mail, a membership
        # gives the access (docs/security.md).
        "OIDC_CREATE_USER": False,
        "OIDC_TIMEOUT": 15,
        "LOGIN_REDIRECT_URL_FAILURE": "/accounts/login/?sso=failed",
    }
    for name, setting in _OIDC_ENDPOINTS.items():
        out[setting] = endpoints[name] or None
    return out


def check_production(debug: bool, secret: str, mode: str = "production") -> None:
    """Refuse to serve in production mode with debug on or a default or missing secret."""
    if mode == "development":
        return
    if debug:
        raise ConfigError(
            "Refusing to start in production (SERVICEGAP_MODE=production) with "
            "SERVICEGAP_DEBUG=true: debug pages show settings and code to anyone. Set "
            "SERVICEGAP_DEBUG=false, or SERVICEGAP_MODE=development on a machine nobody else "
            "reaches."
        )
    if secret.strip().lower() in DEFAULT_SECRETS or len(secret) < 32:
        raise ConfigError(
            "Refusing to start in production (SERVICEGAP_MODE=production) without a strong "
            "secret: set SERVICEGAP_SECRET_KEY or SERVICEGAP_SECRET_KEY_FILE (at least 32 "
            "characters) or run `servicegap init` to generate one into the data directory."
        )
