from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry


class ReportsConfig(Capability):
    """The report pages, their CSV and the printable PDF, for every registered kind; the kinds'
    registry and filter specification (plain modules) live here too. The engine that computes a
    report is ``servicegap.gaps``."""

    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.reports"
    label = "reports"
    verbose_name = "Report pages"
    api_routers = ("servicegap.reports.api:router",)
    nav = (NavEntry("Reports", "report_index", order=40, group="Measure"),)
