from servicegap.core.capabilities import Capability
from servicegap.transfer.registry import ImportKind


class LoyaltyConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.loyalty"
    label = "loyalty"
    personal_data = "servicegap.loyalty.personal:HANDLER"
    import_kinds = (ImportKind("transactions", "servicegap.loyalty.transfer", order=70),)
