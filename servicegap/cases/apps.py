from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.runtime.schedule import Job, hourly, minutely


class CasesConfig(Capability):
    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.cases"
    label = "cases"
    personal_data = "servicegap.cases.personal:HANDLER"
    ingest_hooks = ("servicegap.cases.rules:on_stored",)
    api_routers = ("servicegap.cases.api:router",)
    cli = "servicegap.cases.cli"
    nav = (
        NavEntry("Cases", "case_list", order=45, group="Act"),
    )  # the settings: a link on the list
    jobs = (
        Job("escalate_cases", minutely(), "servicegap.cases.tasks.escalate"),
        Job("recovery_surveys", hourly(25), "servicegap.cases.recovery.sweep_recovery"),
    )
    report_kinds = ("servicegap.cases.report:KIND",)
