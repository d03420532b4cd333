"""The one place where rows are scoped to a workspace.

Every model that holds workspace data inherits ``WorkspaceScoped``; views, API endpoints, the CLI
and importers reach rows only through ``Model.objects.of(workspace)``, so a query can never forget
the tenant key (it is also the future shard key).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models

if TYPE_CHECKING:
    from servicegap.core.models import Workspace

M = TypeVar("M", bound=models.Model)


class WorkspaceQuerySet(models.QuerySet[M]):
    def of(self, workspace: Workspace | int) -> WorkspaceQuerySet[M]:
        workspace_id = workspace if isinstance(workspace, int) else workspace.pk
        return self.filter(workspace_id=workspace_id)


class WorkspaceScoped(models.Model):
    workspace = models.ForeignKey("core.Workspace", on_delete=models.CASCADE, related_name="+")

    objects: Any = WorkspaceQuerySet.as_manager()

    class Meta:
        abstract = True
