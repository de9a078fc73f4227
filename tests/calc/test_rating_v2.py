"""Hand-computed bills for the rules of version 2 (sections 1-6 of docs/billing-rules.md), and their edges.

Each row's expected value is worked out in the comment beside it. Dates: 2026-03-02
is a Monday, 2026-03-06 a Friday, 2026-03-07 a Saturday.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from calc import InputError, load_tariffs, parse_tariffs, price
from calc.cli import main
from tests.conftest import make_log, one_tariff


def bill(tariff_text: str, rows: list[dict]):
    return price(make_log(rows), one_tariff(tariff_text))


def call(start: str | None = None, duration: str | int = 60, **fields) -> dict:
    row = {"duration_s": str(duration), **fields}
    if start is not None:
        row["start"] = start
    return row


# --- 3a. segments inside a call ---------------------------------------------------------------

SEGMENTS = """name: S
components:
  - type: per_minute
    segments:
      - {up_to_s: 180, fee: 0.22}
      - {up_to_s: 600, rate: 0.11, increment: 60/60}
      - {up_to_s: null, rate: 0.05, increment: 6/6}
"""

SEGMENT_CASES = [
    # (what, duration, total, billed seconds)
    # 1 s reaches the fee block only: 0.22, billed its 180 s
    ("1 s pays the whole fee block", 1, "0.22", 180),
    # 180 s ends exactly on the bound: segment 2 starts at 180 and needs d > 180: 0.22, 180 s
    ("ending exactly on the bound stays in the block", 180, "0.22", 180),
    # 181 s: block 0.22 (180 s) + segment 2 part 1 s billed 60 s at 0.11 = 0.11: 0.33, 240 s
    ("one second past the bound bills the next segment's first step", 181, "0.33", 240),
    # 600 s: 0.22 + part 420 s = 7 minutes at 0.11 = 0.77: 0.99, 600 s
    ("ending exactly on the second bound", 600, "0.99", 600),
    # 601 s: 0.99 + part 1 s billed 6 s at 0.05/min = 0.005: 0.995, half-up 1.00; 606 s
    ("one second past the second bound", 601, "1.00", 606),
    # 0 s answered: reaches no segment: 0.00, 0 s
    ("an answered 0-second call reaches no segment", 0, "0.00", 0),
]


@pytest.mark.parametrize(("what", "duration", "total", "billed"), SEGMENT_CASES, ids=[c[0] for c in SEGMENT_CASES])
def test_segments(what, duration, total, billed):
    result = bill(SEGMENTS, [call(duration=duration, answered="true")])
    assert (result.total, result.billed_seconds) == (Decimal(total), billed)


# --- 3c. time bands and holidays ---------------------------------------------------------------

BANDS = """name: B
holidays: [2026-03-03]
components:
  - type: per_minute
    rate: 0.02
    time_bands:
      - {when: "mon-fri 08:00-20:00", rate: 0.06}
      - {when: ["sat 08:00-13:00", "hol 10:00-12:00"], rate: 0.04}
"""

BAND_CASES = [
    # (what, start, total) - one 60 s call, 60/60
    ("exactly 08:00:00 is in the peak band", "2026-03-02 08:00:00", "0.06"),
    # 07:59:59 is outside; the band of the start prices the whole call though it runs past 08:00
    ("07:59:59 is off-peak, the whole call", "2026-03-02 07:59:59", "0.02"),
    ("19:59:59 is still peak", "2026-03-02 19:59:59", "0.06"),
    ("20:00:00 is off-peak: the end is not covered", "2026-03-02 20:00:00", "0.02"),
    # 2026-03-03 is a Tuesday and a holiday: the mon-fri band does not apply, the hol band does 10-12
    ("a holiday is not its weekday", "2026-03-03 09:00:00", "0.02"),
    ("a holiday takes the hol band", "2026-03-03 10:00:00", "0.04"),
    ("saturday morning band", "2026-03-07 12:59:59", "0.04"),
]


@pytest.mark.parametrize(("what", "start", "total"), BAND_CASES, ids=[c[0] for c in BAND_CASES])
def test_time_bands(what, start, total):
    assert bill(BANDS, [call(start)]).total == Decimal(total)


def test_time_bands_without_timestamps_use_the_rate():
    # no start: rate 0.02 for 60 s
    assert bill(BANDS, [call()]).total == Decimal("0.02")


OVERNIGHT = """name: N
holidays: [{holiday}]
components:
  - type: per_minute
    rate: 0.02
    time_bands: [{{when: "fri 22:00-06:00", rate: 0.01}}]
