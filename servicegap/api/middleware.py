from __future__ import annotations

from django.http import JsonResponse
from django.utils import timezone

from servicegap.accounts.models import ApiKey, hash_key
from servicegap.core.public import is_public_api

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
        if not path.startswith("/api/") or is_public_api(path):
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
    return (
        ApiKey.objects.select_related("workspace")
        .filter(key_hash=hash_key(raw.strip()), revoked_at__isnull=True)
        .first()
    )


def _touch(key: ApiKey) -> None:
    now = timezone.now()
    if (
        key.last_used_at is None
        or (now - key.last_used_at).total_seconds() >= LAST_USED_RESOLUTION_S
    ):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
