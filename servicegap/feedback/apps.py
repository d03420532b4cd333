from servicegap.core.capabilities import Capability
from servicegap.transfer.registry import ImportKind


class FeedbackConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.feedback"
    label = "feedback"
    api_routers = ("servicegap.feedback.api:router",)
    import_kinds = (ImportKind("feedback", "servicegap.feedback.transfer", order=60),)
    personal_data = "servicegap.feedback.personal:HANDLER"
