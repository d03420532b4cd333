from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry


class IdeasConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.ideas"
    label = "ideas"
    verbose_name = "Ideas: the ideas board, votes and the brainstorm mode"
    nav = (
        NavEntry("Ideas", "idea_board", order=46, group="Act"),
        NavEntry("Brainstorm", "brainstorm_list", order=49, group="Act"),
    )
    personal_data = "servicegap.ideas.personal:HANDLER"
