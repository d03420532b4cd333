"""The audit log in sentences: who did what to what. Pure: no Django imports.

Each known action has a phrase; an action this module does not know (a new one, or one from a
later version) still reads as a sentence built from its name and details, so the log never
falls back to raw JSON alone (the page keeps the JSON in a details element).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Detail = Mapping[str, Any]


def _v(detail: Detail, key: str, default: str = "?") -> str:
    value = detail.get(key)
    if value is None or value == "" or value == []:
        return default
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def _changed(detail: Detail) -> str:
    fields = detail.get("changed") or detail.get("fields")
    if isinstance(fields, list | tuple) and fields:
        return " (" + ", ".join(str(f).replace("_", " ") for f in fields) + ")"
    if isinstance(fields, str) and fields:
        return f" ({fields})"
    return ""


def _count(n: Any, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


Phrase = Callable[[Detail], str]

PHRASES: dict[str, Phrase] = {
    "action.create": lambda d: f"created the improvement action {_v(d, 'code')}",
    "action.update": lambda d: f"updated the improvement action {_v(d, 'code')}{_changed(d)}",
    "aggregates.rebuild": lambda d: f"rebuilt the report figures ({_v(d, 'cells')} cells)",
    "alert.acknowledge": lambda d: f"acknowledged the alert {_v(d, 'key')}",
    "alert.assign": lambda d: f"assigned the alert {_v(d, 'key')} to {_v(d, 'assignee', 'nobody')}",
    "apikey.create": lambda d: (
        f"created the API key {_v(d, 'prefix')}… with the scopes {_v(d, 'scopes', 'none')}"
    ),
    "apikey.revoke": lambda d: f"revoked the API key {_v(d, 'prefix')}…",
    "backup.write": lambda d: f"wrote a backup of {_v(d, 'rows')} rows to {_v(d, 'file')}",
    "brand.update": lambda d: "changed the workspace's branding",
    "chain.link_add": lambda d: f"declared that {_v(d, 'customer')} depends on {_v(d, 'supplier')}",
    "chain.link_remove": lambda d: (
        f"removed the link from {_v(d, 'supplier')} to {_v(d, 'customer')}"
    ),
    "chain.round": lambda d: (
        f"started an internal survey round of {_v(d, 'survey')} ({_v(d, 'sends')} sends)"
    ),
    "cases.rule": lambda d: (
        f"turned the case rule “{_v(d, 'trigger')}” {_v(d, 'enabled')}"
        f" (severity {_v(d, 'severity')})"
    ),
    "cases.settings": lambda d: "changed the case settings",
    "channels.settings": lambda d: (
        f"turned public feedback {_v(d, 'public_feedback')} and allowed the widget on "
        f"{_v(d, 'allowed_origins', 'no other sites')}"
    ),
    "demo.passwords.reset": lambda d: "reset the passwords of the demo logins",
    "text.correct": lambda d: f"corrected the {_v(d, 'fields')} of a comment's labels",
    "export.report": lambda d: f"downloaded the {_v(d, 'kind')} report",
    "idea.status": lambda d: (
        f"moved idea #{_v(d, 'idea')} from {_v(d, 'before')} to {_v(d, 'status')}"
    ),
    "brainstorm.start": lambda d: (
        f"started the brainstorm {_v(d, 'code')} on the journey {_v(d, 'journey')}"
    ),
    "brainstorm.end": lambda d: (
        f"ended the brainstorm {_v(d, 'code')} ({_count(d.get('ideas', '?'), 'idea', 'ideas')})"
    ),
    "invitations.rules": lambda d: "changed the invitation rules",
    "invitations.schedule": lambda d: f"scheduled the invitations “{_v(d, 'name')}”",
    "invitations.schedule.paused": lambda d: f"paused the invitation schedule “{_v(d, 'name')}”",
    "invitations.schedule.resumed": lambda d: f"resumed the invitation schedule “{_v(d, 'name')}”",
    "invitations.send": lambda d: f"sent invitations to the survey {_v(d, 'survey')}",
    "kiosk.create": lambda d: f"added the kiosk {_v(d, 'kiosk')}",
    "kiosk.new-link": lambda d: f"gave the kiosk {_v(d, 'kiosk')} a new link",
    "kiosk.retire": lambda d: f"retired the kiosk {_v(d, 'kiosk')}",
    "kiosk.activate": lambda d: f"made the kiosk {_v(d, 'kiosk')} active again",
    "member.change": lambda d: (
        f"made {_v(d, 'email')} {_v(d, 'role')}"
        + (f" of {_v(d, 'units')}" if d.get("units") else "")
    ),
    "member.invite": lambda d: f"invited {_v(d, 'email')} as {_v(d, 'role')}",
    "member.remove": lambda d: f"removed {_v(d, 'email')} from the workspace",
    "member.two_factor.off": lambda d: f"turned two-factor sign-in off for {_v(d, 'email')}",
    "member.two_factor.on": lambda d: f"turned two-factor sign-in on for {_v(d, 'email')}",
    "person.export": lambda d: f"exported the personal data of person #{_v(d, 'person_id')}",
    "recognition.reward": lambda d: (
        f"gave employee {_v(d, 'employee')} a reward ({_v(d, 'kind')}"
        + (f", {_v(d, 'amount')} {_v(d, 'currency', '')}".rstrip() if d.get("amount") else "")
        + ")"
    ),
    "recognition.wall_link": lambda d: f"made a recognition wall link for {_v(d, 'unit')}",
    "recognition.wall_revoke": lambda d: f"revoked the recognition wall link of {_v(d, 'unit')}",
    "responses.import-protected": lambda d: (
        f"imported {_count(d.get('responses', '?'), 'protected response', 'protected responses')}"
        f" ({_v(d, 'channel')})"
    ),
    "standard.add_to_survey": lambda d: (
        f"added the standard {_v(d, 'code')} to the survey {_v(d, 'survey')}"
    ),
    "standard.create": lambda d: f"created the standard {_v(d, 'code')}",
    "standard.restore": lambda d: f"restored the standard {_v(d, 'code')}",
    "standard.retire": lambda d: f"retired the standard {_v(d, 'code')}",
    "standard.update": lambda d: (
        f"changed the standard {_v(d, 'code')}{_changed(d)}, now version {_v(d, 'version')}"
    ),
    "survey.close": lambda d: f"closed the survey {_v(d, 'survey')}",
    "survey.discard": lambda d: (
        f"discarded the unpublished changes to the survey {_v(d, 'survey')}"
    ),
    "survey.publish": lambda d: (
        f"published version {_v(d, 'version')} of the survey {_v(d, 'survey')}"
        if "version" in d
        else f"published the survey {_v(d, 'survey')}"
    ),
    "survey.reopen": lambda d: f"reopened the survey {_v(d, 'survey')}",
    "survey.settings": lambda d: f"changed the settings of the survey {_v(d, 'survey')}",
    "user.create": lambda d: f"added the user {_v(d, 'email')} as {_v(d, 'role')}",
    "user.update": lambda d: f"made the user {_v(d, 'email')} {_v(d, 'role')}",
    "walk.conversation": lambda d: "logged a customer conversation",
    "walk.record": lambda d: (
        f"recorded a walk-through of {_v(d, 'journey')} ({_v(d, 'checks')} checks)"
    ),
    "walk.round": lambda d: (
        f"planned an audit round of {_v(d, 'journey')} at {_v(d, 'unit')} due {_v(d, 'due')}"
    ),
    "webhook.add": lambda d: f"added a webhook to {_v(d, 'url')} for {_v(d, 'events', 'events')}",
    "webhook.remove": lambda d: f"removed the webhook {_v(d, 'url', '#' + _v(d, 'webhook_id'))}",
    "webhook.resend": lambda d: f"sent webhook delivery #{_v(d, 'delivery_id')} again",
}


def _family(action: str) -> Phrase | None:
    """Actions named with a varying part: import.<kind> and export.<kind>."""
    head, _, kind = action.partition(".")
    if head == "import" and kind:
        return lambda d: (
            f"imported {kind.replace('_', ' ')} from {_v(d, 'file')}: {_v(d, 'created', '0')} "
            f"added, {_v(d, 'updated', '0')} updated, {_v(d, 'rejected', '0')} refused"
        )
    if head == "export" and kind:
        return lambda d: (
            f"exported {_v(d, 'rows')} {kind.replace('_', ' ')} rows as {_v(d, 'format')}"
        )
    return None


def _fallback(action: str, detail: Detail) -> str:
    words = action.replace(".", " ").replace("_", " ").replace("-", " ")
    parts = [f"{k.replace('_', ' ')} {_v(detail, k, '—')}" for k in sorted(detail)]
    return f"did “{words}”" + (f" ({'; '.join(parts)})" if parts else "")


def who(actor: str) -> str:
    """The actor as a reader names them: a user's e-mail, an API key, the command line."""
    if actor == "cli":
        return "The command line"
    if actor.startswith("api-key:"):
        return f"API key {actor.removeprefix('api-key:')}…"
    return actor or "Someone"


def sentence(actor: str, action: str, detail: Detail | None) -> str:
    """One sentence: "ann@example.org published version 2 of the survey PULSE."."""
    detail = detail or {}
    phrase = PHRASES.get(action) or _family(action)
    text = phrase(detail) if phrase is not None else _fallback(action, detail)
    return f"{who(actor)} {text}."
