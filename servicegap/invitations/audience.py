"""Who a send reaches: the audience filter, then the contact rules, then the sample."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from servicegap.core.models import Workspace
from servicegap.invitations.models import (
    Bounce,
    ContactRules,
    Invitation,
    InvitationState,
    Unsubscribe,
)
from servicegap.lib.cadence import draw, sample_size
from servicegap.people.models import Person, Unit

DEFAULT_MIN_DAYS = 30


def min_days_between(workspace: Workspace) -> int:
    rules = ContactRules.objects.of(workspace).first()
    return rules.min_days_between if rules else DEFAULT_MIN_DAYS


@dataclass
class Plan:
    """The audience after each contact rule, and the people who will be invited."""

    matched: int = 0
    no_email: int = 0
    unsubscribed: int = 0
    bounced: int = 0
    recently_asked: int = 0
    eligible: list[Person] = field(default_factory=list)
    chosen: list[Person] = field(default_factory=list)


def unit_and_below(workspace: Workspace, unit: Unit) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for pk, parent in Unit.objects.of(workspace).values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = {unit.pk}, [unit.pk]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def matching(workspace: Workspace, audience) -> list[Person]:
    """People of the audience's kind, unit (with its sub-units) and attribute value."""
    people = Person.objects.of(workspace).order_by("code")
    if audience.person_kind:
        people = people.filter(kind=audience.person_kind)
    if audience.unit_id:
        people = people.filter(unit_id__in=unit_and_below(workspace, audience.unit))
    found = list(people)
    if audience.attribute:
        wanted = audience.attribute_value.strip().casefold()
        found = [
            p
            for p in found
            if str(p.attributes.get(audience.attribute, "")).strip().casefold() == wanted
        ]
    return found


def recently_asked(workspace: Workspace, now: datetime) -> set[int]:
    """People sent an invitation within the workspace's minimum number of days."""
    cutoff = now - timedelta(days=min_days_between(workspace))
    return set(
        Invitation.objects.of(workspace)
        .filter(sent_at__gte=cutoff)
        .exclude(state=InvitationState.BOUNCED)
        .values_list("person_id", flat=True)
    )


def blocked(workspace: Workspace) -> tuple[set[int], set[str]]:
    """Unsubscribed people and bounced addresses: nobody writes to them again."""
    unsubscribed = set(Unsubscribe.objects.of(workspace).values_list("person_id", flat=True))
    bounced = {e.lower() for e in Bounce.objects.of(workspace).values_list("email", flat=True)}
    return unsubscribed, bounced


def plan(workspace: Workspace, audience, now: datetime, seed: str = "preview") -> Plan:
    """Apply the audience filter, the contact rules and the sample, counting each exclusion."""
    result = Plan()
    people = matching(workspace, audience)
    result.matched = len(people)
    unsubscribed, bounced = blocked(workspace)
    asked = recently_asked(workspace, now)
    for person in people:
        if not person.email:
            result.no_email += 1
        elif person.pk in unsubscribed:
            result.unsubscribed += 1
        elif person.email.lower() in bounced:
            result.bounced += 1
        elif person.pk in asked:
            result.recently_asked += 1
        else:
            result.eligible.append(person)
    count = sample_size(len(result.eligible), audience.sample_size, audience.sample_share)
    result.chosen = draw(result.eligible, count, seed)
    return result


def may_contact(workspace: Workspace, invitation) -> bool:
    """Whether a reminder may still go to this invitation's person."""
    unsubscribed, bounced = blocked(workspace)
    return invitation.person_id not in unsubscribed and invitation.email.lower() not in bounced
