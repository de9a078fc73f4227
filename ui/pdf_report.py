"""The one-page decision report as PDF: a `calc.decision.Decision` in, PDF bytes out.

Built with fpdf2 (pure Python, no browser): page 1 holds the decision on A4
(winner, saving against the contract, the yearly projection and how it is made,
the ranking, the month table and three charts drawn with fpdf2's own vector
primitives); the appendix pages hold the definitions behind the figures and
the offers' definitions as YAML.

Text is Unicode (tariff names may be Chinese or Italian), so a TrueType or
OpenType font is embedded (subset). `find_font` takes, in order, the file named
by the ``TARIFF_COMPARE_PDF_FONT`` environment variable, Noto Sans CJK
(Debian/Ubuntu ``fonts-noto-cjk``) and DejaVu Sans (``fonts-dejavu-core``),
and keeps the first one that has a glyph for every character of the report.
When none has them all, the report uses the first font found and says on its
first page which characters cannot be shown and what to install. Nothing here
imports Streamlit.
"""

from __future__ import annotations

import io
import math
import os
import string
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable
from fpdf import FPDF

from calc import InputError, Tariff, dump_tariffs
from calc.decision import COST_TIE_PERCENT, Decision
from calc.i18n import N_, _, current_language, format_date, format_number, format_percent, ngettext, use_language
from calc.periods import TIMELESS_LABEL
from ui.charts import PALETTE
from ui.decision_tables import amount, headline, month, percent, projection

__all__ = ["FontChoice", "find_font", "decision_pdf", "FONT_CANDIDATES", "FONT_HELP"]

#: (regular, bold, index in a collection, family) of the fonts tried after ``TARIFF_COMPARE_PDF_FONT``.
FONT_CANDIDATES: tuple[tuple[str, str, int, str], ...] = (
    (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        2,  # Noto Sans CJK SC: simplified Chinese glyph forms, full Latin
        "NotoSansCJK",
    ),
    (
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",  # Arch, Fedora
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
        2,
        "NotoSansCJK",
    ),
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        0,
        "DejaVuSans",
    ),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf", 0, "DejaVuSans"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf", 0, "DejaVuSans"),
)
#: What to install when no font has the glyphs a report needs.
FONT_HELP = N_(
    "install Noto Sans CJK (Debian/Ubuntu: apt-get install fonts-noto-cjk) or DejaVu Sans (fonts-dejavu-core), "
    "or set TARIFF_COMPARE_PDF_FONT to a .ttf, .otf or .ttc file"
)
#: Every fixed text of the report, marked for the catalogs; translated with `_` where it is written (and all
#: of them, translated, go into the font subset, so their glyphs are embedded).
_TEXT = {
    "contract": N_("{offer} (contract)"),
    "recommended": N_("{offer} (recommended)"),
    "switching": N_("Cheapest offer each month (switching)"),
    "bills": N_("Monthly bills [{currency}]"),
    "savings": N_("Saving per month vs contract [{currency}]"),
    "risk": N_("Total at -{swing} and +{swing} volume [{currency}]"),
    "moves": N_("{offer}: moves {percent}"),
    "total": N_("Total"),
    "median_p95": N_("Median / 95th pct month"),
    "more_lines": N_("# ... {count} more lines (a long rate deck): see the tariff file"),
    "title": N_("Decision: which offer, and what it saves"),
    "doc_title": N_("Decision: {log}"),
    "no_timestamps": N_("no timestamps (one month)"),
    "period": N_("{first} to {last}"),
    "about": N_("Call log {log}, {period}. All amounts in {currency}. Prepared {date} with Tariff Compare."),
    "other_currency": N_("Not compared (other currency): {offers}."),
    "ranking": N_("Ranking: cost first, risk second (savings against the contract)"),
    "reference_marked": N_("{offer} (contract)"),
    "reference_cheapest": N_("the cheapest, {offer}"),
    "months_title": N_("Month by month: {reference} against {winner}, and the cheapest offer each month"),
    "last_months": N_("The last {shown} of {count} months; totals over all."),
    "footer": N_("Definitions of every figure and of the offers: appendix."),
    "appendix": N_("Appendix"),
    "every_offer": N_("Every offer, ranked"),
    "definitions": N_("The offers' definitions (tariff files, YAML)"),
    # the ranking's header
    "h_offer": N_("Offer (★ contract)"),
    "h_total": N_("Total"),
    "h_saving": N_("Saving"),
    "h_year": N_("Per year"),
    "h_median": N_("Median month"),
    "h_p95": N_("95th pct month"),
    "h_range": N_("Range ±{swing}"),
    # the month table's header
    "m_month": N_("Month"),
    "m_contract": N_("Contract"),
    "m_recommended": N_("Recommended"),
    "m_difference": N_("Rec. − contract"),
    "m_cheapest": N_("Cheapest that month"),
    "m_invoice": N_("Its invoice"),
    "m_switching": N_("Switching saves"),
    # the appendix's definitions
    "d_title": N_("How the figures are made"),
    "d_invoice": N_(
        "Each month's invoice is the exact sum of its charges rounded half up to the minor unit; a total is the "
        "sum of its months. Fixed monthly amounts are prorated by the days the log covers."
    ),
    "d_difference": N_(
        "Difference: the offer's invoice minus the contract's (negative: the offer is cheaper). Median: the middle "
        "month, or the mean of the two middle months. 95th percentile: nearest rank, the month at rank "
        "ceil(0.95 x months) in ascending order."
    ),
    "d_year": N_("Per year: {method}."),
    "d_switching": N_(
        "Switching: each month the cheapest of the offers that can be changed monthly; it assumes no lock-in, "
        "no fee on changing and no minimum term, which only the contracts can confirm."
    ),
    "d_range": N_(
        "Range ±{swing}: the offer's total with {swing} fewer records a month to its total with {swing} more (the "
        "scenario engine keeps the log's hours and weekdays); the percentage is that range over the total as logged."
    ),
    "d_ranking": N_(
        "Ranking: cost first, risk second. Offers within {tie} of the cheapest total count as equal on cost and "
        "the one whose bill moves least with volume comes first; every other offer follows by total."
    ),
}


