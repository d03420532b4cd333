from __future__ import annotations

from django.db import models

from servicegap.core.models import CODE_MAX
from servicegap.core.tenancy import WorkspaceScoped
from servicegap.lib.scales import KINDS, PERSPECTIVES, SCALE_CHOICES

PERSPECTIVE_CHOICES = [(p, p.capitalize()) for p in PERSPECTIVES]
KIND_CHOICES = [(k, k) for k in KINDS]


class SurveyTemplate(models.TextChoices):
    PERCEPTION = "perception", "Customer perception survey"
    PULSE = "pulse", "Touchpoint pulse"
    EMPLOYEE = "employee", "Employee view"
    VOICE = "voice", "Employee voice"
    LEADER = "leader", "Leader self-assessment"
    INTERNAL = "internal", "Internal supplier survey"
    EXIT = "exit", "Exit survey"
    COMPETITORS = "competitors", "Competitor comparison"
    CUSTOM = "custom", "Custom"


class SurveyStatus(models.TextChoices):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"


class Survey(WorkspaceScoped):
    code = models.CharField(max_length=CODE_MAX)
    title = models.CharField(max_length=300)
    template = models.CharField(
        max_length=16, choices=SurveyTemplate.choices, default=SurveyTemplate.CUSTOM
    )
    perspective = models.CharField(max_length=16, choices=PERSPECTIVE_CHOICES, default="customer")
    scale_max = models.PositiveSmallIntegerField(choices=SCALE_CHOICES, default=7)
    status = models.CharField(
        max_length=16, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    languages = models.JSONField(default=list, blank=True)
    touchpoint = models.ForeignKey(
        "journeys.Touchpoint", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    supplier = models.ForeignKey(
        "people.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Internal surveys: the supplier unit rated; empty lets the respondent pick.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "code"], name="survey_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Question(WorkspaceScoped):
    """A question of a survey version. Its code shares one namespace with standard codes."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    survey_version = models.PositiveIntegerField(default=1)
    code = models.CharField(max_length=CODE_MAX)
    kind = models.CharField(max_length=24, choices=KIND_CHOICES)
    text = models.JSONField(default=dict, help_text="Question text per language code.")
    standard = models.ForeignKey(
        "standards.Standard", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    options = models.JSONField(default=list, blank=True, help_text="[{code, label}] for choices.")
    rows = models.JSONField(default=list, blank=True, help_text="Matrix rows [{code, label}].")
    required = models.BooleanField(default=False)
    multiple = models.BooleanField(
        default=False, help_text="Choice: several options may be picked."
    )
    position = models.PositiveIntegerField(default=0)
    condition = models.JSONField(default=dict, blank=True, help_text="Show if {item, kind, in}.")
    limits = models.JSONField(
        default=dict,
        blank=True,
        help_text="Number: {min, max, integer}; date: {min, max} (ISO dates). Checked on its page.",
    )

    class Meta:
        ordering = ["survey", "survey_version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "survey_version", "code", "kind"], name="question_unique"
            ),
        ]


class Response(WorkspaceScoped):
    """One submission: who judged (perspective), where (touchpoint, unit), when, on what scale."""

    submitted_at = models.DateTimeField(help_text="Stored in UTC.")
    time_zone = models.CharField(
        max_length=64, blank=True, help_text="IANA zone of the respondent."
    )
    perspective = models.CharField(max_length=16, choices=PERSPECTIVE_CHOICES)
    respondent = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    unit = models.ForeignKey(
        "people.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supplier = models.ForeignKey(
        "people.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    touchpoint = models.ForeignKey(
        "journeys.Touchpoint", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    survey = models.ForeignKey(
        Survey, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    employee = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Customer responses: the employee who served the customer.",
    )
    survey_version = models.PositiveIntegerField(null=True, blank=True)
    scale_max = models.PositiveSmallIntegerField(
        choices=SCALE_CHOICES, help_text="The rating scale in force when this was answered."
    )
    received_at = models.DateTimeField(auto_now_add=True)
    external_id = models.CharField(
        max_length=100, blank=True, help_text="response_id of an import."
    )
    contact = models.CharField(
        max_length=254, blank=True, help_text="How to reach the respondent; only with consent."
    )
    contact_consent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the respondent agreed to be contacted about this."
    )

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(
                fields=["workspace", "perspective", "submitted_at"], name="response_ws_persp_idx"
            ),
            models.Index(fields=["workspace", "external_id"], name="response_ws_external_idx"),
        ]


class Answer(WorkspaceScoped):
    """One answer, one row: the long-format source of truth. Never rewritten."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=CODE_MAX * 2 + 1, blank=True)
    kind = models.CharField(max_length=24, choices=KIND_CHOICES)
    value_num = models.FloatField(null=True, blank=True)
    value_text = models.TextField(blank=True)
    standard_version = models.ForeignKey(
        "standards.StandardVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The version of the standard this answer rated.",
    )
    # competitor_experience answers: the competitor's code (servicegap.competitors); a code, not
    # a key, so the bulk inserts that leave it out (db_default) stay as they are
    competitor = models.CharField(max_length=CODE_MAX, blank=True, default="", db_default="")

    # No index by item or kind: reports read the aggregates or find answers through their
    # responses, and every index costs each answer written (a third of a bulk import's inserts).

    @property
    def value(self) -> float | str:
        return self.value_num if self.value_num is not None else self.value_text


class ProtectedImport(WorkspaceScoped):
    """Employee, leader or internal responses that came in through the CLI or an API key of scope
    ``ingest-protected`` rather than from the respondents themselves: per import, perspective and
    calendar month (workspace time zone), so report pages of that month can say so
    (docs/anonymity.md, the trust boundary)."""

    at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(max_length=16, help_text="cli or api")
    actor = models.CharField(max_length=200)
    perspective = models.CharField(max_length=16)
    month = models.DateField(help_text="First day of the month, in the workspace's time zone.")
    responses = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "month"], name="protected_import_ws_month_idx"),
        ]
