"""The command line end to end on the bundled sample data, both output forms."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from pathlib import Path

import pytest

from calc import compare, load_tariff_files, read_calls, staff
from calc.breakeven import with_field
from calc.cli import main

SAMPLE = "data/logs/support_desk.csv"


def presets(root):
    return sorted(str(p) for p in (root / "data" / "tariffs").glob("*.yaml"))


def test_json_contract_on_the_sample(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    assert main(["compare", SAMPLE, *presets(root), "--json"]) == 0
    output = json.loads(capsys.readouterr().out)
    assert set(output) == {"records", "rejected", "tariffs"}
    assert (output["records"], output["rejected"]) == (10871, 3)
    expected = compare(read_calls(SAMPLE), load_tariff_files(presets(root)))
    for shown, result in zip(output["tariffs"], expected.results, strict=True):
        assert set(shown) == {
            "name",
            "currency",
            "total",
            "months",
            "components",
            "billed_seconds",
            "actual_seconds",
            "unrated",
        }
        assert shown["total"] == f"{result.total:f}"
        assert sum(Decimal(v) for v in shown["months"].values()) == Decimal(shown["total"])
        assert list(shown["months"]) == ["2026-01", "2026-02"]
        assert all(
            len(v.split(".")[1]) == 2
            for v in [shown["total"], *shown["months"].values(), *shown["components"].values()]
        )


def test_hand_checked_total_through_the_cli(tmp_path, capsys):
    (tmp_path / "calls.csv").write_text("start,duration_s\n2026-01-05 09:00:00,61\n2026-01-05 09:05:00,59\n")
    (tmp_path / "t.yaml").write_text("name: A\ncomponents: [{type: per_minute, rate: 0.07}]\n")
    assert main(["compare", str(tmp_path / "calls.csv"), str(tmp_path / "t.yaml"), "--json"]) == 0
    [tariff] = json.loads(capsys.readouterr().out)["tariffs"]
    assert (tariff["total"], tariff["billed_seconds"], tariff["actual_seconds"]) == (
        "0.21",
        180,
        120,
    )
    assert tariff["months"] == {"2026-01": "0.21"} and tariff["components"] == {"per_minute": "0.21"}


def test_table_is_ranked_cheapest_first(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    assert main(["compare", SAMPLE, *presets(root)]) == 0
    text = capsys.readouterr().out
    assert "10,871 records priced, 3 rejected" in text
    rows = [line for line in text.splitlines() if line[:3].strip().isdigit()]
    totals = [re.search(r"([\d,]+\.\d\d) (EUR|CNY|USD)", row) for row in rows]
    assert len(rows) == len(presets(root)) == 23
    assert [Decimal(t[1].replace(",", "")) for t in totals] == sorted(Decimal(t[1].replace(",", "")) for t in totals)
    # totals are never converted: each currency's cheapest is marked, the rest are priced against it
    firsts = {}
    for row, total in zip(rows, totals, strict=True):
        firsts.setdefault(total[2], (row, Decimal(total[1].replace(",", ""))))
    assert all(row.endswith(f"cheapest in {currency}") for currency, (row, _) in firsts.items())
    eur_rows = [(row, total) for row, total in zip(rows, totals, strict=True) if total[2] == "EUR"]
    second_row, second = eur_rows[1]
    assert second_row.endswith(f"+{Decimal(second[1].replace(',', '')) - firsts['EUR'][1]:,.2f}")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["compare", "missing.csv", "data/tariffs/carrier_60_60.yaml"],
            "missing.csv: no such file",
        ),
        (["compare", SAMPLE, "missing.yaml"], "missing.yaml: no such tariff file"),
        (
            [
                "compare",
                SAMPLE,
                "data/tariffs/carrier_60_60.yaml",
                "data/tariffs/carrier_60_60.yaml",
            ],
            'tariff name "Carrier A, 60/60" is used twice',
        ),
        (["compare", SAMPLE], "the following arguments are required: TARIFF_FILE"),
    ],
)
def test_bad_input_exits_2_with_one_line(root, arguments, message):
    done = subprocess.run([sys.executable, "-m", "calc", *arguments], cwd=root, capture_output=True, text=True)
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert done.stdout == ""


def test_bad_tariff_field_names_file_tariff_component_and_field(tmp_path):
    (tmp_path / "calls.csv").write_text("duration_s\n5\n")
    (tmp_path / "t.yaml").write_text("name: A\ncomponents: [{type: per_minute, rate: 0.07, increment: 60-60}]\n")
    done = subprocess.run(
        [sys.executable, "-m", "calc", "compare", "calls.csv", "t.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},  # this checkout's calc, not the installed one
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "tariff-compare: error: t.yaml: tariff \"A\", component 1 (per_minute), field 'increment': "
        "increment must look like \"60/60\" (whole seconds >= 1), got '60-60'"
    )


def write_calls(path, rows: list[str]):
    path.write_text("start,duration_s,direction\n" + "\n".join(rows) + "\n")
    return str(path)


def test_staffing_json_for_the_published_example(tmp_path, capsys):
    # 100 calls in 30 minutes, 180 s each: 10 Erlang, 14 agents for 80% in 20 s (88.8%), then one quiet interval
    calls = write_calls(
        tmp_path / "calls.csv",
        [f"2026-01-05 09:{n % 30:02d}:00,180,inbound" for n in range(100)] + ["2026-01-05 10:05:00,0,outbound"],
    )
    arguments = ["staffing", calls, "--interval", "30", "--service-level", "0.8", "--answer-within", "20", "--json"]
    assert main(arguments) == 0
    output = json.loads(capsys.readouterr().out)
    assert output == {
        "interval_minutes": 30,
        "service_level_target": 0.8,
        "answer_within_s": 20,
        "shrinkage": 0.0,
        "max_occupancy": 1.0,
        "intervals": [
            {"start": "2026-01-05T09:00:00", "calls": 100, "aht_s": 180.0, "agents": 14, "service_level": 0.8884},
            {"start": "2026-01-05T09:30:00", "calls": 0, "aht_s": 0.0, "agents": 0, "service_level": None},
            {"start": "2026-01-05T10:00:00", "calls": 0, "aht_s": 0.0, "agents": 0, "service_level": None},
        ],
        "peak_agents": 14,
        "agent_hours": 7,
    }
    assert main([*arguments, "--shrinkage", "0.3", "--max-occupancy", "0.85"]) == 0
    shrunk = json.loads(capsys.readouterr().out)
    assert (shrunk["shrinkage"], shrunk["max_occupancy"], shrunk["peak_agents"], shrunk["agent_hours"]) == (
        0.3,
        0.85,
        20,
        10,
    )
    assert shrunk["intervals"][0]["service_level"] == 0.8884  # achieved by the 14 working agents


def test_staffing_on_the_sample_lists_every_interval_and_costs_the_team(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    arguments = ["staffing", SAMPLE, "--shrinkage", "0.3", "--tariff", "data/tariffs/dedicated_team.yaml", "--json"]
    assert main(arguments) == 0
    output = json.loads(capsys.readouterr().out)
    expected = staff(read_calls(SAMPLE), shrinkage=0.3)
    assert output["intervals"] == expected.to_json()["intervals"]
    starts = [row["start"] for row in output["intervals"]]
    assert starts[0] == "2026-01-05T08:00:00" and len(starts) == len(set(starts))
    steps = {b - a for a, b in pairwise(map(datetime.fromisoformat, starts))}
    assert steps == {timedelta(minutes=30)}
    assert sum(row["calls"] for row in output["intervals"]) == 9970  # answered inbound voice calls of the sample
    assert output["peak_agents"] == max(row["agents"] for row in output["intervals"])
    assert Fraction(output["agent_hours"]) == Fraction(sum(row["agents"] for row in output["intervals"]), 2)
    [cost] = output["team_costs"]
    assert cost == {
        "tariff": "Dedicated team, 4 agents",
        "currency": "EUR",
        "rate": "19.50",
        "cost": f"{Decimal(str(output['agent_hours'])) * Decimal('19.50'):.2f}",
    }


def test_staffing_table_shows_the_busiest_intervals(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    assert main(["staffing", SAMPLE, "--rows", "5", "--tariff", "data/tariffs/dedicated_team.yaml"]) == 0
    text = capsys.readouterr().out
    lines = text.splitlines()
    team = staff(read_calls(SAMPLE))
    assert lines[0] == (
        f"Call log {SAMPLE}: 2,602 intervals of 30 min, 2026-01-05 08:00 to 2026-02-28 12:30, 1,020 with calls"
    )
    assert lines[1] == "Target: 80% answered within 20 s, shrinkage 0%, max occupancy 100%"
    assert (team.peak_agents, team.agent_hours) == (8, Fraction(3455, 2))
    assert lines[2] == "Peak: 8 agents scheduled; 1,727.5 agent-hours"
    assert lines[3] == 'Cost under "Dedicated team, 4 agents" at 19.50 EUR/h: 33,686.25 EUR'
    rows = [line for line in lines if line[:4] == "2026"]
    agents = [int(row.split()[6]) for row in rows]
    assert len(rows) == 5 and agents == sorted(agents, reverse=True) and agents[0] == team.peak_agents


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--interval", "20"], "interval must be one of 15, 30, 60 minutes, got 20"),
        (["--service-level", "80"], "service_level must be a share between 0 and 1 (exclusive), e.g. 0.8, got 80"),
        (["--answer-within", "-5"], "answer_within must be seconds >= 0, got -5"),
        (["--shrinkage", "1"], "shrinkage must be a share from 0 up to (not including) 1, e.g. 0.3, got 1"),
        (["--max-occupancy", "0"], "max_occupancy must be a share above 0 and at most 1, e.g. 0.85, got 0"),
        (
            ["--tariff", "data/tariffs/carrier_60_60.yaml"],
            'data/tariffs/carrier_60_60.yaml: tariff "Carrier A, 60/60" has no hourly_team component',
        ),
        (["--interval", "half"], "argument --interval: invalid int value: 'half'"),
    ],
)
def test_staffing_bad_input_exits_2_with_one_line(root, options, message):
    done = subprocess.run(
        [sys.executable, "-m", "calc", "staffing", SAMPLE, *options], cwd=root, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert done.stdout == ""


def test_staffing_refuses_a_log_without_timestamps(tmp_path, capsys):
    (tmp_path / "durations.csv").write_text("duration_s\n60\n120\n")
    assert main(["staffing", str(tmp_path / "durations.csv")]) == 2
    error = capsys.readouterr().err
    assert error.startswith("tariff-compare: error: ") and "durations.csv: the records have no start times" in error


BREAKEVEN = [
    "breakeven",
    SAMPLE,
    "data/tariffs/carrier_60_60.yaml",
    "data/tariffs/carrier_1_1.yaml",
    "--target",
    "Carrier A, 60/60",
    "--vary",
    "Carrier B, per second",
]


def test_breakeven_json_re_priced_gives_the_target(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    assert main([*BREAKEVEN, "--field", "per_minute.rate", "--json"]) == 0
    output = json.loads(capsys.readouterr().out)
    assert output == {
        "tariff": "Carrier B, per second",
        "field": "per_minute.rate",
        "value": "0.0501073",
        "total_at_value": "2175.76",
        "target_total": "2175.76",
    }
    target, varied = load_tariff_files(["data/tariffs/carrier_60_60.yaml", "data/tariffs/carrier_1_1.yaml"])
    log = read_calls(SAMPLE)
    at_value = with_field(varied, "per_minute.rate", Decimal(output["value"]))
    assert compare(log, [target, at_value]).results[1].total == Decimal(output["target_total"])


def test_breakeven_end_to_end_in_a_process(root):
    done = subprocess.run(
        [sys.executable, "-m", "calc", *BREAKEVEN, "--field", "per_minute.rate"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout == (
        '"Carrier B, per second" costs exactly as much as "Carrier A, 60/60", 2,175.76 EUR, with '
        "per_minute.rate = 0.0501073 (now 0.058); at 0.0501074 it costs 2,175.77 EUR\n"
    )


def test_breakeven_without_a_solution_exits_1_with_null(root, capsys, monkeypatch):
    monkeypatch.chdir(root)
    assert main([*BREAKEVEN, "--field", "per_minute.connection_fee", "--json"]) == 1
    output = json.loads(capsys.readouterr().out)
    assert (output["value"], output["total_at_value"], output["target_total"]) == (None, None, "2175.76")
    assert output["message"].startswith("no value of per_minute.connection_fee makes")


def test_breakeven_reads_logs_with_the_import_options(tmp_path, capsys):
    (tmp_path / "calls.csv").write_text("start;duration_s;talk\n2026-01-05 09:00:00;1;61\n2026-01-05 09:05:00;1;30\n")
    (tmp_path / "t.yaml").write_text(
        "- {name: A, components: [{type: per_event, fee: 0.05}]}\n"
        "- {name: B, components: [{type: per_minute, rate: 0.07}]}\n"
    )
    arguments = ["breakeven", str(tmp_path / "calls.csv"), str(tmp_path / "t.yaml"), "--target", "A", "--vary", "B"]
    options = ["--field", "per_minute.rate", "--delimiter", ";", "--map", "duration_s=talk"]
    assert main([*arguments, *options, "--json"]) == 0
    # talk time bills 3 minutes against A's 0.10: 3 x 0.034 = 0.102 -> 0.10, 3 x 0.035 = 0.105 -> 0.11
    assert json.loads(capsys.readouterr().out)["value"] == "0.034"
    assert main([*arguments, *options[:4], "--json"]) == 0  # 2 minutes of duration_s: 0.05
    assert json.loads(capsys.readouterr().out)["value"] == "0.05"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--field", "per_minute.fee"],
            "field 'per_minute.fee' is not a money field of tariff \"Carrier B, per second\"; expected one of: "
            "per_minute.rate, per_minute.connection_fee, per_minute.min_charge",
        ),
        (["--field", "per_minute.rate", "--vary", "Carrier Z"], '--vary: no tariff named "Carrier Z"'),
        ([], "the following arguments are required: --field"),
    ],
)
def test_breakeven_bad_input_exits_2_with_one_line(root, extra, message):
    done = subprocess.run([sys.executable, "-m", "calc", *BREAKEVEN, *extra], cwd=root, capture_output=True, text=True)
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert done.stdout == ""


def test_legs_option_of_compare_and_inspect(root, tmp_path, capsys):
    log = root / "tests" / "data" / "asterisk13_linkedid_Master.csv"
    (tmp_path / "t.yaml").write_text("name: calls\ncomponents: [{type: per_event, fee: 1, bill_unanswered: true}]\n")
    assert main(["compare", str(log), str(tmp_path / "t.yaml"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["records"] == 4
    assert main(["compare", str(log), str(tmp_path / "t.yaml"), "--json", "--legs", "keep"]) == 0
    assert json.loads(capsys.readouterr().out)["records"] == 9
    assert main(["inspect", str(log), "--legs", "keep"]) == 0
    assert "legs kept: 5 rows share a call id (linkedid) with an earlier row" in capsys.readouterr().out
