from __future__ import annotations

import functools

from django.db import connection
from django.http import JsonResponse
from django.utils import timezone

from servicegap.accounts.models import ApiKey, hash_key
from servicegap.core.models import Workspace
from servicegap.core.public import is_public_api
from servicegap.lib.errors import error_body
from servicegap.lib.text import NUL
from servicegap.runtime.rows import Reader

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
            return JsonResponse(error_body("", "not found"), status=404)
        if is_public_api(path):
            return self.get_response(request)
        key = find_key(request.headers.get("Authorization", ""))
        if key is None:
            message = "a valid API key is required (Authorization: Bearer <key>)"
            response = JsonResponse(error_body("Authorization", message), status=401)
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
    # One hand-written query for the key and its workspace: every API request runs it, and
    # compiling the ORM's query (or two raw() ones) cost more than the rest of validating a
    # response (docs/performance.md).
    with connection.cursor() as cursor:
        cursor.execute(_key_sql(), [hash_key(raw.strip())])
        row = cursor.fetchone()
    if row is None:
        return None
    key = _KEYS.instance(row[: len(_KEYS)])
    key.workspace = _WORKSPACES.instance(row[len(_KEYS) :])
    return key


_KEYS, _WORKSPACES = Reader(ApiKey), Reader(Workspace)


@functools.cache
def _key_sql() -> str:
    return (
        f"SELECT {_KEYS.select('k')}, {_WORKSPACES.select('w')} "  # noqa: S608
        f"FROM {ApiKey._meta.db_table} k JOIN {Workspace._meta.db_table} w "
        "ON w.id = k.workspace_id WHERE k.key_hash = %s AND k.revoked_at IS NULL"
    )


def _touch(key: ApiKey) -> None:
    now = timezone.now()
    if (
        key.last_used_at is None
        or (now - key.last_used_at).total_seconds() >= LAST_USED_RESOLUTION_S
    ):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
