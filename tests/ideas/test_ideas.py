"""The ideas board and the brainstorm mode through their pages: submitting (signed or not),
voting with and without HTMX, statuses in the audit log, an idea becoming an action, roles,
the feedback inbox showing customer ideas, and the personal-data handler."""

from __future__ import annotations

import re

import pytest

from servicegap.feedback.models import Feedback

pytestmark = pytest.mark.django_db

BOARD = "/w/acme/ideas/"


def _login(client, users, who):
    client.force_login(users[who])
    return client


def _employee_person(workspace, users):
    from tests.recognition_support import employee, link

    anna = employee(workspace, "E-ANNA", "Anna Adams", "SALES")
    link(workspace, users["employee"], anna)
    return anna


def _idea(client, **data):
    body = {"text": "Let customers book the handover online", "touchpoint": "HANDOVER",
            "flavour": "hassle"} | data  # fmt: skip
    return client.post(BOARD, body)


def test_an_employee_submits_an_anonymous_idea_for_a_step(client, workspace, users, journey):
    anna = _employee_person(workspace, users)
    r = _idea(_login(client, users, "employee"))
    assert r.status_code == 302
    idea = Feedback.objects.get(kind="idea")
    assert (idea.touchpoint.code, idea.flavour, idea.idea_status) == ("HANDOVER", "hassle", "new")
    assert idea.person == anna and not idea.signed and idea.unit is None
    assert idea.perspective == "employee"
    page = _login(client, users, "owner").get(BOARD).content.decode()
    assert "Let customers book the handover online" in page
    assert "Anna" not in page and "from a member of staff" in page


def test_a_signed_idea_shows_its_author(client, workspace, users, journey):
    _employee_person(workspace, users)
    _idea(_login(client, users, "employee"), signed="on", flavour="rule")
    page = _login(client, users, "leader").get(BOARD).content.decode()
    assert "from Anna Adams" in page
    assert "A rule that stops me serving the customer" in page


def test_bad_input_names_the_field_and_writes_nothing(client, users, journey):
    c = _login(client, users, "employee")
    r = _idea(c, text="")
    assert r.status_code == 422 and "This field is required" in r.content.decode()
    r = _idea(c, flavour="magic")
    assert r.status_code == 422 and "magic" in r.content.decode()
    r = _idea(c, touchpoint="NOPE")
    assert r.status_code == 422
    assert not Feedback.objects.exists()
    assert c.get(BOARD + "?status=maybe").status_code == 400


def test_voting_without_js_is_one_vote_per_member_and_can_be_taken_back(client, users, journey):
    from servicegap.ideas.models import Vote

    _idea(_login(client, users, "employee"))
    idea = Feedback.objects.get()
    url = f"{BOARD}{idea.pk}/vote/"
    for who in ("owner", "owner", "manager"):
        r = _login(client, users, who).post(url, {"vote": "on", "back": "sort=votes"})
        assert r.status_code == 302 and r["Location"] == f"{BOARD}?sort=votes#idea-{idea.pk}"
    assert Vote.objects.filter(idea=idea).count() == 2
    page = client.get(BOARD).content.decode()
    assert "2 votes" in page and "Take back my vote" in page
    client.post(url, {"vote": "off"})
    assert Vote.objects.filter(idea=idea).count() == 1
    assert client.post(url, {"vote": "maybe"}).status_code == 400
    assert client.get(url).status_code == 405


def test_voting_with_htmx_returns_the_card_only(client, users, journey):
    _idea(_login(client, users, "employee"))
    idea = Feedback.objects.get()
    r = _login(client, users, "leader").post(
        f"{BOARD}{idea.pk}/vote/", {"vote": "on"}, HTTP_HX_REQUEST="true"
    )
    html = r.content.decode()
    assert r.status_code == 200 and html.lstrip().startswith(
        f'<li class="idea" id="idea-{idea.pk}"'
    )
    assert "1 vote<" in html and "Take back my vote" in html and "<html" not in html


