from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry


class JourneysConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.journeys"
    label = "journeys"
    nav = (NavEntry("Journeys", "journey_list", order=30),)
