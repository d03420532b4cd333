from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.transfer.registry import ImportKind


class SurveysConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.surveys"
    label = "surveys"
    api_routers = ("servicegap.surveys.api:router",)
    import_kinds = (
        ImportKind("responses", "servicegap.surveys.transfer.responses", order=50),
        ImportKind("limesurvey", "servicegap.surveys.transfer.lsa", order=80),
        ImportKind("qualtrics-survey", "servicegap.surveys.transfer.qualtrics_survey", order=90),
        ImportKind("qualtrics-responses", "servicegap.surveys.transfer.qualtrics", order=100),
        ImportKind(
            "limesurvey-responses", "servicegap.surveys.transfer.limesurvey_responses", order=85
        ),
        ImportKind("wide", "servicegap.surveys.transfer.wide", order=110),
    )
    personal_data = "servicegap.surveys.personal:HANDLER"
    report_kinds = ("servicegap.surveys.report:KIND",)
    nav = (
        NavEntry(
            "Surveys",
            "survey_list",
            roles=("owner", "leader", "manager"),
            order=50,
            group="Collect",
        ),
    )