def test_the_board_filters_and_sorts_by_votes(client, users, journey):
    from servicegap.ideas.models import Vote

    c = _login(client, users, "employee")
    _idea(c, text="Coffee while waiting", touchpoint="VISIT", flavour="delight")
    _idea(c, text="Fewer forms at handover", touchpoint="HANDOVER", flavour="hassle")
    popular = Feedback.objects.get(text="Coffee while waiting")
    for who in ("owner", "leader"):
        Vote.objects.create(workspace=popular.workspace, idea=popular, user=users[who])
    page = c.get(BOARD).content.decode()
    assert page.index("Coffee while waiting") < page.index("Fewer forms at handover")
    page = c.get(BOARD + "?sort=newest").content.decode()
    assert page.index("Fewer forms at handover") < page.index("Coffee while waiting")
    page = c.get(BOARD + "?touchpoint=HANDOVER").content.decode()
    assert "Fewer forms" in page and "Coffee while" not in page
    page = c.get(BOARD + "?flavour=delight&status=new").content.decode()
    assert "Coffee while" in page and "Fewer forms" not in page
    assert "Fewer forms" not in c.get(BOARD + "?status=done").content.decode()


def test_owners_and_leaders_move_the_status_and_the_log_says_so(client, users, journey):
    from servicegap.core.audit_text import sentence
    from servicegap.core.models import AuditEntry

    _idea(_login(client, users, "employee"))
    idea = Feedback.objects.get()
    url = f"{BOARD}{idea.pk}/status/"
    assert client.post(url, {"status": "planned"}).status_code == 404  # an employee may not
    assert _login(client, users, "manager").post(url, {"status": "planned"}).status_code == 404
    c = _login(client, users, "leader")
    assert c.post(url, {"status": "planned"}).status_code == 302
    assert c.post(url, {"status": "done"}).status_code == 302
    r = c.post(url, {"status": "done"})  # no change: refused, not logged
    assert r.status_code == 422 and "status: the idea is already done." in r.content.decode()
    assert c.post(url, {"status": "maybe"}).status_code == 422
    idea.refresh_from_db()
    assert idea.idea_status == "done"
    entries = AuditEntry.objects.filter(action="idea.status").order_by("pk")
    said = [sentence(e.actor, e.action, e.detail) for e in entries]
    assert said == [
        f"leader@acme.test moved idea #{idea.pk} from new to planned.",
        f"leader@acme.test moved idea #{idea.pk} from planned to done.",
    ]


def test_an_idea_becomes_an_action_that_links_back(client, users, journey):
    _idea(_login(client, users, "employee"))
    idea = Feedback.objects.get()
    c = _login(client, users, "owner")
    page = c.get(BOARD).content.decode()
    link = f"/w/acme/actions/new/?idea={idea.pk}&amp;touchpoints=HANDOVER"
    assert link in page
    form = c.get(link.replace("&amp;", "&")).content.decode()
    assert "Let customers book the handover online" in form
    assert re.search(r'name="touchpoints" value="HANDOVER"[^>]* checked', form)
    hidden = dict(re.findall(r'<input type="hidden" name="(idea|origin)" value="([^"]*)"', form))
    assert hidden == {"idea": str(idea.pk), "origin": "idea"}
    r = c.post(
        link.replace("&amp;", "&"),
        {"code": "HANDOVER-BOOKING", "title": "Online handover booking", "status": "planned",
         "touchpoints": ["HANDOVER"], "owner": "owner@acme.test", **hidden},
    )  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:2000]
    from servicegap.actions.models import Action

    assert Action.objects.get(code="HANDOVER-BOOKING").idea == idea
    page = c.get(BOARD).content.decode()
    link = '<a href="/w/acme/actions/HANDOVER-BOOKING/">Online handover booking</a>'
    assert f"became the action {link}" in page
    assert "Make it an action" not in page


def test_a_customer_idea_from_tell_us_is_on_the_board_and_in_the_inbox(
    client, workspace, users, journey
):
    from servicegap.channels.service import public_feedback

    public_feedback(
        workspace, {"kind": "idea", "text": "A kids corner in the showroom",
                    "touchpoint": "VISIT"}, "web",
    )  # fmt: skip
    c = _login(client, users, "owner")
    page = c.get(BOARD + "?touchpoint=VISIT").content.decode()
    assert "A kids corner in the showroom" in page and "from a customer" in page
    assert "A kids corner in the showroom" in c.get("/w/acme/feedback/").content.decode()


def test_the_board_is_every_members_and_brainstorms_are_facilitated(client, users, journey):
    for who in ("owner", "leader", "manager", "employee"):
        assert _login(client, users, who).get(BOARD).status_code == 200
        assert client.get("/w/acme/ideas/brainstorm/").status_code == 200
    r = client.post("/w/acme/ideas/brainstorm/", {"journey": "BUY"})  # still the employee
    assert r.status_code == 404


