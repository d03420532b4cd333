"""The comment explorer in the feedback inbox: the text filters, highlights (escaped), theme
trends, redaction in the inbox, the response page and the exports, employees only in groups."""

from __future__ import annotations

from servicegap.text import marks, service, sources
from servicegap.text.models import Enrichment, Tag
from tests.text_support import comment, feedback

URL = "/w/acme/feedback/"


def label(ws, fb=None, answer=None, **values):
    """Store labels as the worker would, then set the ones a test needs."""
    source, pk = ("feedback", fb.pk) if fb else ("answer", answer.pk)
    service.enrich(ws, sources.load(ws, source, [pk]))
    x = Enrichment.objects.of(ws).get(**({"feedback": fb} if fb else {"answer": answer}))
    for k, v in values.items():
        setattr(x, k, v)
    x.save()
    Tag.objects.of(ws).filter(enrichment=x).delete()
    Tag.objects.bulk_create(service._tags(ws, x))
    return x


def test_filters_by_sentiment_kind_theme_and_matched_standard(workspace, place, login):
    a = feedback(workspace, "suggestion", "The waiting room coffee is cold")
    b = feedback(workspace, "complaint", "Nobody said hello when I came in")
    label(workspace, a, sentiment="neutral", kind="suggestion", themes=["coffee"], standards=[])
    label(workspace, b, sentiment="negative", kind="complaint", themes=["welcome"],
          standards=["GREET"])  # fmt: skip
    client = login("owner")
    page = client.get(URL, {"sentiment": "negative"}).content.decode()
    assert "Nobody said hello" in page and "waiting room" not in page
    page = client.get(URL, {"reads_as": "suggestion"}).content.decode()
    assert "waiting room" in page and "Nobody said hello" not in page
    page = client.get(URL, {"theme": "coffee"}).content.decode()
    assert "waiting room" in page and "Nobody said hello" not in page
    # The matched standard counts though the sender named none and no touchpoint carries it.
    page = client.get(URL, {"standard": "GREET"}).content.decode()
    assert "Nobody said hello" in page and "waiting room" not in page
    assert client.get(URL, {"sentiment": "furious"}).status_code == 400


def test_filters_by_matched_touchpoint_and_unit(workspace, place, login):
    a = comment(workspace, "The call back never came", unit="SERVICE")
    label(workspace, answer=a.answers.get(kind="text"), touchpoint="CALL")
    feedback(workspace, "complaint", "Dirty car", unit="SALES")
    client = login("owner")
    page = client.get(URL, {"touchpoint": "CALL"}).content.decode()
    assert "call back never came" in page and "Dirty car" not in page
    page = client.get(URL, {"unit": "SALES"}).content.decode()
    assert "Dirty car" in page and "call back never came" not in page


def test_highlights_are_marked_and_escaped(workspace, place, login):
    fb = feedback(workspace, "compliment", "Anna <b>Field</b> made the coffee & paperwork easy")
    label(workspace, fb, themes=["paperwork"], mentions=["E-ANNA"])
    page = login("owner").get(URL).content.decode()
    assert "<mark>paperwork</mark>" in page and "<mark>Anna</mark>" in page
    assert "&lt;b&gt;" in page and "<b>Field</b>" not in page


def test_texts_are_redacted_in_the_inbox_the_response_page_and_the_exports(workspace, place, login):
    from servicegap.feedback.transfer import export as export_feedback
    from servicegap.surveys.transfer.responses import export as export_responses

    secret = "call me on 07700 900123 or jo.bloggs@example.com"
    feedback(workspace, "complaint", f"Nobody rang back, {secret}")
    r = comment(workspace, f"Still waiting, {secret}")
    client = login("owner")
    for url in (URL, f"/w/acme/responses/{r.pk}/"):
        page = client.get(url).content.decode()
        assert "07700" not in page and "jo.bloggs@example.com" not in page, url
        assert "Nobody rang back" in page or "Still waiting" in page
    for table in (export_feedback(workspace), export_responses(workspace)):
        flat = repr(list(table.rows))
        assert "07700" not in flat and "jo.bloggs@example.com" not in flat
    assert secret in r.answers.get(kind="text").value_text  # the original is kept


def test_theme_trend_by_month_with_n_and_interval(workspace, place, login):
    for text in ("Cold coffee", "Coffee was cold again", "Lovely staff"):
        fb = feedback(workspace, "complaint", text)
        label(workspace, fb, themes=["coffee"] if "offee" in text else ["staff"])
    page = login("owner").get(URL).content.decode()
    assert "Themes by month" in page and "emerging" in page
    assert "67 %" in page and "n 3" in page


def test_marks_are_pure():
    assert marks.segments("Anna made the paperwork easy", {"anna", "paperwork"}) == [
        ("Anna", True), (" made the ", False), ("paperwork", True), (" easy", False),
    ]  # fmt: skip
    assert marks.segments("plain", set()) == [("plain", False)]
    assert marks.words_of(["waiting time", "the"]) == {"waiting", "time"}
    rows = [("2026-01", ["a"]), ("2026-02", ["a"]), ("2026-02", ["b"]), ("2026-02", [])]
    a, b = marks.trends(rows, ["2026-01", "2026-02"])
    assert (a.theme, a.emerging, [c.k for c in a.cells], [c.n for c in a.cells]) == (
        "a", False, [1, 1], [1, 3],
    )  # fmt: skip
    assert b.emerging and b.cells[1].low > 0 and b.cells[1].high < 1


def test_employee_comments_only_in_groups_of_ten(workspace, place, login):
    from servicegap.people.models import Person, Unit

    sales = Unit.objects.of(workspace).get(code="SALES")
    for i in range(9):
        Person.objects.create(workspace=workspace, code=f"W{i}", kind="employee", unit=sales)
        comment(workspace, f"Rota number {i} is unfair", perspective="employee", unit="SALES",
                respondent=f"W{i}")  # fmt: skip
    client = login("owner")
    page = client.get(URL).content.decode()
    assert "Rota number" not in page  # nine writers: below the threshold
    Person.objects.create(workspace=workspace, code="W9", kind="employee", unit=sales)
    comment(workspace, "Rota number 9 is unfair", perspective="employee", unit="SALES",
            respondent="W9")  # fmt: skip
    page = client.get(URL).content.decode()
    assert page.count("Rota number") == 10  # one group of ten, never one by one
    assert "Rota number" not in client.get(URL, {"sentiment": "negative"}).content.decode()
