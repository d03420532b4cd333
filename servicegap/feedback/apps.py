from servicegap.core.capabilities import Capability


class FeedbackConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.feedback"
    label = "feedback"
    personal_data = "servicegap.feedback.personal:HANDLER"
