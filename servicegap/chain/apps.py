from servicegap.core.capabilities import Capability
from servicegap.core.nav import NavEntry
from servicegap.transfer.registry import ImportKind


class ChainConfig(Capability):
    """The internal customer/supplier chain: which units depend on which (``InternalLink``),
    internal survey rounds, and how each unit rates its suppliers (docs/chain.md)."""

    default = True  # the app config Django uses (apps.py also imports Capability)
    name = "servicegap.chain"
    label = "chain"
    verbose_name = "Internal chain"
    import_kinds = (ImportKind("links", "servicegap.chain.transfer", order=15),)
    report_kinds = ("servicegap.chain.report:KIND",)
    ingest_hooks = ("servicegap.chain.hooks:on_stored",)
    nav = (
        NavEntry("Internal chain", "chain_page", roles=("owner", "leader"), order=41,
                 group="Measure"),
    )  # fmt: skip
