"""The Parquet path of ``compare`` (calc.parquet_log) against the importer: the same output, byte for byte."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calc.parquet_log
from calc.cli import main
from calc.parquet_log import read_prepared
from calc.prepared import prepare
from calc.rating import compare
from calc.readers import import_calls

TARIFFS = """\
tariffs:
  - name: "60/60, connection fee, rounded up per call"
    round_per_call: up
    components:
      - {type: per_minute, rate: 0.045, increment: 60/60, connection_fee: 0.015}
  - name: "6/6, tiers, fee, minimum spend"
    components:
      - type: per_minute
        increment: 6/6
        included_minutes: 1
        tiers:
          - {up_to: 3, rate: 0.03}
          - {up_to: null, rate: 0.02}
      - {type: monthly_fee, amount: 99}
      - {type: minimum_spend, amount: 120}
  - name: "per second, inbound only, sms and resolutions"
    components:
      - {type: per_minute, rate: 0.009, increment: 1/1, direction: inbound}
      - {type: per_event, fee: 0.075, channel: sms}
      - {type: per_event, fee: 0.99, channel: any, only_resolved: true}
"""
SEATS = """\
name: "seats counted from agents"
components:
  - {type: per_seat, amount: 65, seats: agents}
  - {type: per_minute, rate: 0.025, increment: 30/6}
