from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.runtime.schedule import Job, hourly


class InvitationsConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.invitations"
    label = "invitations"
    personal_data = "servicegap.invitations.personal:HANDLER"
    default_auto_field = "django.db.models.BigAutoField"
    nav = (
        NavEntry(
            "Invitations", "invitation_index", roles=("owner", "leader"), order=60, group="Collect"
        ),
    )
    jobs = (
        Job(
            "invitation_schedules",
            hourly(5),
            "servicegap.invitations.tasks.run_invitation_schedules",
        ),
    )
