"""The feedback inbox (/w/<slug>/feedback/): customers' feedback and survey comments one by one,
newest first, filtered and paged by a cursor; employees' words only in groups of ten writers;
managers held to their units; employees without an inbox."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from servicegap.actions.models import Action
from servicegap.cases.models import Case
from servicegap.feedback.contract import record_feedback
from servicegap.feedback.inbox import PAGE
from servicegap.journeys.models import Journey, Touchpoint
from servicegap.people.models import Person, Unit
from servicegap.surveys.contract import record_response

URL = "/w/acme/feedback/"
T0 = datetime(2026, 2, 10, 9, 0, tzinfo=UTC)  # in 2026-Q1


def at(hours: float) -> str:
    return (T0 + timedelta(hours=hours)).isoformat()


@pytest.fixture
def place(workspace, standards):
    """A touchpoint at SALES where GREET applies, and an employee of SALES."""
    journey = Journey.objects.create(workspace=workspace, code="BUY", name="Buying a car")
    visit = Touchpoint.objects.create(
        workspace=workspace, journey=journey, code="VISIT", name="Showroom visit", step=1,
        unit=Unit.objects.of(workspace).get(code="SALES"),
    )  # fmt: skip
    visit.standards.add(standards[0], through_defaults={"workspace": workspace})
    Person.objects.create(
        workspace=workspace, code="E-ANNA", name="Anna Field", kind="employee",
        unit=Unit.objects.of(workspace).get(code="SALES"),
    )  # fmt: skip
    return visit


def feedback(ws, kind: str, text: str, hours: float, **extra):
    return record_feedback(ws, {"kind": kind, "text": text, "submitted_at": at(hours), **extra})


def comment(ws, text: str, hours: float, perspective: str = "customer", **extra):
    data = {
        "perspective": perspective, "submitted_at": at(hours),
        "answers": [{"kind": "text", "value": text}], **extra,
    }  # fmt: skip
    return record_response(ws, data)


def texts(html: str) -> list[str]:
    """The customer entries' texts, in page order."""
    return re.findall(r'<blockquote class="entry-text">(.*?)</blockquote>', html, re.S)


@pytest.fixture
def inbox(workspace, place, standards):
    """Customer input of every kind and source, and what became of some of it."""
    ws = workspace
    made = {
        "complaint": feedback(ws, "complaint", "Nobody called back", 1, unit="SERVICE"),
        "compliment": feedback(
            ws, "compliment", "Anna was wonderful", 2, touchpoint="VISIT", employee="E-ANNA"
        ),
        "suggestion": feedback(ws, "suggestion", "Open on Sundays", 3, standard="CLEAN"),
        "idea": feedback(ws, "idea", "A loyalty card", 4, unit="HQ"),
    }
    made["comment"] = comment(
        ws, "The coffee was cold", 5, unit="SALES", touchpoint="VISIT", employee="E-ANNA"
    )
    made["march"] = feedback(ws, "complaint", "Car not ready in March", 24 * 30, unit="SALES")
    Case.objects.create(
        workspace=ws, number=7, title="Call back", status="open", feedback=made["complaint"],
        opened_at=T0,
    )  # fmt: skip
    Case.objects.create(
        workspace=ws, number=8, title="Cold coffee", status="closed", response=made["comment"],
        opened_at=T0,
    )  # fmt: skip
    Action.objects.create(workspace=ws, code="LOYALTY", title="Loyalty card", idea=made["idea"])
    return made


@pytest.mark.django_db
def test_every_kind_is_listed_newest_first_with_its_source_and_outcome(login, inbox):
    r = login("owner").get(URL)
    assert r.status_code == 200
    html = r.content.decode()
    assert texts(html) == [
        "Car not ready in March", "The coffee was cold", "A loyalty card", "Open on Sundays",
        "Anna was wonderful", "Nobody called back",
    ]  # fmt: skip
    assert f'href="/w/acme/responses/{inbox["comment"].pk}/"' in html  # the comment's response
    assert 'href="/w/acme/cases/7/">case 7</a> (open)' in html
    assert 'href="/w/acme/cases/8/">case 8</a> (closed)' in html
    assert "recognised: Anna Field" in html and "served by Anna Field" in html
    assert "LOYALTY" in html and "Loyalty card" in html
    assert "Survey comment" in html and "Survey answer" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=complaint", ["Car not ready in March", "Nobody called back"]),
        ("kind=comment", ["The coffee was cold"]),
        ("unit=HQ", ["Car not ready in March", "The coffee was cold", "A loyalty card",
                     "Anna was wonderful", "Nobody called back"]),  # the subtree; not "no unit"
        ("unit=SALES", ["Car not ready in March", "The coffee was cold", "Anna was wonderful"]),
        ("touchpoint=VISIT", ["The coffee was cold", "Anna was wonderful"]),
        ("standard=CLEAN", ["Open on Sundays"]),
        ("standard=GREET", ["The coffee was cold", "Anna was wonderful"]),  # at a GREET touchpoint
        ("date_from=2026-03-01", ["Car not ready in March"]),
        ("date_to=2026-02-28&kind=complaint", ["Nobody called back"]),
        ("status=case_open", ["Nobody called back"]),
        ("status=case_closed", ["The coffee was cold"]),
        ("status=recognised", ["Anna was wonderful"]),
        ("status=action", ["A loyalty card"]),
        ("status=nothing", ["Car not ready in March", "Open on Sundays"]),
    ],
)  # fmt: skip
def test_each_filter_narrows_the_inbox(login, inbox, query, expected):
    r = login("owner").get(f"{URL}?{query}")
    assert r.status_code == 200
    assert texts(r.content.decode()) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=rant", "kind"),
        ("unit=NOPE", "unit"),
        ("standard=NOPE", "standard"),
        ("date_from=yesterday", "date_from"),
        ("date_from=2026-03-02&date_to=2026-03-01", "date_to"),
        ("after=12x", "after"),
    ],
)
def test_a_bad_filter_is_400_naming_the_field(login, inbox, query, field):
    r = login("owner").get(f"{URL}?{query}")
    assert r.status_code == 400
    assert field in r.context["form"].errors
    assert texts(r.content.decode()) == []


