"""People's tables, the summary CSV and the HTML report, from the sample priced under the presets."""

from __future__ import annotations

import html
import io
import re
import time
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from calc import parse_tariffs, price
from calc.costs import summarize
from calc.i18n import _, format_money, format_number, format_percent, use_language
from calc.traffic import traffic_profile
from tests.conftest import make_log
from ui import charts, tables
from ui.report import html_report


def eur(amount: Decimal) -> str:
    """Money as the English locale writes it: the symbol first, grouping by thousands, two places."""
    return "-" * (amount < 0) + f"€{abs(amount):,.2f}"


def test_comparison_table_ranks_and_states_savings(summaries):
    ranked = sorted(summaries, key=lambda s: s.total)
    current = ranked[3]
    table = tables.comparison_table(summaries, current.name)
    assert table["Tariff"].tolist() == [s.name for s in ranked]
    assert table["Total"].tolist() == [eur(s.total) for s in ranked]
    assert table["vs cheapest"].iloc[0] == "cheapest"
    assert table["vs cheapest"].iloc[1] == "+" + eur(ranked[1].total - ranked[0].total)
    assert table["Saving vs current contract"].iloc[0] == "+" + eur(current.total - ranked[0].total)
    assert table["Saving vs current contract"].iloc[3] == "current contract"
    assert table["Saving vs current contract"].iloc[-1] == eur(current.total - ranked[-1].total)
    assert "Saving vs current contract" not in tables.comparison_table(summaries).columns


def test_money_keeps_the_minor_units(summaries):
    s = summaries[0]
    assert tables.money(Decimal("1234.5"), s) == "€1,234.50"
    assert tables.money(Decimal("0.07") * 100, s, sign=True) == "+€7.00"
    assert tables.money(Decimal("-0.005"), s) == "-€0.01"  # half-up, away from zero
    with use_language("it"):
        assert tables.money(Decimal("1234.5"), s, sign=True) == "+1.234,50\xa0€"
    with use_language("zh"):
        assert tables.money(Decimal("1234.5"), s) == "€1,234.50"


@pytest.mark.parametrize(
    ("language", "headers", "percent"),
    [
        ("en", ["Rank", "Tariff", "Total", "vs cheapest"], "saves"),
        ("zh", ["排名", "资费", "总计", "与最便宜相比"], "节省"),
        ("it", ["Posizione", "Tariffa", "Totale", "rispetto alla più economica"], "risparmia il"),
    ],
)
def test_comparison_table_in_each_language(summaries, language, headers, percent):
    """Headers in the language; money and minutes in its locale, equal to the exact figures."""
    ranked = sorted(summaries, key=lambda s: s.total)
    with use_language(language):
        table = tables.comparison_table(summaries, ranked[2].name)
        assert table.columns[:4].tolist() == headers
        assert table[_("Total")].tolist() == [format_money(s.total, "EUR") for s in ranked]
        assert table[_("Billed min")].tolist() == [format_number(s.billed_minutes, 1) for s in ranked]
        phrase = tables.saving(ranked[2], ranked).phrase
        share = (ranked[2].total - ranked[0].total) / ranked[2].total
        assert phrase == f"{percent} {format_percent(share, 1)}"
    first = ranked[0].total
    written = {  # by hand: the symbol's place and the signs of each locale
        "en": f"€{first:,.2f}",
        "zh": f"€{first:,.2f}",
        "it": f"{first:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") + "\xa0€",
    }
    assert table.iloc[0, 2] == written[language]


def test_months_and_components_tables(summaries):
    months = tables.months_table(summaries)
    assert months["Month"].tolist() == ["Jan 2026", "Feb 2026", "Total"]
    for s in summaries:
        assert months[s.name].iloc[-1] == eur(s.total)
    with use_language("zh"):
        assert tables.months_table(summaries)["月份"].tolist() == ["2026年1月", "2026年2月", "总计"]
    components = tables.components_table(summaries)
    assert set(components["Component"]) == {label for s in summaries for label in s.components}


