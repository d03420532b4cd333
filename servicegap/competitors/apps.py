from servicegap.core.capabilities import Capability
from servicegap.transfer.registry import ImportKind


class CompetitorsConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.competitors"
    label = "competitors"
    verbose_name = "Competitors: the same standards rated for the customer's main alternative"
    import_kinds = (ImportKind("competitors", "servicegap.competitors.transfer", order=66),)
    report_kinds = ("servicegap.competitors.report:KIND",)
