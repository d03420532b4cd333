from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry


class StandardsConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.standards"
    label = "standards"
    nav = (NavEntry("Standards", "standard_list", order=20),)
