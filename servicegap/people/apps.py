from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.runtime.schedule import Job, daily
from servicegap.transfer.registry import ImportKind


class PeopleConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.people"
    label = "people"
    api_routers = ("servicegap.people.api:router",)
    verbose_name = "People and units"
    import_kinds = (
        ImportKind("units", "servicegap.people.transfer.units", order=10),
        ImportKind("people", "servicegap.people.transfer.people", order=40),
    )
    cli = "servicegap.people.cli"
    personal_data = "servicegap.people.personal:HANDLER"  # referral links (docs/loyalty.md)
    nav = (NavEntry("People", "person_list", roles=("owner",), order=90, group="Set up"),)
    jobs = (Job("apply_retention", daily("02:30"), "servicegap.people.tasks.apply_retention"),)
