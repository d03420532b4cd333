from servicegap.core.capabilities import Capability


class LoyaltyConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.loyalty"
    label = "loyalty"
    personal_data = "servicegap.loyalty.personal:HANDLER"
