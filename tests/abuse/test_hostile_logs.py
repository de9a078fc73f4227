"""Hostile and broken call logs: refused in one line before they are expanded, or read row by row."""

from __future__ import annotations

import io
import re

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from calc import InputError, limits
from calc.limits import MAX_CELL_CHARS, MAX_LOG_COLUMNS
from calc.readers import import_calls
from calc.readers.sources import read_table
from tests.abuse.bounded import run_bounded
from tests.abuse.workbooks import HEADER, ONE_CALL, workbook

FAR_CELL = workbook([HEADER, ONE_CALL, (1048576, [("XFD1048576", "x")])])
FAR_MESSAGE = (
    "far.xlsx: sheet 'Calls' uses 1,048,576 rows x 16,384 columns; at most 1,000,000 cells (500 columns) "
    "are read from a spreadsheet: save it as CSV"
)


def parquet(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


CALLS = pa.table({"start": ["2026-01-05 09:00:00", "2026-01-05 10:00:00"], "duration_s": [60, 30]})


# --- spreadsheets ---------------------------------------------------------------------------


def test_a_small_workbook_is_still_read():
    log = import_calls(workbook([HEADER, ONE_CALL], "A1:B2"), "ok.xlsx").log
    assert log.records["duration_s"].tolist() == [60.0]


def test_one_far_cell_is_refused_before_openpyxl_expands_it():
    assert len(FAR_CELL) < 2000
    with pytest.raises(InputError, match=re.escape(FAR_MESSAGE)):
        import_calls(FAR_CELL, "far.xlsx")


def test_one_far_cell_is_refused_fast_in_little_memory(tmp_path):
    (tmp_path / "far.xlsx").write_bytes(FAR_CELL)
    code = f"import sys; from calc.cli import main; sys.exit(main(['inspect', {str(tmp_path / 'far.xlsx')!r}]))"
    done, seconds = run_bounded(code, memory_mb=1536, timeout_s=60)
    assert done.returncode == 2, done.stderr[-300:]
    assert done.stderr.strip().endswith(FAR_MESSAGE.removeprefix("far.xlsx"))
    assert seconds < 15


def test_a_declared_huge_sheet_is_refused():
    with pytest.raises(InputError, match=re.escape("huge.xlsx: sheet 'Calls' declares 1,000,000 rows x 26 columns")):
        import_calls(workbook([HEADER, ONE_CALL], "A1:Z1000000"), "huge.xlsx")


def test_a_sheet_with_too_many_columns_is_refused():
    letters = list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    letters += [f"{a}{b}" for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    wide = (1, [(f"{letters[n]}1", f"c{n}") for n in range(MAX_LOG_COLUMNS + 1)])
    with pytest.raises(InputError, match=re.escape("wide.xlsx: sheet 'Calls' uses 1 rows x 501 columns")):
        import_calls(workbook([wide]), "wide.xlsx")


def test_a_damaged_workbook_is_one_line():
    with pytest.raises(InputError, match=r"^bad\.xlsx: not a readable Excel workbook"):
        import_calls(b"PK\x03\x04" + b"\x00" * 100, "bad.xlsx")


# --- Parquet --------------------------------------------------------------------------------


def test_a_plain_parquet_file_is_still_read():
    assert import_calls(parquet(CALLS), "ok.parquet").log.records["duration_s"].tolist() == [60.0, 30.0]


@pytest.mark.parametrize(
    ("column", "kind"),
    [
        (pa.array([[1, 2], [3]]), "list<element: int64>"),
        (pa.array([{"a": 1}, {"a": 2}]), "struct<a: int64>"),
        (pa.array([[("k", 1)], []], type=pa.map_(pa.string(), pa.int64())), "map<string, int64 ('tags')>"),
    ],
    ids=["list", "struct", "map"],
)
def test_a_nested_parquet_column_is_refused_naming_it(column, kind):
    data = parquet(CALLS.append_column("tags", column))
    with pytest.raises(InputError, match=re.escape(f"n.parquet: column 'tags' holds {kind}; a call log needs plain")):
        import_calls(data, "n.parquet")


def corrupt_footers() -> dict[str, bytes]:
    good = parquet(CALLS)
    return {
        "truncated": good[: len(good) - 20] + good[-4:],
        "footer length": good[:-8] + (10**6).to_bytes(4, "little") + b"PAR1",
        "flipped footer": good[:-60] + bytes(b ^ 0xFF for b in good[-60:-8]) + good[-8:],
        "pandas metadata not JSON": parquet(CALLS.replace_schema_metadata({b"pandas": b"{not json"})),
        "pandas metadata without columns": parquet(CALLS.replace_schema_metadata({b"pandas": b'{"index_columns": 5}'})),
        "pandas metadata not UTF-8": parquet(CALLS.replace_schema_metadata({b"pandas": b"\xff\xfe"})),
        "magic only": b"PAR1" + b"\x00" * 10 + b"PAR1",
    }


@pytest.mark.parametrize("name", list(corrupt_footers()))
def test_a_corrupt_parquet_file_is_one_line(name):
    data = corrupt_footers()[name]
    with pytest.raises(InputError, match=r"^c\.parquet: not a readable Parquet file \(") as caught:
        import_calls(data, "c.parquet")
    assert "\n" not in str(caught.value) and len(str(caught.value)) < 250


def test_parquet_row_count_is_checked_from_the_footer(monkeypatch):
    monkeypatch.setattr(limits, "MAX_LOG_ROWS", 1)
    with pytest.raises(InputError, match=re.escape("p.parquet: 2 rows, more than the 1 a call log may have")):
        import_calls(parquet(CALLS), "p.parquet")


# --- text files -----------------------------------------------------------------------------


def test_a_file_above_the_byte_limit_is_refused_before_reading(monkeypatch):
    monkeypatch.setattr(limits, "MAX_LOG_FILE_BYTES", 1 << 20)
    with pytest.raises(
        InputError, match=re.escape("big.csv: the file is 2.0 MB, more than the 1 MB a call log may have")
    ):
        read_table(b"duration_s\n" + b"1\n" * (1 << 20), "big.csv")


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_LOG_ROWS", 3)
    with pytest.raises(InputError, match=re.escape("r.csv: 4 rows, more than the 3 a call log may have")):
        import_calls(b"duration_s\n1\n2\n3\n4\n", "r.csv")


def test_too_many_columns_are_refused():
    header = ",".join(f"c{n}" for n in range(MAX_LOG_COLUMNS + 1))
    with pytest.raises(InputError, match=re.escape("w.csv: 501 columns, more than the 500 a call log may have")):
        import_calls((header + "\n" + header + "\n").encode(), "w.csv")


def test_a_huge_cell_is_refused_naming_line_and_column():
    text = "start,duration_s,agent\n2026-01-05 09:00,60,a\n2026-01-05 10:00,60," + "x" * (MAX_CELL_CHARS + 1) + "\n"
    with pytest.raises(
        InputError, match=re.escape("l.csv: line 3, column 'agent' holds 10,001 characters, more than 10,000")
    ):
        import_calls(text.encode(), "l.csv")


def test_day_first_dates_with_zone_offsets_are_read_row_by_row():
    text = (
        "start,duration_s\n"
        "31/01/2026 09:00:00 +01:00,60\n"
        "13/02/2026 10:00:00 +0100,30\n"
        "14/02/2026 10:00:00 Z,20\n"
        "15/02/2026 10:00:00,10\n"
        "16/02/2026 10:00:00 +99:00,5\n"
    )
    imported = import_calls(text.encode(), "d.csv")
    starts = imported.log.records["start"].astype(str).tolist()
    assert starts == ["2026-01-31 08:00:00", "2026-02-13 09:00:00", "2026-02-14 10:00:00", "2026-02-15 10:00:00"]
    assert imported.rejected["line"].tolist() == [6]
    assert "is not a readable time: '16/02/2026 10:00:00 +99:00'" in imported.rejected["reason"].iloc[0]


def test_day_first_dates_with_offsets_and_a_zone():
    text = "start,duration_s\n31/01/2026 09:00:00 +01:00,60\n13/02/2026 10:00:00 -0500,30\n"
    imported = import_calls(text.encode(), "d.csv", timezone="Europe/Rome")
    assert imported.log.records["start"].astype(str).tolist() == ["2026-01-31 09:00:00", "2026-02-13 16:00:00"]