def test_savings_matrix_is_antisymmetric(summaries):
    matrix = tables.savings_matrix(summaries[:3]).set_index("Choosing")
    a, b = summaries[0], summaries[1]
    assert matrix.loc[a.name, f"vs {b.name}"] == tables.money(b.total - a.total, a, sign=True)
    assert matrix.loc[b.name, f"vs {a.name}"] == tables.money(a.total - b.total, b, sign=True)
    assert matrix.loc[a.name, f"vs {a.name}"] == "-"


def test_summary_csv_has_exact_money(summaries):
    frame = pd.read_csv(io.BytesIO(tables.summary_csv(summaries)), dtype=str)
    ranked = sorted(summaries, key=lambda s: s.total)
    assert frame["tariff"].tolist() == [s.name for s in ranked]
    assert frame["total"].tolist() == [f"{s.total:.2f}" for s in ranked]
    assert frame["month 2026-01"].tolist() == [f"{s.months['2026-01']:.2f}" for s in ranked]


def test_report_is_self_contained_and_holds_every_tariff(summaries, presets, profile):
    colors = charts.tariff_colors([t.name for t in presets])
    figures = [(charts.totals_bar(summaries, colors), "Totals."), (charts.cost_by_hour(summaries, colors), "Hours.")]
    page = html_report(
        "support desk", profile, summaries, presets, figures, current=presets[0].name, today=date(2026, 3, 1)
    )
    assert page.startswith("<!DOCTYPE html>")
    assert "Prepared March 1, 2026" in page
    # plotly.js inlined once, nothing fetched from the network
    assert len(re.findall(r"plotly\.js v\d", page)) == 1
    assert not re.search(r"<script[^>]+src=", page)
    assert page.count('class="plotly-graph-div"') == 2
    for tariff in presets:
        assert tariff.name.replace("&", "&amp;") in page
    # the definitions print back to the same tariffs
    definitions = re.search(r"<h2>Tariff definitions</h2>\n<pre>(.*?)</pre>", page, re.S).group(1)
    assert parse_tariffs(html.unescape(definitions)) == presets
    cheapest = min(summaries, key=lambda s: s.total)
    assert f"Cheapest: {cheapest.name}" in page


V2_TARIFFS = """
tariffs:
  - name: Deck carrier
    components:
      - {type: per_minute, direction: outbound, destinations: [{prefix: "39", rate: 0.02}]}
  - name: Flat with set-up and VAT
    components:
      - {type: per_minute, rate: 0.05}
      - {type: one_time, amount: 120, spread_months: 4}
      - {type: surcharge, percent: 22}
"""


@pytest.fixture
def v2_summaries():
    log = make_log(
        [
            {"start": "2026-01-05 09:00:00", "duration_s": "60", "direction": "outbound", "destination": "+39061234"},
            {"start": "2026-01-05 09:05:00", "duration_s": "60", "direction": "outbound", "destination": "+44207946"},
            {"start": "2026-02-02 09:00:00", "duration_s": "120", "direction": "outbound", "destination": "+39061234"},
        ]
    )
    tariffs = parse_tariffs(V2_TARIFFS)
    return [summarize(price(log, tariff), log) for tariff in tariffs], tariffs, log


def test_unrated_column_and_warning(v2_summaries, summaries):
    v2, _, _ = v2_summaries
    table = tables.comparison_table(v2)
    assert dict(zip(table["Tariff"], table["Unrated"], strict=True)) == {
        "Deck carrier": "1",
        "Flat with set-up and VAT": "0",
    }
    assert tables.unrated_warnings(v2) == [
        "Deck carrier could not rate 1 record: its rate deck has no row for its destination (or it has none), "
        "so its total leaves it out."
    ]
    assert "Unrated" not in tables.comparison_table(summaries).columns
    assert tables.unrated_warnings(summaries) == []


