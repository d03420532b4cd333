from __future__ import annotations

from django.db import models

from servicegap.core.tenancy import WorkspaceScoped


class FeedbackKind(models.TextChoices):
    COMPLIMENT = "compliment"
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"
    IDEA = "idea"


class IdeaFlavour(models.TextChoices):
    DELIGHT = "delight", "Add delight"
    HASSLE = "hassle", "Remove a hassle"
    RULE = "rule", "A rule that stops me serving the customer"


class IdeaStatus(models.TextChoices):
    NEW = "new", "New"
    PLANNED = "planned", "Planned"
    DONE = "done", "Done"


class Feedback(WorkspaceScoped):
    """Unsolicited input with free text."""

    kind = models.CharField(max_length=16, choices=FeedbackKind.choices)
    text = models.TextField()
    submitted_at = models.DateTimeField()
    perspective = models.CharField(max_length=16, default="customer")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    touchpoint = models.ForeignKey(
        "journeys.Touchpoint", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        "people.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    employee = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The employee the feedback names.",
    )
    standard = models.ForeignKey(
        "standards.Standard",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The standard it is about, when the sender or an importer said so.",
    )
    contact = models.CharField(max_length=300, blank=True)
    consent = models.BooleanField(default=False, help_text="Consent to be contacted, as given.")
    channel = models.CharField(max_length=32, blank=True)
    external_id = models.CharField(max_length=100, blank=True)
    # An idea's place on the ideas board (servicegap.ideas; docs/ideas.md); other kinds leave
    # them as they are.
    flavour = models.CharField(
        max_length=16,
        choices=IdeaFlavour.choices,
        blank=True,
        help_text="What an idea does: add delight, remove a hassle, or name a rule in the way.",
    )
    idea_status = models.CharField(
        max_length=16, choices=IdeaStatus.choices, default=IdeaStatus.NEW
    )
    signed = models.BooleanField(
        default=False, help_text="The author chose to show their name with the idea."
    )

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["workspace", "kind", "submitted_at"], name="feedback_ws_kind_idx"),
            # The inbox: newest first, a page at a time (keyset on submitted_at, id).
            models.Index(fields=["workspace", "submitted_at", "id"], name="feedback_ws_time_idx"),
        ]


class Recognition(WorkspaceScoped):
    """A compliment routed to the employee it names and to their manager."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="recognitions")
    employee = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    seen_by_employee_at = models.DateTimeField(null=True, blank=True)
    seen_by_manager_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["feedback", "employee"], name="recognition_unique"),
        ]
