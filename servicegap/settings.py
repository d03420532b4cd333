"""Django settings, built only from the typed environment helpers in ``servicegap.conf``."""

from __future__ import annotations

import secrets

import dj_database_url

from servicegap import conf
from servicegap.installed import APPS

DATA_DIR = conf.data_dir()
DEBUG = conf.env_bool("SERVICEGAP_DEBUG")
# production (default) or development: `servicegap serve` refuses debug and a weak secret in
# production (conf.check_production; docs/security.md).
MODE = conf.env_choice("SERVICEGAP_MODE", conf.MODES)
HTTPS = conf.env_bool("SERVICEGAP_HTTPS")

_secret = conf.read_secret_key()
# Before `servicegap init` has generated a key, management code still has to import settings;
# an ephemeral key is used then, and `serve` refuses to run without a real one.
SECRET_KEY = _secret or secrets.token_urlsafe(50)
SECRET_KEY_CONFIGURED = bool(_secret)

ALLOWED_HOSTS = conf.env_list("SERVICEGAP_ALLOWED_HOSTS")
BASE_URL = conf.env_str("SERVICEGAP_BASE_URL").rstrip("/")
# True only while `serve --host 0.0.0.0` runs without SERVICEGAP_BASE_URL: links then use the
# request's Host (servicegap.core.baseurl).
BASE_URL_FROM_REQUEST = False

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    *APPS,  # the product's capabilities: servicegap/installed.py
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "servicegap.api.middleware.ApiKeyGateMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "servicegap.core.baseurl.RequestOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "servicegap.accounts.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "servicegap.urls"
WSGI_APPLICATION = "servicegap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "servicegap.core.context.workspace_nav",
            ],
        },
    },
]

# SERVICEGAP_DATABASE_URL or SERVICEGAP_DATABASE_URL_FILE (checked: a PostgreSQL URL, both set is an
# error); empty means SQLite, which only `init`, `restore` and `demo` create (cli/base.py).
_database_url = conf.database_url()
_synchronous = conf.env_choice("SERVICEGAP_SQLITE_SYNCHRONOUS", ("normal", "full")).upper()
# Each web thread keeps its connection for a minute. On SQLite too: opening one, setting its
# pragmas and closing it again (a checkpoint when it was the last) cost 2.5 ms of every request,
# more than answering most of them.
_CONNECTION_SECONDS = 60
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=_CONNECTION_SECONDS)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "servicegap.runtime.sqlite",
            "NAME": str(DATA_DIR / "servicegap.sqlite3"),
            "CONN_MAX_AGE": _CONNECTION_SECONDS,
            "OPTIONS": {
                # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at
                # BEGIN so two writers queue on the busy timeout instead of failing mid-transaction
                # with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    f"PRAGMA journal_mode=WAL; PRAGMA synchronous={_synchronous}; "
                    "PRAGMA foreign_keys=ON;"
                ),
            },
            "TEST": {"NAME": ""},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = ["servicegap.accounts.backends.EmailBackend"]
# Single sign-on through OpenID Connect (mozilla-django-oidc): off unless SERVICEGAP_OIDC_CLIENT_ID
# is set; conf.oidc_settings() checks the rest and returns the library's settings.
OIDC_ENABLED = False
OIDC_LABEL = conf.env_str("SERVICEGAP_OIDC_LABEL")
globals().update(conf.oidc_settings())
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("servicegap.accounts.oidc.OidcBackend")
OTP_TOTP_ISSUER = "ServiceGap"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Only used by an optional `collectstatic` into the data dir (e.g. for a fronting web server).
_static_root = DATA_DIR / "static"
STATIC_ROOT = str(_static_root) if _static_root.is_dir() else None
# The app serves its own static files (WhiteNoise) straight from the installed packages, so a
# `pip install` is enough; no collectstatic step and no CDN.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"  # sent on the single sign-on provider's redirect back, not on posts
CSRF_COOKIE_HTTPONLY = True  # forms carry the token; no script reads the cookie
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles, images and fetches from this origin only;
# no inline script or style, no framing, forms post only here. Charts are inline SVG markup
# (no style attributes), QR codes are images of this origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