"""

OVERNIGHT_CASES = [
    # (what, holiday, start, total)
    # Sat 02:00 belongs to Friday's entry: 0.01
    ("after midnight belongs to the date the entry began", "2000-01-01", "2026-03-07 02:00:00", "0.01"),
    # Saturday a holiday: the entry began on Friday, which is not one: still 0.01
    ("a holiday on the next date does not cut the spill", "2026-03-07", "2026-03-07 02:00:00", "0.01"),
    # Friday a holiday: the entry does not begin on it, so its after-midnight part is gone: 0.02
    ("a holiday on the entry's date removes its after-midnight part", "2026-03-06", "2026-03-07 02:00:00", "0.02"),
    ("06:00 ends the entry", "2000-01-01", "2026-03-07 06:00:00", "0.02"),
]


@pytest.mark.parametrize(("what", "holiday", "start", "total"), OVERNIGHT_CASES, ids=[c[0] for c in OVERNIGHT_CASES])
def test_overnight_band_and_holidays(what, holiday, start, total):
    assert bill(OVERNIGHT.format(holiday=holiday), [call(start)]).total == Decimal(total)


# --- 3b. rate decks ------------------------------------------------------------------------------

DECK = """name: D
components:
  - type: per_minute
    direction: outbound
    {numbering}
    destinations:
      - {{prefix: "39", rate: 0.60, increment: "1/1"}}
      - {{prefix: "393", rate: 0.45}}
      - {{prefix: "393", rate: 0.39, effective_from: 2026-03-15}}
      - {{prefix: "44", rate: 0.10, connection_fee: 0.05}}
