"""Importing real exports: every layout and value form, checked field by field and priced."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc import InputError
from calc.cli import main
from calc.readers import import_calls
from calc.readers.sources import file_contents

DATA = Path(__file__).resolve().parents[2] / "data"
T = pd.Timestamp

LAYOUTS = {
    "asterisk_Master.csv": (
        "Asterisk cdr_csv (Master.csv, 18 columns, no header)",
        {
            "start": [T("2026-01-05 09:00"), T("2026-01-05 10:00"), T("2026-01-05 11:00"), T("2026-01-05 12:00")],
            "duration_s": [65.0, 0.0, 120.0, 0.0],
            "answered": [True, False, True, False],
            "direction": ["outbound", "inbound", "inbound", "inbound"],
            "agent": ["SIP/1001", "SIP/200", "SIP/201", ""],
            "destination": ["5551234", "200", "200", "200"],
        },
        "0.28",
    ),
    "freeswitch_Master.csv": (
        "FreeSWITCH mod_cdr_csv (default template, no header)",
        {
            "start": [T("2026-01-05 09:00"), T("2026-01-05 10:00"), T("2026-01-05 11:00")],
            "duration_s": [65.0, 0.0, 28.0],
            "answered": [True, False, True],
            "direction": ["outbound", "inbound", "inbound"],
            "destination": ["5551234", "1000", "1000"],
        },
        "0.21",
    ),
    "freepbx_cdr_report.csv": (
        "FreePBX CDR report / cdr table export (header row)",
        {
            "duration_s": [65.0, 0.0, 120.0],
            "answered": [True, False, True],
            "direction": ["outbound", "inbound", "inbound"],
            "agent": ["PJSIP/1001", "PJSIP/200", "PJSIP/201"],
            "destination": ["5551234", "200", "201"],
        },
        "0.28",
    ),
    "twilio_calls.csv": (
        "Twilio call log (console export or REST Calls resource)",
        {
            "start": [T("2026-01-05 09:00:05"), T("2026-01-05 10:00"), T("2026-01-05 11:00:02"), T("2026-01-05 12:00")],
            "duration_s": [65.0, 0.0, 120.0, 0.0],
            "answered": [True, False, True, False],
            "direction": ["outbound", "inbound", "outbound", "outbound"],
            "destination": ["+15559870000", "+15551230000", "+15557770000", "+15557770000"],
        },
        "0.28",
    ),
    "cinese_gbk.csv": (
        "spreadsheet with named columns",
        {
            "start": [T("2026-01-05 09:00:05"), T("2026-01-05 10:00"), T("2026-01-05 11:00:03")],
            "duration_s": [65.0, 0.0, 120.0],
            "answered": [True, False, True],
            "direction": ["outbound", "inbound", "inbound"],
            "agent": ["张伟", "", "李娜"],
            "destination": ["13800138000", "4008001234", "4008001234"],
        },
        "0.28",
    ),
    "italiano_cp1252.csv": (
        "spreadsheet with named columns",
        {
            "start": [T("2026-01-05 09:00:05"), T("2026-01-05 10:00"), T("2026-01-13 11:00:03")],
            "duration_s": [65.0, 0.0, 120.5],
            "answered": [True, False, True],
            "direction": ["outbound", "inbound", "inbound"],
            "agent": ["Giulia", "", "Marco"],
            "destination": ["0212345678", "0698765432", "0698765432"],
        },
        "0.35",  # 65 s -> 2 min, 120.5 s -> 121 s -> 3 min
    ),
    "unicode_text_utf16.txt": (
        "spreadsheet with named columns",
        {
            "start": [T("2026-01-05 09:00:05"), T("2026-01-05 10:00"), T("2026-01-13 11:00:03")],
            "duration_s": [65.0, 0.0, 120.0],
            "answered": [True, False, True],
            "direction": ["outbound", "inbound", "inbound"],
            "agent": ["Alice", "", "Bob"],
        },
        "0.28",
    ),
    "espanol.xlsx": (
        "spreadsheet with named columns",
        {
            "start": [T("2026-01-05 09:00:05"), T("2026-01-05 10:00"), T("2026-01-13 11:00:03")],
            "duration_s": [65.0, 0.0, 120.0],
            "answered": [True, False, True],
            "direction": ["outbound", "inbound", "inbound"],
            "agent": ["Lucía", "", "Pablo"],
        },
        "0.28",
    ),
}


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_layout_imports_without_manual_mapping(name):
    label, fields, _ = LAYOUTS[name]
    result = import_calls(DATA / name)
    assert result.layout == label
    assert result.rejected.empty
    for field, expected in fields.items():
        assert result.records[field].tolist() == expected, field
    assert set(result.records["channel"]) == {"voice"}


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_layout_is_priced_end_to_end_by_compare(name, tmp_path, capsys):
    tariff = tmp_path / "t.yaml"
    tariff.write_text("name: A\ncomponents: [{type: per_minute, rate: 0.07}]\n")
    assert main(["compare", str(DATA / name), str(tariff), "--json"]) == 0
    output = json.loads(capsys.readouterr().out)
    assert output["tariffs"][0]["total"] == LAYOUTS[name][2]
    assert output["records"] == len(LAYOUTS[name][1]["duration_s"]) and output["rejected"] == 0


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter"),
    [
        ("cinese_gbk.csv", "gb18030", ","),
        ("italiano_cp1252.csv", "cp1252", ";"),
        ("unicode_text_utf16.txt", "utf-16", "\t"),
        ("twilio_calls.csv", "utf-8", ","),
    ],
)
def test_encoding_and_delimiter_are_detected(name, encoding, delimiter):
    result = import_calls(DATA / name)
    assert (result.encoding, result.delimiter) == (encoding, delimiter)


def test_billsec_wins_over_duration_and_says_so():
    result = import_calls(DATA / "freepbx_cdr_report.csv")
    duration = next(m for m in result.mapping if m.field == "duration_s")
    assert duration.column == "billsec"
    assert "duration from 'billsec' (billable talk time); not 'duration', which includes ringing" in result.notes


def test_twilio_times_convert_to_the_chosen_zone():
    result = import_calls(DATA / "twilio_calls.csv", timezone="America/New_York")
    assert result.records["start"].iloc[0] == T("2026-01-05 04:00:05")
    assert any("converted to America/New_York" in note for note in result.notes)


def test_named_sheet_and_first_sheet_fallback():
    named = import_calls(DATA / "espanol.xlsx", sheet="Llamadas")
    fallback = import_calls(DATA / "espanol.xlsx")
    assert named.records.equals(fallback.records)
    assert "sheet 'Resumen' holds no call log; read sheet 'Llamadas'" in fallback.notes
    with pytest.raises(InputError, match=r"no sheet 'Calls'; sheets: Resumen, Llamadas"):
        import_calls(DATA / "espanol.xlsx", sheet="Calls")


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


@pytest.mark.parametrize(
    ("cells", "seconds"),
    [("65", 65.0), ("12.5", 12.5), ("00:01:05", 65.0), ("01:05", 65.0), ("1:02:03", 3723.0), ("45 s", 45.0)],
)
def test_duration_forms(cells, seconds):
    result = import_calls(csv_bytes(f"Start;Duration\n2026-01-05 09:00;{cells}\n"), "d.csv")
    assert result.records["duration_s"].tolist() == [seconds]


def test_decimal_comma_in_a_semicolon_file():
    result = import_calls(csv_bytes("Data e ora;Durata\n05/01/2026 09:00;12,5\n"), "d.csv")
    assert result.records["duration_s"].tolist() == [12.5]


def test_milliseconds_column():
    result = import_calls(csv_bytes("Start,Talk (ms)\n2026-01-05 09:00,65000\n"), "ms.csv")
    assert result.records["duration_s"].tolist() == [65.0]
    assert "read as milliseconds" in " ".join(result.notes)


def test_duration_derived_from_answer_and_end():
    text = "Start,Answer,End\n2026-01-05 09:00:00,2026-01-05 09:00:10,2026-01-05 09:01:15\n2026-01-05 10:00:00,,2026-01-05 10:00:30\n"
    result = import_calls(csv_bytes(text), "times.csv")
    assert result.records["duration_s"].tolist() == [65.0, 0.0]
    assert result.records["answered"].tolist() == [True, False]
    assert "duration derived as end time minus answer" in result.notes


@pytest.mark.parametrize(
    ("cell", "timezone", "expected"),
    [
        ("1767603605", None, T("2026-01-05 09:00:05")),
        ("1767603605000", None, T("2026-01-05 09:00:05")),
        ("1767603605", "Europe/Rome", T("2026-01-05 10:00:05")),
        ("2026-01-05T09:00:05Z", "Europe/Rome", T("2026-01-05 10:00:05")),
        ("2026-01-05T09:00:05+02:00", None, T("2026-01-05 07:00:05")),
        ('"Mon, 05 Jan 2026 09:00:05 +0000"', "Asia/Shanghai", T("2026-01-05 17:00:05")),
        ("05.01.2026 09:00:05", None, T("2026-01-05 09:00:05")),
        ("2026-01-05 09:00:05", "Europe/Rome", T("2026-01-05 09:00:05")),  # no zone: as written
    ],
)
def test_time_forms_and_zones(cell, timezone, expected):
    result = import_calls(csv_bytes(f"Start,Duration\n{cell},5\n"), "t.csv", timezone=timezone)
    assert result.records["start"].tolist() == [expected]


def test_ambiguous_dates_are_read_by_the_layout_default_and_stated():
    text = "Data e ora;Durata\n05/01/2026 09:00;5\n06/01/2026 09:00;5\n"
    result = import_calls(csv_bytes(text), "it.csv")
    assert result.records["start"].dt.month.tolist() == [1, 1]
    assert any("every date reads both ways" in note for note in result.notes)
    flipped = import_calls(csv_bytes(text), "it.csv", date_order="monthfirst")
    assert flipped.records["start"].dt.month.tolist() == [5, 6]


def test_month_first_decided_from_the_whole_column():
    text = "Start,Duration\n01/05/2026 09:00,5\n01/06/2026 09:00,5\n01/13/2026 09:00,5\n"
    result = import_calls(csv_bytes(text), "us.csv")
    assert result.records["start"].dt.day.tolist() == [5, 6, 13]
    assert "'Start': month-first dates, because '01/13/2026 09:00' has 13 second" in result.notes


@pytest.mark.parametrize(
    ("header", "values", "direction", "answered"),
    [
        ("Fecha y hora;Duración;Dirección;Resultado", "Entrante;Contestada", "inbound", True),
        ("Date et heure;Durée;Sens;Résultat", "Sortant;Non répondu", "outbound", False),
        ("Datum;Dauer;Richtung;Status", "Eingehend;Verpasst", "inbound", False),
        ("开始时间;通话时长;呼叫类型;是否接通", "呼出;是", "outbound", True),
        ("Data e ora;Durata;Direzione;Esito", "Uscente;Non risposta", "outbound", False),
    ],
)
def test_headers_and_values_in_other_languages(header, values, direction, answered):
    result = import_calls(csv_bytes(f"{header}\n05.01.2026 09:00;7;{values}\n"), "x.csv")
    assert result.records[["direction", "answered"]].values.tolist() == [[direction, answered]]
    assert result.records["duration_s"].tolist() == [7.0]


def test_mapping_override():
    text = "When,Ring and talk,Talk,Who\n2026-01-05 09:00,70,65,alice\n"
    guessed = import_calls(csv_bytes(text), "x.csv")
    chosen = import_calls(csv_bytes(text), "x.csv", mapping={"duration_s": "Ring and talk", "agent": None})
    assert guessed.records["duration_s"].tolist() == [65.0]
    assert chosen.records["duration_s"].tolist() == [70.0]
    assert chosen.records["agent"].tolist() == [""]
    assert next(m for m in chosen.mapping if m.field == "duration_s").how == "chosen by you"


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"length": "Talk"}, r"unknown record field 'length' in the mapping"),
        ({"duration_s": "Nope"}, r"no column 'Nope' to map to duration_s; columns: When, Talk"),
    ],
)
def test_bad_mapping_is_refused(mapping, message):
    with pytest.raises(InputError, match=message):
        import_calls(csv_bytes("When,Talk\n2026-01-05 09:00,65\n"), "x.csv", mapping=mapping)


def test_mixed_good_and_bad_rows_lose_nothing():
    text = "Start;Duration;Direction\n2026-01-05 09:00;5;in\n2026-01-05 09:01;-4;in\nlater;5;in\n2026-01-05 09:03;5;sideways\n2026-01-05 09:04;x;out\n"
    result = import_calls(csv_bytes(text), "mixed.csv")
    assert len(result.records) == 1
    assert result.rejected[["line", "reason"]].values.tolist() == [
        [3, "'Duration' is negative: '-4'"],
        [4, "'Start' is not a readable time: 'later'"],
        [5, "unknown direction value 'sideways'"],
        [6, "'Duration' is not a number of seconds or hh:mm:ss: 'x'"],
    ]
    assert result.rejected["raw"].iloc[0] == "2026-01-05 09:01;-4;in"


def test_ragged_rows_are_rejected_with_their_line():
    result = import_calls(
        csv_bytes("Start,Duration\n2026-01-05 09:00,5\n2026-01-05 09:01,5,extra\n2026-01-05 09:02,6\n"), "r.csv"
    )
    assert result.records["duration_s"].tolist() == [5.0, 6.0]
    assert result.rejected[["line", "reason"]].values.tolist() == [[3, "expected 2 fields, found 3"]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", r"empty.csv: the file is empty"),
        (b"\n\n  \n", r"empty.csv: the file is empty"),
        (b"\x00\x01\x02\x03PK binary\x00" * 20, r"empty.csv: this is a binary file, not a call log"),
        (b"\xd0\xcf\x11\xe0 old excel", r"old Excel .xls files are not read"),
        (b"1,2,3\n4,5,6\n", r"cannot tell which column is the call duration or start time \(no header row"),
        (b"Name,Colour\nx,red\n", r"cannot tell which column is the call duration .*2 columns: Name, Colour"),
        (b"Start,Who\n2026-01-05,x\n", r"cannot find the call duration: .*\(columns found: Start, Who\)"),
        # a duration column that holds no length: named, with how to read it anyway (not "no column named like")
        (
            b"start,duration\n2026-01-05 09:00,abc\n2026-01-05 09:01,xyz\n",
            r"column 'duration' is named like it, but its first values are not lengths .*\(duration_s=duration\)",
        ),
    ],
)
def test_files_that_cannot_be_understood(content, message):
    with pytest.raises(InputError, match=message):
        import_calls(content, "empty.csv")


def test_header_only_file_imports_no_records():
    result = import_calls(csv_bytes("Start,Duration\n"), "h.csv")
    assert result.records.empty and result.rejected.empty


def test_progress_is_reported_up_to_one():
    seen = []
    import_calls(DATA / "twilio_calls.csv", progress=seen.append)
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)


def test_parquet_with_other_column_names(tmp_path):
    frame = pd.DataFrame(
        {
            "Start Time": pd.to_datetime(["2026-01-05 09:00"]),
            "Duration": [65],
            "Status": ["completed"],
            "Direction": ["inbound"],
        }
    )
    frame.to_parquet(tmp_path / "calls.parquet")
    result = import_calls(tmp_path / "calls.parquet")
    assert result.records[["duration_s", "answered", "direction"]].values.tolist() == [[65.0, True, "inbound"]]


def test_inspect_explains_the_import(capsys):
    assert main(["inspect", str(DATA / "asterisk_Master.csv")]) == 0
    text = capsys.readouterr().out
    assert "Layout:    Asterisk cdr_csv (Master.csv, 18 columns, no header)" in text
    assert "duration_s  <- billsec" in text and "Records: 4 priced, 0 rejected" in text


def test_compare_takes_mapping_overrides(tmp_path, capsys):
    log = tmp_path / "x.csv"
    log.write_text("When,Ring and talk,Talk\n2026-01-05 09:00,70,65\n")
    tariff = tmp_path / "t.yaml"
    tariff.write_text("name: A\ncomponents: [{type: per_minute, rate: 1, increment: 1/1}]\n")
    assert main(["compare", str(log), str(tariff), "--json", "--map", "duration_s=Ring and talk"]) == 0
    assert json.loads(capsys.readouterr().out)["tariffs"][0]["total"] == "1.17"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.binary(max_size=400))
def test_fuzz_arbitrary_bytes_import_or_fail_cleanly(content):
    try:
        result = import_calls(content, "fuzz.bin")
    except InputError as error:
        assert str(error).startswith("fuzz.bin")
    else:
        assert len(result.records) + len(result.rejected) >= 0


cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.lists(
        st.sampled_from(["start", "duration_s", "Durata", "开始时间", "Status", "x", ""]) | cell, min_size=1, max_size=5
    ),
    rows=st.lists(st.lists(cell, min_size=0, max_size=6), max_size=8),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
)
def test_fuzz_arbitrary_csv_text_import_or_fail_cleanly(header, rows, delimiter):
    text = "\n".join(delimiter.join(row) for row in [header, *rows])
    try:
        result = import_calls(text.encode("utf-8"), "fuzz.csv")
    except InputError as error:
        assert str(error).startswith("fuzz.csv")
    else:
        lines = set(result.records["line"]) | set(result.rejected["line"])
        assert len(lines) == len(result.records) + len(result.rejected)


def big_log(rows: int, damage: bool) -> bytes:
    """A canonical log of `rows` rows (about 60 bytes each), a few of them bad when `damage`."""
    lines = ["start,duration_s,channel,direction,answered,agent,destination"]
    for n in range(rows):
        duration = "x" if damage and n % 9973 == 5 else str(n % 600)
        agent = "José" if n % 7 == 0 else f"agent-{n % 59}"
        lines.append(f"2026-01-{1 + n % 28:02d} 09:{n % 60:02d}:00,{duration},voice,inbound,true,{agent},+3902{n:07d}")
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.mark.parametrize("damage", [False, True])
def test_a_big_file_is_mapped_and_imports_like_its_bytes(tmp_path, damage):
    path = tmp_path / "big.csv"
    path.write_bytes(big_log(150_000, damage))
    assert path.stat().st_size > 8 << 20
    assert not isinstance(file_contents(path), bytes)  # mapped, not copied
    mapped, copied = import_calls(path), import_calls(path.read_bytes(), str(path))
    pd.testing.assert_frame_equal(mapped.records, copied.records)
    pd.testing.assert_frame_equal(mapped.rejected, copied.rejected)
    assert (mapped.encoding, mapped.notes, mapped.columns) == (copied.encoding, copied.notes, copied.columns)
    assert len(mapped.records) + len(mapped.rejected) == 150_000
    expected = [[n + 2, "'duration_s' is not a number of seconds or hh:mm:ss: 'x'"] for n in range(5, 150_000, 9973)]
    assert mapped.rejected[["line", "reason"]].values.tolist() == (expected if damage else [])


@pytest.mark.parametrize(
    ("content", "lines", "rejected"),
    [
        (b"duration_s\r\n5\r\n\r\n7\r\n", [2, 4], []),
        (b"duration_s\r5\r6\r", [2, 3], []),
        (b'duration_s,agent\n5,a\n6,"x\ny"\n7,b\n', [2, 3, 5], []),
        (b"start,duration_s\r\n2026-01-05 09:00,5\r\n\r\n2026-01-05 09:01,x\r\n", [2], [4]),
        (b"start,duration_s\n2026-01-05 09:00,5\n2026-01-05 09:01,x", [2], [3]),
    ],
)
def test_line_numbers_survive_crlf_blank_lines_and_quoted_breaks(content, lines, rejected):
    result = import_calls(content, "lines.csv")
    assert result.records["line"].tolist() == lines
    assert result.rejected["line"].tolist() == rejected


def test_columns_no_field_uses_are_listed_but_not_read_and_refused_rows_keep_them():
    text = (DATA / "freepbx_cdr_report.csv").read_text().splitlines()
    text[2] = text[2].replace(",20,0,NO ANSWER,", ",20,-3,NO ANSWER,")
    result = import_calls("\n".join(text).encode(), "freepbx.csv")
    assert result.columns == text[0].split(",")
    assert result.rejected[["line", "raw"]].values.tolist() == [[3, text[2]]]
    assert result.records["agent"].tolist() == ["PJSIP/1001", "PJSIP/201"]


def test_mapping_applies_when_no_layout_is_recognized():
    # regression: the mapping was checked only after a layout had been found, so naming the columns of an
    # unrecognized file still ended in "cannot tell which column is the call duration"
    data = b"when;secs\n2026-01-05 09:00:00;61\n2026-01-05 10:00:00;30\n"
    with pytest.raises(InputError, match="cannot tell which column is the call duration or start time"):
        import_calls(data, "ws.csv")
    imported = import_calls(data, "ws.csv", mapping={"start": "when", "duration_s": "secs"})
    assert imported.layout == "columns mapped by you"
    assert imported.records["duration_s"].tolist() == [61, 30]
    assert imported.records["start"].dt.hour.tolist() == [9, 10]
    with pytest.raises(InputError, match="cannot find the call duration"):
        import_calls(data, "ws.csv", mapping={"start": "when"})


@pytest.mark.parametrize("header", ["start", "Start Time"])
def test_an_epoch_time_far_out_of_range_is_refused_not_a_crash(header):
    # regression: 99999999999999999 epoch seconds overflowed pandas' timestamps (OutOfBoundsDatetime)
    data = f"{header},duration_s\n1767603600,61\n99999999999999999,30\n1767603700000,5\n".encode()
    imported = import_calls(data, "epoch.csv")
    assert imported.records["start"].tolist() == [pd.Timestamp("2026-01-05 09:00:00")]
    assert imported.rejected["line"].tolist() == [3, 4]
    assert imported.rejected["reason"].iloc[0] == f"{header!r} is not a readable time: '99999999999999999'"
