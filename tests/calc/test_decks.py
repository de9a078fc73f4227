"""Rate decks: reading, normalized destinations and longest-prefix lookups (section 3b)."""

from __future__ import annotations

import datetime as dt
import math
import re
import time
from decimal import Decimal
from unittest.mock import patch

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from calc import InputError, decks
from calc.decks import (
    DeckIndex,
    DeckRow,
    check_unique_rows,
    deck_csv_text,
    load_deck,
    normalize_destinations,
    parse_deck_csv,
)

EPOCH = dt.date(1970, 1, 1)


def day(text: str) -> int:
    return (dt.date.fromisoformat(text) - EPOCH).days


# ---------------------------------------------------------------------------------------------
# Step 1: normalized destinations


NORMALIZED = [
    # (as dialled, country_code, national_prefix, normalized)
    ("+39 06 1234 5678", "39", "", "390612345678"),
    ("+390612345678", None, "", "390612345678"),
    ("0039 06 12345678", "39", "", "390612345678"),
    ("0039-06-12345678", None, "", "390612345678"),
    ("06 1234 5678", "39", "", "390612345678"),  # Italy: no trunk prefix, the 0 stays
    ("333-123-4567", "39", "", "393331234567"),
    ("(06) 1234-5678", "39", "", "390612345678"),
    ("06 1234 5678", None, "", "0612345678"),  # no country code: digits as they are
    ("06 1234 5678", None, "0", "0612345678"),  # the trunk prefix needs a country code
    ("020 7946 0000", "44", "0", "442079460000"),
    ("020 7946 0000", "44", "", "4402079460000"),
    ("07700 900123", "44", "0", "447700900123"),
    ("+44 20 7946 0000", "44", "0", "442079460000"),  # international: no trunk prefix removed
    ("0044 20 7946 0000", "44", "0", "442079460000"),  # 00 first, before any trunk prefix
    ("010 8888 8888", "86", "0", "861088888888"),
    ("1-800-555-0199", "1", "1", "18005550199"),
    ("  +39 06 1234", "39", "", "39061234"),  # whitespace before +
    ("\t+44 20", "39", "", "4420"),
    ("+0039 06", "39", "", "003906"),  # a + number is taken as it stands, 00 included
    ("tel:+39 06", "39", "", "393906"),  # + is not first: a national number
    ("0", "44", "0", ""),  # nothing left after the trunk prefix
    ("00", "39", "", ""),
    ("+", "39", "", ""),
    ("", "39", "", ""),
    ("   ", "39", "", ""),
    ("n/a", "39", "", ""),
    (None, "39", "", ""),
    (math.nan, "39", "", ""),
    ("\uff13\uff19 06", "39", "", "3906"),  # full-width digits are not digits 0-9
    ("+39" + "1" * 30, None, "", "39" + "1" * 22),  # cut to MAX_NUMBER_DIGITS
]


@pytest.mark.parametrize(("dialled", "country_code", "national_prefix", "expected"), NORMALIZED)
def test_normalize_destinations_one_number(dialled, country_code, national_prefix, expected):
    result = normalize_destinations(pd.Series([dialled], dtype=object), country_code, national_prefix)
    assert result.tolist() == [expected]


def test_normalize_destinations_whole_column_in_every_container():
    dialled = [row[0] for row in NORMALIZED if row[1] == "39" and row[2] == ""]
    expected = [row[3] for row in NORMALIZED if row[1] == "39" and row[2] == ""]
    as_text = [d if isinstance(d, str) else "" for d in dialled]
    for container in (
        pd.Series(dialled, dtype=object),
        pd.Series(dialled, dtype="str"),
        pd.Series(dialled, dtype="string"),
        np.array(as_text),
        as_text,
    ):
        assert normalize_destinations(container, "39").tolist() == expected


def test_normalize_destinations_slice_of_a_column_and_empty_column():
    column = pd.Series(["+44 20", "06 1", "0039 2", None], dtype="str")
    assert normalize_destinations(column.iloc[1:], "39").tolist() == ["39061", "392", ""]
    assert normalize_destinations(pd.Series([], dtype="str"), "39").tolist() == []
    assert normalize_destinations(pd.Series(["", None]), None).tolist() == ["", ""]


def test_normalize_destinations_numbers_read_as_integers():
    assert normalize_destinations(pd.Series([390612345, 441234]), None).tolist() == ["390612345", "441234"]


