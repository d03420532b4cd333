from __future__ import annotations

from ninja.security import HttpBearer

from servicegap.api.middleware import find_key

# Scopes that include another: a key that may send protected responses may send any response.
IMPLIES = {"ingest-protected": {"ingest"}}


def grants(scopes: list[str], scope: str) -> bool:
    """Does a key with ``scopes`` hold ``scope``? ``admin`` holds every scope but
    ``ingest-protected``, which is always given by name (surveys/protected.py)."""
    if scope in scopes or any(scope in IMPLIES.get(s, ()) for s in scopes):
        return True
    return "admin" in scopes and scope != "ingest-protected"


class ScopedKey(HttpBearer):
    """Bearer key auth that also demands a scope; the gate middleware has already found the key."""

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request, token: str):
        key = getattr(request, "api_key", None) or find_key(f"Bearer {token}")
        if key is None:
            return None
        if not grants(key.scopes, self.scope):
            return None
        request.api_key = key
        request.workspace = key.workspace
        return key


def scoped(scope: str) -> ScopedKey:
    return ScopedKey(scope)