"""
ITALY = 'country_code: "39"\n    national_prefix: "0"'
ITALY_NO_TRUNK = 'country_code: "39"'
NO_COUNTRY = ""

DECK_CASES = [
    # (what, numbering, start, destination, duration, total, billed, unrated)
    # +39 333...: international, longest prefix 393 (rate 0.45, 60/60): 61 s -> 120 s = 0.90
    ("+ number, longest prefix", ITALY, "2026-03-02 10:00", "+39 333 1234567", 61, "0.90", 120, 0),
    ("00 number is international", ITALY, "2026-03-02 10:00", "0039 333 1234567", 61, "0.90", 120, 0),
    # national 0333... with national_prefix 0: 39 + 3331234567 -> prefix 393: 0.90
    ("national number loses its trunk 0", ITALY, "2026-03-02 10:00", "0333 1234567", 61, "0.90", 120, 0),
    # without national_prefix: 39 + 03331234567 = 3903... -> prefix 39, 1/1 at 0.60: 61 s = 0.61
    (
        "national number keeps its 0 without national_prefix",
        ITALY_NO_TRUNK,
        "2026-03-02 10:00",
        "0333 1234567",
        61,
        "0.61",
        61,
        0,
    ),
    # without country_code: digits 3331234567 as they are: no prefix 33: unrated
    (
        "national number without country_code is unrated",
        NO_COUNTRY,
        "2026-03-02 10:00",
        "333 1234567",
        61,
        "0.00",
        0,
        1,
    ),
    ("+ number without country_code", NO_COUNTRY, "2026-03-02 10:00", "+39 333 1234567", 61, "0.90", 120, 0),
    # effective_from: 2026-03-15 the 393 row at 0.39 is in force from that date: 61 s -> 0.78
    ("the day before effective_from", ITALY, "2026-03-14 23:59:59", "+393331234567", 61, "0.90", 120, 0),
    ("on effective_from", ITALY, "2026-03-15 00:00:00", "+393331234567", 61, "0.78", 120, 0),
    # row 44: 60/60 (the component's default), its own connection fee: 30 s -> 0.10 + 0.05 = 0.15
    ("row's connection fee and default increment", ITALY, "2026-03-02 10:00", "+44 20 7946 0000", 30, "0.15", 60, 0),
    ("an unmatched number is unrated", ITALY, "2026-03-02 10:00", "+7 495 123", 61, "0.00", 0, 1),
    ("an empty destination is unrated", ITALY, "2026-03-02 10:00", "", 61, "0.00", 0, 1),
    ("letters only are unrated", ITALY, "2026-03-02 10:00", "anonymous", 61, "0.00", 0, 1),
]


@pytest.mark.parametrize(
    ("what", "numbering", "start", "destination", "duration", "total", "billed", "unrated"),
    DECK_CASES,
    ids=[c[0] for c in DECK_CASES],
)
def test_rate_deck(what, numbering, start, destination, duration, total, billed, unrated):
    row = call(start, duration, direction="outbound", destination=destination)
    result = bill(DECK.format(numbering=numbering), [row])
    assert (result.total, result.billed_seconds, result.unrated) == (Decimal(total), billed, unrated)


def test_effective_from_switch_inside_a_month():
    # 2026-03-14: 393 at 0.45 -> 60 s = 0.45; 2026-03-20: 393 at 0.39 -> 0.39; one month: 0.84
    rows = [
        call("2026-03-14 12:00", 60, direction="outbound", destination="+393331234567"),
        call("2026-03-20 12:00", 60, direction="outbound", destination="+393331234567"),
    ]
    result = bill(DECK.format(numbering=ITALY), rows)
    assert result.months == {"2026-03": Decimal("0.84")}


def test_effective_from_rows_are_not_in_force_without_timestamps():
    # no start: only rows without effective_from: 393 at 0.45
    rows = [call(None, 60, direction="outbound", destination="+393331234567")]
    assert bill(DECK.format(numbering=ITALY), rows).total == Decimal("0.45")


def test_unrated_counts_only_records_the_component_would_charge():
    rows = [
        call(None, 61, direction="outbound", destination="+7 495"),  # unrated: 1
        call(None, 61, direction="outbound", destination="+7 495", answered="false"),  # not charged: not counted
        call(None, 61, direction="inbound", destination="+7 495"),  # not matched (inbound): not counted
        call(None, 61, direction="outbound", destination=""),  # unrated: 2
    ]
    result = bill(DECK.format(numbering=ITALY), rows)
    assert (result.total, result.unrated) == (Decimal("0.00"), 2)


def test_unanswered_billed_record_with_an_unknown_number_is_unrated():
    text = DECK.format(numbering=ITALY).replace("direction: outbound", "direction: outbound\n    bill_unanswered: true")
    rows = [
        call(None, 0, direction="outbound", destination="+7 495"),  # unrated
        call(None, 0, direction="outbound", destination="+44 20"),  # row 44's connection fee 0.05
    ]
    result = bill(text, rows)
    assert (result.total, result.unrated) == (Decimal("0.05"), 1)


# --- caps, channels, directions, outcomes ------------------------------------------------------

CAP = "name: C\ncomponents: [{type: per_minute, rate: 0.10, connection_fee: 0.05, min_charge: 0.20, max_charge: 0.12, bill_unanswered: true}]"

CAP_CASES = [
    # 10 s: 0.05 + 0.10 = 0.15, raised to 0.20, lowered to 0.12
    ("max_charge below min_charge + connection_fee wins", call(None, 10), "0.12"),
    # 600 s: 0.05 + 1.00 = 1.05, capped 0.12
    ("a long call is capped", call(None, 600), "0.12"),
    # unanswered: connection fee 0.05 only, neither raised nor capped
    ("an unanswered call pays the connection fee only", call(None, 30, answered="false"), "0.05"),
]


@pytest.mark.parametrize(("what", "row", "total"), CAP_CASES, ids=[c[0] for c in CAP_CASES])
def test_max_charge(what, row, total):
    assert bill(CAP, [row]).total == Decimal(total)


def test_max_charge_applies_before_rounding_per_call():
    # 1/1 at 0.07: 7 s = 0.00816..., capped at 0.005, rounded up per call: 0.01
    text = (
        "name: C\nround_per_call: up\ncomponents: [{type: per_minute, rate: 0.07, increment: 1/1, max_charge: 0.005}]"
    )
    assert bill(text, [call(None, 7)]).total == Decimal("0.01")


CHANNEL_ANY = "name: A\ncomponents: [{type: per_event, fee: 0.10, channel: any}, {type: per_minute, rate: 1, direction: internal}]"


def test_channel_any_and_direction_internal():
    rows = [
        call(None, 60, channel="voice", direction="inbound"),  # per_event 0.10
        call(None, 0, channel="sms"),  # answered by default (non-voice): per_event 0.10
        call(None, 0, channel="chat", direction="outbound"),  # per_event 0.10
        call(None, 60, channel="voice", direction="internal"),  # not any: only the internal per_minute, 1.00
    ]
    result = bill(CHANNEL_ANY, rows)
    assert result.components == {"per_event": Decimal("0.30"), "per_minute": Decimal("1.00")}


def test_direction_any_never_matches_internal_calls():
    # per_minute any at 1.00/min: only the inbound call; per_event any: only the inbound call
    text = "name: I\ncomponents: [{type: per_minute, rate: 1}, {type: per_event, fee: 0.5}]"
    rows = [call(None, 60, direction="inbound"), call(None, 60, direction="internal")]
    assert bill(text, rows).total == Decimal("1.50")


def test_per_event_fees_are_never_rounded_per_call():
    # 2 x 0.005 = 0.01 on the invoice; rounded up per call it would be 0.02
    text = "name: E\nround_per_call: up\ncomponents: [{type: per_event, fee: 0.005}]"
    assert bill(text, [call(None, 60), call(None, 60)]).total == Decimal("0.01")


def test_per_resolution():
    text = "name: R\ncomponents: [{type: per_event, fee: 0.90, channel: chat, only_resolved: true}]"
    rows = [
        call(None, 0, channel="chat", resolved="true"),  # 0.90
        call(None, 0, channel="chat", resolved="false"),  # not resolved
        call(None, 0, channel="chat", resolved=""),  # not known: not resolved
        call(None, 0, channel="chat", resolved="yes"),  # 0.90
    ]
    assert bill(text, rows).total == Decimal("1.80")


def test_sms_export_without_durations_is_priced_per_event():
    # no answered column: an SMS is answered by default (rules v2): 3 x 0.05
    text = "name: SMS\ncomponents: [{type: per_event, fee: 0.05, channel: sms}]"
    rows = [call("2026-03-02 10:00", 0, channel="sms") for _ in range(3)]
    assert bill(text, rows).total == Decimal("0.15")


def test_a_hair_over_twelve_seconds_bills_thirteen_under_1_1():
    # 12.0000001 s is more than 12 s: 13 s at 0.60/min = 0.13
    result = bill("name: P\ncomponents: [{type: per_minute, rate: 0.60, increment: 1/1}]", [call(None, "12.0000001")])
    assert (result.total, result.billed_seconds) == (Decimal("0.13"), 13)


# --- schedules of teams on holidays -------------------------------------------------------------

TEAM = """name: T
holidays: [{holiday}]
components:
  - {{type: hourly_team, rate: 20, agents: 1, schedule: {schedule}}}
  - {{type: per_minute, rate: 1}}
