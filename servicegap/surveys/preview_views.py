"""The staff preview of a survey, /w/<slug>/surveys/<code>/preview/ (owners and leaders).

The respondent's pages exactly as drawn for the public link (the version being built, drafts
too), checked by the same rules and the same contract; nothing is stored or counted, so a
preview never reaches a report. The last page shows what would have been recorded.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from servicegap.accounts.models import Role
from servicegap.core.web import workspace_view
from servicegap.surveys import builder
from servicegap.surveys.models import Survey
from servicegap.surveys.respond import handle_survey


@workspace_view(Role.OWNER, Role.LEADER)
def survey_preview(request, survey: str) -> HttpResponse:
    s = get_object_or_404(Survey.objects.of(request.workspace), code=survey)
    back = reverse("survey_detail", kwargs={"slug": request.workspace.slug, "survey": s.code})
    return handle_survey(
        request,
        request.workspace,
        s,
        preview=True,
        version=builder.working_version(s),
        context_extra={"staff_url": back},
    )
