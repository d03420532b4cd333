"""The ingest hook of the chain: an internal rating is about the rater's own unit as customer.

An internal survey answered through a personal invitation (an internal round) or by a signed-in
member names the respondent but no unit; the customer unit of the link it rates is then the
respondent's unit. Set here, in the storing transaction, so every report reads the same unit.
Answers that name a unit (the API, an import) keep it; imports are left as they came.
"""

from __future__ import annotations

from servicegap.core.ingest import Stored


def on_stored(stored: Stored) -> None:
    if stored.kind != "response" or not stored.live:
        return
    from servicegap.people.models import Person  # noqa: PLC0415 (apps load first)
    from servicegap.surveys.models import Response  # noqa: PLC0415

    wanting = [
        r
        for r in stored.rows
        if r.perspective == "internal" and r.unit_id is None and r.respondent_id is not None
    ]
    if not wanting:
        return
    unit_of = dict(
        Person.objects.filter(
            pk__in={r.respondent_id for r in wanting}, unit__isnull=False
        ).values_list("pk", "unit_id")
    )
    for response in wanting:
        unit = unit_of.get(response.respondent_id)
        if unit is not None:
            response.unit_id = unit
            Response.objects.filter(pk=response.pk).update(unit_id=unit)