def test_normalize_destinations_hostile_long_text_costs_no_memory():
    dialled = pd.Series(["+39" + "1" * 5_000_000, "06 1234", "-" * 1_000_000 + "5"], dtype="str")
    began = time.perf_counter()
    numbers = normalize_destinations(dialled, "39")
    assert time.perf_counter() - began < 2
    assert numbers.dtype == np.dtype("<U24")
    assert numbers.tolist() == ["39" + "1" * 22, "39061234", "395"]


@pytest.mark.parametrize(
    ("country_code", "national_prefix", "message"),
    [
        ("+39", "", "country_code must be at most 6 digits 0-9, got '+39'"),
        ("39", "0-", "national_prefix must be at most 6 digits 0-9, got '0-'"),
        ("1234567", "", "country_code must be at most 6 digits 0-9, got '1234567'"),
    ],
)
def test_normalize_destinations_refuses_bad_arguments(country_code, national_prefix, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        normalize_destinations(["06 1234"], country_code, national_prefix)


# ---------------------------------------------------------------------------------------------
# Steps 2 and 3: the row in force with the longest prefix

DECK_CSV = """prefix,rate,name,increment,connection_fee,effective_from
39,0.012,Italy,1/1,,
393,0.045,Italy mobile,,,
393,0.039,Italy mobile,,,2026-03-15
3906,0.010,Rome,,0.02,
44,0.015,UK,,,
447,0.050,UK mobile,,,
4477,0.060,UK mobile (new range),,,2026-05-01
49,0.020,Germany,,,
4915,0.070,Germany mobile,,,2026-02-01
1,0.005,US and Canada,,,
4420,0.011,London,,,2026-01-01
4420,0.012,London,,,2026-02-01
4420,0.013,London,,,2026-03-01
3933312,0.090,Italy mobile range,,,
3933312,0.080,Italy mobile range,,,2026-03-15
393331234567,0.500,one number,,,
"""
ROWS = parse_deck_csv(DECK_CSV, "test.csv")

LOOKUPS = [
    # (normalized number, record day, row position)
    ("390612345678", "2026-02-10", 3),  # Rome beats Italy: longest prefix
    ("391234", "2026-02-10", 0),
    ("393201234", "2026-03-14", 1),  # the day before the new mobile rate
    ("393201234", "2026-03-15", 2),  # the day it starts
    ("393201234", "2026-03-16", 2),  # and after
    ("447700900123", "2026-03-01", 5),  # 4477 only has a row from May: 447 decides
    ("447700900123", "2026-05-01", 6),
    ("4915112345", "2026-01-31", 7),  # 4915 not in force yet: falls back to 49
    ("4915112345", "2026-02-01", 8),
    ("12125550100", "2026-02-10", 9),
    ("442079460000", "2025-12-31", 4),  # before every London row: UK
    ("442079460000", "2026-01-01", 10),
    ("442079460000", "2026-02-28", 11),
    ("442079460000", "2026-03-01", 12),
    ("442079460000", "2027-01-01", 12),
    ("3933312999", "2026-03-14", 13),  # a 7-digit prefix (binary search, not a table)
    ("3933312999", "2026-03-15", 14),
    ("393331234567", "2026-01-01", 15),  # a 12-digit prefix that is the whole number
    ("39333123456", "2026-01-01", 13),  # one digit short of it
    ("3933312345678901234567", "2026-01-01", 15),  # longer than 18 digits
    ("861088888888", "2026-02-10", -1),  # no prefix: unrated
    ("", "2026-02-10", -1),  # empty: unrated
    ("3", "2026-02-10", -1),  # shorter than every prefix that begins with it
]


@pytest.fixture(params=[0, 100], ids=["prefix-by-prefix", "6-digit-tables"])
def table_dates(request, monkeypatch):
    """Both ways of finding short prefixes: by length, or one table per span between dates."""
    monkeypatch.setattr(decks, "_MAX_TABLE_DATES", request.param)
    return request.param


@pytest.mark.parametrize(("number", "on", "expected"), LOOKUPS)
def test_lookup_longest_prefix_in_force(number, on, expected, table_dates):
    index = DeckIndex(ROWS)
    assert index.lookup(np.array([number]), np.array([day(on)])).tolist() == [expected]


def test_lookup_whole_column_equals_one_by_one(table_dates):
    numbers = np.array([number for number, _, _ in LOOKUPS])
    days = np.array([day(on) for _, on, _ in LOOKUPS])
    assert DeckIndex(ROWS).lookup(numbers, days).tolist() == [expected for _, _, expected in LOOKUPS]


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("393201234", 1),  # only the undated mobile row
        ("4915112345", 7),  # 4915 has dated rows only: Germany
        ("447700900123", 5),
        ("442079460000", 4),  # every London row is dated
        ("3933312999", 13),
        ("861088", -1),
    ],
)
def test_lookup_log_without_timestamps_sees_undated_rows_only(number, expected, table_dates):
    assert DeckIndex(ROWS).lookup(np.array([number]), None).tolist() == [expected]


