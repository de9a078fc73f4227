"""Formula payloads through every CSV the product writes: inert in Excel, numbers kept, one row per line."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pytest

from calc import parse_tariffs, prepare, price
from calc.costs import summarize
from calc.export import BOM, neutralize, safe_csv
from calc.readers import import_calls
from ui import tables
from ui.data import LoadedLog, per_record_csv

FORMULA = re.compile(r"^[=+\-@\t\r]")
NUMBER = re.compile(r"^[+-]?\d[\d,]*(\.\d*)?$")


def cells(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM.encode("utf-8"))
    return list(csv.reader(io.StringIO(data.decode("utf-8")[1:], newline="")))


def assert_inert(data: bytes) -> list[list[str]]:
    rows = cells(data)
    live = [cell for row in rows for cell in row if FORMULA.match(cell) and not NUMBER.match(cell)]
    assert not live
    return rows


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-12.50", "-12.50"),
        ("+3", "+3"),
        ("-1,234.5", "-1,234.5"),
        ("Café 中文", "Café 中文"),
        ("a=b", "a=b"),
    ],
)
def test_neutralize(text, written):
    assert neutralize(text) == written


def test_real_negative_numbers_stay_numbers():
    data = safe_csv(pd.DataFrame({"saving": [-12.5, 3.0], "text": ["-12.50", "-x"]}))
    assert cells(data) == [["saving", "text"], ["-12.5", "-12.50"], ["3.0", "'-x"]]


def test_a_line_break_in_a_cell_keeps_the_row_whole():
    data = safe_csv(pd.DataFrame({"label": ["a\rb", "c\nd", "e\r\nf"], "n": [1, 2, 3]}))
    assert cells(data) == [["label", "n"], ["a\rb", "1"], ["c\nd", "2"], ["e\r\nf", "3"]]


def test_a_formula_column_name_is_neutralized():
    assert cells(safe_csv(pd.DataFrame({"=cmd": [1]})))[0] == ["'=cmd"]


HOSTILE_TARIFFS = (
    "- name: '=HYPERLINK(\"http://evil\")'\n"
    "  components: [{type: per_minute, rate: 0.01, label: \"+cmd\\r\\nx\"}, {type: monthly_fee, amount: 5, label: '@SUM(1)'}]\n"
    "- name: '-2+3'\n  components: [{type: per_event, fee: 1}]\n"
)
LOG = (
    b"start,duration_s,agent,destination\n"
    b"2026-01-05 09:00:00,61,=cmd|' /C calc'!A0,@evil\n"
    b"2026-01-05 10:00:00,30,-1+1,+3\n"
    b"not a date,abc,x,y\n"
)


@pytest.fixture
def loaded():
    imported = import_calls(LOG, "=log.csv")
    return LoadedLog("k", "=log.csv", imported, prepare(imported.log))


def test_the_summary_csv_is_inert(loaded):
    tariffs = parse_tariffs(HOSTILE_TARIFFS)
    summaries = [summarize(price(loaded.prepared, t), loaded.prepared) for t in tariffs]
    rows = assert_inert(tables.summary_csv(summaries))
    assert {rows[1][0], rows[2][0]} == {'\'=HYPERLINK("http://evil")', "'-2+3"}
    assert "component +cmd\r\nx" in rows[0]  # the label's line break stays inside one quoted cell


def test_the_per_record_csv_is_inert(loaded):
    rows = assert_inert(per_record_csv(loaded, parse_tariffs(HOSTILE_TARIFFS)))
    assert "'=cmd|' /C calc'!A0" in rows[1] and "'@evil" in rows[1]
    assert "'-1+1" in rows[2] and "+3" in rows[2]


def test_the_rejected_rows_csv_is_inert(loaded):
    rejected = loaded.imported.rejected
    assert len(rejected) == 1
    rows = assert_inert(safe_csv(rejected))
    assert len(rows) == 2