def _other_offers(count: int) -> str:
    """The note under page 1's ranking when the appendix has more offers (unformatted: ``{count}``)."""
    return ngettext("The other {count} offer: appendix.", "The other {count} offers: appendix.", count)


def _no_glyph(count: int) -> str:
    """The warning when the font lacks characters (unformatted: ``{count}``, ``{font}``, ``{codes}``, ``{help}``)."""
    return ngettext(
        "{count} character has no glyph in the font found ({font}: {codes}) and is left blank: {help}.",
        "{count} characters have no glyph in the font found ({font}: {codes}) and are left blank: {help}.",
        count,
    )


def _t(key: str, **values: object) -> str:
    """The report's fixed text `key` in the current language, its placeholders filled."""
    return _(_TEXT[key]).format(**values)


_A4_W, _A4_H = 210.0, 297.0
_MARGIN = 12.0
_GREY = (123, 135, 148)
_INK = (31, 41, 51)
_GREEN = (227, 248, 236)
_PAGE1_OFFERS = 8  # ranking rows and volatility bars on page 1; the appendix has every offer
_PAGE1_MONTHS = 12
_CHART_LINES = 5  # the contract and the first offers of the ranking on the bills chart
_YAML_LINES = 80  # per offer in the appendix; a long rate deck is cut
_SYMBOLS = "★±−…"  # written by the report itself
#: Font tables a PDF does not draw with: layout, vertical metrics, FontForge's timestamps.
_UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "vhea", "vmtx", "VORG", "FFTM")


@dataclass(frozen=True)
class FontChoice:
    """The font a report embeds, and what it cannot show.

    Attributes
    ----------
    regular, bold : str
        Font files; `bold` may equal `regular`.
    index : int
        Font number inside a ``.ttc`` collection (0 otherwise).
    family : str
    missing : str
        Characters of the report without a glyph in it (empty when it shows everything).
    """

    regular: str
    bold: str
    index: int
    family: str
    missing: str = ""


@lru_cache(maxsize=16)
def _cmap(path: str, index: int) -> frozenset[int]:
    if path.lower().endswith((".ttc", ".otc")):
        collection = TTCollection(path, lazy=True)
        return frozenset(collection.fonts[index].getBestCmap())
    return frozenset(TTFont(path, lazy=True).getBestCmap())


def _candidates() -> list[tuple[str, str, int, str]]:
    chosen = os.environ.get("TARIFF_COMPARE_PDF_FONT")
    own = [(chosen, chosen, 0, "Chosen")] if chosen else []
    return [c for c in (*own, *FONT_CANDIDATES) if Path(c[0]).is_file()]