def test_lookup_missing_day_far_in_the_past_sees_undated_rows_only(table_dates):
    very_early = np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).min + 1])
    assert DeckIndex(ROWS).lookup(np.array(["393201234", "442079460000"]), very_early).tolist() == [1, 4]


def test_lookup_accepts_bytes_and_object_arrays(table_dates):
    index = DeckIndex(ROWS)
    days = np.array([day("2026-03-20")] * 3)
    assert index.lookup(np.array([b"393201234", b"", b"44"]), days).tolist() == [2, -1, 4]
    assert index.lookup(np.array(["393201234", None, "44"], dtype=object), days).tolist() == [2, -1, 4]


def test_lookup_prefix_digits_only_read_from_the_number(table_dates):
    assert DeckIndex(ROWS).lookup(np.array(["39a06", "x39"]), None).tolist() == [0, -1]


def test_lookup_refuses_days_of_another_length():
    with pytest.raises(ValueError, match="start_days has 1 values for 2 numbers"):
        DeckIndex(ROWS).lookup(np.array(["39", "44"]), np.array([0]))


def test_deck_index_refuses_repeated_prefix_and_date():
    rows = [DeckRow(prefix="39", rate=1), DeckRow(prefix="39", rate=2, effective_from="2026-01-01")]
    DeckIndex(rows)  # one prefix, two dates: fine
    with pytest.raises(
        ValueError, match=re.escape("rows 2 and 3 have the same prefix '39' and effective_from 2026-01-01")
    ):
        DeckIndex([*rows, DeckRow(prefix="39", rate=3, effective_from=dt.date(2026, 1, 1))])


def test_empty_deck_rates_nothing():
    assert DeckIndex([]).lookup(np.array(["39"]), None).tolist() == [-1]


def test_end_to_end_normalized_then_looked_up(table_dates):
    dialled = pd.Series(["+39 333 1234567", "0039 06 1234", "06 1234", "333 000", "", None, "+86 10 8888"])
    numbers = normalize_destinations(dialled, "39")
    rows = DeckIndex(ROWS).lookup(numbers, np.full(len(dialled), day("2026-03-20")))
    assert rows.tolist() == [15, 3, 3, 2, -1, -1, -1]


# ---------------------------------------------------------------------------------------------
# Reading deck files


def test_parse_deck_csv_reads_every_field():
    assert ROWS[0] == DeckRow(prefix="39", rate=Decimal("0.012"), name="Italy", increment="1/1")
    assert ROWS[2].effective_from == dt.date(2026, 3, 15)
    assert ROWS[3].connection_fee == Decimal("0.02") and ROWS[3].increment is None
    assert len(ROWS) == 16


def test_parse_deck_csv_header_spaces_case_bom_blank_lines_and_bytes():
    data = "\ufeff Prefix ,RATE, Name\r\n\r\n 44 , 0.0100 ,  UK  \r\n,,\r\n49,2,\r\n".encode()
    assert parse_deck_csv(data, "d.csv") == [
        DeckRow(prefix="44", rate="0.0100", name="UK"),
        DeckRow(prefix="49", rate=2),
    ]


def test_parse_deck_csv_quoted_cells_and_line_numbers_after_them():
    text = 'prefix,rate,name\n39,0.01,"Italy, fixed\nand more"\n44,bad,UK\n'
    with pytest.raises(InputError, match=re.escape("d.csv: line 4, field 'rate': rate must be a number, got 'bad'")):
        parse_deck_csv(text, "d.csv")
    assert parse_deck_csv(text.replace("bad", "1"), "d.csv")[0].name == "Italy, fixed and more"


HEADER = "prefix,rate,name,increment,connection_fee,effective_from\n"

