"""LimeSurvey survey structure (``.lss``) read into plain records: the survey, its languages and
its questions with their texts, answer options and subquestions, each with its source line.

Both layouts are read: the flat one (DBVersion < 400: texts inline, one row per language) and the
current one (``question_l10ns``, ``answer_l10ns``, ``group_l10ns``). How question types become our
question kinds is in ``limesurvey_map``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from servicegap.lib.xmlread import Document, XmlError, parse


@dataclass
class Rec:
    """One ``<row>`` of a table: its fields as text and the line of the ``<row>`` tag."""

    line: int
    values: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.values.get(name, "")


@dataclass
class LssQuestion:
    qid: str
    rec: Rec  # the question row (in the base language for the flat layout)
    text: dict[str, str] = field(default_factory=dict)
    help: dict[str, str] = field(default_factory=dict)
    script: dict[str, str] = field(default_factory=dict)
    subquestions: list[LssQuestion] = field(default_factory=list)
    answers: list[tuple[Rec, dict[str, str]]] = field(default_factory=list)  # (row, labels)
    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def line(self) -> int:
        return self.rec.line


@dataclass
class LssSurvey:
    sid: str
    base_language: str
    languages: list[str]
    titles: dict[str, str]
    questions: list[LssQuestion]  # top-level questions in group and question order
    group_relevance: dict[str, Rec]  # gid -> group row whose relevance is not trivial


def tables(doc: Document) -> dict[str, list[Rec]]:
    found: dict[str, list[Rec]] = {}
    for table in doc.root:
        rows = table.find("rows")
        if rows is None:
            continue
        found[table.tag] = [
            Rec(doc.line(row), {cell.tag: (cell.text or "") for cell in row})
            for row in rows.findall("row")
        ]
    return found


def _order(rec: Rec, name: str) -> int:
    value = rec[name]
    return int(value) if value.lstrip("-").isdigit() else 0


_DECLARED = re.compile(rb"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*["'])([^"']+)(["'])""")


def trust_utf8(data: bytes) -> bytes:
    """``data`` with its XML declaration saying UTF-8 when the bytes are UTF-8 text although the
    declaration names another encoding (an editor that saved an ISO-8859-1 export as UTF-8):
    read as declared, "Größe" would become "GrÃ¶ÃŸe" without a word. Bytes that are not UTF-8
    keep their declaration: Latin-1 text never decodes as UTF-8 by chance in practice."""
    match = _DECLARED.match(data[:400])
    if not match or match.group(2).lower().replace(b"_", b"-") in (b"utf-8", b"utf8"):
        return data
    if data.isascii():
        return data
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    return match.group(1) + b"UTF-8" + match.group(3) + data[match.end() :]


def read(data: bytes) -> LssSurvey:
    """Parse an .lss file; raises XmlError (with a line) when it is not a LimeSurvey survey."""
    doc = parse(trust_utf8(data))
    root = doc.root
    kind = (root.findtext("LimeSurveyDocType") or "").strip()
    if root.tag != "document" or kind != "Survey":
        raise XmlError(
            doc.line(root),
            "not a LimeSurvey survey structure file (expected <document> with "
            "<LimeSurveyDocType>Survey</LimeSurveyDocType>)",
        )
    t = tables(doc)
    surveys = t.get("surveys", [])
    if len(surveys) != 1:
        raise XmlError(doc.line(root), f"expected one survey in <surveys>, found {len(surveys)}")
    survey = surveys[0]
    base = survey["language"].strip()
    declared = [(e.text or "").strip() for e in root.iterfind("languages/language")]
    extra = survey["additional_languages"].split()
    languages = [lang for lang in dict.fromkeys([base, *declared, *extra]) if lang]
    if not base:
        raise XmlError(survey.line, "the survey has no base language (surveys/language is empty)")
    titles = {
        r["surveyls_language"]: r["surveyls_title"].strip()
        for r in t.get("surveys_languagesettings", [])
    }
    groups: dict[str, int] = {}
    relevance: dict[str, Rec] = {}
    for g in t.get("groups", []):
        groups.setdefault(g["gid"], _order(g, "group_order"))
        if g["grelevance"].strip() not in ("", "1"):
            relevance.setdefault(g["gid"], g)
    questions = _questions(t, base)
    questions.sort(key=lambda q: (groups.get(q.rec["gid"], 0), _order(q.rec, "question_order")))
    return LssSurvey(survey["sid"], base, languages, titles, questions, relevance)


def _questions(t: dict[str, list[Rec]], base: str) -> list[LssQuestion]:
    by_qid: dict[str, LssQuestion] = {}
    rows = t.get("questions", []) + t.get("subquestions", [])
    for rec in rows:  # the flat layout repeats a question once per language
        question = by_qid.get(rec["qid"])
        if question is None or (rec["language"] == base and question.rec["language"] != base):
            texts = question.text if question else {}
            by_qid[rec["qid"]] = question = LssQuestion(rec["qid"], rec, text=texts)
        if "question" in rec.values:
            _l10n(question, rec, rec["language"] or base)
    for rec in t.get("question_l10ns", []):
        if rec["qid"] in by_qid:
            _l10n(by_qid[rec["qid"]], rec, rec["language"])
    for rec in t.get("question_attributes", []):
        if rec["qid"] in by_qid and rec["language"] in ("", base):
            by_qid[rec["qid"]].attributes[rec["attribute"]] = rec["value"]
    labels = {r["aid"]: r for r in t.get("answer_l10ns", [])}
    answers: dict[tuple[str, str, str], tuple[Rec, dict[str, str]]] = {}
    for rec in t.get("answers", []):
        key = (rec["qid"], rec["scale_id"], rec["code"])
        row, names = answers.setdefault(key, (rec, {}))
        if "answer" in rec.values:  # flat layout: the label is inline
            names[rec["language"] or base] = rec["answer"]
        for l10n in [labels[rec["aid"]]] if rec["aid"] in labels else []:
            names[l10n["language"]] = l10n["answer"]
    for (qid, _scale, _code), pair in answers.items():
        if qid in by_qid:
            by_qid[qid].answers.append(pair)
    top: list[LssQuestion] = []
    for question in by_qid.values():
        question.answers.sort(key=lambda p: (_order(p[0], "scale_id"), _order(p[0], "sortorder")))
        parent = question.rec["parent_qid"]
        if parent not in ("", "0") and parent in by_qid:
            by_qid[parent].subquestions.append(question)
        else:
            top.append(question)
    for question in top:
        question.subquestions.sort(
            key=lambda q: (_order(q.rec, "scale_id"), _order(q.rec, "question_order"))
        )
    return top


def _l10n(question: LssQuestion, rec: Rec, language: str) -> None:
    if rec["question"]:
        question.text[language] = rec["question"]
    if rec["help"].strip():
        question.help[language] = rec["help"]
    if rec["script"].strip():
        question.script[language] = rec["script"]