def find_font(text: str, candidates: Sequence[tuple[str, str, int, str]] | None = None) -> FontChoice:
    """The first font that has a glyph for every character of `text`, else the first font found.

    Parameters
    ----------
    text : str
        Everything the report will write.
    candidates : sequence of (regular, bold, index, family), optional
        Fonts to try, existing files only; default ``TARIFF_COMPARE_PDF_FONT`` then `FONT_CANDIDATES`.

    Returns
    -------
    FontChoice
        With `FontChoice.missing` listing what the chosen font cannot show.

    Raises
    ------
    InputError
        When no font file exists at all; the message says what to install.

    Examples
    --------
    >>> find_font("Costo mensile", candidates=[]) # doctest: +ELLIPSIS
    Traceback (most recent call last):
    calc.errors.InputError: the PDF report needs a Unicode font and none was found: install Noto Sans CJK ...
    """
    found = list(_candidates() if candidates is None else candidates)
    if not found:
        raise InputError(_("the PDF report needs a Unicode font and none was found: {help}").format(help=_(FONT_HELP)))
    needed = {ord(c) for c in text if not c.isspace()}
    first = None
    for regular, bold, index, family in found:
        try:
            covered = _cmap(regular, index)
        except Exception:  # noqa: BLE001 - an unreadable font file is skipped, the next one is tried
            continue
        bold = bold if Path(bold).is_file() else regular
        missing = "".join(sorted(chr(c) for c in needed - covered))
        choice = FontChoice(regular, bold, index, family, missing)
        if not missing:
            return choice
        first = first or choice
    if first is None:
        raise InputError(
            _("the PDF report needs a Unicode font and no font file could be read: {help}").format(help=_(FONT_HELP))
        )
    return first


