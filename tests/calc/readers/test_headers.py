"""Header matching by whole words, with a scored assignment and units: the substring traps of real exports."""

from __future__ import annotations

import pandas as pd
import pytest

from calc.readers.headers import header_tokens, header_unit, match_headers


def roles_of(columns, sample=None):
    return {role: source.column for role, source in match_headers(columns, sample).items()}


def test_sentiment_never_wins_the_start():
    columns = ["Call Time", "Caller ID", "Status", "Ringing", "Talking", "Total Duration", "Sentiment", "Summary"]
    sample = pd.DataFrame([["2026-03-02T09:00:00", "0612", "Answered", "0:00:01", "0:01:00", "0:01:01", "", ""]])
    sample.columns = columns
    roles = roles_of(columns, sample)
    assert roles["start"] == "Call Time"
    assert roles["talk_seconds"] == "Talking" and roles["total_seconds"] == "Total Duration"
    assert "Sentiment" not in roles.values()


def test_answered_by_is_not_an_answer_time_and_call_secured_status_is_not_a_status():
    roles = roles_of(["start_time", "answered_by", "callSecuredStatus", "duration"])
    assert "answer_time" not in roles
    assert "callSecuredStatus" not in roles.values()
    assert roles == {"start": "start_time", "total_seconds": "duration", "status": "answered_by"}


def test_each_column_serves_one_role_and_the_best_total_wins():
    # 'Data' could be the start (Italian) and 'Data e ora' is the start: the exact header wins it.
    roles = roles_of(["Data", "Data e ora", "Durata"])
    assert roles["start"] == "Data e ora"
    assert list(roles.values()).count("Data e ora") == 1


def test_a_start_whose_values_are_not_times_scores_nothing():
    sample = pd.DataFrame({"Time": ["0:01:05", "0:00:10"], "Date": ["2026-03-02", "2026-03-03"]})
    assert roles_of(["Time", "Date"], sample)["start"] == "Date"


@pytest.mark.parametrize(
    ("header", "scale", "words"),
    [
        ("通话时长/分钟", 60.0, ["通话时长"]),
        ("Durata (minuti)", 60.0, ["durata"]),
        ("Dauer in Minuten", 60.0, ["dauer"]),
        ("Duración (min)", 60.0, ["duracion"]),
        ("Durée (sec)", 1.0, ["duree"]),
        ("通话时长(秒)", 1.0, ["通话时长"]),
        ("Talk (ms)", 0.001, ["talk"]),
        ("Duration", None, ["duration"]),
    ],
)
def test_units_named_in_headers(header, scale, words):
    assert header_unit(header) == (scale, words)


def test_unit_sets_the_scale_of_the_length_column_and_says_so():
    source = match_headers(["Data", "Durata (minuti)"])["total_seconds"]
    assert (source.column, source.scale) == ("Durata (minuti)", 60.0)
    assert "in minutes (the header says so)" in source.how
    assert match_headers(["Start", "Talk (ms)"])["duration_ms"].column == "Talk (ms)"


def test_tokens_split_camel_case_scripts_and_accents():
    assert header_tokens("dateTimeOrigination") == ["date", "time", "origination"]
    assert header_tokens("Gesprächsdauer") == ["gesprachsdauer"]
    assert header_tokens("呼叫时间Call") == ["呼叫时间", "call"]
