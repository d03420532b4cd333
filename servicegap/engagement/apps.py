from servicegap.core.capabilities import Capability


class EngagementConfig(Capability):
    default = True
    name = "servicegap.engagement"
    label = "engagement"
    verbose_name = "Employee voice"
    report_kinds = (
        "servicegap.engagement.kinds:ENGAGEMENT",
        "servicegap.engagement.kinds:LINKAGE",
    )
