"""The demo's history on the Imports and Channels pages: past imports and kiosks with their taps.

Imports run through the product's own import job (``imports.jobs``: the upload stored under the
data directory, the all-or-nothing run, the reject file, the audit entry), then are dated back
to when the story says they happened (within the 30 days ``prune_imports`` keeps):

- 24 days ago the customer-experience manager uploads new customers from the sales system; the
  file names a unit that does not exist, so nothing is written (the job failed, with the line);
- the same day the corrected file creates them;
- 9 days ago the comment cards of York's service reception are typed up and imported with
  "skip invalid rows": one card names a touchpoint code with a typo and is set aside.

Kiosks: three tablets at the front desks since ``KIOSK_DAYS`` ago. Each tap is a customer
response with a ``moment`` answer, stored through the response contract as a tap is, beside
its ``KioskTap`` row; taps are dated back, so ``record_tap`` (which refuses taps older than a
week) is not the path used.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets

import numpy as np
from django.core.files.uploadedfile import SimpleUploadedFile

from servicegap.channels.models import Kiosk, KioskTap
from servicegap.core.models import AuditEntry, Workspace
from servicegap.demo import addresses, story, texts
from servicegap.demo.blocks import BRANCH_EFFECT, DEPT, World
from servicegap.imports import jobs
from servicegap.imports.models import ImportJob
from servicegap.journeys.models import Touchpoint
from servicegap.people.models import Unit
from servicegap.surveys.contract import Lookups, prepare_response, store_responses

DAY = 86_400
KIOSK_DAYS = 60
# (kiosk code, name, touchpoint, unit, branch, taps per open day)
KIOSKS = [
    ("NORTH-SHOWROOM", "Harrogate showroom entrance", "BUY-VISIT", "NORTH-DESK", 0, 4.0),
    ("CITY-SERVICE", "Leeds City service reception", "SVC-COLLECT", "CITY-DESK", 1, 7.0),
    ("EAST-SERVICE", "York service reception", "SVC-COLLECT", "EAST-DESK", 2, 6.0),
]
NEW_CUSTOMERS = 24
CARDS = [
    ("compliment", "SVC-DROPOFF", "Lovely welcome from {name}, coffee was ready before I asked.", ""),
    ("complaint", "SVC-COLLECT", "Invoice was higher than the quote and nobody explained why.", "NO-SURPRISE"),
    ("compliment", "SVC-WORK", "Car came back spotless and the rattle is gone. Thanks {name}.", ""),
    ("complaint", "SVC-UPDATE", "I had to ring twice to find out whether the car was ready.", "CALLBACK"),
    ("suggestion", "SVC-DROPOFF", "A phone charger in the waiting area would be welcome.", ""),
    ("compliment", "SVC-COLLECT", "{name} gave a clear walk-through of the work done, thank you.", ""),
    ("complaint", "SVC-COLECT", "Waited 25 minutes at collection with my car in the car park.", "ONTIME"),
    ("compliment", "SVC-BOOK", "Booking by phone was quick and {name} remembered my car.", ""),
    ("suggestion", "SVC-AFTER", "Send the health check photos by e-mail please.", ""),
    ("complaint", "SVC-DIAGNOSIS", "Promised a call-back with the quote by noon, got it at five.", "CALLBACK"),
    ("compliment", "SVC-DROPOFF", "Friendly, quick check-in from {name} even on a busy Monday.", ""),
    ("complaint", "SVC-PARTS", "Second visit because the part was not in stock.", "FIXED-FIRST"),
    ("compliment", "SVC-WORK", "Fixed first time, not always the case before. Thank you {name}.", ""),
    ("suggestion", "SVC-COLLECT", "Opening until 7pm on Thursdays would help commuters.", ""),
]  # fmt: skip


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def _import(ws: Workspace, user, kind: str, name: str, data: bytes, options: dict, at) -> None:
    """One upload run by the import job now, then dated ``at`` (the audit entry with it)."""
    first_audit = AuditEntry.objects.of(ws).order_by("-pk").values_list("pk", flat=True).first()
    job = jobs.start_job(ws, user, kind, SimpleUploadedFile(name, data), options, queue=False)
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.QUEUED)
    jobs.execute(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=at, finished_at=at + dt.timedelta(seconds=3)
    )
    later = AuditEntry.objects.of(ws).filter(pk__gt=first_audit or 0, action=f"import.{kind}")
    later.update(at=at + dt.timedelta(seconds=3))


def imports(rng: np.random.Generator, w: World, ws: Workspace, refs: dict) -> None:
    tl, owner = w.timeline, refs["users"]["owner"]
    first = len(w.cust_id)
    rows = []
    for k in range(NEW_CUSTOMERS):
        index = first + k
        name = (
            f"{texts.FIRST_NAMES[int(rng.integers(len(texts.FIRST_NAMES)))]} "
            f"{texts.SURNAMES[int(rng.integers(len(texts.SURNAMES)))]}"
        )
        branch = int(rng.integers(len(story.BRANCHES)))
        rows.append([
            f"C{index + 1:05d}", name, "customer", f"{story.BRANCHES[branch][0]}-SALES",
            addresses.customer(index, name), "private", story.BRANCHES[branch][0],
        ])  # fmt: skip
    header = ["code", "name", "kind", "unit", "email", "attr.segment", "attr.branch"]
    month = tl.date_of(365 - 24)
    name = f"new-customers-{month:%Y-%m}.csv"
    at = dt.datetime.combine(month, dt.time(9, 12), tzinfo=dt.UTC)
    broken = [list(r) for r in rows]
    broken[6][3] = "HARROGATE-SALES"  # the sales system's branch name, not the unit code
    _import(ws, owner, "people", name, _csv(header, broken), {}, at)
    _import(ws, owner, "people", name, _csv(header, rows), {}, at + dt.timedelta(minutes=9))
    day = tl.date_of(365 - 9)
    # A compliment card names who served, a complaint what went wrong: the typist adds the
    # employee's code and the standard.
    york = [i for i in range(len(w.emp_id)) if w.pop.emp_branch[i] == 2
            and w.pop.emp_dept[i] == DEPT["SERVICE"]]  # fmt: skip
    cards = []
    for k, (kind, tcode, said, standard) in enumerate(CARDS):
        when = dt.datetime.combine(day - dt.timedelta(days=14 - k), dt.time(10 + k % 7, 5))
        who = york[k % len(york)] if kind == "compliment" else None
        text = said.format(name=w.pop.emp_names[who][0]) if who is not None else said
        employee = f"E{who + 1:03d}" if who is not None else ""
        cards.append([f"CARD-EAST-{k + 1:03d}", when.isoformat() + "Z", kind, text, tcode,
                      "EAST-SERVICE", employee, "", "false", standard])  # fmt: skip
    header = ["feedback_id", "submitted_at", "kind", "text", "touchpoint", "unit", "employee",
              "contact", "consent", "standard"]  # fmt: skip
    at = dt.datetime.combine(day, dt.time(16, 40), tzinfo=dt.UTC)
    _import(ws, owner, "feedback", f"york-comment-cards-{day:%Y-%m-%d}.csv",
            _csv(header, cards), {"skip_invalid": True}, at)  # fmt: skip


def kiosks(rng: np.random.Generator, w: World, ws: Workspace, scale: float = 1.0) -> int:
    tl, lookups = w.timeline, Lookups(ws)
    installed = 365 - KIOSK_DAYS
    taps = 0
    for code, name, tcode, ucode, branch, per_day in KIOSKS:
        kiosk = Kiosk.objects.create(
            workspace=ws, code=code, name=name, token=secrets.token_urlsafe(32),
            touchpoint=Touchpoint.objects.of(ws).get(code=tcode),
            unit=Unit.objects.of(ws).get(code=ucode),
        )  # fmt: skip
        # Moments at the desk follow the branch: Harrogate's magic is York's mediocrity.
        shift = BRANCH_EFFECT[branch]
        p = np.array([0.34 + 0.5 * shift, 0.46, 0.20 - 0.5 * shift])
        p = np.clip(p, 0.02, None) / np.clip(p, 0.02, None).sum()
        days = [d for d in range(installed, 365) if tl.date_of(d).weekday() < 6]
        counts = rng.poisson(per_day * max(scale, 0.1), len(days))
        day = np.repeat(np.array(days), counts)
        seconds = np.sort(tl.seconds(rng, day))
        moments = rng.choice(("magic", "mediocrity", "misery"), size=len(seconds), p=p)
        # The kiosk page's own tap ids: random, 16 hex digits (drawn here so the demo repeats).
        clients = [f"{int(x):016x}" for x in rng.integers(0, 2**63, len(seconds))]
        prepared = [
            prepare_response(lookups, {
                "perspective": "customer", "time_zone": story.TIME_ZONE,
                "submitted_at": dt.datetime.fromtimestamp(int(s), dt.UTC).isoformat(),
                "touchpoint": tcode, "unit": ucode, "answers": [{"kind": "moment", "value": m}],
            }, external_id=f"kiosk:{code}:{c}")
            for s, m, c in zip(seconds, moments, clients, strict=True)
        ]  # fmt: skip
        responses = store_responses(ws, prepared)
        rows = KioskTap.objects.bulk_create([
            KioskTap(workspace=ws, kiosk=kiosk, client_id=c, response=r)
            for c, r in zip(clients, responses, strict=True)
        ])  # fmt: skip
        # A tap reaches the server a second or two after the touch (the kiosk's queue).
        for row, s in zip(rows, seconds, strict=True):
            row.received_at = dt.datetime.fromtimestamp(int(s) + 2, dt.UTC)
        KioskTap.objects.bulk_update(rows, ["received_at"], batch_size=500)
        Kiosk.objects.filter(pk=kiosk.pk).update(
            created_at=dt.datetime.fromtimestamp(tl.start + installed * DAY + 9 * 3600, dt.UTC)
        )
        taps += len(rows)
    return taps


def create(
    rng: np.random.Generator, w: World, ws: Workspace, refs: dict, scale: float = 1.0
) -> None:
    own = rng.spawn(1)[0]  # its own stream: adding this step changes none of the draws after it
    kiosks(own, w, ws, scale)
    imports(own, w, ws, refs)
