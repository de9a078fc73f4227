"""A Parquet log priced piece by piece from counts by length (calc.piece_lengths) equals the in-memory engine.

Random logs and tariffs (those of ``tests/calc/test_properties.py``), written as
Parquet in record fields and priced by `calc.parquet_log.compare_parquet` in
pieces of 1 to 9 records (so pieces end inside months and between calls that
start together), with lengths above a small `DENSE_SECONDS` kept one by one: the
``compare --json`` document is the one ``compare(import_calls(path).log, records=False)``
gives, byte for byte.
"""

from __future__ import annotations

import json
from decimal import Decimal
from unittest import mock

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calc.parquet_log
import calc.piece_lengths
from calc import InputError, compare, parse_tariffs
from calc.parquet_log import compare_parquet
from calc.piece_lengths import LengthTally
from calc.readers import import_calls
from tests.calc.test_properties import records, tariffs


def _table(rows: list[dict], timed: bool) -> pa.Table:
    columns = {
        "duration_s": pa.array([float(r["duration"]) for r in rows], type=pa.float64()),
        "channel": [r["channel"] for r in rows],
        "direction": [r["direction"] for r in rows],
        "answered": pa.array([r["answered"] for r in rows], type=pa.bool_()),
        "resolved": pa.array([r.get("resolved") for r in rows], type=pa.bool_()),
    }
    if timed:
        columns["start"] = pa.array([r["start"] for r in rows], type=pa.timestamp("us"))
    return pa.table(columns)


def _json(comparison) -> str | None:
    return None if comparison is None else json.dumps(comparison.to_json(), sort_keys=True)


def _both_ways(path, tariffs_: list) -> tuple[str | None, str | None]:
    """The comparison in pieces from the Parquet file, and from the importer's log in memory (or their refusal)."""
    try:
        pieces = _json(compare_parquet(path, tariffs_))
    except InputError as error:
        pieces = str(error)
    try:
        whole = _json(compare(import_calls(path).log, tariffs_, records=False))
    except InputError as error:
        whole = str(error)
    return pieces, whole


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    drawn=st.lists(tariffs(), min_size=1, max_size=3),
    piece=st.integers(1, 9),
    dense=st.sampled_from([0, 30, 600, 86_400]),
)
def test_pieces_counted_by_length_equal_the_whole_log(data, drawn, piece, dense, tmp_path_factory):
    timed = data.draw(st.booleans(), label="timed")
    rows = data.draw(records(timed), label="records")
    path = tmp_path_factory.mktemp("log") / "calls.parquet"
    pq.write_table(_table(rows, timed), path, row_group_size=data.draw(st.sampled_from([None, 4]), label="group"))
    named = [tariff.model_copy(update={"name": f"T{number}"}) for number, tariff in enumerate(drawn)]
    with (
        mock.patch.object(calc.parquet_log, "PIECE_ROWS", piece),
        mock.patch.object(calc.piece_lengths, "DENSE_SECONDS", dense),
    ):
        pieces, whole = _both_ways(path, named)
    if pieces is not None:  # None: agents or rate decks, left to the importer
        assert pieces == whole


def _log(tmp_path, durations: list[float], months: list[str]) -> str:
    starts = np.array([f"{month}-05T09:00" for month in months], dtype="datetime64[us]")
    path = str(tmp_path / "calls.parquet")
    pq.write_table(pa.table({"start": pa.array(starts), "duration_s": durations}), path)
    return path


def test_a_month_cut_between_pieces_adds_up(tmp_path, monkeypatch):
    """Three calls of January in pieces of two: 61 s, 30 s and 90 s bill 2 + 1 + 2 minutes at 0.06 = 0.30."""
    path = _log(tmp_path, [61.0, 30.0, 90.0, 10.0], ["2026-01", "2026-01", "2026-01", "2026-02"])
    monkeypatch.setattr(calc.parquet_log, "PIECE_ROWS", 2)
    [tariff] = parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 0.06}]")
    with mock.patch("calc.partials.price_per_minute", side_effect=AssertionError("priced record by record")):
        result = compare_parquet(path, [tariff]).results[0]
    assert result.months == {"2026-01": Decimal("0.30"), "2026-02": Decimal("0.06")}
    assert str(result.total) == "0.36"
    assert result.billed_seconds == 360


def test_calls_longer_than_a_day_are_counted_one_by_one(tmp_path, monkeypatch):
    """A 100,000 s call (over `DENSE_SECONDS`) beside a 60 s one: 1,667 + 1 minutes at 0.01, 1/1 billing."""
    path = _log(tmp_path, [100_000.0, 60.0], ["2026-03", "2026-03"])
    [tariff] = parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 0.01, increment: 1/1}]")
    result = compare_parquet(path, [tariff]).results[0]
    assert str(result.total) == "16.68"  # (100,000 + 60) s / 60 x 0.01 = 16.6766..., rounded at the month
    assert result.billed_seconds == 100_060


@pytest.mark.parametrize(
    ("rounding", "component", "counted"),  # time bands: the log has start times
    [
        ("none", "{type: per_minute, rate: 0.01}", True),
        ("up", "{type: per_minute, rate: 0.01, min_charge: 0.02}", True),
        ("none", "{type: per_minute, included_minutes: 5, tiers: [{up_to: null, rate: 0.01}]}", True),
        ("none", "{type: per_minute, rate: 0.01, time_bands: [{when: mon-fri 09:00-18:00, rate: 0.04}]}", False),
        ("none", "{type: per_event, fee: 0.5}", False),
    ],
)
def test_which_components_are_counted_by_length(rounding, component, counted):
    [tariff] = parse_tariffs(f"name: A\nround_per_call: {rounding}\ncomponents: [{component}]")
    assert LengthTally([tariff], has_time=True).left_out == [set(tariff.labels) if counted else set()]