def test_months_by_kind_holds_set_up_and_taxes(v2_summaries):
    v2, _, _ = v2_summaries
    flat = next(s for s in v2 if s.name.startswith("Flat"))
    # January: 1 min at 0.05 + 30 set-up = 30.05, VAT 6.611 -> 6.61; February: 0.10 + 30 = 30.10, VAT 6.622 -> 6.62
    assert flat.month_kinds == {
        "2026-01": {"per_minute": Decimal("0.10"), "one_time": Decimal("30.00"), "surcharge": Decimal("6.62")},
        "2026-02": {"per_minute": Decimal("0.10"), "one_time": Decimal("30.00"), "surcharge": Decimal("6.62")},
    }
    table = tables.months_by_kind_table(v2)
    assert list(table.columns) == ["Tariff", "Month", "Usage: per minute", "Set-up", "Taxes and fees", "Invoice"]
    rows = table[table["Tariff"] == flat.name]
    assert rows["Set-up"].tolist() == ["€30.00", "€30.00"]
    assert rows["Invoice"].tolist() == ["€36.72", "€36.72"]
    assert rows["Month"].tolist() == ["Jan 2026", "Feb 2026"]
    deck = table[table["Tariff"] == "Deck carrier"]
    assert deck["Set-up"].tolist() == ["-", "-"]


def test_stacked_chart_knows_set_up_and_taxes(v2_summaries):
    v2, _, _ = v2_summaries
    traces = {trace.name: list(trace.y) for trace in charts.components_stacked(v2).data}
    assert traces["Set-up"] == [0.0, 60.0]
    assert traces["Taxes and fees"] == [0.0, 13.24]


def test_the_reports_tables_speak_its_language(v2_summaries):
    v2, tariffs, log = v2_summaries
    page = html_report("outbound", traffic_profile(log), v2, tariffs, [], today=date(2026, 3, 1), language="it")
    flat = next(s for s in v2 if s.name.startswith("Flat"))
    assert "<th>Posizione</th><th>Tariffa</th><th>Totale</th>" in page
    assert f"<td>{flat.total:.2f}".replace(".", ",") + "\xa0€</td>" in page  # e.g. 73,44 € (under 1,000)
    assert "<th>Attivazione</th>" in page and "<td>gen 2026</td>" in page
    assert "Deck carrier non ha potuto tariffare 1 record:" in page


@pytest.mark.parametrize(
    ("language", "headings"),
    [
        ("zh", ["<h1>资费比较</h1>", "<h2>排名</h2>", "<h2>逐月</h2>", "<h2>资费定义</h2>"]),
        ("it", ["<h1>Confronto tariffe</h1>", "<h2>Classifica</h2>", "<h2>Definizioni delle tariffe</h2>"]),
    ],
)
def test_the_reports_headings_speak_its_language(v2_summaries, language, headings):
    """Regression: the headings were marked inside f-strings, which Babel does not extract: English in every report."""
    v2, tariffs, log = v2_summaries
    page = html_report("outbound", traffic_profile(log), v2, tariffs, [], today=date(2026, 3, 1), language=language)
    for heading in headings:
        assert heading in page
    assert not re.search(r"<h\d>(Tariff comparison|Ranking|Month by month|Tariff definitions)</h\d>", page)


def test_the_report_without_a_language_speaks_the_current_one(v2_summaries):
    """Regression: the Compare page's report (no `language` given) came out in English on a Chinese page."""
    v2, tariffs, log = v2_summaries
    with use_language("zh"):
        page = html_report("outbound", traffic_profile(log), v2, tariffs, [], today=date(2026, 3, 1))
    assert "<h1>资费比较</h1>" in page and "由资费比较于 2026年3月1日 生成" in page
    assert "<th>排名</th>" in page and "Prepared" not in page


def test_report_warns_about_unrated_records(v2_summaries):
    v2, tariffs, log = v2_summaries
    page = html_report("outbound", traffic_profile(log), v2, tariffs, [], today=date(2026, 3, 1))
    assert "<p class='warning'>Deck carrier could not rate 1 record:" in page
    assert "<th>Unrated</th>" in page
    assert "<h3>By kind of component</h3>" in page and "<th>Set-up</th>" in page


