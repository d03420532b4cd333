"""``/readyz``: public, like ``/healthz``, for load balancers and monitoring."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from servicegap.runtime import health, readiness


@never_cache
@require_safe
def readyz(request):
    """200 when the database, the task backend and a worker answer; 503 naming what failed."""
    body = health.report(health.uptime_s())
    return JsonResponse(body, status=readiness.http_status(body))
