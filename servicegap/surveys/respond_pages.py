"""The pages of the respondent's form: which questions a page draws, and drawing it.

``PagedForm`` is one request's form (the fields of the version answered, cut into pages by
``paging``); ``draw`` renders one page with the answers of the other pages in hidden fields, so
paging needs no JavaScript and no session (``respond.handle_survey`` drives it).
"""

from __future__ import annotations

import json

from django.shortcuts import render

from servicegap.core.models import Workspace
from servicegap.surveys import paging
from servicegap.surveys.answering import Field, apply_values, build_fields, read_answers, shown
from servicegap.surveys.models import Question, Survey
from servicegap.surveys.respond_text import words


class PagedForm:
    """One request's form: the fields of the version answered, cut into pages."""

    def __init__(self, workspace: Workspace, survey: Survey, lang: str, version: int) -> None:
        self.w = words(lang)
        questions = Question.objects.of(workspace).filter(survey=survey, survey_version=version)
        self.fields = build_fields(
            questions.order_by("position", "pk"), survey.scale_max, lang, survey.languages, self.w
        )
        self.pages = paging.split([f.question.code for f in self.fields])

    def last(self, page: int) -> bool:
        return page >= len(self.pages) - 1

    def first_error(self) -> int | None:
        for i, f in enumerate(self.fields):
            if f.error:
                return paging.page_of(self.pages, i)
        return None

    def drawn(self, page: int, post) -> list[Field]:
        """The questions of ``page`` a respondent sees, given the answers of earlier pages.

        A condition met on an earlier page shows its question outright; one that only a question
        of this page can meet is left to the page's script (and to the server on the send); one
        that nothing here can meet hides its question."""
        start = self.pages[page].start
        given = [a for _f, got in read_answers(self.fields[:start], post, self.w)[0] for a in got]
        out: list[Field] = []
        for f in (self.fields[i] for i in self.pages[page]):
            condition = json.loads(f.condition) if f.condition else {}
            if not condition:
                out.append(f)
            elif shown(condition, given):
                f.condition = ""
                out.append(f)
            elif any(_answers(g, condition) for g in out):
                out.append(f)
        return out


def _answers(f: Field, condition: dict) -> bool:
    """Whether ``f`` gives answers a condition looks at."""
    item = condition.get("item") or ""
    return f.kind == condition.get("kind") and (
        f.item == item or (bool(f.item) and item.startswith(f"{f.item}."))
    )


def draw(request, form: PagedForm, context, values, post, page: int, *, step: int = 1, status=200):
    """Draw page ``page`` (or the next one in the direction ``step`` that has a question to
    show), with the other pages' answers carried in hidden fields."""
    page = max(0, min(page, len(form.pages) - 1))
    apply_values(form.fields, values)
    drawn = form.drawn(page, post)
    while not drawn and 0 <= page + step < len(form.pages):
        page += step
        drawn = form.drawn(page, post)
    if context.pop("mark_first", False) and drawn:
        drawn[0].error = context["w"]["need_one"]
    if post:  # kept on the pages that do not show them
        context.setdefault("contact", post.get("contact", "").strip())
        context.setdefault("consent", post.get("contact_consent") == "yes")
        context.setdefault("supplier", post.get("supplier", ""))
    names = {n for f in drawn for n in (f.name, *(r.name for r in f.rows))}
    carried = [(n, v) for n, given in values.items() if n not in names for v in given]
    count = len(form.pages)
    context.update(
        fields=drawn,
        carried=carried,
        page=page,
        pages=count,
        first_page=page == 0,
        last_page=form.last(page),
        progress=context["w"]["page_of"].format(page=page + 1, pages=count) if count > 1 else "",
        failed=[f for f in drawn if f.error],
        tz=post.get("tz", "") if post else "",
    )
    return render(request, "surveys/respond.html", context, status=status)
