from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.transfer.registry import ImportKind


class StandardsConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.standards"
    label = "standards"
    api_routers = ("servicegap.standards.api:router",)
    import_kinds = (ImportKind("standards", "servicegap.standards.transfer", order=20),)
    nav = (NavEntry("Standards", "standard_list", order=20, group="Set up"),)
