from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.transfer.registry import ImportKind


class SkillsConfig(Capability):
    default = True
    name = "servicegap.skills"
    label = "skills"
    verbose_name = "Skills: training records and My impact"
    import_kinds = (ImportKind("training", "servicegap.skills.transfer.training", order=45),)
    personal_data = "servicegap.skills.personal:HANDLER"
    nav = (
        NavEntry(
            "Training", "training", roles=("owner", "leader", "manager"), order=44, group="Act"
        ),
    )

    def ready(self) -> None:
        super().ready()
        from servicegap.recognition.sections import Section, register

        register(
            Section(
                "my_impact", "skills/_my_impact.html", "servicegap.skills.impact:context", order=30
            )
        )