"""

TEAM_CASES = [
    # (what, holiday, schedule, hours paid on Monday 2026-03-02, its one covered day)
    ("a plain Monday", "2000-01-01", '["mon-fri 09:00-17:00", "hol 10:00-12:00"]', 8),
    # the Monday is a holiday: the mon-fri entry does not apply, the hol entry does: 2 h
    ("a holiday Monday", "2026-03-02", '["mon-fri 09:00-17:00", "hol 10:00-12:00"]', 2),
    # daily applies on holidays too: 08-18 = 10 h
    ("daily covers holidays", "2026-03-02", '["daily 08:00-18:00"]', 10),
    # Sunday's 22-06 entry gives Monday its 6 h after midnight
    ("after midnight of a plain Sunday", "2000-01-01", '["sun 22:00-06:00"]', 6),
    # Sunday 2026-03-01 a holiday: its entry does not begin, Monday gets nothing
    ("after midnight of a holiday Sunday", "2026-03-01", '["sun 22:00-06:00"]', 0),
]


@pytest.mark.parametrize(("what", "holiday", "schedule", "hours"), TEAM_CASES, ids=[c[0] for c in TEAM_CASES])
def test_team_hours_on_holidays(what, holiday, schedule, hours):
    # a 60 s call at 20:00 (outside every entry here): 1.00 per_minute, plus 20 per staffed hour
    result = bill(TEAM.format(holiday=holiday, schedule=schedule), [call("2026-03-02 20:00:00")])
    assert result.total == 20 * hours + 1


def test_a_covering_team_does_not_work_a_holiday_its_schedule_skips():
    text = """name: M
