"""The framework baseline: parse the same JSON and insert the same rows, with no validation."""

from __future__ import annotations

import json
from datetime import datetime

from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from servicegap.core.models import Workspace
from servicegap.surveys.models import Answer, Response

_workspace: dict[str, int] = {}


@csrf_exempt
def bare_insert(request):
    data = json.loads(request.body)
    ws_id = _workspace.get("id") or Workspace.objects.values_list("id", flat=True).first()
    _workspace["id"] = ws_id
    with transaction.atomic():
        r = Response.objects.create(
            workspace_id=ws_id,
            submitted_at=datetime.fromisoformat(data["submitted_at"]),
            perspective=data["perspective"],
            scale_max=7,
        )
        Answer.objects.bulk_create(
            Answer(
                workspace_id=ws_id,
                response=r,
                item=a.get("item", ""),
                kind=a["kind"],
                value_num=a["value"],
            )
            for a in data["answers"]
        )
    return JsonResponse({"id": r.pk}, status=201)