REFUSED = [
    (
        HEADER + "+39,0.01,,,,\n",
        "line 2, field 'prefix': prefix must be 1 to 18 digits (no '+', spaces or dashes), got '+39'",
    ),
    (
        HEADER + "'39,0.01,,,,\n",
        "line 2, field 'prefix': prefix must be 1 to 18 digits (no '+', spaces or dashes), got \"'39\"",
    ),
    (
        HEADER + "0039 1,0.01,,,,\n",
        "field 'prefix': prefix must be 1 to 18 digits (no '+', spaces or dashes), got '0039 1'",
    ),
    (HEADER + "1234567890123456789,0.01,,,,\n", "got '1234567890123456789'"),
    (HEADER + ",0.01,,,,\n", "line 2, field 'prefix': prefix is required"),
    (HEADER + "39,abc,,,,\n", "line 2, field 'rate': rate must be a number, got 'abc'"),
    (HEADER + "39,-0.01,,,,\n", "line 2, field 'rate': rate must not be negative, got -0.01"),
    (HEADER + "39,NaN,,,,\n", "line 2, field 'rate': rate must be a finite number, got 'NaN'"),
    (HEADER + "39,,Italy,,,\n", "line 2, field 'rate': rate is required"),
    (
        HEADER + "39,1,,60-60,,\n",
        "line 2, field 'increment': increment must look like \"60/60\" (whole seconds >= 1), got '60-60'",
    ),
    (HEADER + "39,1,,0/60,,\n", "got '0/60'"),
    (HEADER + "39,1,,,-1,\n", "line 2, field 'connection_fee': connection_fee must not be negative, got -1"),
    (
        HEADER + "39,1,,,,2026-3-1\n",
        "line 2, field 'effective_from': effective_from must be a date YYYY-MM-DD, got '2026-3-1'",
    ),
    (HEADER + "39,1,,,,01/03/2026\n", "effective_from must be a date YYYY-MM-DD, got '01/03/2026'"),
    (
        HEADER + "39,1,,,,2026-02-30\n",
        "field 'effective_from': effective_from is not a date of the calendar, got '2026-02-30'",
    ),
    (
        HEADER + "39,1,,,,\n393,2,,,,2026-03-01\n44,1,,,,\n393,3,,,,2026-03-01\n",
        "line 5, field 'prefix': '393' with effective_from 2026-03-01 repeats line 3 (one row per prefix and date)",
    ),
    (HEADER + "39,1,,,,\n 39 ,2,,,,\n", "line 3, field 'prefix': '39' with no effective_from repeats line 2"),
    (
        "prefix,rate,colour\n39,1,red\n",
        "line 1: unknown column 'colour' (a deck has the columns prefix, rate, name, increment, connection_fee, effective_from)",
    ),
    ("prefix,name\n39,Italy\n", "line 1: the header has no 'rate' column (columns found: prefix, name)"),
    ("Rate\n0.1\n", "line 1: the header has no 'prefix' column (columns found: rate)"),
    ("prefix,rate,Rate\n39,1,1\n", "line 1: the column 'rate' appears twice"),
    ("prefix,rate\n39,1\n44,1,UK\n", "line 3: 3 cells, but the header has 2 columns"),
    ("", "the deck is empty; it needs a header row with prefix and rate"),
    ("\n\n", "the deck is empty; it needs a header row with prefix and rate"),
    ("prefix,rate\n", "the deck has a header but no rows"),
    (b"prefix,rate\n39,0.01\xff\n", "not UTF-8 text (byte 0xff at offset 19); save the deck as CSV UTF-8"),
    (
        "prefix,rate,name\n39,1," + "x" * 201 + "\n",
        "line 2, field 'name': a cell holds at most 200 characters, got 201",
    ),
    ("prefix,rate," + "y" * 201 + "\n", "line 1, field 'column 3': a cell holds at most 200 characters, got 201"),
]


@pytest.mark.parametrize(("text", "message"), REFUSED)
def test_parse_deck_csv_refusals(text, message):
    with pytest.raises(InputError, match="^" + re.escape("rates.csv: ") + ".*" + re.escape(message)):
        parse_deck_csv(text, "rates.csv")


def test_cell_of_exactly_200_characters_is_read():
    [row] = parse_deck_csv("prefix,rate,name\n39,1," + "x" * 200 + "\n", "rates.csv")
    assert row.name == "x" * 200


