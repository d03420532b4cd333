from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.transfer.registry import ImportKind


class JourneysConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.journeys"
    label = "journeys"
    api_routers = ("servicegap.journeys.api:router",)
    import_kinds = (ImportKind("journeys", "servicegap.journeys.transfer", order=30),)
    nav = (NavEntry("Journeys", "journey_list", order=30, group="Set up"),)
