"""Every source system's export, from a small fixture of its shape and quirks, checked field by field."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from calc.readers import UndetectedLayout, import_calls

DATA = Path(__file__).resolve().parents[2] / "data"
T = pd.Timestamp

# file -> (layout label, expected records field by field, refused rows as (line, reason))
SYSTEMS = {
    "asterisk13_linkedid_Master.csv": (
        "Asterisk cdr_csv (Master.csv, 21 columns, no header)",
        {
            # 9 CDR rows: a ring group (3 legs), a transfer (2), a conference (3), a busy call.
            "line": [1, 4, 6, 9],
            "start": [T("2026-03-02 09:00"), T("2026-03-02 10:00"), T("2026-03-02 11:00"), T("2026-03-02 12:00")],
            "duration_s": [30.0, 90.0, 70.0, 0.0],
            "answered": [True, True, True, False],
            "direction": ["inbound", "inbound", "inbound", "inbound"],
            "agent": ["SIP/201", "SIP/202", "SIP/201", ""],
            "destination": ["600", "201", "800", "201"],
        },
        [],
    ),
    "asterisk_cdr_custom_Master.csv": (
        "Asterisk cdr_custom, stock Master.csv mapping (19 columns)",
        {
            "start": [T("2026-03-02 09:00"), T("2026-03-02 09:05"), T("2026-03-02 09:10")],
            "duration_s": [30.0, 0.0, 120.0],
            "answered": [True, False, True],
            "direction": ["internal", "internal", "outbound"],
            "agent": ["PJSIP/client2", "PJSIP/client1", "PJSIP/client1"],
            "destination": ["6789", "1234", "0612345678"],
        },
        [],
    ),
    "freepbx_cdr_table_excel.csv": (
        "FreePBX/Issabel cdr table (25 columns, no header)",
        {
            # d/m/yyyy: every date reads both ways, but the first number varies and the second does not.
            "start": [T("2026-03-01 09:00:01"), T("2026-03-02 10:15"), T("2026-03-03 11:30"), T("2026-03-04 12:45:59")],
            "duration_s": [20.0, 65.0, 0.0, 0.0],
            "answered": [True, True, False, False],
            "direction": ["internal", "inbound", "outbound", "inbound"],
            "agent": ["SIP/201", "SIP/201", "SIP/201", ""],  # an internal call without answering device: its caller
            "destination": ["202", "201", "0298765432", "201"],
        },
        [],
    ),
    "freeswitch_causes_Master.csv": (
        "FreeSWITCH mod_cdr_csv (default template, no header)",
        {
            # Answered from the answer stamp: NORMAL_UNSPECIFIED and USER_BUSY answered, an unknown cause accepted.
            "duration_s": [33.0, 0.0, 0.0, 20.0],
            "answered": [True, False, False, True],
            "direction": ["internal", "internal", "inbound", "outbound"],
            "destination": ["1001", "voicemail", "1000", "0612345678"],
        },
        [],
    ),
    "freeswitch_excel_Master.csv": (
        "FreeSWITCH mod_cdr_csv (default template, no header)",
        {
            # Excel dropped the quotes and the seconds: yyyy/m/d H:MM.
            "start": [T("2026-03-02 22:40"), T("2026-03-02 22:41"), T("2026-03-11 09:05")],
            "duration_s": [61.0, 0.0, 21.0],
            "answered": [True, False, True],
            "direction": ["outbound", "internal", "outbound"],
        },
        [],
    ),
    "cucm_cdr.txt": (
        "Cisco CUCM CDR flat file",
        {
            # Epoch seconds (UTC); the transfer's two legs share globalCallID_callId 7001.
            "line": [3, 5],
            "start": [T("2026-03-02 09:00"), T("2026-03-02 10:00")],
            "duration_s": [120.0, 0.0],
            "answered": [True, False],
            "direction": ["inbound", "outbound"],
            "destination": ["5001", "0298765432"],
        },
        [(2, "column-type row of a CUCM CDR file, not a call")],
    ),
    "avaya_smdr.txt": (
        "Avaya IP Office SMDR (no header)",
        {
            "start": [T("2026-03-02 08:10"), T("2026-03-02 08:20"), T("2026-03-02 09:00"), T("2026-03-02 09:30")],
            "duration_s": [20.0, 65.0, 120.0, 0.0],
            "answered": [True, True, True, False],
            "direction": ["internal", "outbound", "inbound", "inbound"],
            "agent": ["ANNA", "ANNA", "Line 1.2", "Line 1.2"],
            "destination": ["215", "0612345678", "215", "200"],
        },
        [],
    ),
    "threecx_calls.csv": (
        "3CX call log export",
        {
            "start": [T("2026-03-02 09:00"), T("2026-03-02 09:05:30"), T("2026-03-02 09:10"), T("2026-03-02 09:12")],
            "duration_s": [65.0, 0.0, 0.0, 3601.0],  # Talking, not Total Duration; h:mm:ss
            "answered": [True, False, False, True],  # Redirected is not answered
            "direction": ["inbound"] * 4,  # came in on a DID
            "destination": ["Sales Queue (800)", "Sales Queue (800)", "Support Ring Group (801)", "Anna (201)"],
        },
        [(6, "footer/summary line (the report's totals)")],
    ),
    "twilio_rest_calls.csv": (
        "Twilio call log (console export or REST Calls resource)",
        {
            # The child leg CA02 (parent_call_sid CA01) is part of CA01; CA03's empty duration is 0 s.
            "line": [2, 4],
            "start": [T("2026-03-02 09:00"), T("2026-03-02 10:00")],
            "duration_s": [120.0, 0.0],
            "answered": [True, False],
            "direction": ["inbound", "outbound"],
            "destination": ["+390299999999", "+390698765432"],
        },
        [],
    ),
    "teams_pstn_usage.csv": (
        "Microsoft Teams PSTN usage report",
        {
            "start": [T("2026-03-02 09:00"), T("2026-03-02 10:00"), T("2026-03-02 11:00")],
            "duration_s": [65.0, 120.0, 600.0],
            "answered": [True, True, True],
            "direction": ["outbound", "inbound", "inbound"],  # callType user_out, user_in, conf_in
            "agent": ["Anna Rossi", "Bruno Verdi", "Anna Rossi"],
        },
        [],
    ),
    "zoom_call_log.csv": (
        "Zoom Phone call log",
        {
            "duration_s": [95.0, 0.0, 20.0],
            "answered": [True, False, True],
            "direction": ["inbound", "outbound", "inbound"],
            "agent": ["Anna", "", "Bruno"],
            "destination": ["201", "+390698765432", "202"],
        },
        [],
    ),
    "ringcentral_call_log.csv": (
        "RingCentral call log",
        {
            # Two records of session s1 are one call; an SMS is an event, answered (rules v2).
            "line": [2, 4, 5],
            "duration_s": [54.0, 0.0, 0.0],
            "answered": [True, False, True],
            "channel": ["voice", "voice", "sms"],
            "direction": ["inbound", "inbound", "outbound"],
        },
        [],
    ),
    "genesys_interactions.csv": (
        "Genesys Cloud conversations export",
        {
            "duration_s": [150.5, 0.0, 0.0],  # Total Talk in milliseconds
            "answered": [True, True, False],
            "channel": ["voice", "chat", "voice"],
            "direction": ["inbound", "inbound", "outbound"],
            "agent": ["Anna Rossi", "Bruno Verdi", "Anna Rossi"],
        },
        [],
    ),
    "deutsch_minuten_cr.csv": (
        "spreadsheet with named columns",
        {
            # CR-only line ends, dd.mm.yy dates, a duration header in minutes with a decimal comma.
            "line": [2, 3],
            "start": [T("2026-03-02 09:00"), T("2026-03-13 10:00")],
            "duration_s": [150.0, 0.0],
            "answered": [True, False],
            "direction": ["inbound", "outbound"],
        },
        [],
    ),
    "cinese_minuti.xlsx": (
        "spreadsheet with named columns",
        {
            "start": [T("2026-03-02 20:41:04"), T("2026-03-05 21:45:45")],
            "duration_s": [240.0, 3300.0],  # 通话时长/分钟: minutes
            "answered": [True, True],
        },
        [],
    ),
    "francais_serial.xlsx": (
        "spreadsheet with named columns",
        {
            "start": [T("2026-03-02 09:00"), T("2026-03-03 12:00")],  # Excel serial dates
            "duration_s": [65.0, 0.0],
            "answered": [True, False],
            "direction": ["inbound", "outbound"],
        },
        [],
    ),
}


@pytest.mark.parametrize("name", list(SYSTEMS))
def test_system_export_imports_field_by_field(name):
    label, fields, refused = SYSTEMS[name]
    result = import_calls(DATA / name)
    assert result.layout == label
    for field, expected in fields.items():
        got = result.records[field].astype(object).tolist() if field != "start" else result.records[field].tolist()
        assert got == expected, field
    assert [(line, reason) for line, _, reason in result.rejected.itertuples(index=False)] == refused


@pytest.mark.parametrize(
    ("name", "note"),
    [
        ("asterisk13_linkedid_Master.csv", "9 rows became 4 calls: legs sharing linkedid merged"),
        ("cucm_cdr.txt", "3 rows became 2 calls: legs sharing globalCallID_callId merged"),
        ("twilio_rest_calls.csv", "3 rows became 2 calls: legs sharing parent_call_sid / sid merged"),
        ("threecx_calls.csv", "1 row(s) refused as footer/summary line (the report's totals) (line 6)"),
        ("cinese_minuti.xlsx", "read as minutes (the header says so): values x 60 s"),
        ("deutsch_minuten_cr.csv", "'Dauer in Minuten', read as minutes (the header says so)"),
        ("freeswitch_causes_Master.csv", "answered: rows with a time in 'answer_stamp', whatever their status"),
        ("freepbx_cdr_table_excel.csv", "the first number takes 4 values and the second only one"),
        ("francais_serial.xlsx", "Excel serial dates (days since 1899-12-30)"),
    ],
)
def test_notes_say_what_was_done(name, note):
    notes = import_calls(DATA / name).notes
    assert any(note in line for line in notes), notes


def test_legs_keep_prices_every_row_and_says_which_share_an_id():
    result = import_calls(DATA / "asterisk13_linkedid_Master.csv", legs="keep")
    assert result.records["line"].tolist() == list(range(1, 10))
    assert result.records["duration_s"].sum() == 45 + 30 + 60 + 90 + 50 + 70 + 65
    assert "legs kept: 5 rows share a call id (linkedid) with an earlier row" in result.notes


def test_a_cdr_csv_without_linkedid_is_not_merged():
    rows = (DATA / "asterisk13_linkedid_Master.csv").read_bytes().splitlines()
    # Drop peeraccount, linkedid and sequence: the 18-column layout has no call id.
    cut = b"\n".join(b",".join(row.split(b",")[:-3]) for row in rows)
    result = import_calls(cut, "Master.csv")
    assert result.layout == "Asterisk cdr_csv (Master.csv, 18 columns, no header)"
    assert len(result.records) == 9


def test_an_avaya_log_with_a_logger_header_reads_the_same():
    text = (DATA / "avaya_smdr.txt").read_text()
    header = "DATETIME,DURATION,RING,CALLER,DIR,CALLED,DIALED,ACC,EXT,CALLID,CONT,P1DEV,P1NAME,P2DEV,P2NAME" + "," * 19
    result = import_calls((header + "\r\n" + text).encode(), "smdr.log")
    assert result.layout == "Avaya IP Office SMDR"
    assert result.records["direction"].astype(str).tolist() == ["internal", "outbound", "inbound", "inbound"]


def test_unknown_legs_option_is_refused():
    with pytest.raises(Exception, match="legs must be one of merge, keep, got 'split'"):
        import_calls(DATA / "avaya_smdr.txt", legs="split")


def test_a_spreadsheet_totals_line_is_refused_as_a_summary_not_priced():
    text = "Data e ora;Durata;Esito\n02/03/2026 09:00;65;Risposta\n13/03/2026 10:00;30;Risposta\nTotale;95;\n"
    result = import_calls(text.encode(), "riepilogo.csv")
    assert result.records["duration_s"].tolist() == [65.0, 30.0]
    assert result.rejected.values.tolist() == [[4, "Totale;95;", "footer/summary line"]]
    assert "1 row(s) refused as footer/summary line (line 4)" in result.notes


def test_an_undetected_layout_names_the_columns_to_choose_from():
    message = r"strano.csv: cannot tell which column .* 3 columns: Quando, Quanto, Come"
    with pytest.raises(UndetectedLayout, match=message) as caught:
        import_calls(b"Quando;Quanto;Come\n02/03/2026 09:00;65;ok\n", "strano.csv")
    assert caught.value.columns == ["Quando", "Quanto", "Come"]
