from __future__ import annotations

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from servicegap.lib.errors import error_body


def healthz(request):
    """200 with the database reachable, 503 otherwise; public, for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


def _error(request, status: int, title: str, message: str):
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("", message), status=status)
    return render(request, "error.html", {"title": title, "message": message}, status=status)


def not_found(request, exception=None):
    return _error(request, 404, "Not found", "There is nothing here, or you may not see it.")


def forbidden(request, exception=None):
    return _error(request, 403, "Not allowed", "Your role does not allow this.")


def bad_request(request, exception=None):
    return _error(request, 400, "Bad request", "The request could not be understood.")


def server_error(request):
    return _error(request, 500, "Something went wrong", "The error was logged. Please try again.")
