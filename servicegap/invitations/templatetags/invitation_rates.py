"""``{% survey_response_rates survey %}``: the survey page's response rates of invitations."""

from __future__ import annotations

from django import template

from servicegap.invitations.rates import survey_rates

register = template.Library()


@register.inclusion_tag("invitations/_survey_rates.html", takes_context=True)
def survey_response_rates(context, survey) -> dict:
    total, rounds = survey_rates(survey.workspace, survey)
    return {"total": total, "rounds": rounds, "workspace": context.get("workspace")}