holidays: [2026-03-02]
components:
  - {type: hourly_team, rate: 0, agents: 5, schedule: ["mon-fri 09:00-17:00"], covers_calls: true}
  - {type: per_minute, rate: 1}
"""
    # Monday 10:00 is a holiday: the team is off, the call overflows: 1.00; Tuesday 10:00 is covered
    result = bill(text, [call("2026-03-02 10:00:00"), call("2026-03-03 10:00:00")])
    assert (result.total, result.record_covered.tolist()) == (Decimal("1.00"), [False, True])


# --- section 4: one_time, surcharge ------------------------------------------------------------

ONE_TIME = "name: O\ncomponents: [{{type: one_time, amount: 1200, spread_months: {months}}}]"

ONE_TIME_CASES = [
    # (what, spread, rows, months)
    # spread 12 over a 2-month log: 100 in each month it has, 200 in all
    (
        "spread longer than the log",
        12,
        [call("2026-01-31 10:00"), call("2026-02-01 10:00")],
        {"2026-01": "100.00", "2026-02": "100.00"},
    ),
    # spread 1: all in month 1, not prorated by its one covered day
    (
        "all in the first month",
        1,
        [call("2026-01-31 10:00"), call("2026-02-01 10:00")],
        {"2026-01": "1200.00", "2026-02": "0.00"},
    ),
    # a log without timestamps is one month: 1200 / 5
    ("a timeless log is month 1", 5, [call()], {"all": "240.00"}),
]


@pytest.mark.parametrize(("what", "spread", "rows", "months"), ONE_TIME_CASES, ids=[c[0] for c in ONE_TIME_CASES])
def test_one_time(what, spread, rows, months):
    result = bill(ONE_TIME.format(months=spread), rows)
    assert result.months == {label: Decimal(v) for label, v in months.items()}


SURCHARGE = """name: X
components:
  - {{type: per_minute, rate: 0.10}}
  - {{type: minimum_spend, amount: 10}}
  - {{type: monthly_fee, amount: 5}}
  - {{type: surcharge, percent: 22, of: {of}}}
