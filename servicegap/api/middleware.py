from __future__ import annotations

from django.http import JsonResponse
from django.utils import timezone

from servicegap.accounts.models import ApiKey, hash_key
from servicegap.core.models import Workspace
from servicegap.core.public import is_public_api
from servicegap.lib.text import NUL

# Write last_used_at at most once a minute per key, so reads do not turn into writes.
LAST_USED_RESOLUTION_S = 60


class ApiKeyGateMiddleware:
    """Under /api/v1/, everything but the public paths needs a valid key, even unknown paths.

    A valid key sets ``request.api_key`` and ``request.workspace`` for the endpoints; its scopes are
    checked by the endpoint's auth (``servicegap.api.auth``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if not path.startswith("/api/"):
            return self.get_response(request)
        if NUL in path:  # no workspace, code or kind holds one (and PostgreSQL cannot look it up)
            return JsonResponse({"error": "not found", "field": ""}, status=404)
        if is_public_api(path):
            return self.get_response(request)
        key = find_key(request.headers.get("Authorization", ""))
        if key is None:
            response = JsonResponse(
                {
                    "error": "a valid API key is required (Authorization: Bearer <key>)",
                    "field": "Authorization",
                },
                status=401,
            )
            response["WWW-Authenticate"] = "Bearer"
            return response
        request.api_key = key
        request.workspace = key.workspace
        _touch(key)
        return self.get_response(request)


def find_key(header: str) -> ApiKey | None:
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return None
    # Hand-written SQL: every API request runs these two lookups, and compiling the ORM's query
    # cost as much as the rest of a response's validation (docs/performance.md).
    found = list(
        ApiKey.objects.raw(KEY_SQL.format(table=ApiKey._meta.db_table), [hash_key(raw.strip())])
    )
    if not found:
        return None
    key = found[0]
    key.workspace = next(
        iter(
            Workspace.objects.raw(
                WORKSPACE_SQL.format(table=Workspace._meta.db_table), [key.workspace_id]
            )
        )
    )
    return key


KEY_SQL = "SELECT * FROM {table} WHERE key_hash = %s AND revoked_at IS NULL"  # noqa: S608
WORKSPACE_SQL = "SELECT * FROM {table} WHERE id = %s"  # noqa: S608


def _touch(key: ApiKey) -> None:
    now = timezone.now()
    if (
        key.last_used_at is None
        or (now - key.last_used_at).total_seconds() >= LAST_USED_RESOLUTION_S
    ):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
