"""The demo's survey migrated from Qualtrics: the vehicle handover survey Acme Motors ran there,
its definition (``.qsf``) and its response export brought over by the importers' own paths
(``lib.qualtrics_qsf.plan``, the proposed column mapping, ``import qualtrics-responses``).

It shows what the migration keeps of the text a customer typed into a choice ("Other, please
say where: ..."): a text question of its own right after its question, shown on the survey page
only when that choice is picked, and the export's ``_TEXT`` columns answered into it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import numpy as np

from servicegap.core.models import Workspace
from servicegap.demo import story
from servicegap.demo.blocks import World
from servicegap.lib import qualtrics_qsf
from servicegap.surveys.models import Survey
from servicegap.surveys.transfer.limesurvey import create_survey
from servicegap.surveys.transfer.mapped import proposal
from servicegap.surveys.transfer.qualtrics import import_file, read_upload
from servicegap.transfer.filekinds import Options

CODE = "QX-HANDOVER"
FILENAME = "Vehicle_handover.csv"
DAYS = (330, 200)  # answered 11 to 7 months before the demo's today, before ServiceGap
HEARD = {"1": "A friend or family", "2": "An online search", "3": "The radio advert",
         "4": "Somewhere else, please say where"}  # fmt: skip
HEARD_ODDS = (0.4, 0.3, 0.18, 0.12)
HEARD_ELSE = ["The village newsletter", "Saw the stand at the county show",
              "My employer's car scheme", "A leaflet at the petrol station"]  # fmt: skip
EXTRAS = {"1": "Floor mats", "2": "A tow bar", "3": "Roof bars", "4": "Something else"}
EXTRAS_ODDS = (0.55, 0.2, 0.15, 0.1)
EXTRAS_ELSE = ["A dog guard", "Winter tyres", "A child seat fitted", "Mud flaps"]
NOTES = ["The salesman walked me through every button, very patient.",
         "Car was handed over with a quarter tank, expected it full.",
         "", "", ""]  # fmt: skip


def _choice(qid: str, tag: str, text: str, selector: str, choices: dict[str, str]) -> dict:
    boxed = {"4"}  # the last choice of each has a text box
    return {
        "SurveyID": "SV_demoHandover", "Element": "SQ", "PrimaryAttribute": qid,
        "Payload": {
            "QuestionID": qid, "DataExportTag": tag, "QuestionText": text,
            "QuestionType": "MC", "Selector": selector, "SubSelector": "TX",
            "Choices": {c: {"Display": label, **({"TextEntry": "true"} if c in boxed else {})}
                        for c, label in choices.items()},
            "ChoiceOrder": list(choices),
        },
    }  # fmt: skip


def qsf() -> dict:
    """The survey definition as Qualtrics exports it (the parts the importer reads)."""
    return {
        "SurveyEntry": {"SurveyID": "SV_demoHandover", "SurveyName": "Vehicle handover",
                        "SurveyLanguage": "EN"},
        "SurveyElements": [
            {"SurveyID": "SV_demoHandover", "Element": "BL", "PrimaryAttribute": "Survey Blocks",
             "Payload": [{"Type": "Default", "ID": "BL_1", "BlockElements": [
                 {"Type": "Question", "QuestionID": q} for q in ("QID1", "QID2", "QID3")]}]},
            _choice("QID1", "HEARD", "How did you <strong>first hear</strong> about Acme "
                    "Motors?", "SAVR", HEARD),
            _choice("QID2", "EXTRAS", "Which extras did you order with the car?<br><em>Tick "
                    "all that apply.</em>", "MAVR", EXTRAS),
            {"SurveyID": "SV_demoHandover", "Element": "SQ", "PrimaryAttribute": "QID3",
             "Payload": {"QuestionID": "QID3", "DataExportTag": "NOTE", "QuestionType": "TE",
                         "Selector": "ML", "QuestionText": "Anything about the handover we "
                         "should know?"}},
        ],
    }  # fmt: skip


# (column id, ImportId) of the response export, as a current Qualtrics export writes them
COLUMNS = [
    ("ResponseId", "_recordId"), ("RecordedDate", "recordedDate"), ("Status", "status"),
    ("Finished", "finished"), ("HEARD", "QID1"), ("HEARD_4_TEXT", "QID1_4_TEXT"),
    *((f"EXTRAS_{c}", f"QID2_{c}") for c in EXTRAS), ("EXTRAS_4_TEXT", "QID2_4_TEXT"),
    ("NOTE", "QID3_TEXT"),
]  # fmt: skip


def export_csv(rng: np.random.Generator, today: dt.date, rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c for c, _ in COLUMNS])
    writer.writerow([c for c, _ in COLUMNS])  # row 2: Qualtrics writes the question texts
    writer.writerow([json.dumps({"ImportId": i}) for _, i in COLUMNS])
    for n in range(rows):
        day = today - dt.timedelta(days=int(rng.integers(DAYS[1], DAYS[0])))
        at = f"{day.isoformat()} {int(rng.integers(9, 18)):02d}:{int(rng.integers(60)):02d}:00"
        heard = str(rng.choice(list(HEARD), p=HEARD_ODDS))
        extras = [c for c, p in zip(EXTRAS, EXTRAS_ODDS, strict=True) if rng.random() < p]
        writer.writerow([
            f"R_demo{n:04d}", at, "IP Address", "True", heard,
            str(rng.choice(HEARD_ELSE)) if heard == "4" else "",
            *("1" if c in extras else "" for c in EXTRAS),
            str(rng.choice(EXTRAS_ELSE)) if "4" in extras else "",
            str(rng.choice(NOTES)),
        ])  # fmt: skip
    return out.getvalue().encode()


def migrate(rng: np.random.Generator, ws: Workspace, today: dt.date) -> int:
    """Import the survey definition, then its responses through the proposed mapping; the
    number of responses stored."""
    document = qsf()
    plan = qualtrics_qsf.plan(document, json.dumps(document), 5)
    plan.title = "Vehicle handover (from Qualtrics)"
    report = create_survey(ws, "demo.qsf", CODE, plan, publish=True)
    assert report.created == 5, report  # three questions and two text boxes
    data = export_csv(rng, today, int(rng.integers(60, 90)))
    survey = Survey.objects.get(workspace=ws, code=CODE)
    mapping = proposal(ws, survey, read_upload(data, FILENAME))
    options = Options(survey=CODE, mapping=mapping.encode(), time_zone=story.TIME_ZONE)
    return import_file(ws, data, FILENAME, options).created


def create(rng: np.random.Generator, w: World, ws: Workspace, refs: dict) -> None:
    migrate(rng, ws, w.timeline.date_of(-1))