@pytest.mark.django_db
def test_pages_follow_a_cursor_without_gaps_or_repeats(login, workspace, place):
    ws = workspace
    for i in range(PAGE + 15):  # pairs share an instant: feedback and comments tie
        feedback(ws, "complaint", f"complaint {i}", i // 2)
        comment(ws, f"comment {i}", i // 2, unit="SALES")
    client, seen, url = login("owner"), [], URL
    pages = 0
    while url:
        html = client.get(url).content.decode()
        seen += texts(html)
        pages += 1
        found = re.search(r'href="\?(after=[^"]+)" rel="next"', html)
        url = f"{URL}?{found.group(1)}" if found else ""
    assert pages == 3
    assert len(seen) == len(set(seen)) == 2 * (PAGE + 15)
    newest = sorted(range(PAGE + 15), key=lambda i: i // 2, reverse=True)
    assert {seen[0], seen[1]} <= {f"complaint {i}" for i in newest[:2]} | {
        f"comment {i}" for i in newest[:2]
    }


def _employees_say(ws, count: int, unit: str = "SALES", what: str = "comment"):
    for i in range(count):
        if what == "idea":
            record_feedback(
                ws, {"kind": "idea", "text": f"idea number {i}", "submitted_at": at(i),
                     "perspective": "employee", "unit": unit, "person": f"E{i}"},
            )  # fmt: skip
        else:
            comment(ws, f"staff comment {i}", i, "employee", respondent=f"E{i}", unit=unit)


@pytest.fixture
def staff(workspace):
    for i in range(12):
        Person.objects.get_or_create(workspace=workspace, code=f"E{i}", kind="employee")


@pytest.mark.django_db
def test_nine_employees_comments_are_never_shown_ten_are_in_one_group(login, workspace, staff):
    _employees_say(workspace, 9)
    client = login("owner")
    html = client.get(URL).content.decode()
    assert "staff comment" not in html
    assert "No group reaches 10 people" in html
    _employees_say(workspace, 1)  # "staff comment 0" again, by E0: still nine writers
    assert "staff comment" not in client.get(URL).content.decode()
    comment(workspace, "staff comment 9", 9, "employee", respondent="E9", unit="SALES")
    html = client.get(URL).content.decode()
    assert html.count("staff comment") == 11
    assert "Employees, Sales, 2026-Q1" in html and "a group of 10 people" in html
    assert "/responses/" not in html  # never linked to a response page
    assert texts(html) == []  # never an entry of its own
    for person in ("E1", "E9"):  # a whole word: a CSRF token may hold "E1" by chance
        assert not re.search(rf"\b{person}\b", html)


@pytest.mark.django_db
def test_small_units_pool_into_the_unit_above_and_are_shown_only_there(login, workspace, staff):
    for i in range(5):
        comment(workspace, f"sales says {i}", i, "employee", respondent=f"E{i}", unit="SALES")
        comment(workspace, f"service says {i}", i, "employee", respondent=f"E{i + 5}", unit="SERVICE")  # fmt: skip
    html = login("owner").get(URL).content.decode()
    assert "Employees, Head office, 2026-Q1" in html and html.count(" says ") == 10
    assert "Employees, Sales" not in html and "Employees, Service" not in html
    # Asked for SALES, the pooled group (it is Head office's) is not shown: it is no SALES group.
    assert " says " not in login("owner").get(f"{URL}?unit=SALES").content.decode()


@pytest.mark.django_db
def test_employee_ideas_are_grouped_without_the_person(login, workspace, staff):
    _employees_say(workspace, 10, what="idea")
    html = login("owner").get(URL).content.decode()
    assert html.count("idea number") == 10 and texts(html) == []
    assert "a group of 10 people" in html
    html = login("owner").get(f"{URL}?kind=comment").content.decode()
    assert "idea number" not in html  # the kind filter picks texts inside the group
    html = login("owner").get(f"{URL}?status=nothing").content.decode()
    assert "idea number" not in html and "do not apply to their words" in html


@pytest.mark.django_db
def test_a_manager_sees_only_their_units_and_an_employee_has_no_inbox(login, inbox, staff):
    _employees_say(inbox["complaint"].workspace, 10, unit="SERVICE")
    r = login("manager").get(URL)  # manages SALES
    assert r.status_code == 200
    html = r.content.decode()
    assert texts(html) == ["Car not ready in March", "The coffee was cold", "Anna was wonderful"]
    assert "staff comment" not in html  # SERVICE's group
    assert login("manager").get(f"{URL}?unit=SERVICE").status_code == 404
    assert login("manager").get(f"{URL}?unit=SALES").status_code == 200
    assert login("employee").get(URL).status_code == 404
    assert "staff comment" in login("leader").get(URL).content.decode()
