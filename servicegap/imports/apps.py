from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.runtime.schedule import Job, daily


class ImportsConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.imports"
    label = "imports"
    personal_data = "servicegap.imports.personal:HANDLER"
    default_auto_field = "django.db.models.BigAutoField"
    nav = (
        NavEntry("Imports", "import_index", roles=("owner", "leader"), order=70, group="Collect"),
    )
    jobs = (Job("prune_imports", daily("03:45"), "servicegap.imports.tasks.prune_imports"),)
