"""The audit log reads as sentences (who did what to what, when), with the JSON one click away."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from servicegap.core.audit_text import PHRASES, sentence
from servicegap.core.models import AuditEntry

ROOT = Path(__file__).resolve().parents[2] / "servicegap"


def test_known_actions_read_as_sentences_naming_who_and_what():
    assert (
        sentence("ann@acme.test", "survey.publish", {"survey": "PULSE", "version": 2})
        == "ann@acme.test published version 2 of the survey PULSE."
    )
    assert (
        sentence("cli", "apikey.create", {"prefix": "sg_abc", "scopes": ["read", "write"]})
        == "The command line created the API key sg_abc… with the scopes read, write."
    )
    assert (
        sentence("api-key:sg_x", "webhook.remove", {"webhook_id": 4})
        == "API key sg_x… removed the webhook #4."
    )
    assert sentence("cli", "import.standards", {"file": "s.csv", "created": 3, "rejected": 1}) == (
        "The command line imported standards from s.csv: 3 added, 0 updated, 1 refused."
    )
    assert (
        sentence("bo@acme.test", "member.change", {"email": "cy@acme.test", "role": "manager",
                                                   "units": ["SALES"]})
        == "bo@acme.test made cy@acme.test manager of SALES."
    )  # fmt: skip


def test_an_unknown_action_still_reads_as_a_sentence_with_its_details():
    said = sentence("ann@acme.test", "pricing.rule_change", {"rule": "B2", "old_value": 3})
    assert said == "ann@acme.test did “pricing rule change” (old value 3; rule B2)."
    assert sentence("", "x.y", None) == "Someone did “x y”."


def test_every_action_the_code_records_has_its_own_phrase():
    """A new audit action without a phrase fails here (the fallback is for old or foreign rows)."""
    literal = re.compile(r"""(?:record|audit|record_for_user|record_everywhere)\(\s*"""
                         r"""(?:[^,()]+,\s*){1,2}\"([a-z_]+(?:\.[a-z_-]+)+)\"""", re.S)  # fmt: skip
    found = set()
    for path in ROOT.rglob("*.py"):
        found |= set(literal.findall(path.read_text(encoding="utf-8")))
    assert len(found) > 25, found
    missing = sorted(a for a in found if a not in PHRASES)
    assert missing == []


@pytest.mark.django_db
def test_the_audit_log_page_shows_the_sentence_and_keeps_the_json_in_a_details_element(
    client, users, workspace
):
    AuditEntry.objects.create(
        workspace=workspace, actor="owner@acme.test", action="standard.retire",
        detail={"code": "GREET"},
    )  # fmt: skip
    client.force_login(users["owner"])
    page = client.get("/w/acme/audit/").content.decode()
    assert "owner@acme.test retired the standard GREET." in page
    details = re.search(r"<details>.*?</details>", page, re.S)
    assert details is not None
    assert "standard.retire" in details.group(0)
    assert "{&quot;code&quot;: &quot;GREET&quot;}" in details.group(0)
