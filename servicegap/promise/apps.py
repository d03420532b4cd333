from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry


class PromiseConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.promise"
    label = "promise"
    nav = (NavEntry("Brand", "brand_settings", roles=("owner",), order=83, group="Set up"),)