"""


def _run(arguments: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    status = main(arguments)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _both_ways(arguments, capsys, monkeypatch) -> tuple[tuple, tuple]:
    """What ``compare`` prints through the Parquet path, and through the importer alone."""
    fast = _run(arguments, capsys)
    with monkeypatch.context() as patched:
        patched.setattr(calc.parquet_log, "read_prepared", lambda *args, **kwargs: None)
        normal = _run(arguments, capsys)
    return fast, normal


# --- random logs, bad rows included ----------------------------------------------

_WORDS = ["voice", " Voice ", "SMS", "chat", "", None, "fax", "VOICE"]
_DIRECTIONS = ["inbound", "Outbound ", "internal", "", None, "sideways"]
_AGENTS = ["a1", " a2", "", None, "a3"]
_DURATIONS = st.one_of(
    st.floats(min_value=0, max_value=4000, allow_nan=False).map(lambda s: round(s, 3)),
    st.integers(0, 700).map(float),
    st.sampled_from([0.0, -1.0, math.nan, math.inf, 2e9, 12.0000001, None]),
)
_STARTS = st.one_of(
    st.datetimes(min_value=dt.datetime(2025, 12, 20), max_value=dt.datetime(2026, 3, 10)),
    st.sampled_from([None, dt.datetime(1970, 1, 1), dt.datetime(2100, 1, 1), dt.datetime(1989, 12, 31, 23, 59)]),
)
_ROW = st.tuples(
    _STARTS,
    _DURATIONS,
    st.sampled_from(_WORDS),
    st.sampled_from(_DIRECTIONS),
    st.sampled_from([True, False, None]),
    st.sampled_from(_AGENTS),
    st.sampled_from([True, False, None]),
)


@st.composite
def _logs(draw) -> pa.Table:
    rows = draw(st.lists(_ROW, min_size=1, max_size=30))
    starts, durations, channels, directions, answered, agents, resolved = map(list, zip(*rows, strict=True))
    columns = {
        "start": pa.array(starts, type=draw(st.sampled_from([pa.timestamp("us"), pa.timestamp("ns")]))),
        "Duration_S": pa.array(durations, type=pa.float64()),
        "channel": pa.array(channels, type=pa.string()),
        "direction": pa.array(directions, type=pa.string()),
        "answered": pa.array(answered, type=pa.bool_()),
        "agent": pa.array(agents, type=pa.string()),
        "resolved": pa.array(resolved, type=pa.bool_()),
    }
    if draw(st.booleans()):  # whole seconds as integers, missing ones among them
        whole = [None if d is None or not math.isfinite(d) else int(d) for d in durations]
        columns["Duration_S"] = pa.array(whole, type=pa.int64())
    dropped = draw(st.sets(st.sampled_from(["start", "channel", "direction", "answered", "agent", "resolved"])))
    table = pa.table({name: values for name, values in columns.items() if name not in dropped})
    if draw(st.booleans()):  # several row groups: several chunks per column
        table = pa.concat_tables([table.slice(0, len(table) // 2), table.slice(len(table) // 2)])
    return table


@pytest.fixture
def tariff_files(tmp_path) -> list[str]:
    (tmp_path / "tariffs.yaml").write_text(TARIFFS)
    (tmp_path / "seats.yaml").write_text(SEATS)
    return [str(tmp_path / "tariffs.yaml"), str(tmp_path / "seats.yaml")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=_logs(), row_group=st.sampled_from([None, 7]), piece=st.integers(1, 12))
def test_random_logs_print_the_same_comparison(table, row_group, piece, tmp_path, tariff_files, capsys, monkeypatch):
    path = tmp_path / "calls.parquet"
    pq.write_table(table, path, row_group_size=row_group)
    monkeypatch.setattr(calc.parquet_log, "PIECE_ROWS", piece)  # many pieces, months and bad rows across them
    # The first file's tariffs are priced piece by piece; the second's counts agents: the importer reads the log.
    for tariffs, form in (([tariff_files[0]], "--json"), ([tariff_files[0]], "--lang=it"), (tariff_files, "--json")):
        fast, normal = _both_ways(["compare", str(path), *tariffs, form], capsys, monkeypatch)
        assert fast == normal


def test_prepared_columns_equal_the_importers(tmp_path):
    starts = [dt.datetime(2026, 1, 5, 9, 0, 1), None, dt.datetime(2026, 1, 4, 8), dt.datetime(2026, 2, 1)]
    table = pa.table(
        {
            "start": pa.array(starts, type=pa.timestamp("ns")),
            "duration_s": [61.5, 5.0, 12.0000001, -3.0],
            "channel": pa.array(["voice", "voice", " SMS", "voice"]).dictionary_encode(),
            "answered": [None, True, None, True],
        }
    )
    path = tmp_path / "calls.parquet"
    pq.write_table(table, path)
    fast = read_prepared(path)
    normal = prepare(import_calls(path).log)
    assert (fast.records, fast.rejected) == (2, 2)
    for name in ("order", "start_us", "duration_us", "ceil_s", "duration_s", "channel", "direction", "answered"):
        np.testing.assert_array_equal(getattr(fast, name), getattr(normal, name), err_msg=name)
    assert fast.periods == normal.periods
    assert fast.answered.tolist() == [True, True]  # the sms has no duration stated as talk: answered by default
    assert fast.log.records["line"].tolist() == [1, 3]  # made by the importer when asked


@pytest.mark.parametrize(
    "columns",
    [
        {"Dauer": [61.0]},  # another layout: the importer detects it
        {"duration_s": ["61"]},  # text durations
        {"duration_s": [61.0], "start": pa.array([0], type=pa.timestamp("us", tz="Europe/Rome"))},
        {"duration_s": [61.0], "answered": ["yes"]},
        {"duration_s": [61.0], "start": pa.array([dt.date(2026, 1, 5)])},
        {"duration_s": [61.0], "call_id": ["x"]},
        {"duration_s": [-1.0]},  # every row refused: the importer's message
    ],
)
def test_what_the_parquet_path_leaves_to_the_importer(columns, tmp_path):
    path = tmp_path / "calls.parquet"
    pq.write_table(pa.table(columns), path)
    assert read_prepared(path) is None


@pytest.mark.parametrize(
    ("component", "how"),
    [
        ("{type: per_minute, rate: 0.01}", "in pieces"),
        ("{type: per_seat, amount: 5, seats: 3}", "in pieces"),
        ("{type: per_seat, amount: 5, seats: peak_concurrent}", "whole log"),
        ("{type: per_seat, amount: 5, seats: agents}", "importer"),
        ("{type: per_minute, destinations: [{prefix: '39', rate: 0.02}]}", "importer"),
    ],
)
def test_which_tariffs_are_priced_piece_by_piece(component, how, tmp_path, monkeypatch):
    from calc.tariff import parse_tariffs

    [tariff] = parse_tariffs(f"name: A\ncomponents: [{component}]")
    path = tmp_path / "calls.parquet"
    starts = pa.array([dt.datetime(2026, 1, 5, 9), dt.datetime(2026, 1, 5, 9, 1)], type=pa.timestamp("us"))
    pq.write_table(pa.table({"start": starts, "duration_s": [61.0, 30.0], "agent": ["a", "b"]}), path)
    read = []
    monkeypatch.setattr(calc.parquet_log, "read_prepared", lambda *args: read.append(args) or read_prepared(*args))
    comparison = calc.parquet_log.compare_parquet(path, [tariff])
    if how == "importer":
        assert comparison is None
        return
    assert comparison.results[0].total == compare(import_calls(path).log, [tariff]).results[0].total
    assert bool(read) is (how == "whole log")


def test_a_csv_is_left_to_the_importer(tmp_path):
    path = tmp_path / "calls.parquet"  # the name says Parquet, the bytes do not
    path.write_text("duration_s\n61\n")
    assert read_prepared(path) is None


# --- the bundled samples, as Parquet in record fields -----------------------------


ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("sample", sorted(path.name for path in (ROOT / "data" / "logs").iterdir()))
def test_every_sample_prints_the_same_comparison(sample, root, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(root)  # the deck tariffs name their decks from the project's root
    records = import_calls(root / "data" / "logs" / sample).log.records
    path = tmp_path / "calls.parquet"
    records.drop(columns=["line"]).to_parquet(path)
    assert read_prepared(path) is not None
    presets = sorted(str(p) for p in (root / "data" / "tariffs").glob("*.yaml"))
    for form in (["--json"], []):  # all together: some count agents or rate numbers, so the whole log is read
        fast, normal = _both_ways(["compare", str(path), *presets, *form], capsys, monkeypatch)
        assert fast == normal
        assert fast[0] == 0
    monkeypatch.setattr(calc.parquet_log, "PIECE_ROWS", 1000)
    for preset in presets:  # one by one: those that need nothing else are priced piece by piece
        fast, normal = _both_ways(["compare", str(path), preset, "--json"], capsys, monkeypatch)
        assert fast == normal
