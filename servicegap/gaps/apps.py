from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry


class GapsConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.gaps"
    label = "gaps"
    verbose_name = "The gap: the report engine, its kinds and pages"
    nav = (NavEntry("Home", "workspace_home", order=10),)
    report_kinds = (
        "servicegap.gaps.reports:HEADLINE",
        "servicegap.gaps.kinds.gaps:KIND",
        "servicegap.gaps.kinds.perception:KIND",
        "servicegap.gaps.kinds.moments:KIND",
        "servicegap.gaps.kinds.scores:NPS",
        "servicegap.gaps.kinds.scores:CSAT",
        "servicegap.gaps.kinds.scores:CES",
        "servicegap.gaps.kinds.drivers:KIND",
        "servicegap.gaps.kinds.kano:KIND",
        "servicegap.gaps.kinds.alerts:KIND",
        "servicegap.gaps.kinds.consistency:KIND",
    )
