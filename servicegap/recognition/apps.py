from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.runtime.schedule import Job, daily


class RecognitionConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.recognition"
    label = "recognition"
    verbose_name = "Recognition: My page, the managers' view, walls and digests"
    nav = (
        NavEntry("My page", "my_page", order=13),
        NavEntry(
            "Recognition",
            "recognition_list",
            roles=("owner", "leader", "manager"),
            order=47,
            group="Act",
        ),
    )
    # 12:00 UTC: the month before has ended in every time zone (recognition/months.py).
    jobs = (
        Job(
            "recognition_digest", daily("12:00"), "servicegap.recognition.tasks.send_monthly_digest"
        ),
    )
    cli = "servicegap.recognition.cli"
    personal_data = "servicegap.recognition.personal:HANDLER"
