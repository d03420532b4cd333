from servicegap.core.capabilities import Capability


class QualityConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.quality"
    label = "quality"
