from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry


class SurveysConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.surveys"
    label = "surveys"
    personal_data = "servicegap.surveys.personal:HANDLER"
    nav = (NavEntry("Surveys", "survey_list", roles=("owner", "leader", "manager"), order=50),)
