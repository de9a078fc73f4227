"""The PDF decision report: rendered with fpdf2, read back with pypdf, on the hand-checked log of tests/calc."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from calc import InputError, compare, decide, parse_tariffs
from calc.i18n import use_language
from tests.calc.test_decision import CONTRACT, FLAT, PER_SECOND, ROWS, TARIFFS
from tests.conftest import make_log
from ui.pdf_report import FONT_CANDIDATES, decision_pdf, find_font

A4_POINTS = (595.28, 841.89)
DEJAVU = [c for c in FONT_CANDIDATES if c[3] == "DejaVuSans"][:1]


@pytest.fixture(scope="module")
def tariffs():
    return parse_tariffs(TARIFFS)


@pytest.fixture(scope="module")
def decision(tariffs):
    return decide(compare(make_log(ROWS), tariffs), contract=CONTRACT)


@pytest.fixture(scope="module")
def pages(decision, tariffs):
    pdf = decision_pdf(decision, tariffs, "three months", today=date(2026, 4, 1))
    assert pdf.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(pdf)).pages


def text(page) -> str:
    return " ".join(page.extract_text().split())


def test_page_one_is_a4_and_holds_the_decision(pages):
    width, height = (float(v) for v in pages[0].mediabox.upper_right)
    assert (round(width, 2), round(height, 2)) == A4_POINTS
    first = text(pages[0])
    assert "Recommended: Per second" in first
    # saving against the contract over the log (17.14 - 12.24) and per year (12 x mean of Feb and Mar)
    assert "it saves +€4.90 over the log's 3 months, +€13.92 a year projected" in first
    assert "12 x the mean monthly saving of the 2 full months (Feb 2026, Mar 2026)" in first
    # switching month by month: 7.03 against the contract, 2.13 against the best single offer
    assert "would save €7.03 against Contract 60/60 and €2.13 against the best single offer" in first
    assert "Prepared April 1, 2026" in first


def test_page_one_has_the_month_table_and_the_chinese_name(pages):
    first = text(pages[0])
    # January: contract 3.04, per second 0.46, difference -2.58, cheapest per second, switching saves +2.58
    assert "Jan 2026 3.04 0.46 -2.58 Per second 0.46 +2.58" in first
    assert "Mar 2026 8.20 9.45 +1.25 包月套餐 Flat 7.32 +0.88" in first
    assert "Total 17.14 12.24 -4.90 10.11 +7.03" in first
    assert "-2.58 / +1.25" in first  # median / 95th percentile of the monthly difference
    assert FLAT in first


def test_the_appendix_defines_the_figures_and_the_offers(pages):
    appendix = " ".join(text(page) for page in pages[1:])
    assert "95th percentile: nearest rank" in appendix
    assert "name: 包月套餐 Flat" in appendix
    assert "rate: 0.30" in appendix and "increment: 1/1" in appendix
    assert PER_SECOND in appendix


def test_a_font_without_chinese_glyphs_says_what_to_install(decision, tariffs):
    font = find_font(FLAT, candidates=DEJAVU)
    assert font.family == "DejaVuSans" and set(font.missing) == set("包月套餐")
    first = text(PdfReader(io.BytesIO(decision_pdf(decision, tariffs, "three months", font=font))).pages[0])
    assert "4 characters have no glyph in the font found (DejaVuSans: U+5305, U+5957, U+6708, U+9910)" in first
    assert "install Noto Sans CJK (Debian/Ubuntu: apt-get install fonts-noto-cjk)" in first


def test_the_chinese_font_is_chosen_when_installed():
    assert find_font("首3分钟0.22元 Costo mensile è più basso").missing == ""


def test_no_font_at_all_is_a_clear_message():
    with pytest.raises(InputError, match="needs a Unicode font and none was found: install Noto Sans CJK"):
        find_font("abc", candidates=[])


def test_the_report_in_chinese_has_chinese_text_and_the_locale_money(decision, tariffs):
    pdf = decision_pdf(decision, tariffs, "三个月", today=date(2026, 4, 1), language="zh")
    reader = PdfReader(io.BytesIO(pdf))
    first = text(reader.pages[0])
    assert "决策：选哪个报价，能省多少" in first  # the title
    assert "推荐：Per second" in first
    assert "+€4.90" in first and "2026年1月" in first
    assert "2026年4月1日" in first
    assert reader.metadata.title == "决策：三个月"
    appendix = " ".join(text(page) for page in reader.pages[1:])
    assert "附录" in appendix and "name: 包月套餐 Flat" in appendix


def test_the_report_in_italian_writes_a_decimal_comma(decision, tariffs):
    pdf = decision_pdf(decision, tariffs, "tre mesi", today=date(2026, 4, 1), language="it")
    first = text(PdfReader(io.BytesIO(pdf)).pages[0])
    assert "Decisione: quale offerta e quanto fa risparmiare" in first
    assert "+4,90 €" in first and "+13,92 €" in first  # the page's non-breaking space reads back as a space
    assert "gen 2026 3,04 0,46 -2,58 Per second 0,46 +2,58" in first
    assert "1 aprile 2026" in first


def test_without_a_language_the_report_speaks_the_current_one(decision, tariffs):
    """As documented: no `language` means the current one (it meant English)."""
    with use_language("it"):
        pdf = decision_pdf(decision, tariffs, "tre mesi", today=date(2026, 4, 1))
    first = text(PdfReader(io.BytesIO(pdf)).pages[0])
    assert "Decisione: quale offerta e quanto fa risparmiare" in first and "1 aprile 2026" in first