def test_row_limit(monkeypatch):
    monkeypatch.setattr(decks, "MAX_DECK_ROWS", 3)
    assert len(parse_deck_csv("prefix,rate\n1,1\n2,1\n3,1\n", "rates.csv")) == 3
    with pytest.raises(InputError, match=re.escape("rates.csv: more than 3 rows; a deck holds at most 3")):
        parse_deck_csv("prefix,rate\n1,1\n2,1\n3,1\n4,1\n", "rates.csv")


def test_size_limit_at_the_limit(monkeypatch):
    text = "prefix,rate\n39,1\n"
    monkeypatch.setattr(decks, "MAX_DECK_BYTES", len(text))
    assert len(parse_deck_csv(text.encode(), "rates.csv")) == 1
    with pytest.raises(InputError, match=re.escape("rates.csv: the deck is larger than 0 MB (18 bytes)")):
        parse_deck_csv((text + "\n").encode(), "rates.csv")


def test_size_limit_refuses_64_mb_quickly_before_reading():
    data = b"prefix,rate\n" + b"1" * (64 * 2**20)
    began = time.perf_counter()
    with pytest.raises(
        InputError,
        match=re.escape(
            "rates.csv: the deck is larger than 64 MB (67,108,876 bytes); remove the rows you do not need or split it"
        ),
    ):
        parse_deck_csv(data, "rates.csv")
    assert time.perf_counter() - began < 1


def test_load_deck_file_and_its_refusals(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text(DECK_CSV)
    assert load_deck(path) == ROWS
    assert load_deck(str(path)) == ROWS
    with pytest.raises(InputError, match=r"^missing\.csv: no such deck file$"):
        load_deck(tmp_path / "missing.csv")
    with pytest.raises(InputError, match=r"^decks: is a folder, not a deck file$"):
        (tmp_path / "decks").mkdir()
        load_deck(tmp_path / "decks")
    path.write_text("prefix,rate\n39,x\n")
    with pytest.raises(InputError, match=re.escape("rates.csv: line 2, field 'rate': rate must be a number, got 'x'")):
        load_deck(path)


def test_load_deck_refuses_a_too_large_file_without_reading_it(tmp_path, monkeypatch):
    monkeypatch.setattr(decks, "MAX_DECK_BYTES", 10)
    path = tmp_path / "big.csv"
    path.write_text("prefix,rate\n39,1\n")
    with pytest.raises(InputError, match=re.escape("big.csv: the deck is larger than 0 MB (17 bytes)")):
        load_deck(path)


# ---------------------------------------------------------------------------------------------
# Rows made in code (inline `destinations:` of a tariff)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"prefix": 3.9, "rate": 1}, 'prefix must be text made of digits (in YAML write it quoted, "39"), got 3.9'),
        ({"prefix": "39", "rate": True}, "rate must be a number, got True"),
        ({"prefix": "39"}, "rate\n  Field required"),
        (
            {"prefix": "39", "rate": 1, "effective_from": dt.datetime(2026, 3, 1, 8)},
            "without a time, got '2026-03-01 08:00:00'",
        ),
        ({"prefix": "39", "rate": 1, "name": 7}, "name must be text, got 7"),
        ({"prefix": "39", "rate": 1, "colour": "red"}, "colour\n  Extra inputs are not permitted"),
        ({"prefix": "39", "rate": 1, "name": "n" * 201}, "name must be at most 200 characters, got 201"),
    ],
)
def test_deck_row_refusals(fields, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        DeckRow(**fields)


def test_deck_row_normalizes_what_it_accepts():
    row = DeckRow(prefix=" 393 ", rate=0.045, name="  Italy\n mobile ", increment=" 30 / 06 ", connection_fee="0")
    assert (row.prefix, row.rate, row.name, row.increment, row.connection_fee) == (
        "393",
        Decimal("0.045"),
        "Italy mobile",
        "30/6",
        Decimal(0),
    )
    assert DeckRow(prefix="39", rate=1, name="  ", effective_from=dt.date(2026, 3, 1)).name is None


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [("39", None), ("393", "2026-03-01"), ("393", "2026-03-01")],
            "rows 2 and 3 have the same prefix '393' and effective_from 2026-03-01 (one row per prefix and date)",
        ),
        ([("39", None), ("44", None), ("39", None)], "rows 1 and 3 have the same prefix '39' and no effective_from"),
    ],
)
def test_check_unique_rows(rows, message):
    deck = [DeckRow(prefix=prefix, rate=1, effective_from=date) for prefix, date in rows]
    with pytest.raises(ValueError, match=re.escape(message)):
        check_unique_rows(deck)
    check_unique_rows(deck[:2])