"""

SURCHARGE_CASES = [
    # a timeless log is one full month: usage 0.10, top-up 9.90, fee 5.00
    # of all: 22% of 15.00 (top-up included) = 3.30; total 18.30
    ("all", "3.30", "18.30"),
    # of usage: 22% of the per_minute 0.10 = 0.022; total 15.022 -> 15.02
    ("usage", "0.02", "15.02"),
]


@pytest.mark.parametrize(("of", "surcharge", "total"), SURCHARGE_CASES, ids=[c[0] for c in SURCHARGE_CASES])
def test_surcharge_on_a_month_with_a_minimum_spend_top_up(of, surcharge, total):
    result = bill(SURCHARGE.format(of=of), [call(None, 60)])
    assert (result.components["surcharge"], result.total) == (Decimal(surcharge), Decimal(total))


def test_surcharges_never_apply_to_each_other():
    # 100.00 fee; 20% of all = 20.00 and 10% of all = 10.00, neither on the other: 130.00
    text = (
        "name: Y\ncomponents: [{type: monthly_fee, amount: 100}, {type: surcharge, percent: 20},"
        " {type: surcharge, percent: 10}]"
    )
    assert bill(text, [call()]).total == Decimal("130.00")


# --- per_seat: peak_concurrent and agents ------------------------------------------------------

PEAK = "name: P\ncomponents: [{type: per_seat, amount: 868, seats: peak_concurrent}]"


def test_peak_concurrent_across_midnight_at_a_month_end():
    rows = [
        call("2026-01-31 23:50:00", 1200),  # runs to 2026-02-01 00:10:00
        call("2026-01-31 23:55:00", 60),  # January peak 2
        call("2026-02-01 00:05:00", 60),  # with the call from January: February peak 2
        call("2026-02-01 00:10:00", 60),  # starts when the long call ends: no overlap
    ]
    # January: 1 covered day of 31, 2 seats: 868 * 2 / 31 = 56.00; February: 1 of 28: 868 * 2 / 28 = 62.00
    result = bill(PEAK, rows)
    assert result.months == {"2026-01": Decimal("56.00"), "2026-02": Decimal("62.00")}


PEAK_CASES = [
    # (what, rows, seats in March 2026; 31 covered days from 03-01 to 03-31 make the share 1)
    (
        "a call ending as another starts does not overlap",
        [call("2026-03-02 10:00:00", 60), call("2026-03-02 10:01:00", 60)],
        1,
    ),
    ("one second of overlap counts", [call("2026-03-02 10:00:00", 61), call("2026-03-02 10:01:00", 60)], 2),
    (
        "internal calls do not count",
        [call("2026-03-02 10:00:00", 61, direction="internal"), call("2026-03-02 10:01:00", 60)],
        1,
    ),
    (
        "unanswered calls do not count",
        [call("2026-03-02 10:00:00", 61, answered="false"), call("2026-03-02 10:01:00", 60)],
        1,
    ),
    ("chats do not count", [call("2026-03-02 10:00:00", 61, channel="chat"), call("2026-03-02 10:01:00", 60)], 1),
]


@pytest.mark.parametrize(("what", "rows", "seats"), PEAK_CASES, ids=[c[0] for c in PEAK_CASES])
def test_peak_concurrent(what, rows, seats):
    span = [call("2026-03-01 00:00:00", 0, answered="false"), call("2026-03-31 23:00:00", 0, answered="false")]
    assert (
        bill("name: P\ncomponents: [{type: per_seat, amount: 10, seats: peak_concurrent}]", rows + span).total
        == 10 * seats
    )


def test_an_answered_call_of_no_length_occupies_no_seat():
    rows = [call("2026-03-02 10:00:00", 0, answered="true"), call("2026-03-02 10:00:00", 60)]
    assert make_log(rows).peak_concurrent_per_period() == [1]


def test_seats_agents_on_a_log_without_agents_is_refused():
    text = "name: Bundle\ncomponents: [{type: per_seat, amount: 30, seats: agents}]"
    with pytest.raises(
        InputError, match=r'tariff "Bundle": seats: agents, but the log has no agent .*whole number of seats'
    ):
        bill(text, [call("2026-03-02 10:00", agent=" ")])


def test_seats_peak_concurrent_without_timestamps_is_refused():
    with pytest.raises(
        InputError, match=r'tariff "P": seats: peak_concurrent needs start times.*whole number of seats'
    ):
        bill(PEAK, [call()])


# --- section 6: the command line -----------------------------------------------------------------


def test_compare_on_a_log_whose_every_row_is_refused_exits_2_with_one_line(tmp_path, capsys):
    (tmp_path / "calls.csv").write_text("start,duration_s\n2026-02-30 10:00,60\n2026-03-01 10:00,-5\n")
    (tmp_path / "t.yaml").write_text("name: T\ncomponents: [{type: per_minute, rate: 0.07}]\n")
    assert main(["compare", str(tmp_path / "calls.csv"), str(tmp_path / "t.yaml"), "--json"]) == 2
    output = capsys.readouterr()
    assert output.out == ""
    assert output.err.count("\n") == 1
    assert "every row was refused (2 rows)" in output.err


def test_compare_on_a_log_with_no_row_at_all_exits_2(tmp_path, capsys):
    (tmp_path / "calls.csv").write_text("start,duration_s\n")
    (tmp_path / "t.yaml").write_text("name: T\ncomponents: [{type: per_minute, rate: 0.07}]\n")
    assert main(["compare", str(tmp_path / "calls.csv"), str(tmp_path / "t.yaml")]) == 2
    output = capsys.readouterr()
    assert (output.out, output.err.count("\n")) == ("", 1)
    assert "the log holds no record to price" in output.err


def test_a_log_with_no_record_costs_nothing_when_priced_directly():
    # section 4: no priced record, no month: even a one_time and a monthly fee cost nothing
    text = "name: T\ncomponents: [{type: one_time, amount: 100}, {type: monthly_fee, amount: 10}]"
    result = bill(text, [call(None, -1)])  # the only row is rejected
    assert (result.total, result.months) == (Decimal("0.00"), {})


def test_unrated_in_compare_json(tmp_path, capsys):
    (tmp_path / "calls.csv").write_text("duration_s,direction,destination\n60,outbound,+7495\n60,outbound,+393\n")
    (tmp_path / "t.yaml").write_text(DECK.format(numbering=ITALY))
    assert main(["compare", str(tmp_path / "calls.csv"), str(tmp_path / "t.yaml"), "--json"]) == 0
    [shown] = __import__("json").loads(capsys.readouterr().out)["tariffs"]
    # +393: 60 s at 0.45; +7495 unrated
    assert (shown["total"], shown["unrated"]) == ("0.45", 1)


# --- refusals of bad v2 tariffs ------------------------------------------------------------------

REFUSALS = [
    (
        "segment overrunning its end",
        "components: [{type: per_minute, segments: [{up_to_s: 90, rate: 0.1, increment: 60/60}, {up_to_s: null, rate: 0.1}]}]",
        r"component 1 \(per_minute\), field 'segments': segment 1 \(0-90 s\) cannot hold its increment 60/60",
    ),
    (
        "fee segment without an end",
        "components: [{type: per_minute, segments: [{up_to_s: null, fee: 0.2}]}]",
        r"component 1 \(per_minute\), field 'segments\.0': a fee segment must have an end \(up_to_s\)",
    ),
    (
        "last segment with an end",
        "components: [{type: per_minute, segments: [{up_to_s: 60, fee: 0.2}]}]",
        r"component 1 \(per_minute\), field 'segments': the last segment must have up_to_s: null \(no end\), got 60",
    ),
    (
        "both rate and segments",
        "components: [{type: per_minute, rate: 0.1, segments: [{up_to_s: null, rate: 0.1}]}]",
        r"component 1 \(per_minute\): rate cannot be combined with segments",
    ),
    (
        "time_bands with tiers",
        "components: [{type: per_minute, tiers: [{up_to: null, rate: 0.1}], time_bands: [{when: 'mon 08:00-09:00', rate: 1}]}]",
        r"component 1 \(per_minute\): time_bands cannot be combined with tiers",
    ),
    (
        "two deck rows with one prefix and date",
        "components: [{type: per_minute, destinations: [{prefix: '39', rate: 1, effective_from: 2026-03-01},"
        " {prefix: '39', rate: 2, effective_from: 2026-03-01}]}]",
        r"component 1 \(per_minute\), field 'destinations': rows 1 and 2 have the same prefix '?39",
    ),
    (
        "an unknown holiday date",
        "holidays: [2026-02-30]\ncomponents: [{type: per_minute, rate: 0.1}]",
        r"field 'holidays': holiday '2026-02-30' is not a date in the calendar",
    ),
    (
        "a holiday in month 13 (YAML cannot make it a date)",
        "holidays: [2026-13-01]\ncomponents: [{type: per_minute, rate: 0.1}]",
        r"field 'holidays': holiday '2026-13-01' is not a date in the calendar",
    ),
]


@pytest.mark.parametrize(("what", "body", "message"), REFUSALS, ids=[c[0] for c in REFUSALS])
def test_bad_v2_tariffs_are_refused(what, body, message):
    with pytest.raises(InputError, match=r'^t\.yaml: tariff "T", ' + message):
        parse_tariffs("name: T\n" + body, "t.yaml")


def test_a_missing_deck_file_is_refused(tmp_path):
    (tmp_path / "t.yaml").write_text("name: T\ncomponents: [{type: per_minute, deck: rates.csv}]\n")
    with pytest.raises(
        InputError, match=r'tariff "T", component 1 \(per_minute\), field \'deck\': .*rates\.csv: no such deck file'
    ):
        load_tariffs(tmp_path / "t.yaml")


def test_a_deck_file_is_found_relative_to_the_tariff_file(tmp_path, monkeypatch):
    folder = tmp_path / "offers"
    folder.mkdir()
    (folder / "rates.csv").write_text("prefix,rate,increment\n39,0.60,1/1\n")
    (folder / "t.yaml").write_text("name: T\ncomponents: [{type: per_minute, deck: rates.csv}]\n")
    monkeypatch.chdir(tmp_path)  # not the tariff's folder
    [tariff] = load_tariffs("offers/t.yaml")
    # +39 06: 30 s at 0.60/min under 1/1 = 0.30
    assert price(make_log([call(None, 30, destination="+39 06")]), tariff).total == Decimal("0.30")


# --- regressions ---------------------------------------------------------------------------------


def test_regression_peak_concurrent_a_sub_microsecond_tail_still_overlaps():
    # 10.0000004 s from 10:00:00 still runs at 10:00:10 (rounding to the microsecond ended it first)
    log = make_log([call("2026-03-02 10:00:00", "10.0000004"), call("2026-03-02 10:00:10", 5)])
    assert log.peak_concurrent_per_period() == [2]


def test_regression_peak_concurrent_counts_a_call_shorter_than_a_microsecond():
    assert make_log([call("2026-03-02 10:00:00", "0.0000001")]).peak_concurrent_per_period() == [1]


def test_regression_team_coverage_a_sub_microsecond_tail_keeps_the_agent_busy():
    # one agent busy until 10:00:10.0000004: the call at 10:00:10 overflows, 5 s at 1.00/min 60/60 = 1.00
    text = (
        "name: T\ncomponents: [{type: per_minute, rate: 1},"
        " {type: hourly_team, rate: 0, agents: 1, hours_per_month: 1, covers_calls: true}]"
    )
    result = bill(text, [call("2026-03-02 10:00:00", "10.0000004"), call("2026-03-02 10:00:10", 5)])
    assert result.total == Decimal("1.00")


def test_regression_actual_seconds_sum_durations_as_written():
    # 192 + 64.0000001 = 256.0000001 exactly, not the float sum 256.00000009999997
    result = bill("name: T\ncomponents: [{type: per_event, fee: 0}]", [call(None, 192), call(None, "64.0000001")])
    assert result.actual_seconds == Fraction(2560000001, 10**7)


HUGE = "999999999.000000000001"  # the largest money with the most decimals the limits allow: beyond int64 in units

HUGE_CASES = [
    # (component, total): one answered 61 s call and one unanswered 0 s call
    # the fee + 2 minutes at 0.07 = 999999999.140000000001, invoiced 999999999.14
    (f"{{type: per_minute, rate: 0.07, connection_fee: {HUGE}}}", "999999999.14"),
    # unanswered pays the connection fee too: 2 x the fee + 0.14
    (f"{{type: per_minute, rate: 0.07, connection_fee: {HUGE}, bill_unanswered: true}}", "1999999998.14"),
    # the fee block, then 1 s past 60 billed 60 s at 0.07
    (f"{{type: per_minute, segments: [{{up_to_s: 60, fee: {HUGE}}}, {{up_to_s: null, rate: 0.07}}]}}", "999999999.07"),
    # per_event on both records
    (f"{{type: per_event, fee: {HUGE}, bill_unanswered: true}}", "1999999998.00"),
]


@pytest.mark.parametrize(("component", "total"), HUGE_CASES)
def test_regression_fees_beyond_int64_stay_exact_instead_of_overflowing(component, total):
    rows = [call(None, 61), call(None, 0, answered="false")]
    assert bill(f"name: T\ncomponents: [{component}]", rows).total == Decimal(total)
