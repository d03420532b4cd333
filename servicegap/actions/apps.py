from servicegap.core.capabilities import Capability


class ActionsConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.actions"
    label = "actions"