def test_a_brainstorm_walks_the_journey_and_notes_its_ideas(client, workspace, users, journey):
    from servicegap.core.audit_text import sentence
    from servicegap.core.models import AuditEntry
    from servicegap.ideas.models import Brainstorm

    c = _login(client, users, "manager")
    r = c.post("/w/acme/ideas/brainstorm/", {"journey": "BUY"})
    session = Brainstorm.objects.get()
    room = f"/w/acme/b/{session.code}/"
    assert r["Location"] == room
    assert "Showroom visit" in c.get(room + "live/").content.decode()
    c.post(room + "move/", {"direction": "next"})
    assert "Follow-up call" in c.get(room + "live/").content.decode()
    r = c.post(room + "move/", {"direction": "sideways"})
    assert r.status_code == 422 and "direction: must be next or previous." in r.content.decode()
    p = _login(client, users, "employee")
    assert p.post(room + "move/", {"direction": "next"}).status_code == 404
    assert p.post(room + "idea/", {"text": "Call when the car is ready"}).status_code == 302
    assert p.post(room + "idea/", {"text": ""}).status_code == 422
    idea = Feedback.objects.get(kind="idea")
    assert idea.touchpoint.code == "CALL" and idea.brainstorm_link.brainstorm == session
    live = c.get(room.lower() + "live/").content.decode()  # the code is read in any case
    assert "Call when the car is ready" in live and 'hx-trigger="every 2s"' in live
    c = _login(client, users, "manager")
    c.post(room + "move/", {"direction": "previous"})
    assert "Call when the car" not in c.get(room + "live/").content.decode()
    c.post(room + "move/", {"direction": "end"})
    live = c.get(room + "live/").content.decode()
    assert "has ended" in live and "hx-trigger" not in live
    assert p.post(room + "idea/", {"text": "Too late"}).status_code == 422
    entry = AuditEntry.objects.get(action="brainstorm.end")
    assert sentence(entry.actor, entry.action, entry.detail) == (
        f"manager@acme.test ended the brainstorm {session.code} (1 idea)."
    )
    assert c.get("/w/acme/b/NOPE99/").status_code == 404


def test_the_personal_data_handler_exports_and_erases_votes(workspace, users, journey):
    from servicegap.ideas import personal
    from servicegap.ideas.models import Vote

    anna = _employee_person(workspace, users)
    idea = Feedback.objects.create(
        workspace=workspace, kind="idea", text="x", submitted_at="2026-01-01T00:00Z"
    )
    Vote.objects.create(workspace=workspace, idea=idea, user=users["employee"])
    Vote.objects.create(workspace=workspace, idea=idea, user=users["owner"])
    exported = personal.export(workspace, anna, False)
    assert [v["idea_id"] for v in exported["idea_votes"]] == [idea.pk]
    assert personal.erase(workspace, anna) == {"idea_votes": 1}
    assert list(Vote.objects.values_list("user", flat=True)) == [users["owner"].pk]


def test_a_customer_gives_an_idea_a_flavour_on_tell_us(client, workspace, journey):
    from servicegap.channels.models import ChannelSettings

    ChannelSettings.objects.update_or_create(
        workspace=workspace, defaults={"public_feedback": True}
    )
    body = {"kind": "idea", "text": "Texts when the car is ready", "touchpoint": "CALL",
            "flavour": "hassle"}  # fmt: skip
    r = client.post("/r/acme/tell-us/", body)
    assert r.status_code == 302, r.content.decode()[:500]
    idea = Feedback.objects.get()
    assert (idea.kind, idea.flavour, idea.touchpoint.code) == ("idea", "hassle", "CALL")
    # A flavour left chosen when the kind changed is dropped, not refused.
    client.post("/r/acme/tell-us/", body | {"kind": "complaint", "text": "Slow"})
    assert Feedback.objects.get(kind="complaint").flavour == ""


def test_the_feedback_contract_refuses_a_bad_flavour(workspace):
    from servicegap.feedback.contract import record_feedback
    from servicegap.surveys.contract import ResponseError

    with pytest.raises(ResponseError) as bad:
        record_feedback(workspace, {"kind": "idea", "text": "x", "flavour": "magic"})
    assert bad.value.field == "flavour"
    with pytest.raises(ResponseError) as bad:
        record_feedback(workspace, {"kind": "complaint", "text": "x", "flavour": "hassle"})
    assert bad.value.field == "flavour"
    assert not Feedback.objects.exists()