# ---------------------------------------------------------------------------------------------
# Round trip


def test_csv_round_trip_of_the_test_deck():
    assert parse_deck_csv(deck_csv_text(ROWS), "again.csv") == ROWS


def test_csv_text_writes_exact_money_without_exponents():
    text = deck_csv_text([DeckRow(prefix="1", rate=Decimal("1E+1"), connection_fee=Decimal("0.00010"))])
    assert text.splitlines()[1] == "1,10,,,0.00010,"


names = st.none() | st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
rows_strategy = st.lists(
    st.builds(
        DeckRow,
        prefix=st.from_regex(r"[0-9]{1,18}", fullmatch=True),
        rate=st.decimals(min_value=0, max_value=1000, allow_nan=False, places=5),
        name=names,
        increment=st.none() | st.tuples(st.integers(1, 600), st.integers(1, 600)).map(lambda p: f"{p[0]}/{p[1]}"),
        connection_fee=st.none() | st.decimals(min_value=0, max_value=10, allow_nan=False, places=4),
        effective_from=st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda row: (row.prefix, row.effective_from),
)


@settings(max_examples=100, deadline=None)
@given(rows_strategy)
def test_csv_round_trip_property(rows):
    assert parse_deck_csv(deck_csv_text(rows), "again.csv") == rows
    assert parse_deck_csv(deck_csv_text(rows).encode(), "again.csv") == rows


# ---------------------------------------------------------------------------------------------
# The vectorized steps against a plain reference, one record at a time

SPACES = " \t\n\r\x0b\x0c"


def reference_normalize(dialled, country_code, national_prefix):
    if not isinstance(dialled, str):
        return ""
    digits = "".join(character for character in dialled if character in "0123456789")
    if dialled.lstrip(SPACES).startswith("+"):
        number = digits
    elif digits.startswith("00"):
        number = digits[2:]
    elif country_code:
        rest = digits[len(national_prefix) :] if national_prefix and digits.startswith(national_prefix) else digits
        number = country_code + rest if rest else ""
    else:
        number = digits
    return number[: decks.MAX_NUMBER_DIGITS]


def reference_lookup(rows, number, record_day):
    """Section 3b steps 2-3 literally: rows in force, latest per prefix, longest prefix."""
    in_force = {}
    for position, row in enumerate(rows):
        starts = -math.inf if row.effective_from is None else (row.effective_from - EPOCH).days
        if starts != -math.inf and (record_day is None or starts > record_day):
            continue
        current = in_force.get(row.prefix)
        if current is None or starts > current[0]:
            in_force[row.prefix] = (starts, position)
    matching = [prefix for prefix in in_force if number and number.startswith(prefix)]
    return in_force[max(matching, key=len)][1] if matching else -1


short_prefix = st.text("0139", min_size=1, max_size=4)
prefixes = short_prefix | st.text("0139", min_size=5, max_size=9) | st.from_regex(r"39[0-9]{14,16}", fullmatch=True)
dates = st.none() | st.dates(dt.date(2026, 1, 1), dt.date(2026, 4, 30))
deck_rows = st.lists(
    st.builds(DeckRow, prefix=prefixes, rate=st.just(Decimal(1)), effective_from=dates),
    max_size=25,
    unique_by=lambda row: (row.prefix, row.effective_from),
)
dialled_text = st.text(st.sampled_from("0011339 +-()\t.x\u00a0\uff13é"), max_size=24)
dialled = dialled_text | st.none() | st.just(math.nan) | st.from_regex(r"\+?(00)?39[0-9]{10,20}", fullmatch=True)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=deck_rows,
    numbers=st.lists(dialled, min_size=1, max_size=30),
    record_days=st.lists(st.integers(day("2025-12-25"), day("2026-05-05")), min_size=30, max_size=30),
    timestamps=st.booleans(),
    table_dates=st.sampled_from([0, 4, 100]),
    country_code=st.sampled_from([None, "", "39", "1", "44"]),
    national_prefix=st.sampled_from(["", "0", "00", "39"]),
)
def test_normalize_and_lookup_match_the_reference(
    rows, numbers, record_days, timestamps, table_dates, country_code, national_prefix
):
    normalized = normalize_destinations(pd.Series(numbers, dtype=object), country_code, national_prefix)
    expected_numbers = [reference_normalize(d, country_code, national_prefix) for d in numbers]
    assert normalized.tolist() == expected_numbers
    days = np.array(record_days[: len(numbers)], dtype=np.int64) if timestamps else None
    with patch.object(decks, "_MAX_TABLE_DATES", table_dates):
        found = DeckIndex(rows).lookup(normalized, days)
    expected = [
        reference_lookup(rows, number, None if days is None else int(days[i]))
        for i, number in enumerate(expected_numbers)
    ]
    assert found.tolist() == expected


