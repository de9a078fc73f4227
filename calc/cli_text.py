"""The command line's text for people: the ranked comparison, the import account and the team sizing.

`format_table` (``compare``), `format_import` (``inspect``) and `format_staffing`
(``staffing``) write their results as plain-text tables in the current language,
numbers in its formats, columns aligned in terminal cells (Chinese characters take
two). `calc.cli` loads this module only when it prints text: ``--json`` never needs it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from calc import i18n
from calc.i18n import _, ngettext
from calc.money import round_half_up

if TYPE_CHECKING:
    from calc.rating import Comparison
    from calc.readers import ImportResult
    from calc.staffing import Staffing
    from calc.tariff import Tariff

__all__ = ["format_table", "format_staffing", "format_import"]


def _minutes(seconds: Fraction) -> str:
    return i18n.format_number(Fraction(seconds) / 60, 1)


def _amount(amount: Decimal | Fraction, decimals: int) -> str:
    """Money in a table cell: the number in the locale's way (the currency code is its own word)."""
    return i18n.format_number(amount, decimals)


def format_table(comparison: Comparison, source: str) -> str:
    """The comparison as a ranked, readable text table.

    Parameters
    ----------
    comparison : Comparison
    source : str
        The call log's name, for the heading.

    Returns
    -------
    str
    """
    log = comparison.log
    months = [period.label for period in log.periods]
    heading = _("Call log {source}: {records} records priced, {rejected} rejected").format(
        source=source, records=i18n.format_number(log.records), rejected=i18n.format_number(log.rejected)
    )
    if months:
        heading += _(", {first} to {last}").format(first=months[0], last=months[-1])
    lines = [heading, ""]
    header = (
        "#",
        _("Tariff"),
        _("Total"),
        _("Per actual min"),
        _("Billed min"),
        _("Actual min"),
        _("Rounding cost"),
        _("vs cheapest"),
    )
    rows = []
    ranked = comparison.ranked()
    cheapest_in: dict[str, object] = {}  # totals are never converted: each currency has its own cheapest
    for result in ranked:
        cheapest_in.setdefault(result.currency, result)
    for rank, result in enumerate(ranked, start=1):
        decimals = result.tariff.decimals
        rate = result.effective_rate_per_minute
        cheapest = cheapest_in[result.currency]
        extra = result.total - cheapest.total
        rows.append(
            (
                str(rank),
                result.name,
                f"{_amount(result.total, decimals)} {result.currency}",
                "-" if rate is None else _amount(round_half_up(rate, 4), 4),
                _minutes(Fraction(result.billed_seconds)),
                _minutes(result.actual_seconds),
                _amount(round_half_up(result.rounding_overhead_cost, decimals), decimals),
                _("cheapest in {currency}").format(currency=result.currency)
                if result is cheapest and len(cheapest_in) > 1
                else _("cheapest")
                if result is cheapest
                else f"+{_amount(extra, decimals)}",
            )
        )
    widths = [max(_width(row[i]) for row in rows + [header]) for i in range(len(header))]
    left = {1}
    for row in [header, *rows]:
        cells = [
            cell + " " * (w - _width(cell)) if i in left else " " * (w - _width(cell)) + cell
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    for result in comparison.results:
        if result.unrated:
            lines.append(
                ngettext(
                    "Warning: {name} could not rate {count} record (no rate-deck row for its dialled number); "
                    "it is not in its total.",
                    "Warning: {name} could not rate {count} records (no rate-deck row for their dialled number); "
                    "they are not in its total.",
                    result.unrated,
                ).format(name=result.name, count=i18n.format_number(result.unrated))
            )
    return "\n".join(lines)


def _pad(text: str, width: int) -> str:
    """`text` filled with spaces to `width` terminal columns."""
    return text + " " * (width - _width(text))


def format_import(imported: ImportResult, rows: int = 5, rejects: int = 10) -> str:
    """How a call log was read, as ``inspect`` prints it, in the current language.

    Parameters
    ----------
    imported : ImportResult
    rows : int
        Normalized rows to show.
    rejects : int
        Rejected rows to list.

    Returns
    -------
    str
        The file, container, layout, the mapping (record field, source column, confidence, how), notes,
        counts, a few records and the first rejected rows. How a field was found, the notes and the
        reasons of rejected rows are written by the readers in the language the import ran in.
    """
    delimiter = {"\t": _("tab"), None: "-"}.get(imported.delimiter, repr(imported.delimiter))
    container = imported.container
    if imported.container == "csv":
        container += _(", encoding {encoding}, delimiter {delimiter}").format(
            encoding=imported.encoding, delimiter=delimiter
        )
    if imported.sheet:
        container += _(", sheet {sheet}").format(sheet=repr(imported.sheet))
    container += _(", header row: {answer}").format(answer=_("yes") if imported.has_header else _("no"))
    labels = (_("File:"), _("Container:"), _("Layout:"))
    label_width = max(map(_width, labels)) + 1
    lines = [
        _pad(label, label_width) + value
        for label, value in zip(labels, (str(imported.source), container, imported.layout), strict=True)
    ]
    lines += ["", _("Mapping (record field <- source, confidence, how):")]
    width = max(_width(m.field) for m in imported.mapping)
    for item in imported.mapping:
        source = item.column if item.column is not None else "-"
        confidence = i18n.format_percent(item.confidence, 0)
        confidence = " " * (4 - _width(confidence)) + confidence
        lines.append(f"  {_pad(item.field, width)} <- {_pad(source, 24)} {confidence}  {item.how}")
    if imported.notes:
        lines += ["", _("Notes:")] + [f"  - {note}" for note in imported.notes]
    lines += [
        "",
        _("Records: {records} priced, {rejected} rejected").format(
            records=i18n.format_number(len(imported.records)), rejected=i18n.format_number(len(imported.rejected))
        ),
    ]
    if len(imported.records):
        shown = imported.records.head(rows).drop(columns=["destination"])
        lines += ["", shown.to_string(index=False)]
    if len(imported.rejected):
        lines += ["", _("Rejected rows (first {count}):").format(count=min(rejects, len(imported.rejected)))]
        for line, raw, reason in imported.rejected.head(rejects).itertuples(index=False):
            lines.append(_("  line {line}: {reason}  [{raw}]").format(line=line, reason=reason, raw=raw[:80]))
    return "\n".join(lines)


def _width(text: str) -> int:
    """Columns `text` takes in a terminal: Chinese, Japanese and Korean characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _hours(hours: Fraction) -> str:
    if hours.denominator == 1:
        return i18n.format_number(int(hours))
    shown = round_half_up(hours, 2)
    return i18n.format_number(shown.quantize(Decimal(1)) if shown == shown.to_integral() else shown.normalize())


def _share(value: float) -> str:
    return i18n.format_percent(Decimal(f"{value:.6g}"))


def format_staffing(staffing: Staffing, rows: int = 10, tariffs: Sequence[Tariff] = ()) -> str:
    """The team sizing as text: parameters, peak, agent-hours, costs and the busiest intervals.

    Parameters
    ----------
    staffing : Staffing
    rows : int
        Busiest intervals to list (most scheduled agents, then most traffic); 0 lists all.
    tariffs : sequence of Tariff
        Show what the agent-hours cost at each one's ``hourly_team`` rate.

    Returns
    -------
    str
    """
    from calc.staffing import hourly_team_rate

    frame = staffing.intervals
    busy = frame[frame["calls"] > 0]
    first, last = (frame["start"].iloc[0], frame["start"].iloc[-1]) if len(frame) else (None, None)
    span = (
        _(", {first} to {last}").format(first=f"{first:%Y-%m-%d %H:%M}", last=f"{last:%Y-%m-%d %H:%M}")
        if first is not None
        else ""
    )
    lines = [
        _("Call log {source}: {intervals} intervals of {minutes} min{span}, {busy} with calls").format(
            source=staffing.source,
            intervals=i18n.format_number(len(frame)),
            minutes=staffing.interval_minutes,
            span=span,
            busy=i18n.format_number(len(busy)),
        ),
        _(
            "Target: {service_level} answered within {seconds} s, shrinkage {shrinkage}, max occupancy {occupancy}"
        ).format(
            service_level=_share(staffing.service_level_target),
            seconds=i18n.format_number(Decimal(f"{staffing.answer_within_s:g}")),
            shrinkage=_share(float(staffing.shrinkage)),
            occupancy=_share(staffing.max_occupancy),
        ),
        _("Peak: {agents} agents scheduled; {hours} agent-hours").format(
            agents=i18n.format_number(staffing.peak_agents), hours=_hours(staffing.agent_hours)
        ),
    ]
    for tariff in tariffs:
        lines.append(
            _('Cost under "{tariff}" at {rate} {currency}/h: {cost} {currency}').format(
                tariff=tariff.name,
                rate=i18n.format_number(hourly_team_rate(tariff)),
                currency=tariff.currency,
                cost=_amount(staffing.cost_under(tariff), tariff.decimals),
            )
        )
    shown = busy.sort_values(["agents", "traffic_erlangs", "start"], ascending=[False, False, True], kind="stable")
    shown = shown if rows <= 0 else shown.head(rows)
    if not len(shown):
        return "\n".join(lines)
    header = (
        _("Start"),
        _("Calls"),
        _("AHT s"),
        _("Erlang"),
        _("Working"),
        _("Agents"),
        _("Service level"),
        _("Occupancy"),
    )
    table = [
        (
            f"{row.start:%Y-%m-%d %H:%M}",
            i18n.format_number(row.calls),
            i18n.format_number(float(row.aht_s), 1),
            i18n.format_number(float(row.traffic_erlangs), 2),
            i18n.format_number(row.working_agents),
            i18n.format_number(row.agents),
            i18n.format_percent(float(row.service_level), 1),
            i18n.format_percent(float(row.occupancy), 1),
        )
        for row in shown.itertuples(index=False)
    ]
    widths = [max(_width(row[i]) for row in [header, *table]) for i in range(len(header))]
    title = (
        _("All intervals with calls")
        if len(shown) == len(busy)
        else ngettext("Busiest interval", "Busiest {count} intervals", len(shown)).format(count=len(shown))
    )
    lines += [
        "",
        _("{title} (Working: on the phones; Agents: scheduled, after shrinkage):").format(title=title),
    ]
    for row in [header, *table]:
        cells = [
            cell + " " * (w - _width(cell)) if i == 0 else " " * (w - _width(cell)) + cell
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
