"""One import started from the web page: the stored upload, its options, its state and counts."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.db import models

from servicegap import conf
from servicegap.core.tenancy import WorkspaceScoped


def uploads_dir() -> Path:
    return conf.data_dir() / "uploads"


class ImportJob(WorkspaceScoped):
    class State(models.TextChoices):
        MAPPING = "mapping", "Needs a column mapping"  # qualtrics-responses, before it is queued
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=40)
    filename = models.CharField(max_length=255, help_text="The name of the uploaded file.")
    stored_path = models.CharField(max_length=500, help_text="Relative to the data directory.")
    options = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    errors = models.TextField(blank=True, help_text="FILE:LINE: column: reason lines (capped).")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "created_at"], name="importjob_ws_created_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind} from {self.filename}"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def upload_path(self) -> Path:
        return conf.data_dir() / self.stored_path

    @property
    def rejects_path(self) -> Path:
        return self.upload_path.with_name(self.upload_path.name + ".rejects.csv")

    @property
    def progress_path(self) -> Path:
        return self.upload_path.with_name(self.upload_path.name + ".progress")

    @property
    def has_rejects(self) -> bool:
        return self.state == self.State.DONE and self.rejected > 0 and self.rejects_path.exists()

    def live_progress(self) -> tuple[int, int, str]:
        """(done, total, phase) while running: the import's transaction holds the database, so
        the worker reports progress in a small file beside the upload; the row when finished."""
        if self.state == self.State.RUNNING:
            try:
                data = json.loads(self.progress_path.read_text())
                return int(data["done"]), int(data["total"]), str(data.get("label", ""))
            except (OSError, ValueError, KeyError, TypeError):
                pass
        return self.rows_done, self.rows_total, ""
