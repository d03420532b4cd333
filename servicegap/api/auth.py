from __future__ import annotations

from ninja.security import HttpBearer

from servicegap.api.middleware import find_key


class ScopedKey(HttpBearer):
    """Bearer key auth that also demands a scope; the gate middleware has already found the key."""

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request, token: str):
        key = getattr(request, "api_key", None) or find_key(f"Bearer {token}")
        if key is None:
            return None
        if self.scope not in key.scopes and "admin" not in key.scopes:
            return None
        request.api_key = key
        request.workspace = key.workspace
        return key


def scoped(scope: str) -> ScopedKey:
    return ScopedKey(scope)
