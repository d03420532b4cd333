"""The demo's migrated Google Forms responses (servicegap/demo/migrated_responses.py): imported
by the import job through the wide importer, labels stored as option codes, day-first dates
read as such, and the NPS report reading them."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
from click.testing import CliRunner


def test_the_form_responses_are_imported_and_read_by_the_nps_report(
    workspace, users, monkeypatch, tmp_path
):
    from servicegap.cli import main_group
    from servicegap.demo import migrated_responses
    from servicegap.surveys.models import Answer, Response

    monkeypatch.setenv("SERVICEGAP_DATA_DIR", str(tmp_path))  # the upload is stored there
    today = dt.date(2026, 3, 1)
    rng = np.random.default_rng(3)
    job = migrated_responses.migrate(rng, workspace, users["owner"], today)
    assert job.state == "done", job.errors
    responses = Response.objects.filter(survey__code=migrated_responses.CODE)
    assert responses.count() == migrated_responses.ROWS
    picks = set(Answer.objects.filter(response__in=responses, item="HELP").values_list(
        "value_text", flat=True
    ))  # fmt: skip
    assert picks <= {"JUMP", "TYRE", "TOW", "FUEL"} and len(picks) > 1
    first, last = (today - dt.timedelta(days=d) for d in (330, 200))
    dates = {r.submitted_at.date() for r in responses}
    assert min(dates) >= first and max(dates) <= last + dt.timedelta(days=1)
    result = CliRunner().invoke(
        main_group, ["--workspace", workspace.slug, "report", "nps", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert f'"n": {migrated_responses.ROWS}' in json.dumps(json.loads(result.stdout))
