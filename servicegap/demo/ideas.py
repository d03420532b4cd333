"""The demo's ideas board: staff and customer ideas for steps of both journeys, in each flavour
(rules in the way among them), with statuses moved by the demo owner (in the audit log) and the
demo logins' votes; and a past brainstorm the demo manager ran on the servicing journey, whose
ideas sit on the board too (docs/ideas.md)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from servicegap.core.audit import record
from servicegap.core.models import Workspace
from servicegap.demo.blocks import World
from servicegap.feedback.models import Feedback
from servicegap.ideas.models import Brainstorm, BrainstormIdea, Vote

# (touchpoint, flavour, perspective, status, days before the end, text)
BOARD = [
    ("SVC-BOOK", "hassle", "customer", "planned", 40,
     "Let me book the service online instead of waiting on the phone."),
    ("SVC-BOOK", "rule", "employee", "new", 12,
     "We may not book a courtesy car until the customer has paid a deposit in person."),
    ("SVC-DROPOFF", "delight", "employee", "done", 80,
     "Offer a coffee and the Wi-Fi code while the car is checked in."),
    ("SVC-DIAGNOSIS", "hassle", "employee", "planned", 25,
     "Send the quote by text with photos of the worn parts, so customers can say yes at once."),
    ("SVC-DIAGNOSIS", "rule", "employee", "new", 6,
     "Any repair over 300 needs a manager's signature, and the manager is often out."),
    ("SVC-PARTS", "rule", "employee", "new", 15,
     "Parts can only be ordered in the afternoon batch, so a morning job waits a day."),
    ("SVC-UPDATE", "hassle", "customer", "new", 9,
     "Tell me when the car is ready instead of making me call."),
    ("SVC-COLLECT", "delight", "customer", "done", 60,
     "Wash the car before we collect it; it feels like new."),
    ("SVC-COLLECT", "hassle", "employee", "new", 3,
     "Print the invoice before the customer arrives so nobody waits at the desk."),
    ("BUY-ENQUIRY", "hassle", "customer", "new", 20,
     "Answer web enquiries the same day, even on Saturdays."),
    ("BUY-TESTDRIVE", "delight", "employee", "planned", 33,
     "Let families take the car for a test drive on their school run."),
    ("BUY-FINANCE", "rule", "employee", "planned", 45,
     "We cannot show a finance example until the credit check, and customers leave to compare."),
    ("BUY-HANDOVER", "delight", "employee", "done", 90,
     "A photo of the family with the new car at the handover, sent the same evening."),
    ("BUY-FOLLOWUP", "hassle", "employee", "new", 8,
     "Call after two weeks, not one: most questions come after the first long drive."),
]  # fmt: skip

# The brainstorm's ideas, by step of the servicing journey.
SESSION = [
    ("SVC-BOOK", "hassle", "Show free slots for the next three days on the booking call."),
    ("SVC-DROPOFF", "delight", "A lift to the station for customers without a courtesy car."),
    ("SVC-DROPOFF", "rule", "The check-in form asks twice for the same mileage."),
    ("SVC-DIAGNOSIS", "hassle", "Call with the quote before noon, always."),
    ("SVC-WORK", "rule", "Technicians may not call customers, so questions wait for the desk."),
    ("SVC-COLLECT", "delight", "Leave a note on the seat saying who worked on the car."),
]
SESSION_DAYS_AGO = 10


def _end(w: World) -> dt.datetime:
    return dt.datetime.combine(w.timeline.end, dt.time(15), tzinfo=dt.UTC)


def create(rng: np.random.Generator, w: World, ws: Workspace, refs: dict) -> None:
    tps, users, end = refs["touchpoints"], refs["users"], _end(w)
    owner, manager = users["owner"], users["manager"]

    def staff() -> int:
        return int(w.emp_id[int(rng.integers(len(w.emp_id)))])

    made = []
    for code, flavour, perspective, status, days, text in BOARD:
        idea = Feedback.objects.create(
            workspace=ws, kind="idea", text=text, touchpoint=tps[code], flavour=flavour,
            perspective=perspective, idea_status=status,
            submitted_at=end - dt.timedelta(days=days, minutes=int(rng.integers(600))),
            person_id=staff() if perspective == "employee" else None,
            signed=perspective == "employee" and bool(rng.random() < 0.3),
            channel="ideas-board" if perspective == "employee" else "web",
            unit=tps[code].unit if perspective == "customer" else None,
        )  # fmt: skip
        made.append(idea)
        steps = {"new": [], "planned": ["planned"], "done": ["planned", "done"]}[status]
        before = "new"
        for after in steps:
            record(ws, owner, "idea.status", idea=idea.pk, status=after, before=before)
            before = after
    session = Brainstorm.objects.create(
        workspace=ws, code="SVC4TM", journey=tps["SVC-BOOK"].journey, facilitator=manager,
        step=tps["SVC-COLLECT"].step,
    )  # fmt: skip
    started = end - dt.timedelta(days=SESSION_DAYS_AGO, hours=5)
    Brainstorm.objects.filter(pk=session.pk).update(
        started_at=started, ended_at=started + dt.timedelta(minutes=50)
    )
    for i, (code, flavour, text) in enumerate(SESSION):
        idea = Feedback.objects.create(
            workspace=ws, kind="idea", text=text, touchpoint=tps[code], flavour=flavour,
            perspective="employee", submitted_at=started + dt.timedelta(minutes=6 * i + 3),
            person_id=staff(), channel="brainstorm",
        )  # fmt: skip
        BrainstormIdea.objects.create(workspace=ws, brainstorm=session, idea=idea)
        made.append(idea)
    # The demo logins back the ideas they like: rules in the way and hassles most often.
    chance = {"rule": 0.7, "hassle": 0.55, "delight": 0.4}
    Vote.objects.bulk_create(
        Vote(workspace=ws, idea=idea, user=user)
        for idea in made
        for user in users.values()
        if rng.random() < chance[idea.flavour]
    )
