"""`servicegap import` and `servicegap export`: the file formats of docs/formats.md."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from servicegap.cli import main_group

UNITS = "code,name,parent\nHQ,Head office,\nNORTH,North branch,REGION\nREGION,Region,HQ\n"
STANDARDS = (
    "code,title,dimension,behaviours,target,servqual,need_or_want,published\n"
    "GREET,Greets by name,people,Looks up|Uses the name,6,empathy,want,true\n"
    'CALL,"Calls back, always",process,,5.5,responsiveness,need,false\n'
)
JOURNEYS = (
    "journey,step,code,name,channel,unit,standards,journey_name\n"
    "BUY,1,BUY-1,Visit,in-person,NORTH,GREET|CALL,Buying a car\n"
    "BUY,2,BUY-2,Call back,phone,,CALL,Buying a car\n"
    "FIX,1,FIX-1,Book a service,web,HQ,,Servicing\n"
)
PEOPLE = (
    "code,name,kind,unit,email,attr.segment,attr.region\n"
    "C1,Ann,customer,NORTH,ann@example.test,fleet,\n"
    "E1,Bob,employee,HQ,,,west\n"
)
FILES = {"units": UNITS, "standards": STANDARDS, "journeys": JOURNEYS, "people": PEOPLE}


def cli(*args: str, stdin: bytes | None = None, workspace: str = "acme") -> Result:
    return CliRunner().invoke(main_group, ["--workspace", workspace, *args], input=stdin)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.stderr + repr(result.exception)
    return result


def refused(result: Result) -> Result:
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def write(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return str(path)


def import_text(tmp_path: Path, kind: str, text: str | bytes, name: str = "") -> Result:
    return cli("import", kind, write(tmp_path, name or f"{kind}.csv", text))


def export_rows(kind: str, workspace: str = "acme") -> list[list[str]]:
    return list(csv.reader(io.StringIO(ok(cli("export", kind, workspace=workspace)).stdout)))


def load_all(tmp_path: Path) -> None:
    for kind, text in FILES.items():
        ok(import_text(tmp_path, kind, text))


# --- round trips ------------------------------------------------------------------------------


def test_units_import_with_a_parent_defined_later_in_the_file(workspace, tmp_path):
    ok(import_text(tmp_path, "units", UNITS))
    rows = export_rows("units")
    assert rows[0] == ["code", "name", "parent"]
    assert ["NORTH", "North branch", "REGION"] in rows
    assert [r[0] for r in rows[1:]] == sorted(r[0] for r in rows[1:])


def test_exports_write_the_columns_of_the_import_sorted_by_code(workspace, tmp_path):
    load_all(tmp_path)
    assert export_rows("standards") == [
        [
            "code",
            "title",
            "dimension",
            "behaviours",
            "target",
            "servqual",
            "need_or_want",
            "published",
            "why",
            "retired",
        ],
        [
            "CALL",
            "Calls back, always",
            "process",
            "",
            "5.5",
            "responsiveness",
            "need",
            "false",
            "",
            "false",
        ],
        [
            "GREET",
            "Greets by name",
            "people",
            "Looks up|Uses the name",
            "6",
            "empathy",
            "want",
            "true",
            "",
            "false",
        ],
    ]
    assert export_rows("journeys") == list(
        csv.reader(
            io.StringIO(
                "journey,step,code,name,channel,unit,standards,journey_name\n"
                "BUY,1,BUY-1,Visit,in-person,NORTH,CALL|GREET,Buying a car\n"
                "BUY,2,BUY-2,Call back,phone,,CALL,Buying a car\n"
                "FIX,1,FIX-1,Book a service,web,HQ,,Servicing\n"
            )
        )
    )
    assert export_rows("people") == [
        ["code", "name", "kind", "unit", "email", "front_line", "attr.region", "attr.segment"],
        ["C1", "Ann", "customer", "NORTH", "ann@example.test", "false", "", "fleet"],
        ["E1", "Bob", "employee", "HQ", "", "false", "west", ""],
    ]


def read_back(path: Path, fmt: str) -> list[list[str]]:
    from servicegap.transfer.csvio import to_text

    if fmt == "csv":
        return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    if fmt == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path).worksheets[0]
        return [[to_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    columns = [table.column(n).to_pylist() for n in table.column_names]
    return [table.column_names] + [[to_text(c[i]) for c in columns] for i in range(table.num_rows)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
@pytest.mark.parametrize("kind", ["units", "standards", "journeys", "people"])
def test_every_kind_round_trips_through_every_format(workspace, tmp_path, kind, fmt):
    load_all(tmp_path)
    expected = export_rows(kind)
    out = tmp_path / f"out.{fmt}"
    ok(cli("export", kind, "--format", fmt, "--output", str(out)))
    assert read_back(out, fmt) == expected
    result = ok(cli("import", kind, str(out), "--json"))
    assert result.stdout.count("\n") == 1
    assert '"created": 0, "updated": 0' in result.stdout
    assert export_rows(kind) == expected


def test_the_format_follows_the_output_extension(workspace, tmp_path):
    ok(cli("export", "units", "--output", str(tmp_path / "u.xlsx")))
    assert (tmp_path / "u.xlsx").read_bytes().startswith(b"PK")


def test_binary_formats_need_an_output_file(workspace):
    result = refused(cli("export", "units", "--format", "parquet"))
    assert "--output" in result.stderr
    assert result.stdout == ""


def test_import_prints_one_json_object_with_the_counts(workspace, tmp_path):
    result = ok(
        cli(
            "import",
            "units",
            write(tmp_path, "u.csv", "code,name,parent\nHQ,Head,\nX,X,HQ\n"),
            "--json",
        )
    )
    assert result.stdout.strip() == '{"kind": "units", "created": 1, "updated": 1, "unchanged": 0}'
    assert "1 created, 1 updated, 0 unchanged" in result.stderr


def test_imports_and_exports_are_audited(workspace, tmp_path):
    from servicegap.core.models import AuditEntry

    ok(import_text(tmp_path, "units", UNITS))
    export_rows("units")
    actions = set(AuditEntry.objects.of(workspace).values_list("action", flat=True))
    assert {"import.units", "export.units"} <= actions


def test_an_export_never_shows_another_workspaces_rows(workspace, other_workspace, tmp_path):
    load_all(tmp_path)
    ok(
        cli(
            "import",
            "standards",
            write(tmp_path, "o.csv", "code,title,dimension\nOTHER,Theirs,people\n"),
            workspace="other",
        )
    )
    ok(
        cli(
            "import",
            "people",
            write(
                tmp_path, "p.csv", "code,name,kind,unit,email,attr.secret\nSPY,Eve,customer,HQ,,x\n"
            ),
            workspace="other",
        )
    )
    assert "Other head office" not in ok(cli("export", "units")).stdout
    assert "OTHER" not in ok(cli("export", "standards")).stdout
    people = ok(cli("export", "people")).stdout
    assert "SPY" not in people and "attr.secret" not in people
    assert export_rows("units", workspace="other") == [
        ["code", "name", "parent"],
        ["HQ", "Other head office", ""],
    ]


# --- standards: versions and publishing -------------------------------------------------------


def test_a_changed_standard_gets_a_new_version_and_an_unchanged_one_does_not(workspace, tmp_path):
    from servicegap.standards.models import Standard

    ok(import_text(tmp_path, "standards", STANDARDS))
    changed = STANDARDS.replace("Greets by name", "Greets every customer by name")
    result = ok(cli("import", "standards", write(tmp_path, "s2.csv", changed), "--json"))
    assert '"created": 0, "updated": 1, "unchanged": 1' in result.stdout
    greet = Standard.objects.of(workspace).get(code="GREET")
    call = Standard.objects.of(workspace).get(code="CALL")
    assert (greet.version, greet.versions.count()) == (2, 2)
    assert greet.title == "Greets every customer by name"
    assert (call.version, call.versions.count()) == (1, 1)


def test_standards_are_published_unless_published_is_false(workspace, tmp_path):
    from servicegap.standards.models import Standard

    ok(import_text(tmp_path, "standards", "code,title,dimension\nA,A,people\n"))
    ok(
        import_text(
            tmp_path, "standards", "code,title,dimension,published\nB,B,people,\nC,C,people,FALSE\n"
        )
    )
    published = dict(Standard.objects.of(workspace).values_list("code", "published"))
    assert published == {"A": True, "B": True, "C": False}


def test_an_absent_optional_column_leaves_the_stored_value(workspace, tmp_path):
    from servicegap.standards.models import Standard

    ok(import_text(tmp_path, "standards", STANDARDS))
    ok(import_text(tmp_path, "standards", "code,title,dimension\nGREET,Greets by name,people\n"))
    greet = Standard.objects.of(workspace).get(code="GREET")
    assert (greet.target, greet.behaviours, greet.version) == (6, ["Looks up", "Uses the name"], 1)


# --- bad rows ----------------------------------------------------------------------------------


def test_it_rejects_a_standard_with_an_unknown_dimension(workspace, tmp_path):
    from servicegap.standards.models import Standard

    ok(import_text(tmp_path, "standards", "code,title,dimension\nS1,Greets by name,people\n"))
    result = refused(
        import_text(
            tmp_path,
            "standards",
            "code,title,dimension\nS2,Fine,process\nS3,Bad,colour\n",
            "bad.csv",
        )
    )
    assert "bad.csv:3: dimension: 'colour' is not allowed" in result.stderr
    assert list(Standard.objects.of(workspace).values_list("code", flat=True)) == ["S1"]


def test_it_lists_every_bad_row_and_writes_nothing(workspace, tmp_path):
    from servicegap.core.models import AuditEntry
    from servicegap.standards.models import Standard, StandardVersion

    text = (
        "code,title,dimension,target,servqual,need_or_want,published\n"
        "OK1,Fine,people,6,,,\n"
        "T1,Too high,people,8,,,\n"
        "T2,Not a number,people,six,,,\n"
        "Q1,Bad servqual,people,,kindness,,\n"
        "N1,Bad need,people,,,maybe,\n"
        "P1,Bad published,people,,,,perhaps\n"
        ",No code,people,,,,\n"
        "OK1,Again,people,,,,\n"
        "E1,,product,,,,\n"
    )
    result = refused(import_text(tmp_path, "standards", text, "many.csv"))
    lines = [line.split("/")[-1] for line in result.stderr.splitlines() if "many.csv:" in line]
    assert [line.split(":")[1:3] for line in lines[:-1]] == [
        ["3", " target"],
        ["4", " target"],
        ["5", " servqual"],
        ["6", " need_or_want"],
        ["7", " published"],
        ["8", " code"],
        ["9", " code"],
        ["10", " title"],
    ]
    assert "8 is outside 1..7" in lines[0]
    assert "first on line 2" in lines[6]
    assert "nothing was imported" in result.stderr
    assert not Standard.objects.of(workspace).exists()
    assert not StandardVersion.objects.of(workspace).exists()
    assert not AuditEntry.objects.of(workspace).exists()


def test_it_names_an_unknown_column_and_a_missing_required_one(workspace, tmp_path):
    result = refused(import_text(tmp_path, "standards", "code,title,colour\nS1,A,red\n", "h.csv"))
    assert "h.csv:1: colour: unknown column" in result.stderr
    assert "h.csv:1: dimension: required column is missing" in result.stderr


def test_a_row_with_more_cells_than_the_header_is_a_bad_row(workspace, tmp_path):
    result = refused(import_text(tmp_path, "units", "code,name,parent\nA,A,,surplus\n", "u.csv"))
    assert "u.csv:2: column 4: row has 4 cells; the header has 3" in result.stderr


def test_trailing_empty_columns_are_ignored(workspace, tmp_path):
    ok(import_text(tmp_path, "units", "code,name,parent,,\r\nA,A,,,\r\n"))
    assert ["A", "A", ""] in export_rows("units")


def test_a_semicolon_separated_file_gets_a_clear_error(workspace, tmp_path):
    result = refused(import_text(tmp_path, "units", "code;name;parent\nA;A;\n", "u.csv"))
    assert "separated by ';'; use commas" in result.stderr


def test_line_numbers_count_the_lines_of_multi_line_quoted_fields(workspace, tmp_path):
    text = (
        "code,title,dimension,behaviours\n"
        'S1,"A title\nover two lines",people,\n'
        "\n"
        'S2,Fine,people,"one|\ntwo|\nthree"\n'
        "S3,Bad,colour,\n"
        'S4,"Bad and\nlong",colour,\n'
    )
    result = refused(import_text(tmp_path, "standards", text, "m.csv"))
    assert "m.csv:8: dimension" in result.stderr
    assert "m.csv:9: dimension" in result.stderr  # the line where the bad row starts
    assert result.stderr.count("dimension:") == 2


def test_it_reads_a_file_with_a_byte_order_mark(workspace, tmp_path):
    from servicegap.people.models import Unit

    ok(import_text(tmp_path, "units", "\ufeffcode,name,parent\nCAFÉ,Café,\n".encode()))
    assert Unit.objects.of(workspace).get(code="CAFÉ").name == "Café"


def test_it_rejects_invalid_utf8_with_a_clear_error(workspace, tmp_path):
    result = refused(import_text(tmp_path, "units", b"code,name,parent\nA,Caf\xe9,\n", "l1.csv"))
    assert "l1.csv:2: not valid UTF-8" in result.stderr


def test_it_rejects_an_empty_file(workspace, tmp_path):
    result = refused(import_text(tmp_path, "units", "", "empty.csv"))
    assert "empty.csv: the file is empty" in result.stderr
    assert "code,name,parent" in result.stderr


def test_it_reads_the_file_from_stdin(workspace):
    result = ok(cli("import", "units", "-", "--json", stdin=b"code,name,parent\nZ,Zed,HQ\n"))
    assert '"created": 1' in result.stdout


# --- units --------------------------------------------------------------------------------------


def test_it_refuses_a_cycle_of_unit_parents(workspace, tmp_path):
    from servicegap.people.models import Unit

    text = "code,name,parent\nA,A,B\nB,B,A\nC,C,C\nD,D,A\n"
    result = refused(import_text(tmp_path, "units", text, "c.csv"))
    assert "c.csv:2: parent: makes a cycle: A -> B -> A" in result.stderr
    assert "c.csv:3: parent: makes a cycle: B -> A -> B" in result.stderr
    assert "c.csv:4: parent: makes a cycle: C -> C" in result.stderr
    assert "c.csv:5:" not in result.stderr
    assert not Unit.objects.of(workspace).filter(code__in=["A", "B", "C", "D"]).exists()


def test_it_refuses_a_cycle_through_a_stored_unit(workspace, tmp_path):
    # stored: SALES -> HQ; the file makes HQ a child of SALES
    result = refused(
        import_text(tmp_path, "units", "code,name,parent\nHQ,Head office,SALES\n", "c.csv")
    )
    assert "c.csv:2: parent: makes a cycle: HQ -> SALES -> HQ" in result.stderr


def test_an_unknown_parent_is_a_bad_row(workspace, tmp_path):
    result = refused(import_text(tmp_path, "units", "code,name,parent\nA,A,NOWHERE\n", "u.csv"))
    assert "u.csv:2: parent: unknown unit NOWHERE" in result.stderr


def test_a_progress_bar_is_shown_for_a_large_file(workspace, tmp_path):
    from servicegap.people.models import Unit

    text = "code,name,parent\n" + "".join(f"U{i},Unit {i},HQ\n" for i in range(1200))
    result = ok(import_text(tmp_path, "units", text))
    assert "checking units" in result.stderr
    assert Unit.objects.of(workspace).filter(parent__code="HQ").count() == 1202


def test_a_progress_bar_on_a_terminal_is_redrawn_a_bounded_number_of_times(monkeypatch):
    """Drawing a bar costs as much as checking a row: a million rows must not mean a million
    redraws."""
    import io

    from servicegap.cli import base

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(base.sys, "stderr", terminal)
    draws = 0
    write = terminal.write

    def counted(text: str) -> int:
        nonlocal draws
        draws += 1
        return write(text)

    monkeypatch.setattr(terminal, "write", counted)
    with base.progress(list(range(200_000)), label="checking rows") as bar:
        assert sum(1 for _ in bar) == 200_000
    assert "200000/200000" in terminal.getvalue()
    assert draws <= 4 * base.PROGRESS_REDRAWS  # each redraw is a few writes


# --- journeys ----------------------------------------------------------------------------------


def test_journeys_referencing_unknown_units_or_standards_are_bad_rows(
    workspace, standards, tmp_path
):
    from servicegap.journeys.models import Journey

    text = (
        "journey,step,code,name,channel,unit,standards\n"
        "BUY,1,B1,Visit,in-person,SALES,GREET\n"
        "BUY,2,B2,Call,phone,NOWHERE,GREET|NOPE|NADA\n"
        "BUY,2,B3,Mail,pigeon,SALES,\n"
    )
    result = refused(import_text(tmp_path, "journeys", text, "j.csv"))
    assert "j.csv:3: unit: unknown unit NOWHERE" in result.stderr
    assert "j.csv:3: standards: unknown standard(s) NOPE, NADA" in result.stderr
    assert "j.csv:4: step: step 2 of BUY appears again (first on line 3)" in result.stderr
    assert "j.csv:4: channel: 'pigeon' is not allowed" in result.stderr
    assert not Journey.objects.of(workspace).exists()


def test_touchpoints_can_swap_steps_on_reimport(workspace, standards, tmp_path):
    from servicegap.journeys.models import Touchpoint

    ok(
        import_text(
            tmp_path,
            "journeys",
            "journey,step,code,name,channel,unit\n"
            "BUY,1,B1,Visit,web,SALES\nBUY,2,B2,Call,phone,SALES\n",
        )
    )
    result = ok(
        cli(
            "import",
            "journeys",
            write(
                tmp_path,
                "j2.csv",
                "journey,step,code,name,channel,unit\n"
                "BUY,2,B1,Visit,web,SALES\nBUY,1,B2,Call,phone,SALES\n",
            ),
            "--json",
        )
    )
    assert '"updated": 2' in result.stdout
    steps = dict(Touchpoint.objects.of(workspace).values_list("code", "step"))
    assert steps == {"B1": 2, "B2": 1}


def test_a_step_taken_by_a_touchpoint_not_in_the_file_is_a_bad_row(workspace, tmp_path):
    ok(
        import_text(
            tmp_path, "journeys", "journey,step,code,name,channel,unit\nBUY,1,B1,Visit,web,\n"
        )
    )
    result = refused(
        import_text(
            tmp_path,
            "journeys",
            "journey,step,code,name,channel,unit\nBUY,1,B9,Other,web,\n",
            "j.csv",
        )
    )
    assert "j.csv:2: step: step 1 of BUY is taken by touchpoint B1" in result.stderr


def test_a_journey_without_a_name_is_named_by_its_code(workspace, tmp_path):
    from servicegap.journeys.models import Journey

    ok(
        import_text(
            tmp_path, "journeys", "journey,step,code,name,channel,unit\nBUY,1,B1,Visit,web,\n"
        )
    )
    assert Journey.objects.of(workspace).get().name == "BUY"


# --- people --------------------------------------------------------------------------------------


def test_people_attributes_are_set_removed_and_kept(workspace, tmp_path):
    from servicegap.people.models import Person

    ok(import_text(tmp_path, "people", PEOPLE.replace(",NORTH,", ",SALES,")))
    ok(
        import_text(
            tmp_path,
            "people",
            "code,name,kind,unit,email,attr.segment,attr.tier\n"
            "C1,Ann,customer,SALES,ann@example.test,,gold\n",
        )
    )
    ann = Person.objects.of(workspace).get(code="C1")
    assert ann.attributes == {"tier": "gold"}
    assert Person.objects.of(workspace).get(code="E1").attributes == {"region": "west"}


def test_a_person_with_a_bad_kind_unit_or_email_is_a_bad_row(workspace, tmp_path):
    text = "code,name,kind,unit,email\nX1,X,robot,SALES,\nX2,X,customer,MARS,not-an-email\n"
    result = refused(import_text(tmp_path, "people", text, "p.csv"))
    assert "p.csv:2: kind: 'robot' is not allowed" in result.stderr
    assert "p.csv:3: unit: unknown unit MARS" in result.stderr
    assert "p.csv:3: email: 'not-an-email' is not an e-mail address" in result.stderr


def test_text_starting_with_an_equals_sign_stays_text_in_xlsx(workspace, tmp_path):
    from openpyxl import load_workbook

    ok(import_text(tmp_path, "standards", 'code,title,dimension\nEQ,"=1+1, always",people\n'))
    out = tmp_path / "s.xlsx"
    ok(cli("export", "standards", "--output", str(out)))
    cell = load_workbook(out).worksheets[0]["B2"]
    assert (cell.value, cell.data_type) == ("=1+1, always", "s")


def test_the_why_of_a_standard_round_trips_and_a_change_makes_a_new_version(workspace, tmp_path):
    from servicegap.standards.models import Standard

    text = "code,title,dimension,why\nGREET,Greets by name,people,Customers feel known\n"
    ok(import_text(tmp_path, "standards", text))
    rows = export_rows("standards")
    assert rows[1][rows[0].index("why")] == "Customers feel known"
    ok(import_text(tmp_path, "standards", text.replace("feel known", "come back")))
    greet = Standard.objects.of(workspace).get(code="GREET")
    assert greet.version == 2 and greet.why == "Customers come back"
