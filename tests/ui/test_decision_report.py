"""The decision in the HTML report, its tables and its charts (hand-checked log of tests/calc/test_decision.py)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from calc import compare, decide, i18n, parse_tariffs
from calc.costs import summarize
from calc.traffic import traffic_profile
from tests.calc.test_decision import CONTRACT, FLAT, PER_SECOND, ROWS, TARIFFS
from tests.conftest import make_log
from ui import charts, decision_charts, decision_tables
from ui.report import html_report


@pytest.fixture(scope="module")
def setup():
    log = make_log(ROWS)
    tariffs = parse_tariffs(TARIFFS)
    comparison = compare(log, tariffs)
    return log, tariffs, comparison, decide(comparison, contract=CONTRACT)


def test_the_ranking_table_reads_cost_first_then_risk(setup):
    table = decision_tables.ranking_table(setup[3])
    assert table["Offer"].tolist() == [PER_SECOND, f"{CONTRACT} (current contract)", FLAT]
    assert table["Saving vs contract"].tolist() == ["+€4.90", "€0.00", "-€1.14"]
    assert table["Per year (projected)"].tolist() == ["+€13.92", "€0.00", "-€1.86"]
    assert table["At -20% volume"].tolist() == ["€11.46", "€16.84", "€18.25"]
    assert table["Range at ±20% volume"].tolist() == ["€1.55 (12.7%)", "€0.60 (3.5%)", "€0.06 (0.3%)"]


def test_the_components_table_differences(setup):
    table = decision_tables.components_table(setup[3])
    january_fees = table[(table["Month"] == "Jan 2026") & (table["Component"] == "Monthly fees")].iloc[0]
    # 5 * 17/31 = 2.74 and 7 * 17/31 = 3.84 (each rounded half up); per second has no fee
    assert january_fees[f"{CONTRACT} (contract)"] == "€2.74"
    assert january_fees[f"{FLAT} vs contract"] == "+€1.10"
    assert january_fees[f"{PER_SECOND} vs contract"] == "-€2.74"


def test_the_tables_speak_the_language_with_its_money(setup):
    with i18n.use_language("it"):
        ranking = decision_tables.ranking_table(setup[3])
        months = decision_tables.months_table(setup[3])
    assert ranking["Risparmio rispetto al contratto"].tolist() == ["+4,90\xa0€", "0,00\xa0€", "-1,14\xa0€"]
    assert months["Mese"].tolist()[:3] == ["gen 2026", "feb 2026", "mar 2026"]
    with i18n.use_language("zh"):
        ranking = decision_tables.ranking_table(setup[3])
        lines = decision_tables.headline(setup[3])
    assert ranking["相对合同的节省"].tolist()[0] == "+€4.90"
    assert lines[0] == "推荐：Per second。"


def test_the_decision_charts_carry_the_invoices(setup):
    decision = setup[3]
    colors = charts.tariff_colors([o.name for o in decision.offers])
    bills = decision_charts.decision_monthly_bills(decision, colors)
    assert [trace.name for trace in bills.data] == [f"{CONTRACT} (contract)", PER_SECOND, FLAT]
    assert list(bills.data[1].y) == [0.46, 2.33, 9.45]
    savings = decision_charts.decision_monthly_savings(decision, colors)
    assert list(savings.data[0].y) == [2.58, 3.57, -1.25]  # per second against the contract
    assert list(savings.data[-1].y) == [2.58, 3.57, 0.88]  # switching to the cheapest each month


def test_the_html_report_opens_with_the_decision_and_stays_offline(setup):
    log, tariffs, comparison, decision = setup
    colors = charts.tariff_colors([t.name for t in tariffs])
    figures = [(decision_charts.decision_monthly_bills(decision, colors), "Bills.")]
    summaries = [summarize(result, log) for result in comparison.results]
    page = html_report(
        "three months", traffic_profile(log), summaries, tariffs, figures, CONTRACT, date(2026, 4, 1), decision
    )
    assert page.index("<h2>Decision</h2>") < page.index("<h2>Ranking</h2>")
    assert "<p>Recommended: Per second.</p>" in page
    assert "it saves +€4.90 over the log&#x27;s 3 months, +€13.92 a year projected" in page
    assert "<td>Mar 2026</td><td>包月套餐 Flat</td><td>€7.32</td>" in page
    assert not re.search(r"<script[^>]+src=", page)
    assert len(re.findall(r"plotly\.js v\d", page)) == 1


def test_the_html_report_in_chinese(setup):
    log, tariffs, comparison, decision = setup
    summaries = [summarize(result, log) for result in comparison.results]
    page = html_report(
        "三个月", traffic_profile(log), summaries, tariffs, [], CONTRACT, date(2026, 4, 1), decision, language="zh"
    )
    assert page.startswith("<!DOCTYPE html><html lang='zh-CN'>")
    assert "<title>资费比较报告：三个月</title>" in page
    assert "<h2>决策</h2>" in page and "<p>推荐：Per second。</p>" in page
    assert "2026年4月1日" in page and "2026年1月" in page
    assert "<td>2026年3月</td><td>包月套餐 Flat</td><td>€7.32</td>" in page
