from servicegap.core.capabilities import Capability


class CasesConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.cases"
    label = "cases"
    personal_data = "servicegap.cases.personal:HANDLER"
