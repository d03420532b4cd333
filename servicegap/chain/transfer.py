"""links: ``supplier,customer[,description]``, unit codes: the customer unit depends on the
supplier unit. A link already stored is updated (its description) or left unchanged; links
not in the file are kept (removing one is done on the chain's links page)."""

from __future__ import annotations

from dataclasses import dataclass, field

from servicegap.core.models import Workspace
from servicegap.people.models import InternalLink, Unit
from servicegap.transfer.batch import Batch
from servicegap.transfer.registry import Counts, Kind, Table

DESCRIPTION_MAX = 300


@dataclass
class Plan:
    created: list[InternalLink] = field(default_factory=list)
    updated: list[InternalLink] = field(default_factory=list)
    unchanged: int = 0


def check(batch: Batch) -> Plan:
    ws = batch.workspace
    units = {u.code: u for u in Unit.objects.of(ws)}
    stored = {
        (link.supplier.code, link.customer.code): link
        for link in InternalLink.objects.of(ws).select_related("supplier", "customer")
    }
    plan = Plan()
    seen: dict[tuple[str, str], int] = {}
    for row in batch.each("checking links"):
        supplier = batch.code(row, "supplier")
        customer = batch.code(row, "customer")
        description = batch.text(row, "description", DESCRIPTION_MAX, required=False)
        known = all(  # a list, not a generator: both columns are checked and reported
            [
                batch.known(row, column, [code], units, "unit")
                for column, code in (("supplier", supplier), ("customer", customer))
                if code
            ]
        )
        if not supplier or not customer or not known:
            continue
        if supplier == customer:
            batch.bad(row, "customer", f"a unit cannot be its own supplier ({supplier})")
            continue
        if not batch.once(row, "customer", (supplier, customer), seen, f"{supplier},{customer}"):
            continue
        link = stored.get((supplier, customer))
        if link is None:
            plan.created.append(
                InternalLink(
                    workspace=ws,
                    supplier=units[supplier],
                    customer=units[customer],
                    description=description,
                )
            )
        elif not batch.has("description") or link.description == description:
            plan.unchanged += 1
        else:
            link.description = description
            plan.updated.append(link)
    return plan


def write(batch: Batch, plan: Plan) -> Counts:
    InternalLink.objects.bulk_create(plan.created, batch_size=500)
    InternalLink.objects.bulk_update(plan.updated, ["description"], batch_size=500)
    return Counts(len(plan.created), len(plan.updated), plan.unchanged)


def export(workspace: Workspace) -> Table:
    rows = InternalLink.objects.of(workspace).values_list(
        "supplier__code", "customer__code", "description"
    )
    return Table(["supplier", "customer", "description"], sorted(rows))


KIND = Kind(
    "links",
    ("supplier", "customer"),
    optional=("description",),
    check=check,
    write=write,
    export=export,
)