@lru_cache(maxsize=8)
def _truetype_subset(path: str, index: int, text: str) -> bytes:
    """The glyphs of `text` from a font, as a small TrueType font (CFF outlines turned quadratic).

    fpdf2 embeds a CID-keyed CFF font (Noto Sans CJK) with its own encoding CMap,
    which several PDF readers (pypdf among them) cannot turn back into text; a
    TrueType font is embedded with Identity-H, which every reader reads.
    """
    font = TTFont(path, fontNumber=index, lazy=True)
    for tag in _UNUSED_TABLES:  # deleted unread: reading a CJK font's layout tables takes most of the time
        if tag in font:
            del font[tag]
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = []
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    if "CFF " in font:
        order = font.getGlyphOrder()
        outlines = font.getGlyphSet()
        glyphs = {}
        for name in order:
            pen = TTGlyphPen(outlines)
            outlines[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
            glyphs[name] = pen.glyph()
        font["loca"] = newTable("loca")
        glyf = font["glyf"] = newTable("glyf")
        glyf.glyphOrder, glyf.glyphs = order, glyphs
        for tag in ("CFF ", "VORG"):
            if tag in font:
                del font[tag]
        glyf.compile(font)
        metrics = font["hmtx"].metrics
        for name, glyph in glyphs.items():
            metrics[name] = (metrics[name][0], glyph.xMin if glyph.numberOfContours else 0)
        maxp = font["maxp"] = newTable("maxp")
        maxp.tableVersion = 0x00010000
        for field in (
            "maxTwilightPoints",
            "maxStorage",
            "maxFunctionDefs",
            "maxInstructionDefs",
            "maxStackElements",
            "maxSizeOfInstructions",
            "maxComponentElements",
        ):
            setattr(maxp, field, 0)
        maxp.maxZones = 1
        post = font["post"]
        post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
        font["head"].glyphDataFormat = 0
        font.sfntVersion = "\x00\x01\x00\x00"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def _nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """About `count` round tick values covering [low, high] (floats: chart axes only)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _short(value: float) -> str:
    """An axis label in the locale: 1,200 or 0.5 or 12k (axes only, never an amount in a table)."""
    if abs(value) >= 10_000:
        return format_number(round(value / 1000), 0) + "k"
    if abs(value) >= 100 or value == int(value):
        return format_number(round(value), 0)
    return format_number(round(value, 2))


class _Report:
    """One PDF being written: the fpdf2 document and its font."""

    def __init__(self, font: FontChoice, text: str, folder: str, colors: dict[str, str] | None = None) -> None:
        self.colors = colors
        self.pdf = FPDF(orientation="P", unit="mm", format="A4")
        self.pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
        self.pdf.set_auto_page_break(False)
        characters = "".join(sorted(set(text + string.printable + _SYMBOLS)))
        for style, path in (("", font.regular), ("B", font.bold)):
            embedded = Path(folder) / f"font{style}.ttf"
            embedded.write_bytes(_truetype_subset(path, font.index, characters))
            self.pdf.add_font(font.family, style, embedded)
        self.family = font.family
        self.pdf.set_text_color(*_INK)

    def font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)

    def fit(self, text: str, width: float) -> str:
        """`text`, cut with an ellipsis to fit `width` mm in the current font."""
        if self.pdf.get_string_width(text) <= width:
            return text
        while text and self.pdf.get_string_width(text + "…") > width:
            text = text[:-1]
        return text + "…"

    def text_at(self, x: float, y: float, text: str, width: float, align: str = "L", height: float = 4) -> None:
        self.pdf.set_xy(x, y)
        self.pdf.cell(width, height, self.fit(text, width), align=align)

    def table(
        self,
        y: float,
        header: list[str],
        rows: list[list[str]],
        widths: list[float],
        size: float = 7,
        row_height: float = 4.2,
        highlight: int | None = None,
    ) -> float:
        """Draw a table at `y`; first column left-aligned, the others right. Return the y below it."""
        x0 = _MARGIN
        self.font(size, bold=True)
        self.pdf.set_draw_color(*_GREY)
        x = x0
        for text, width in zip(header, widths, strict=True):
            self.text_at(x, y, text, width - 1, "L" if x == x0 else "R", row_height)
            x += width
        y += row_height
        self.pdf.line(x0, y, x0 + sum(widths), y)
        for number, row in enumerate(rows):
            if number == highlight:
                self.pdf.set_fill_color(*_GREEN)
                self.pdf.rect(x0, y, sum(widths), row_height, style="F")
            self.font(size, bold=number == highlight)
            x = x0
            for column, (text, width) in enumerate(zip(row, widths, strict=True)):
                self.text_at(x, y, text, width - 1, "L" if column == 0 else "R", row_height)
                x += width
            y += row_height
        self.pdf.line(x0, y, x0 + sum(widths), y)
        return y

    def paragraph(self, y: float, text: str, size: float, bold: bool = False, height: float = 4.2) -> float:
        self.font(size, bold)
        self.pdf.set_xy(_MARGIN, y)
        # Justifying stretches the few spaces of a Chinese line into gaps: Chinese is set flush left.
        self.pdf.multi_cell(_A4_W - 2 * _MARGIN, height, text, align="L" if current_language() == "zh" else "J")
        return self.pdf.get_y()


@dataclass(frozen=True)
class _Frame:
    """A chart's plot area [mm] and its value range."""

    x: float
    y: float
    w: float
    h: float
    low: float
    high: float

    def at(self, value: float) -> float:
        return self.y + self.h - (value - self.low) / (self.high - self.low) * self.h


def _value_axes(report: _Report, x: float, y: float, w: float, h: float, title: str, values: list[float]) -> _Frame:
    """Title, y axis with round ticks and grid lines; return the plot frame."""
    pdf = report.pdf
    report.font(7.5, bold=True)
    report.text_at(x, y, title, w)
    ticks = _nice_ticks(min([0.0, *values]), max([0.0, *values]))
    frame = _Frame(x + 11, y + 6, w - 12, h - 13, ticks[0], ticks[-1])
    report.font(5.5)
    pdf.set_line_width(0.1)
    for tick in ticks:
        level = frame.at(tick)
        pdf.set_draw_color(225, 229, 234) if tick else pdf.set_draw_color(*_GREY)
        pdf.line(frame.x, level, frame.x + frame.w, level)
        report.text_at(x, level - 1.5, _short(tick), 10, "R", 3)
    return frame


def _month_labels(report: _Report, frame: _Frame, months: list[str]) -> list[float]:
    """Centres of the month slots, labelled under the frame (every other one when crowded)."""
    slot = frame.w / len(months)
    centres = [frame.x + slot * (i + 0.5) for i in range(len(months))]
    report.font(5.5)
    labels = [month(label) for label in months]
    widest = max(report.pdf.get_string_width(label) for label in labels)
    step = max(1, math.ceil((widest + 1.5) / slot))
    for i, (label, centre) in enumerate(zip(labels, centres, strict=True)):
        if i % step == 0:
            report.text_at(centre - slot * step / 2, frame.y + frame.h + 0.5, label, slot * step, "C", 3)
    return centres


def _legend(report: _Report, x: float, y: float, w: float, items: list[tuple[str, tuple[int, int, int], bool]]) -> None:
    """Swatches and names in rows under a chart; a dashed entry is the contract."""
    report.font(5.5)
    pdf = report.pdf
    per_row = 1 if len(items) <= 2 else 2
    column = w / per_row
    for number, (name, color, dashed) in enumerate(items):
        left = x + (number % per_row) * column
        top = y + (number // per_row) * 3.2
        pdf.set_draw_color(*color)
        pdf.set_line_width(0.6 if dashed else 0.4)
        if dashed:
            pdf.set_dash_pattern(dash=0.8, gap=0.5)
        pdf.line(left, top + 1.5, left + 4, top + 1.5)
        pdf.set_dash_pattern()
        report.text_at(left + 5, top, name, column - 6, "L", 3)
    pdf.set_line_width(0.2)


def _colors(decision: Decision, chosen: dict[str, str] | None = None) -> dict[str, tuple[int, int, int]]:
    """Each offer's color (the dashboard's, when given), the contract in black."""
    chosen = chosen or {}
    colors = {o.name: _rgb(chosen.get(o.name, PALETTE[i % len(PALETTE)])) for i, o in enumerate(decision.offers)}
    colors[decision.contract] = (0, 0, 0)
    return colors


def _bills_chart(report: _Report, decision: Decision, x: float, y: float, w: float, h: float) -> None:
    """Monthly invoices: the contract dashed black, the first offers of the ranking in color."""
    shown = [decision.contract] + [n for n in decision.ranking if n != decision.contract][: _CHART_LINES - 1]
    colors = _colors(decision, report.colors)
    values = [float(v) for name in shown for v in decision.offer(name).months]
    frame = _value_axes(report, x, y, w, h, _t("bills", currency=decision.currency), values)
    centres = _month_labels(report, frame, decision.months)
    pdf = report.pdf
    for name in shown:
        points = [(cx, frame.at(float(v))) for cx, v in zip(centres, decision.offer(name).months, strict=True)]
        contract = name == decision.contract
        pdf.set_draw_color(*colors[name])
        pdf.set_fill_color(*colors[name])
        _line_with_dots(pdf, points, 0.6 if contract else 0.35, (1.2, 0.8) if contract else None, 0.6)
    pdf.set_line_width(0.2)
    _legend(
        report,
        x,
        y + h,
        w,
        [(_t("contract", offer=n) if n == decision.contract else n, colors[n], n == decision.contract) for n in shown],
    )


def _line_with_dots(
    pdf: FPDF, points: list[tuple[float, float]], width: float, dash: tuple[float, float] | None, radius: float
) -> None:
    """A line through `points` (dashed as (dash, gap) when given) with a dot on each, in the colors set [mm]."""
    pdf.set_line_width(width)
    if dash is not None:
        pdf.set_dash_pattern(dash=dash[0], gap=dash[1])
    if len(points) > 1:
        pdf.polyline(points)
    pdf.set_dash_pattern()
    for px, py in points:
        pdf.circle(px, py, radius, style="F")


def _savings_chart(report: _Report, decision: Decision, x: float, y: float, w: float, h: float) -> None:
    """The winner's saving against the contract each month (bars) and switching's (black dots)."""
    winner = decision.winner
    savings = [-d for d in winner.differences]
    switching = decision.switching_vs_contract
    values = [float(v) for v in (*savings, *switching)]
    frame = _value_axes(report, x, y, w, h, _t("savings", currency=decision.currency), values)
    centres = _month_labels(report, frame, decision.months)
    pdf = report.pdf
    bar = min(frame.w / len(decision.months) * 0.5, 12)
    color = _colors(decision, report.colors)[winner.name] if winner.name != decision.contract else _GREY
    pdf.set_fill_color(*color)
    zero = frame.at(0)
    for centre, value in zip(centres, savings, strict=True):
        top = frame.at(float(value))
        pdf.rect(centre - bar / 2, min(top, zero), bar, abs(zero - top), style="F")
    pdf.set_fill_color(0, 0, 0)
    pdf.set_draw_color(0, 0, 0)
    points = [(centre, frame.at(float(v))) for centre, v in zip(centres, switching, strict=True)]
    _line_with_dots(pdf, points, 0.3, (0.5, 0.6), 0.8)
    pdf.set_line_width(0.2)
    _legend(
        report,
        x,
        y + h,
        w,
        [(_t("recommended", offer=winner.name), color, False), (_t("switching"), (0, 0, 0), True)],
    )


def _risk_chart(report: _Report, decision: Decision, x: float, y: float, w: float, h: float) -> None:
    """Each offer's total at -20% and +20% volume as a range, the total as logged as a tick."""
    names = [n for n in decision.ranking if decision.offer(n).volatility is not None][:_PAGE1_OFFERS]
    risks = [decision.offer(n).volatility for n in names]
    swing = format_percent(risks[0].swing, 0)
    pdf = report.pdf
    report.font(7.5, bold=True)
    report.text_at(x, y, _t("risk", swing=swing, currency=decision.currency), w)
    values = [float(v) for r in risks for v in (r.low, r.high)]
    ticks = _nice_ticks(min(values), max(values))
    left, right = x + 2, x + w - 2
    top, bottom = y + 6, y + h + 5

    def place(value: float) -> float:
        return left + (value - ticks[0]) / (ticks[-1] - ticks[0]) * (right - left)

    row = (bottom - top - 4) / len(names)
    colors = _colors(decision, report.colors)
    report.font(5.5)
    pdf.set_line_width(0.1)
    for tick in ticks:
        pdf.set_draw_color(225, 229, 234)
        pdf.line(place(tick), top, place(tick), bottom - 4)
        report.text_at(place(tick) - 8, bottom - 3.5, _short(tick), 16, "C", 3)
    for number, (name, risk) in enumerate(zip(names, risks, strict=True)):
        centre = top + row * (number + 0.5)
        pdf.set_draw_color(*colors[name])
        pdf.set_line_width(1.4)
        low, high = place(float(risk.low)), place(float(risk.high))
        pdf.line(low, centre + 1, max(high, low + 0.3), centre + 1)
        pdf.set_line_width(0.4)
        pdf.set_draw_color(*_INK)
        base = place(float(risk.base))
        pdf.line(base, centre, base, centre + 2)
        report.font(5)
        label = _t("moves", offer=name, percent=percent(risk.percent))
        report.text_at(left, centre - 2.4, label, right - left, "L", 2.4)
    pdf.set_line_width(0.2)


def _month_rows(decision: Decision) -> list[list[str]]:
    contract, winner = decision.contract_offer, decision.winner
    rows = []
    for i, label in enumerate(decision.months[-_PAGE1_MONTHS:], start=max(0, len(decision.months) - _PAGE1_MONTHS)):
        rows.append(
            [
                month(label),
                amount(contract.months[i], decision, currency=False),
                amount(winner.months[i], decision, currency=False),
                amount(winner.differences[i], decision, sign=True, currency=False),
                decision.cheapest[i],
                amount(decision.switching_bills[i], decision, currency=False),
                amount(decision.switching_vs_contract[i], decision, sign=True, currency=False),
            ]
        )
    rows.append(
        [
            _t("total"),
            amount(contract.total, decision, currency=False),
            amount(winner.total, decision, currency=False),
            amount(winner.total - contract.total, decision, sign=True, currency=False),
            "",
            amount(sum(decision.switching_bills, Decimal(0)), decision, currency=False),
            amount(decision.switching_total, decision, sign=True, currency=False),
        ]
    )
    rows.append(
        [
            _t("median_p95"),
            "",
            "",
            f"{amount(winner.median_difference, decision, sign=True, currency=False)} / "
            f"{amount(winner.p95_difference, decision, sign=True, currency=False)}",
            "",
            "",
            "",
        ]
    )
    return rows


def _ranking_rows(decision: Decision, names: list[str]) -> list[list[str]]:
    rows = []
    for name in names:
        offer = decision.offer(name)
        risk = offer.volatility
        moves = "-" if risk is None else f"{amount(risk.spread, decision, currency=False)} ({percent(risk.percent)})"
        star = " ★" if name == decision.contract and decision.contract_marked else ""
        rows.append(
            [
                f"{decision.ranking.index(name) + 1}. {name}{star}",
                amount(offer.total, decision, currency=False),
                amount(offer.saving, decision, sign=True, currency=False),
                amount(offer.yearly_saving, decision, sign=True, currency=False),
                amount(offer.median_difference, decision, sign=True, currency=False),
                amount(offer.p95_difference, decision, sign=True, currency=False),
                moves,
            ]
        )
    return rows


def _ranking_header(decision: Decision) -> list[str]:
    swing = format_percent(next((o.volatility.swing for o in decision.offers if o.volatility), Fraction(1, 5)), 0)
    return [
        *(_t(key) for key in ("h_offer", "h_total", "h_saving", "h_year", "h_median", "h_p95")),
        _t("h_range", swing=swing),
    ]


_RANKING_WIDTHS = [66.0, 20.0, 18.0, 18.0, 20.0, 20.0, 24.0]


def _definitions(decision: Decision) -> list[str]:
    swing = format_percent(next((o.volatility.swing for o in decision.offers if o.volatility), Fraction(1, 5)), 0)
    return [
        _t("d_title"),
        _t("d_invoice"),
        _t("d_difference"),
        _t("d_year", method=projection(decision)),
        _t("d_switching"),
        _t("d_range", swing=swing),
        _t("d_ranking", tie=format_percent(COST_TIE_PERCENT / 100, 0)),
    ]


def _yaml_excerpt(tariff: Tariff) -> str:
    lines = dump_tariffs([tariff]).splitlines()
    if len(lines) > _YAML_LINES:
        hidden = len(lines) - _YAML_LINES
        lines = [*lines[:_YAML_LINES], _t("more_lines", count=format_number(hidden))]
    return "\n".join(lines)


def decision_pdf(
    decision: Decision,
    tariffs: list[Tariff],
    log_name: str,
    today: date | None = None,
    font: FontChoice | None = None,
    colors: dict[str, str] | None = None,
    language: str | None = None,
) -> bytes:
    """The decision report: page 1 on A4 with the decision, then the appendix.

    Parameters
    ----------
    decision : Decision
        From `calc.decide`.
    tariffs : list of Tariff
        The offers' definitions (those named in the decision are printed in the appendix).
    log_name : str
        The call log, as the buyer knows it.
    today : datetime.date, optional
        Date printed on the report; default today.
    font : FontChoice, optional
        Default: `find_font` for the report's text.
    colors : dict of str to str, optional
        ``#RRGGBB`` per offer name, as the dashboard draws them (`ui.charts.tariff_colors`); the
        contract is always black.
    language : str, optional
        ``"en"``, ``"zh"`` or ``"it"``: the report's text, numbers, money, months and date; default the
        current language (`calc.i18n.current_language`).

    Returns
    -------
    bytes
        A PDF document.

    Raises
    ------
    InputError
        When no Unicode font is installed (the message says what to install).
    """
    with use_language(language or current_language()):  # use_language(None) would mean English
        names = {o.name for o in decision.offers}
        by_name = {t.name: t for t in tariffs}
        offered = [by_name[name] for name in decision.ranking if name in by_name]
        yaml_texts = [_yaml_excerpt(t) for t in offered]
        fixed = [
            *(_(text) for text in (*_TEXT.values(), FONT_HELP)),
            *(f(n) for f in (_other_offers, _no_glyph) for n in (1, 2)),
        ]
        shown_months = [month(label) for label in decision.months]
        today = today or date.today()
        everything = "".join(
            [
                log_name,
                *headline(decision),
                *_definitions(decision),
                *yaml_texts,
                *names,
                *fixed,
                *shown_months,
                format_date(today, "long"),
                _SYMBOLS,
            ]
        )
        font = font or find_font(everything)
        with tempfile.TemporaryDirectory(prefix="tariff_compare_pdf_") as folder:
            report = _Report(font, everything, folder, colors)
            return _write(decision, offered, yaml_texts, log_name, today, font, report)


def _write(
    decision: Decision,
    offered: list[Tariff],
    yaml_texts: list[str],
    log_name: str,
    today: date,
    font: FontChoice,
    report: _Report,
) -> bytes:
    lines = headline(decision)
    definitions = _definitions(decision)
    ranking_header = _ranking_header(decision)
    pdf = report.pdf
    pdf.set_title(_t("doc_title", log=log_name))
    pdf.set_creator("Tariff Compare")  # not user text: the program's name
    pdf.set_lang({"zh": "zh-CN", "it": "it"}.get(current_language(), "en"))

    # --- page 1: the decision ----------------------------------------------------------------------
    pdf.add_page()
    report.font(15, bold=True)
    report.text_at(_MARGIN, _MARGIN, _t("title"), _A4_W - 2 * _MARGIN, height=7)
    report.font(7.5)
    months = decision.months
    if months == [TIMELESS_LABEL]:
        period = _t("no_timestamps")
    else:
        period = month(months[0]) if len(months) == 1 else _t("period", first=month(months[0]), last=month(months[-1]))
    report.text_at(
        _MARGIN,
        _MARGIN + 7,
        _t("about", log=log_name, period=period, currency=decision.currency, date=format_date(today, "long")),
        _A4_W - 2 * _MARGIN,
    )
    y = _MARGIN + 13
    if font.missing:
        codes = ", ".join(f"U+{ord(c):04X}" for c in font.missing[:8]) + (", ..." if len(font.missing) > 8 else "")
        warning = _no_glyph(len(font.missing)).format(
            count=len(font.missing), font=font.family, codes=codes, help=_(FONT_HELP)
        )
        y = report.paragraph(y, warning, 7, True) + 1
    pdf.set_fill_color(*_GREEN)
    pdf.rect(_MARGIN, y, _A4_W - 2 * _MARGIN, 8, style="F")
    report.font(12, bold=True)
    report.text_at(_MARGIN + 2, y + 1.2, lines[0], _A4_W - 2 * _MARGIN - 4, height=6)
    y = report.paragraph(y + 9.5, " ".join(lines[1:]), 8, height=3.9) + 2
    if decision.left_out:
        y = report.paragraph(y, _t("other_currency", offers=", ".join(decision.left_out)), 7) + 1

    shown = decision.ranking[:_PAGE1_OFFERS]
    report.font(9, bold=True)
    report.text_at(_MARGIN, y, _t("ranking"), 180, height=5)
    y = report.table(y + 5, ranking_header, _ranking_rows(decision, shown), _RANKING_WIDTHS, highlight=0)
    if len(decision.ranking) > len(shown):
        report.font(6.5)
        others = len(decision.ranking) - len(shown)
        report.text_at(_MARGIN, y + 0.5, _other_offers(others).format(count=others), 180)
        y += 3.5
    y += 3

    winner = decision.winner.name
    report.font(9, bold=True)
    if decision.contract_marked:
        reference = _t("reference_marked", offer=decision.contract)
    else:
        reference = _t("reference_cheapest", offer=decision.contract)
    title = _t("months_title", reference=reference, winner=winner)
    report.text_at(_MARGIN, y, title, _A4_W - 2 * _MARGIN, height=5)
    header = [
        _t(key)
        for key in ("m_month", "m_contract", "m_recommended", "m_difference", "m_cheapest", "m_invoice", "m_switching")
    ]
    y = report.table(y + 5, header, _month_rows(decision), [30, 22, 24, 24, 44, 20, 22])
    if len(months) > _PAGE1_MONTHS:
        report.font(6.5)
        report.text_at(_MARGIN, y + 0.5, _t("last_months", shown=_PAGE1_MONTHS, count=len(months)), 180)
        y += 3.5
    y += 4

    with_risk = decision.winner.volatility is not None
    width = (_A4_W - 2 * _MARGIN - (8 if with_risk else 4)) / (3 if with_risk else 2)
    height = min(100.0, _A4_H - _MARGIN - y - 20)  # room below for the legends
    if height >= 30:
        _bills_chart(report, decision, _MARGIN, y, width, height)
        _savings_chart(report, decision, _MARGIN + width + 4, y, width, height)
        if with_risk:
            _risk_chart(report, decision, _MARGIN + 2 * (width + 4), y, width, height)
    report.font(6)
    report.text_at(_MARGIN, _A4_H - _MARGIN - 3, _t("footer"), _A4_W - 2 * _MARGIN, "C", 3)

    # --- appendix ----------------------------------------------------------------------------------
    pdf.set_auto_page_break(True, _MARGIN)
    pdf.add_page()
    y = report.paragraph(_MARGIN, _t("appendix"), 13, True, 7) + 1
    y = report.paragraph(y, definitions[0], 9, True, 5)
    for text in definitions[1:]:
        y = report.paragraph(y, text, 7.5, height=3.6) + 0.8
    if len(decision.ranking) > _PAGE1_OFFERS:
        y = report.paragraph(y + 2, _t("every_offer"), 9, True, 5)
        pdf.set_auto_page_break(False)
        for start in range(0, len(decision.ranking), 40):
            if y > _A4_H - 60:
                pdf.add_page()
                y = _MARGIN
            chunk = decision.ranking[start : start + 40]
            y = report.table(y, ranking_header, _ranking_rows(decision, chunk), _RANKING_WIDTHS, size=6.5)
        pdf.set_auto_page_break(True, _MARGIN)
    y = report.paragraph(y + 3, _t("definitions"), 9, True, 5)
    for tariff, text in zip(offered, yaml_texts, strict=True):
        report.paragraph(pdf.get_y() + 1.5, tariff.name, 8, True, 4)
        report.font(6.5)
        pdf.set_x(_MARGIN)
        pdf.multi_cell(_A4_W - 2 * _MARGIN, 3, text)
    return bytes(pdf.output())
