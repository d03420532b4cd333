"""Walk-throughs in the database: a journey's checklist, storing a walk sent from a phone (the
page, the API and the demo share this), and the photos' checks (docs/quality.md).

A walk arrives as one JSON document once the walker has finished (``store``); the phone keeps it
in a queue until the server has answered, so the same document may arrive twice: its
``submission_key`` makes the second arrival a no-op answering the first walk.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from servicegap.core.models import Workspace
from servicegap.journeys.models import Journey, Touchpoint, TouchpointStandard
from servicegap.lib.errors import FieldError
from servicegap.people.models import Unit
from servicegap.quality.models import (
    AuditRound,
    WalkerKind,
    WalkThrough,
    WalkThroughCheck,
    WalkThroughStep,
)
from servicegap.quality.walk_compute import StandardAt, Step, checklist

KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
PHOTO_MAX = 1024 * 1024  # the phone shrinks a photo to about 200 KB before it is queued
PHOTO_SIDE = 4096
PHOTO_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
FIELDS = {"submission_key", "journey", "unit", "walker_kind", "walker_name", "round",
          "visited_at", "notes", "steps"}  # fmt: skip


def journey_checklist(workspace: Workspace, journey: Journey) -> list[Step]:
    touchpoints = Touchpoint.objects.of(workspace).filter(journey=journey)
    links = (
        TouchpointStandard.objects.of(workspace)
        .filter(touchpoint__journey=journey, standard__retired=False)
        .values_list("touchpoint__code", "standard__code", "standard__title",
                     "standard__behaviours")
    )  # fmt: skip
    standards: dict[str, list[StandardAt]] = {}
    for tp, code, title, behaviours in links:
        standards.setdefault(tp, []).append(StandardAt(code, title, behaviours or []))
    rows = touchpoints.values_list("code", "name", "step", "unit__code")
    return checklist(list(rows), standards)


def photo_type(data: bytes) -> str:
    """The media type of a photo, checked by its content; a FieldError on ``photo`` otherwise."""
    from PIL import Image  # noqa: PLC0415 (Pillow comes with WeasyPrint; loaded when needed)

    if len(data) > PHOTO_MAX:
        raise FieldError("photo", f"The photo is {len(data) // 1024} KB; at most 1024 KB.")
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            image.verify()
    except Exception:  # Pillow raises many types for a broken file; each means "not an image"
        raise FieldError("photo", "The photo is not a readable JPEG, PNG or WebP image.") from None
    if kind not in PHOTO_TYPES:
        raise FieldError("photo", "The photo must be a JPEG, PNG or WebP image.")
    if width > PHOTO_SIDE or height > PHOTO_SIDE:
        raise FieldError("photo", f"The photo is {width} × {height} pixels; at most 4096.")
    return PHOTO_TYPES[kind]


def _photo(raw: Any, where: str) -> tuple[bytes, str]:
    if not raw:
        return b"", ""
    if not isinstance(raw, str):
        raise FieldError(f"{where}.photo", "photo is a data URL or base64 text")
    _, _, encoded = raw.partition(",") if raw.startswith("data:") else ("", "", raw)
    if len(encoded) > PHOTO_MAX * 4 // 3 + 4:
        raise FieldError(f"{where}.photo", "The photo is over 1024 KB.")
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise FieldError(f"{where}.photo", "The photo is not valid base64.") from None
    try:
        return data, photo_type(data)
    except FieldError as e:
        raise FieldError(f"{where}.photo", e.message) from None


def _text(doc: dict[str, Any], key: str, limit: int, where: str = "") -> str:
    value = doc.get(key) or ""
    if not isinstance(value, str):
        raise FieldError(f"{where}{key}", f"{key} must be text")
    if len(value) > limit:
        raise FieldError(f"{where}{key}", f"{key} is at most {limit} characters")
    return value.strip()


def _when(raw: Any) -> datetime:
    if not raw:
        return timezone.now()
    when = parse_datetime(raw) if isinstance(raw, str) else None
    if when is None:
        raise FieldError("visited_at", "visited_at must be an ISO 8601 date and time")
    if timezone.is_naive(when):
        when = timezone.make_aware(when, timezone.get_current_timezone())
    if when > timezone.now() + timedelta(minutes=5):
        raise FieldError("visited_at", "visited_at cannot be in the future")
    return when


def _header(workspace: Workspace, doc: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(doc) - FIELDS)
    if unknown:
        raise FieldError(unknown[0], f"unknown field {unknown[0]!r}")
    key = doc.get("submission_key")
    if not isinstance(key, str) or not KEY.match(key):
        raise FieldError("submission_key", "submission_key is 8-64 of A-Z a-z 0-9 - _")
    journey = Journey.objects.of(workspace).filter(code=doc.get("journey") or "").first()
    if journey is None:
        raise FieldError("journey", f"there is no journey {doc.get('journey')!r}")
    kind = doc.get("walker_kind")
    if kind not in WalkerKind.values:
        raise FieldError("walker_kind", "walker_kind is leader or mystery_shopper")
    unit = None
    if doc.get("unit"):
        unit = Unit.objects.of(workspace).filter(code=doc["unit"]).first()
        if unit is None:
            raise FieldError("unit", f"there is no unit {doc['unit']!r}")
    audit_round = None
    if doc.get("round") not in (None, ""):
        audit_round = AuditRound.objects.of(workspace).filter(pk=_int(doc["round"])).first()
        if audit_round is None or audit_round.journey_id != journey.pk:
            raise FieldError("round", "round is not an audit round of this journey")
        unit = unit or audit_round.unit
    return {"submission_key": key, "journey": journey, "unit": unit, "walker_kind": kind,
            "round": audit_round, "visited_at": _when(doc.get("visited_at")),
            "notes": _text(doc, "notes", 4000),
            "walker_name": _text(doc, "walker_name", 200)}  # fmt: skip


def _int(raw: Any) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise FieldError("round", "round is the number of an audit round") from None


def _steps(doc: dict[str, Any], steps: list[Step]) -> list[dict[str, Any]]:
    """The walk's steps checked against the journey's checklist (a behaviour not on it is
    refused, so the audits count only what the standards promise)."""
    sent = doc.get("steps")
    if not isinstance(sent, list) or not sent:
        raise FieldError("steps", "steps is a list of the touchpoints walked")
    known = {s.touchpoint: s for s in steps}
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, raw in enumerate(sent):
        where = f"steps[{i}]"
        if not isinstance(raw, dict):
            raise FieldError(where, "each step is an object")
        step = known.get(str(raw.get("touchpoint")))
        if step is None:
            raise FieldError(f"{where}.touchpoint", "not a touchpoint of this journey")
        if step.touchpoint in seen:
            raise FieldError(f"{where}.touchpoint", f"{step.touchpoint} is walked twice")
        seen.add(step.touchpoint)
        allowed = {(it.standard, it.behaviour) for it in step.items}
        checks = []
        for j, c in enumerate(raw.get("checks") or []):
            if not isinstance(c, dict) or (c.get("standard"), c.get("behaviour")) not in allowed:
                raise FieldError(f"{where}.checks[{j}]", "not a behaviour on this step's checklist")
            if not isinstance(c.get("observed"), bool):
                raise FieldError(f"{where}.checks[{j}].observed", "observed is true or false")
            checks.append((c["standard"], c["behaviour"], c["observed"]))
        photo, kind = _photo(raw.get("photo"), where)
        found.append({"touchpoint": step.touchpoint, "checks": checks, "photo": photo,
                      "photo_type": kind, "note": _text(raw, "note", 4000, f"{where}.")})  # fmt: skip
    if not any(s["checks"] for s in found):
        raise FieldError("steps", "mark at least one behaviour observed or not observed")
    return found


def store(workspace: Workspace, user: Any, doc: Any) -> tuple[WalkThrough, bool]:
    """The walk in ``doc`` stored once: (walk, True), or (the earlier walk, False) when its
    submission_key was stored before. A FieldError names the field at fault; nothing is
    written then."""
    if not isinstance(doc, dict):
        raise FieldError("", "the body is a JSON object of the walk-through")
    key = doc.get("submission_key")
    earlier = WalkThrough.objects.of(workspace).filter(submission_key=key or "-").first()
    if earlier is not None:
        return earlier, False
    head = _header(workspace, doc)
    steps = _steps(doc, journey_checklist(workspace, head["journey"]))
    name = head.pop("walker_name") or (getattr(user, "email", "") or "")
    touchpoints = dict(
        Touchpoint.objects.of(workspace).filter(journey=head["journey"]).values_list("code", "pk")
    )
    standards = dict(
        TouchpointStandard.objects.of(workspace)
        .filter(touchpoint__journey=head["journey"])
        .values_list("standard__code", "standard_id")
    )
    try:
        with transaction.atomic():
            walk = WalkThrough.objects.create(
                workspace=workspace, walker=user if getattr(user, "pk", None) else None,
                walker_name=name[:200], **head,
            )  # fmt: skip
            for s in steps:
                tp = touchpoints[s["touchpoint"]]
                WalkThroughStep.objects.create(
                    workspace=workspace, walk_through=walk, touchpoint_id=tp, note=s["note"],
                    photo=s["photo"], photo_type=s["photo_type"],
                )  # fmt: skip
                WalkThroughCheck.objects.bulk_create(
                    WalkThroughCheck(workspace=workspace, walk_through=walk, touchpoint_id=tp,
                                     standard_id=standards[code], behaviour=behaviour[:500],
                                     met=observed)
                    for code, behaviour, observed in s["checks"]
                )  # fmt: skip
    except IntegrityError:
        # the same key sent twice at once: the other request stored it
        return WalkThrough.objects.of(workspace).get(submission_key=head["submission_key"]), False
    return walk, True
