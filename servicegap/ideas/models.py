"""The ideas board's own rows. An idea itself is ``feedback.Feedback`` of kind ``idea`` (one
store, also shown in the feedback inbox); here are the votes on it and the brainstorm sessions
that collect ideas live, step by step along a journey (docs/ideas.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from servicegap.core.tenancy import WorkspaceScoped


class Vote(WorkspaceScoped):
    """One member's vote for one idea (a member votes once per idea)."""

    idea = models.ForeignKey("feedback.Feedback", on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="vote_unique")]


class Brainstorm(WorkspaceScoped):
    """A facilitated session walking one journey step by step; members join by its short code."""

    code = models.CharField(max_length=8)
    journey = models.ForeignKey("journeys.Journey", on_delete=models.CASCADE, related_name="+")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    step = models.PositiveIntegerField(help_text="The journey step everyone is looking at.")
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "code"], name="brainstorm_code_unique")
        ]


class BrainstormIdea(WorkspaceScoped):
    """An idea given during a brainstorm: the session is noted with it."""

    brainstorm = models.ForeignKey(Brainstorm, on_delete=models.CASCADE, related_name="ideas")
    idea = models.OneToOneField(
        "feedback.Feedback", on_delete=models.CASCADE, related_name="brainstorm_link"
    )
