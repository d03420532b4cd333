from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.transfer.registry import ImportKind


class FeedbackConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.feedback"
    label = "feedback"
    api_routers = ("servicegap.feedback.api:router",)
    import_kinds = (ImportKind("feedback", "servicegap.feedback.transfer", order=60),)
    personal_data = "servicegap.feedback.personal:HANDLER"
    nav = (
        NavEntry(
            "Feedback",
            "feedback_inbox",
            roles=("owner", "leader", "manager"),
            order=42,
            group="Act",
        ),
    )
