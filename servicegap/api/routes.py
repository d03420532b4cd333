from __future__ import annotations

from ninja import NinjaAPI


def register(api: NinjaAPI) -> None:
    """Mount each capability's router. A new capability adds one line here."""
    from servicegap.api.catalogue import router as catalogue_router
    from servicegap.api.ingest import router as ingest_router
    from servicegap.api.public import router as public_router
    from servicegap.api.reports import router as reports_router
    from servicegap.api.workspace import router as workspace_router

    api.add_router("/", workspace_router)
    api.add_router("/", catalogue_router)
    api.add_router("/", ingest_router)
    api.add_router("/", public_router)
    api.add_router("/", reports_router)
