"""The REST API: Django Ninja under /api/v1, one error shape for every failure; each capability's
routers (``api_routers`` in its AppConfig) mounted on it."""

from __future__ import annotations

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.operation import Operation

from servicegap.lib.errors import FieldError, error_body


class ServiceGapAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """``servicegap_api_<tag>_<function>``: the name a generated client gives the method,
        kept whichever app's router declares it (Ninja's own is the module's dotted path)."""
        tag = operation.tags[0] if operation.tags else "api"
        return f"servicegap_api_{tag}_{operation.view_func.__name__}"


api = ServiceGapAPI(
    title="ServiceGap API",
    version="1",
    urls_namespace="api",
    description=(
        "Authenticate with `Authorization: Bearer <API key>` (create one with "
        '`servicegap apikey create --scope read`). Errors are `{"error": ..., "field": ...}`.'
    ),
)


def _first_error(errors: list[dict]) -> tuple[str, str]:
    if not errors:
        return "the request is not valid", ""
    err = errors[0]
    loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "payload")]
    field = ".".join(loc)
    return str(err.get("msg", "invalid value")), field


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    message, field = _first_error(list(exc.errors))
    return api.create_response(request, error_body(field, message), status=422)


@api.exception_handler(FieldError)
def on_field_error(request, exc: FieldError):
    """Any refusal naming a field (a report filter, the response contract, ``ApiError``)."""
    return api.create_response(request, exc.body(), status=exc.status)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return api.create_response(
        request, error_body("Authorization", "this API key may not do that"), status=403
    )


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return api.create_response(request, error_body("", str(exc)), status=exc.status_code)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, error_body("", "not found"), status=404)


def register_routers() -> None:
    """Mount every capability's routers (``api_routers`` in its AppConfig)."""
    from servicegap.core.capabilities import api_routers

    for router in api_routers():
        api.add_router("/", router)


register_routers()
