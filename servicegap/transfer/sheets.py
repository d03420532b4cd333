"""Reading and writing xlsx (openpyxl) and Parquet (pyarrow) files."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from servicegap.lib.text import NUL_MESSAGE
from servicegap.transfer.csvio import Record, to_text
from servicegap.transfer.registry import EmptyFile, Table, TransferError

# Bounds on what a small compressed file may expand to in memory (zip and Parquet bombs).
MAX_UNPACKED = 256 * 1024 * 1024
PARQUET_MAX_CELLS = 50_000_000
XLSX_MAGIC = b"PK\x03\x04"
PARQUET_MAGIC = b"PAR1"
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def read_xlsx(data: bytes, filename: str) -> tuple[int, list[str], list[Record]]:
    """The first sheet: (header row, header cells, records); sheet rows are the line numbers."""
    from openpyxl import load_workbook

    _check_unpacked_size(data, filename)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's file problem
        raise TransferError(f"{filename}: not a readable xlsx workbook ({exc})") from None
    try:
        sheet = book.worksheets[0]
        rows = [
            (n, [to_text(v).strip() for v in values])
            for n, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        book.close()
    return _split(rows, filename)


def read_parquet(data: bytes, filename: str) -> tuple[int, list[str], list[Record]]:
    """Column names are the header (line 1); row i of the table is line i + 2."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(pa.BufferReader(data)).metadata
        unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        cells = meta.num_rows * meta.num_columns
        if unpacked > MAX_UNPACKED or cells > PARQUET_MAX_CELLS:
            raise TransferError(
                f"{filename}: the table holds {cells:,} cells in {unpacked:,} bytes unpacked; at "
                f"most {PARQUET_MAX_CELLS:,} cells and {MAX_UNPACKED:,} bytes are read"
            )
        table = pq.read_table(pa.BufferReader(data))
    except TransferError:
        raise
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the user's file problem
        raise TransferError(f"{filename}: not a readable Parquet file ({exc})") from None
    header = list(table.column_names)
    columns = [table.column(name).to_pylist() for name in header]
    records = [(i + 2, [to_text(col[i]).strip() for col in columns]) for i in range(table.num_rows)]
    for line, cells_of_row in records:
        for name, cell in zip(header, cells_of_row, strict=True):
            if "\x00" in cell:
                raise TransferError(f"{filename}:{line}: {name}: {NUL_MESSAGE}")
    return 1, header, records


def _check_unpacked_size(data: bytes, filename: str) -> None:
    """Refuse a workbook whose parts unpack to more than MAX_UNPACKED bytes (a zip bomb) before
    anything is unpacked: the sizes the zip declares bound what the reader ever inflates."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TransferError(f"{filename}: not a readable xlsx workbook ({exc})") from None
    if unpacked > MAX_UNPACKED:
        raise TransferError(
            f"{filename}: the workbook unpacks to {unpacked:,} bytes; at most {MAX_UNPACKED:,} "
            "are read (save the sheet as CSV to import more)"
        )


def _split(rows: list[Record], filename: str) -> tuple[int, list[str], list[Record]]:
    rows = [(n, cells) for n, cells in rows if any(cells)]
    if not rows:
        raise EmptyFile(f"{filename}: the file is empty")
    (header_line, header), records = rows[0], rows[1:]
    while header and not header[-1]:
        header = header[:-1]
    return header_line, header, records


def write_xlsx(table: Table, path: Path, title: str) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(table.header)
    count = 0
    for row in table.rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, even when the text starts with '='
            cells.append(cell)
        sheet.append(cells)
        count += 1
    book.save(path)
    return count


def _xlsx_value(value: Any) -> Any:
    return _ILLEGAL_XLSX.sub("", value) if isinstance(value, str) else value


def write_parquet(table: Table, path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [list(r) for r in table.rows]
    arrays = []
    for i, _name in enumerate(table.header):
        values = [r[i] for r in rows]
        try:
            array = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            array = pa.array([None if v is None else to_text(v) for v in values], pa.string())
        if pa.types.is_null(array.type):
            array = array.cast(pa.string())
        arrays.append(array)
    pq.write_table(pa.table(arrays, names=table.header), path)
    return len(rows)
