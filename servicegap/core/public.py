"""The complete list of what anyone may reach without logging in.

The login middleware, the API key gate and the persona tests all read this one list.
"""

from __future__ import annotations

# Pages and files open to anonymous visitors (path prefixes).
PUBLIC_PAGE_PREFIXES = (
    "/healthz",
    "/readyz",  # the runtime's readiness check (servicegap/runtime/views.py)
    "/static/",
    "/accounts/login/",  # also the two-factor step, /accounts/login/verify/
    "/accounts/oidc/",  # single sign-on: the way out to the provider and back
    "/accounts/password-reset/",
    "/accounts/reset/",
    "/r/",  # respondent pages: surveys, kiosk, "Tell us"
    "/p/",  # the published promise, its service card, and the brand every public page shows
    "/favicon.ico",
)

# API paths open without a key.
PUBLIC_API_PATHS = ("/api/v1/openapi.json", "/api/v1/docs")
PUBLIC_API_PREFIXES = ("/api/v1/public/",)


def is_public_page(path: str) -> bool:
    return path.startswith(PUBLIC_PAGE_PREFIXES)


def is_public_api(path: str) -> bool:
    return path.rstrip("/") in PUBLIC_API_PATHS or path.startswith(PUBLIC_API_PREFIXES)