# ---------------------------------------------------------------------------------------------
# The bundled samples


@pytest.mark.parametrize("deck", ["carrier_north.csv", "carrier_south.csv"])
def test_bundled_decks_rate_the_bundled_outbound_log(root, deck):
    from calc import read_calls

    log = read_calls(root / "data" / "logs" / "outbound_international.csv")
    records = log.records
    assert len(records) == 3036 and len(log.rejected) == 0
    days = (records["start"].to_numpy().astype("datetime64[D]") - np.datetime64("1970-01-01", "D")).astype(np.int64)
    numbers = normalize_destinations(records["destination"], "39")
    rows = DeckIndex(load_deck(root / "data" / "decks" / deck)).lookup(numbers, days)
    empty = (records["destination"] == "").to_numpy()
    unknown = records["destination"].str.startswith("+888").to_numpy()
    mexico = np.char.startswith(numbers.astype(str), "52")
    assert (empty.sum(), unknown.sum(), mexico.sum()) == (18, 10, 17)
    assert np.array_equal(rows < 0, empty | unknown | mexico)


def test_carrier_south_changes_rates_on_1_march(root):
    south = load_deck(root / "data" / "decks" / "carrier_south.csv")
    index = DeckIndex(south)
    mobile = normalize_destinations(["333 123 4567", "+44 7700 900123"], "39")
    before = index.lookup(mobile, np.array([day("2026-02-28")] * 2))
    after = index.lookup(mobile, np.array([day("2026-03-01")] * 2))
    assert [south[i].rate for i in before] == [Decimal("0.0398"), Decimal("0.0215")]
    assert [south[i].rate for i in after] == [Decimal("0.0315"), Decimal("0.0268")]
    assert {row.increment for row in south} == {"1/1", "6/6", "30/6", "60/60"}


def test_docs_example_is_real(root):
    text = (root / "docs" / "rate-decks.md").read_text()
    example = re.search(r"```csv\n(.*?)```", text, re.S).group(1)
    rows = parse_deck_csv(example, "example.csv")
    south = load_deck(root / "data" / "decks" / "carrier_south.csv")
    assert all(row in south for row in rows)
    dialled = ["+39 333 123 4567", "+39 333 123 4567", "06 1234 5678", "+52 55 1234 5678"]
    days = np.array(["2026-02-10", "2026-03-10", "2026-03-10", "2026-03-10"], dtype="datetime64[D]").astype(np.int64)
    found = DeckIndex(south).lookup(normalize_destinations(dialled, "39"), days)
    assert [(south[i].name, str(south[i].rate), south[i].increment) if i >= 0 else None for i in found] == [
        ("Italy mobile", "0.0398", "30/6"),
        ("Italy mobile", "0.0315", "30/6"),
        ("Italy Rome", "0.0071", "1/1"),
        None,
    ]
    table_lines = [line for line in text.splitlines() if re.match(r"\| `[+0]", line)]
    for line, position in zip(table_lines, found[:3], strict=False):
        first, step = map(int, south[position].increment.split("/"))
        billed = first + math.ceil((75 - first) / step) * step if 75 > first else first
        charge = Decimal(billed) * south[position].rate / 60
        assert f"{billed} s" in line and line.rstrip(" |").endswith(str(charge.normalize()))


def test_a_prefix_written_as_a_whole_number_is_its_digits():
    # `prefix: 39` unquoted in YAML, or a JSON number: the same row as "39"
    assert DeckRow(prefix=39, rate=1).prefix == "39"
    assert DeckRow(prefix=393, rate=1) == DeckRow(prefix="393", rate=1)
