"""What the text engine said about each comment, and what people corrected (docs/text.md).

An ``Enrichment`` holds labels only, never a copy of the text: the text stays in its own row
(feedback, a text answer, a customer's message on a case), so erasure and retention act on one
place, and every display redacts it afresh (``servicegap.text.show``). A ``Correction`` keeps the
redacted text it corrected: it is a training example, with the PII already replaced.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from servicegap.core.tenancy import WorkspaceScoped

SOURCES = ("feedback", "answer", "message")


class Enrichment(WorkspaceScoped):
    """The labels of one comment: exactly one of ``feedback``, ``answer``, ``message`` is set."""

    feedback = models.OneToOneField(
        "feedback.Feedback", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    answer = models.OneToOneField(
        "surveys.Answer", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    message = models.OneToOneField(
        "cases.CaseEvent", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    submitted_at = models.DateTimeField(help_text="When the comment was written (for trends).")
    sentiment = models.CharField(max_length=8)  # negative | neutral | positive
    score = models.FloatField(help_text="Sentiment from -1 (negative) to 1 (positive).")
    kind = models.CharField(max_length=12)  # compliment | complaint | suggestion | question
    dimension = models.CharField(max_length=8)  # people | process | product
    standards = models.JSONField(default=list, help_text="Best-matching standard codes.")
    touchpoint = models.CharField(max_length=100, blank=True)
    mentions = models.JSONField(default=list, help_text="Codes of the employees it names.")
    themes = models.JSONField(default=list)
    corrected = models.JSONField(default=list, help_text="Labels a person set by hand.")
    backend = models.CharField(max_length=16)
    enriched_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "submitted_at"], name="enrichment_ws_time_idx"),
        ]


class Tag(WorkspaceScoped):
    """One theme, standard or mention of an enrichment, as a row the filters can find."""

    enrichment = models.ForeignKey(Enrichment, on_delete=models.CASCADE, related_name="tags")
    field = models.CharField(max_length=8)  # theme | standard | mention
    value = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["workspace", "field", "value"], name="text_tag_idx")]


class Correction(WorkspaceScoped):
    """A label a manager set by hand: a training example for the workspace's model."""

    # Erasing the comment erases the example made of it too.
    enrichment = models.ForeignKey(Enrichment, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField(help_text="The comment as shown, PII already redacted.")
    field = models.CharField(max_length=12)  # sentiment | kind | dimension
    label = models.CharField(max_length=12)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class Fit(WorkspaceScoped):
    """The workspace's model as last refitted by the worker: which backend, how accurate."""

    backend = models.CharField(max_length=16)
    corrections = models.PositiveIntegerField(default=0)
    accuracy = models.JSONField(default=dict, help_text="holdout_accuracy(corrections).")
    fitted_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace"], name="text_fit_one")]
