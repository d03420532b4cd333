"""The product's apps, one per capability. Adding a capability is one line here: the app
declares its pages, navigation, jobs, API routers, CLI commands and personal data itself
(``servicegap.core.capabilities``). Plain names, so the CLI can read them before Django starts."""

APPS = (
    "servicegap.core",
    "servicegap.runtime",
    "servicegap.notifications",
    "servicegap.accounts",
    "servicegap.standards",
    "servicegap.journeys",
    "servicegap.surveys",
    "servicegap.feedback",
    "servicegap.cases",
    "servicegap.recognition",
    "servicegap.actions",
    "servicegap.ideas",
    "servicegap.people",
    "servicegap.chain",
    "servicegap.loyalty",
    "servicegap.quality",
    "servicegap.aggregates",
    "servicegap.gaps",
    "servicegap.reports",
    "servicegap.engagement",
    "servicegap.skills",
    "servicegap.imports",
    "servicegap.invitations",
    "servicegap.channels",
    "servicegap.promise",
    "servicegap.mailbox",
    "servicegap.api",
)