def test_totals_are_never_compared_across_currencies():
    log = make_log([{"start": "2026-01-05 09:00:00", "duration_s": "60"}])
    tariffs = parse_tariffs(
        """
tariffs:
  - {name: Yuan, currency: CNY, components: [{type: per_minute, rate: 0.50}]}
  - {name: Euro cheap, components: [{type: per_minute, rate: 0.07}]}
  - {name: Euro dear, components: [{type: per_minute, rate: 0.10}]}
"""
    )
    summaries = [summarize(price(log, t), log) for t in tariffs]
    table = tables.comparison_table(summaries, current="Euro dear")
    assert table["vs cheapest"].tolist() == ["cheapest in EUR", "+€0.03", "cheapest in CNY"]
    assert table["Saving vs current contract"].tolist() == ["+€0.03", "current contract", "other currency"]
    assert table["Total"].tolist() == ["€0.07", "€0.10", "CN¥0.50"]
    matrix = tables.savings_matrix(summaries).set_index("Choosing")
    assert matrix.loc["Yuan", "vs Euro cheap"] == "other currency"
    assert matrix.loc["Euro cheap", "vs Euro dear"] == "+€0.03"
    with use_language("zh"):
        assert tables.comparison_table(summaries)["总计"].tolist() == ["€0.07", "€0.10", "¥0.50"]


PER_CALL_RECORDS = pd.DataFrame(
    {
        "line": [2, 3, 4, 5, 6],
        "start": pd.to_datetime(["2026-01-05 09:00"] * 5),
        "duration_s": [61.0, 30.0, 0.0, 200.0, 5.0],
        "agent": ["Anna", "bruno", None, "anna-2", "Carla"],
        "destination": ["+390212345678", "+442079460000", "+390299999999", None, "+390212340000"],
    }
)
PER_CALL_CHARGES = {
    "A": tables.RecordCharges(np.array([1_405, 700, 0, 3_333, 1]), 10_000, "EUR"),
    # an exact charge too large for int64 arithmetic after scaling: Python integers
    "B": tables.RecordCharges(np.array([0, 10**30, 5, 0, 0], dtype=object), 10**24, "USD"),
}


@pytest.mark.parametrize(
    ("offer", "search", "lines", "matched"),
    [
        (None, "", [2, 3, 4, 5, 6], 5),
        ("A", "", [2, 3, 5, 6], 4),
        ("B", "", [3, 4], 2),
        (None, "ANNA", [2, 5], 2),  # any case, inside the text
        (None, "0212", [2, 6], 2),  # part of a number called
        ("A", " 0212 ", [2, 6], 2),
        ("B", "anna", [], 0),
        (None, "+39", [2, 4, 6], 3),  # not a pattern: "+" is a plain character
    ],
)
def test_per_call_table_filters_and_searches(offer, search, lines, matched):
    table, count = tables.per_call_table(PER_CALL_RECORDS, PER_CALL_CHARGES, offer, search)
    assert table["Line"].tolist() == lines
    assert count == matched


def test_per_call_table_shows_exact_charges_of_the_head_only():
    table, count = tables.per_call_table(PER_CALL_RECORDS, PER_CALL_CHARGES, limit=2)
    assert count == 5 and table["Line"].tolist() == [2, 3]
    assert table["A [EUR]"].tolist() == ["0.140500", "0.070000"]
    assert table["B [USD]"].tolist() == ["0.000000", "1,000,000.000000"]
    assert list(table.columns) == ["Line", "Start", "Duration [s]", "Number called", "Agent", "A [EUR]", "B [USD]"]
    with use_language("it"):
        table, _count = tables.per_call_table(PER_CALL_RECORDS, PER_CALL_CHARGES, limit=2)
    assert table["A [EUR]"].tolist() == ["0,140500", "0,070000"]
    assert table["B [USD]"].tolist() == ["0,000000", "1.000.000,000000"]
    assert list(table.columns)[:5] == ["Riga", "Inizio", "Durata [s]", "Numero chiamato", "Operatore"]


def test_per_call_table_on_a_large_log_stays_whole_column():
    count = 400_000
    records = pd.DataFrame(
        {
            "line": np.arange(count) + 2,
            "destination": np.where(np.arange(count) % 7 == 0, "+3902123", "+4420794").astype(object),
            "agent": np.array(["agent-1", "agent-2"] * (count // 2), dtype=object),
        }
    )
    charges = {"A": tables.RecordCharges(np.arange(count, dtype=np.int64) % 5, 100, "EUR")}
    started = time.perf_counter()
    table, matched = tables.per_call_table(records, charges, "A", "3902")
    assert time.perf_counter() - started < 5  # about 0.3 s here; a loop over rows takes far longer
    assert len(table) == tables.PER_CALL_ROWS
    assert matched == int(((np.arange(count) % 7 == 0) & (np.arange(count) % 5 != 0)).sum())
