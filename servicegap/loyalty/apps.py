from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.transfer.registry import ImportKind


class LoyaltyConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.loyalty"
    label = "loyalty"
    personal_data = "servicegap.loyalty.personal:HANDLER"
    import_kinds = (ImportKind("transactions", "servicegap.loyalty.transfer", order=70),)
    report_kinds = (
        "servicegap.loyalty.report:LOYALTY",
        "servicegap.loyalty.report:LOST",
        "servicegap.loyalty.clv_report:CLV",
    )
    nav = (
        NavEntry(
            "Lifetime value", "loyalty_value", roles=("owner", "leader"), order=38, group="Measure"
        ),
        NavEntry("Loyalty", "loyalty_page", roles=("owner", "leader"), order=39, group="Measure"),
    )
