from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.runtime.schedule import Job, daily


class AccountsConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.accounts"
    label = "accounts"
    personal_data = "servicegap.accounts.personal:HANDLER"
    nav = (NavEntry("Users", "member_list", roles=("owner",), order=110, group="Set up"),)
    jobs = (Job("prune_sessions", daily("04:15"), "servicegap.accounts.tasks.prune_sessions"),)