_smtp_host = conf.env_str("SERVICEGAP_SMTP_HOST")
if _smtp_host:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _smtp_host
    EMAIL_PORT = conf.env_int("SERVICEGAP_SMTP_PORT")
    EMAIL_HOST_USER = conf.env_str("SERVICEGAP_SMTP_USER")
    EMAIL_HOST_PASSWORD = conf.env_secret("SERVICEGAP_SMTP_PASSWORD")
    if EMAIL_HOST_USER and not EMAIL_HOST_PASSWORD and MODE == "production":
        raise conf.ConfigError(
            "SERVICEGAP_SMTP_USER is set but neither SERVICEGAP_SMTP_PASSWORD nor "
            "SERVICEGAP_SMTP_PASSWORD_FILE is."
        )
    EMAIL_USE_TLS = conf.env_bool("SERVICEGAP_SMTP_TLS")
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The demo mailbox: mail is stored for the demo's page, never sent (servicegap/mailbox). Set by
# `servicegap demo` for itself; `serve` and `worker` refuse it in production (docs/demo.md).
DEMO_MAILBOX = conf.env_bool("SERVICEGAP_DEMO_MAILBOX")
if DEMO_MAILBOX:
    if _smtp_host:
        raise conf.ConfigError(
            "SERVICEGAP_DEMO_MAILBOX=true keeps every e-mail on this server, but "
            "SERVICEGAP_SMTP_HOST is set: unset one of them."
        )
    EMAIL_BACKEND = "servicegap.mailbox.backend.MailboxBackend"
DEFAULT_FROM_EMAIL = conf.env_str("SERVICEGAP_FROM_EMAIL")
# Webhooks reach public addresses only unless this is set (docs/webhooks.md).
WEBHOOK_ALLOW_PRIVATE = conf.env_bool("SERVICEGAP_WEBHOOK_ALLOW_PRIVATE")

# Background tasks wait in a database table (default; django-tasks-db) or in Redis (RQ through
# django-tasks-rq; see servicegap/runtime/taskqueue.py). django_tasks_db stays installed either way
# and django_rq is never installed, so the migrations, and therefore backups, are the same whichever
# backend runs.
TASK_BACKEND = conf.env_choice("SERVICEGAP_TASK_BACKEND", ("database", "redis"))
REDIS_URL = conf.redis_url()  # or SERVICEGAP_REDIS_URL_FILE
TASK_QUEUES = ["default"]
# RQ stops a job running longer than this (the database backend has no limit): generous, for a
# large import or an invitation send to many thousands over a slow SMTP relay.
TASK_TIMEOUT_S = 6 * 3600
if TASK_BACKEND == "redis":
    if not REDIS_URL:
        raise conf.ConfigError(
            "SERVICEGAP_TASK_BACKEND=redis needs SERVICEGAP_REDIS_URL or "
            "SERVICEGAP_REDIS_URL_FILE (redis://host:6379/0)."
        )
    TASKS = {
        "default": {"BACKEND": "servicegap.runtime.redisqueue.RedisBackend", "QUEUES": TASK_QUEUES}
    }
    RQ_QUEUES = {
        name: {
            # A Redis that does not answer fails a push in seconds (the push is then retried
            # from the database: servicegap/runtime/pushes.py), not after the kernel's timeout.
            "URL": conf.with_query(REDIS_URL, socket_connect_timeout="3"),
            "DEFAULT_TIMEOUT": TASK_TIMEOUT_S,
            "QUEUE_CLASS": "servicegap.runtime.redisqueue.Queue",
        }
        for name in TASK_QUEUES
    }
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
TASK_RETENTION_DAYS = conf.env_int("SERVICEGAP_TASK_RETENTION_DAYS")
# Retention of what grows (docs/privacy.md lists every table and its default).
IDEMPOTENCY_RETENTION_HOURS = conf.env_int("SERVICEGAP_IDEMPOTENCY_RETENTION_HOURS")
if IDEMPOTENCY_RETENTION_HOURS < 24:
    raise conf.ConfigError("SERVICEGAP_IDEMPOTENCY_RETENTION_HOURS must be at least 24.")
IMPORT_RETENTION_DAYS = conf.env_int("SERVICEGAP_IMPORT_RETENTION_DAYS")
AUDIT_RETENTION_DAYS = conf.env_int("SERVICEGAP_AUDIT_RETENTION_DAYS")
if IMPORT_RETENTION_DAYS < 1 or AUDIT_RETENTION_DAYS < 0:
    raise conf.ConfigError(
        "SERVICEGAP_IMPORT_RETENTION_DAYS must be at least 1 and "
        "SERVICEGAP_AUDIT_RETENTION_DAYS at least 0."
    )

# API request bodies: each write endpoint checks its own limit (413); Django's own cap is the
# largest of them, so a body Django refuses would have been refused anyway.
MAX_BODY_BYTES = conf.env_int("SERVICEGAP_MAX_BODY_BYTES")
MAX_BATCH_BYTES = conf.env_int("SERVICEGAP_MAX_BATCH_BYTES")
if min(MAX_BODY_BYTES, MAX_BATCH_BYTES) < 1024:
    raise conf.ConfigError("SERVICEGAP_MAX_BODY_BYTES and SERVICEGAP_MAX_BATCH_BYTES are >= 1024.")
DATA_UPLOAD_MAX_MEMORY_SIZE = max(MAX_BODY_BYTES, MAX_BATCH_BYTES, 2_621_440)

NINJA_PAGINATION_PER_PAGE = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {"servicegap": {"level": "INFO", "propagate": True}},
}
