"""The three engines (memory, stream, dask on a LocalCluster of 2 workers) give byte-identical compare --json."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from dask.distributed import Client, LocalCluster
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc import InputError, Tariff, compare, read_calls
from calc.cli import main
from calc.dataset import dask_compare, dataset_pieces, memory_compare, stream_compare
from tests.calc.test_partials import EDGE_ROWS, EDGE_TARIFF, MIXED, day_cuts, frame_of
from tests.calc.test_properties import as_frame, records, tariffs
from tests.conftest import one_tariff


@pytest.fixture(scope="module")
def client():
    """A real cluster of two worker processes: partials are pickled between processes."""
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


def write_parts(frame: pd.DataFrame, folder: Path, cuts: list[int], row_group_size: int = 3) -> None:
    """One Parquet file per part, named in time order, small row groups so pieces cut inside files too."""
    bounds = [0, *cuts, len(frame)]
    for number, (a, b) in enumerate(zip(bounds[:-1], bounds[1:], strict=True)):
        frame.iloc[a:b].to_parquet(folder / f"part-{number:04d}.parquet", index=False, row_group_size=row_group_size)


def outcome(run) -> dict | str:
    try:
        return run().to_json()
    except InputError as error:
        return str(error)


def three_engines(folder: Path, tariff_list: list[Tariff], client: Client, batch_rows: int) -> list:
    source = str(folder)
    return [
        outcome(lambda: memory_compare(source, tariff_list)),
        outcome(lambda: stream_compare(source, tariff_list, batch_rows=batch_rows)),
        outcome(lambda: dask_compare(source, tariff_list, batch_rows=batch_rows, scheduler=client)),
    ]


def as_json_text(outcomes: list) -> list[str]:
    return [json.dumps(o, ensure_ascii=False) if isinstance(o, dict) else o for o in outcomes]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), first=tariffs(), second=tariffs())
def test_random_logs_byte_identical_on_three_engines(client, data, first, second):
    timed = data.draw(st.booleans(), label="timed")
    rows = data.draw(records(timed), label="records")
    if timed:
        rows.sort(key=lambda r: r["start"])
    frame = as_frame(rows, timed)
    if frame.empty:
        return
    tariff_list = [first, second.model_copy(update={"name": "U"})]  # mixed models too: the dask tasks chain
    inside = data.draw(st.lists(st.integers(1, max(len(frame) - 1, 1)), max_size=4), label="cuts")
    midnights = data.draw(st.lists(st.sampled_from(day_cuts(frame) or [0]), max_size=2), label="midnights")
    cuts = sorted({c for c in inside + midnights if 0 < c < len(frame)})
    batch_rows = data.draw(st.integers(1, 8), label="batch_rows")
    with tempfile.TemporaryDirectory() as folder:
        write_parts(frame, Path(folder), cuts)
        engines = as_json_text(three_engines(Path(folder), tariff_list, client, batch_rows))
    try:
        whole = as_json_text([compare(read_calls(frame, "random"), tariff_list, records=False).to_json()])[0]
    except InputError:
        whole = engines[0]  # a refusal: its words name the source, the engines must agree among themselves
    assert engines == [whole, whole, whole]


def test_every_preset_byte_identical_on_three_engines(client, presets, tmp_path):
    start = dt.datetime(2026, 1, 30, 22, 0)
    rows = []
    for k in range(1500):  # busy evenings across a month end, calls running over midnight
        when = start + dt.timedelta(minutes=11 * k + (k % 5), seconds=k % 13)
        rows.append((when.isoformat(sep=" "), (k * 53) % 1900 + (k % 3) * 0.25, f"agent{k % 23}"))
    frame = frame_of(rows)
    frame["destination"] = ["+39 333 1234", "+44 20 7946", "06 1234", "0039 06 555"] * 375
    frame["channel"] = ["voice", "voice", "sms", "chat", "voice"] * 300
    frame["direction"] = ["outbound", "inbound", "", "outbound", "internal", "inbound"] * 250
    frame["resolved"] = ["true", "false", ""] * 500
    cuts = [*day_cuts(frame)[::2], 7, 8, 333, 777]
    write_parts(frame, tmp_path, sorted(set(cuts)), row_group_size=97)
    usable = list(presets)
    assert any(t.covering_team is not None for t in usable)
    engines = three_engines(tmp_path, usable, client, batch_rows=150)
    whole = compare(read_calls(frame, "x"), usable, records=False).to_json()
    for engine in engines:
        assert engine["records"] == whole["records"]
        for got, expected in zip(engine["tariffs"], whole["tariffs"], strict=True):
            assert got == expected
    whole = json.dumps(whole, ensure_ascii=False)
    assert as_json_text(engines) == [whole] * 3
    assert len(json.loads(whole)["tariffs"]) == len(usable) >= 15
    frame.to_csv(tmp_path / "all.csv", index=False)
    csv_stream = stream_compare(str(tmp_path / "all.csv"), usable, batch_rows=40)
    assert as_json_text([csv_stream.to_json()]) == [whole]
    assert len(dataset_pieces(str(tmp_path / "all.csv"), batch_rows=40)) > 10
    csv_dask = dask_compare(str(tmp_path / "all.csv"), usable, batch_rows=40, scheduler=client)
    assert as_json_text([csv_dask.to_json()]) == [whole]
    by_url = stream_compare(f"file://{tmp_path}/*.parquet", usable, batch_rows=150)
    assert as_json_text([by_url.to_json()]) == [whole]


@pytest.mark.parametrize("cuts", [[1], [3], [4], [5], [6], [9], list(range(1, 11))])
def test_hidden_edges_on_three_engines(client, tmp_path, cuts):
    tariff_list = [one_tariff(EDGE_TARIFF)]
    frame = frame_of(EDGE_ROWS)
    write_parts(frame, tmp_path, cuts, row_group_size=2)
    whole = as_json_text([compare(read_calls(frame, "x"), tariff_list, records=False).to_json()])[0]
    assert as_json_text(three_engines(tmp_path, tariff_list, client, batch_rows=2)) == [whole] * 3


def test_command_line_on_a_scheduler(client, tmp_path, capsys, root):
    frame = frame_of(EDGE_ROWS)
    write_parts(frame, tmp_path, [4, 8])
    tariff = str(root / "data" / "tariffs" / "volume_tiers.yaml")
    outputs = []
    for engine in (
        ["--engine", "memory"],
        ["--engine", "stream"],
        ["--engine", "dask", "--scheduler", client.scheduler.address],
    ):
        assert main(["compare", str(tmp_path / "*.parquet"), tariff, "--json", "--batch-rows", "3", *engine]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] == outputs[2]
    assert json.loads(outputs[0])["records"] == len(EDGE_ROWS)


def test_command_line_mixed_model_on_three_engines(client, tmp_path, capsys, root):
    write_parts(frame_of(EDGE_ROWS), tmp_path, [2, 4, 5, 9], row_group_size=1)
    tariff = str(root / "data" / "tariffs" / "mixed_core_overflow.yaml")
    outputs = []
    for engine in (
        ["--engine", "memory"],
        ["--engine", "stream"],
        ["--engine", "dask", "--scheduler", client.scheduler.address],
    ):
        assert main(["compare", str(tmp_path), tariff, "--json", "--batch-rows", "1", *engine]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] == outputs[2]


def test_command_line_refuses_out_of_order_files_for_the_mixed_model_in_one_line(tmp_path, capsys, root):
    frame = frame_of(EDGE_ROWS)
    frame.iloc[6:].to_parquet(tmp_path / "a.parquet", index=False)
    frame.iloc[:6].to_parquet(tmp_path / "b.parquet", index=False)
    tariff = str(root / "data" / "tariffs" / "mixed_core_overflow.yaml")
    assert main(["compare", str(tmp_path), tariff, "--engine", "stream"]) == 2
    error = capsys.readouterr().err
    assert "team walk needs the partitions in time order" in error and error.count("\n") == 1


def test_a_dataset_without_files_is_refused(tmp_path):
    with pytest.raises(InputError, match="no Parquet or CSV file found"):
        stream_compare(str(tmp_path), [one_tariff("name: A\ncomponents: [{type: monthly_fee, amount: 1}]")])


def test_progress_reaches_the_whole_dataset(tmp_path):
    write_parts(frame_of(EDGE_ROWS), tmp_path, [3, 7], row_group_size=2)
    calls = []
    stream_compare(
        str(tmp_path), [one_tariff(EDGE_TARIFF)], batch_rows=2, progress=lambda done, work: calls.append((done, work))
    )
    assert len(calls) == len(dataset_pieces(str(tmp_path), batch_rows=2)) > 3
    assert calls[-1] == (len(EDGE_ROWS), len(EDGE_ROWS))
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_a_spreadsheet_is_refused_by_the_stream_engine(root):
    with pytest.raises(InputError, match="a spreadsheet is read whole; use --engine memory"):
        stream_compare(str(root / "tests" / "data" / "espanol.xlsx"), [one_tariff(EDGE_TARIFF)])


@pytest.mark.parametrize(("cut", "carried"), [(2, True), (8, False)])
def test_dask_re_prices_only_pieces_a_covered_call_runs_into(client, tmp_path, monkeypatch, cut, carried):
    import calc.dataset

    seen = []
    checks = calc.dataset._carries_into
    monkeypatch.setattr(
        calc.dataset, "_carries_into", lambda before, piece: seen.append(checks(before, piece)) or seen[-1]
    )
    frame = frame_of(EDGE_ROWS)  # the 23:50 and 23:55 calls run past row 2; nothing runs into 2026-02-28
    write_parts(frame, tmp_path, [cut], row_group_size=100)
    tariff_list = [one_tariff(MIXED)]  # a team of two at any hour
    whole = as_json_text([compare(read_calls(frame, "x"), tariff_list, records=False).to_json()])
    assert as_json_text([dask_compare(str(tmp_path), tariff_list, scheduler=client).to_json()]) == whole
    assert seen == [carried]


def test_a_file_named_like_a_pattern_is_a_file(tmp_path, capsys, root):
    path = tmp_path / "calls[1].csv"
    frame_of(EDGE_ROWS).to_csv(path, index=False)
    tariff = str(root / "data" / "tariffs" / "carrier_60_60.yaml")
    assert main(["compare", str(path), tariff, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["records"] == len(EDGE_ROWS)
