from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.transfer.registry import ImportKind


class QualityConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.quality"
    label = "quality"
    # quality in fact (issue 18): operational measures beside perception
    import_kinds = (
        ImportKind("indicator-definitions", "servicegap.quality.indicator_definitions", order=62),
        ImportKind("indicators", "servicegap.quality.indicator_readings", order=64),
    )
    report_kinds = ("servicegap.quality.fact_report:KIND", "servicegap.quality.audit_report:KIND")
    # walk-throughs (issue 18): checklists, audit rounds, leaders in their customers' shoes
    nav = (NavEntry("Walk-throughs", "walk_index", roles=("owner", "leader"), order=43,
                    group="Measure"),
           NavEntry("Indicators", "indicator_list", roles=("owner", "leader"), order=22,
                    group="Set up"))  # fmt: skip
    personal_data = "servicegap.quality.walk_personal:HANDLER"
    cli = "servicegap.quality.walk_cli"
    api_routers = ("servicegap.quality.api:router",)  # indicator_api and walk_api
