"""Import the call logs people really have, and say what was understood.

`import_calls` reads a file (CSV or other delimited text, .xlsx, Parquet),
recognizes its layout, maps columns to record fields, converts the values and
returns an `ImportResult`: what was detected, the mapping with how sure each
guess is, notes on every decision, the normalized records and the rejected rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from calc.calls import RECORD_FIELDS, CallLog, normalize_records, stripped_text
from calc.errors import InputError
from calc.i18n import _, format_number, ngettext
from calc.inputs import DATE_ORDERS
from calc.readers.fields import (
    DEVICE_LAYOUTS,
    FieldMapping,
    UndetectedLayout,
    apply_overrides,
    mapped_records,
)
from calc.readers.layouts import CANONICAL, Layout, detect_layout
from calc.readers.legs import LEG_OPTIONS, merge_legs
from calc.readers.sources import RawTable, file_contents, read_table

__all__ = ["FieldMapping", "ImportResult", "UndetectedLayout", "import_calls", "read_calls", "DATE_ORDERS"]


@dataclass(frozen=True)
class ImportResult:
    """What was detected in a file, how it was mapped, and the records that came out."""

    source: str
    container: str
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    has_header: bool
    layout: str
    columns: list[str]
    mapping: list[FieldMapping]
    notes: list[str]
    log: CallLog = field(repr=False)

    @property
    def records(self) -> pd.DataFrame:
        """The normalized records."""
        return self.log.records

    @property
    def rejected(self) -> pd.DataFrame:
        """Refused rows: line, raw text, reason."""
        return self.log.rejected

    def describe(self, rows: int = 5, rejects: int = 10) -> str:
        """A readable account of the import, as ``python -m calc inspect`` prints it (`calc.cli_text.format_import`)."""
        from calc.cli_text import format_import  # the command line's text, loaded only when asked for

        return format_import(self, rows, rejects)


_TYPED_ROLES = {
    "start": "timestamp",
    "answer_time": "timestamp",
    "end_time": "timestamp",
    "talk_seconds": "number",
    "total_seconds": "number",
    "duration_ms": "number",
    "status": "words",
    "direction": "words",
    "channel": "words",
    "context": "words",
}


class _ReadPlan:
    """How pyarrow reads each column of a text file, chosen from its head; remembers the layout it saw.

    Times and lengths are read typed and words dictionary-encoded: pyarrow parses them far
    faster than pandas converts text. Columns no role uses are not read at all when the
    file has a header row (a headerless layout is recognized from its cells, so those are
    all read). Raw text of refused rows comes from the file itself, not from the columns.
    """

    def __init__(self) -> None:
        self.layout: Layout | None = None

    def __call__(self, names: list[str], head: pd.DataFrame, has_header: bool) -> dict:
        import pyarrow as pa

        layout = detect_layout(head, has_header)
        self.layout = layout
        if layout is None:
            return {}
        kinds = {
            "timestamp": pa.timestamp("us"),
            "number": pa.float64(),
            "words": pa.dictionary(pa.int32(), pa.string()),
        }
        roles = dict(_TYPED_ROLES)
        if layout.name in DEVICE_LAYOUTS:
            roles.update(agent="words", device="words")
        types = {}
        for role, source in layout.roles.items():
            column = source.column
            if layout.column_names:  # headerless layouts name columns by position
                column = names[layout.column_names.index(column)]
            if role in roles and column in names:
                types[column] = kinds[roles[role]]
        if has_header:
            used = {source.column for source in layout.roles.values()} | {rule.column for rule in layout.skip}
            types.update((name, None) for name in names if name not in used)
        return types


def _canonical_typed(table: RawTable) -> bool:
    names = {str(c).strip().lower() for c in table.frame.columns}
    return table.typed and "duration_s" in names and names <= set(RECORD_FIELDS) | {"line"}


def import_calls(
    source: str | Path | bytes | pd.DataFrame,
    name: str | None = None,
    *,
    mapping: dict[str, str | None] | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | int | None = None,
    header: bool | None = None,
    date_order: str = "auto",
    timezone: str | None = None,
    progress: Callable[[float], None] | None = None,
    legs: str = "merge",
) -> ImportResult:
    r"""Read a call log in any supported format and normalize it to records.

    Parameters
    ----------
    source : path, bytes or pandas.DataFrame
        The file (or its bytes), or a table already in memory.
    name : str, optional
        Name for messages; default the file name.
    mapping : dict, optional
        Record field -> source column, overriding the guess (None or '' unsets a field).
    encoding, delimiter, sheet, header : optional
        Overrides of what is detected (``sheet`` by name or 0-based number).
    date_order : {'auto', 'dayfirst', 'monthfirst'}
        How to read ``01/02/2026``; ``auto`` decides from the whole column.
    timezone : str, optional
        Local zone (e.g. ``Europe/Rome``) that times carrying a zone are converted to; default UTC.
    progress : callable, optional
        Called with the share of the file read, 0 to 1.
    legs : {'merge', 'keep'}
        ``merge`` makes the legs of one call (rows sharing a call id such as Asterisk's
        linkedid) one record (see `calc.readers.legs`); ``keep`` prices every row.

    Returns
    -------
    ImportResult

    Raises
    ------
    InputError
        A file that cannot be understood, with what was found and what is missing.

    Examples
    --------
    >>> data = "Data e ora;Durata;Esito\n25/01/2026 09:00;1:05;Risposta\n".encode("cp1252")
    >>> result = import_calls(data, "italiano.csv")
    >>> result.records[["start", "duration_s", "answered"]].values.tolist()
    [[Timestamp('2026-01-25 09:00:00'), 65.0, True]]
    """
    if legs not in LEG_OPTIONS:
        raise InputError(
            _("legs must be one of {options}, got {value}").format(options=", ".join(LEG_OPTIONS), value=repr(legs))
        )
    if date_order not in DATE_ORDERS:
        raise InputError(
            _("date order must be one of {options}, got {value}").format(
                options=", ".join(DATE_ORDERS), value=repr(date_order)
            )
        )
    if timezone is not None:
        try:
            pd.Timestamp("2026-01-01", tz=timezone)
        except Exception:  # zoneinfo and pytz raise different types
            raise InputError(
                _("unknown time zone {zone} (e.g. {examples})").format(
                    zone=repr(timezone), examples="Europe/Rome, America/New_York, UTC"
                )
            ) from None
    if isinstance(source, pd.DataFrame):
        label = name or "<table>"
        table = RawTable(source.reset_index(drop=True), np.arange(1, len(source) + 1), "table", typed=True)
    else:
        if isinstance(source, bytes):
            label, data = name or "<upload>", source
        else:
            label = name or str(source)
            try:
                data = file_contents(source)
            except FileNotFoundError:
                raise InputError(_("{name}: no such file").format(name=label)) from None
            except OSError as error:
                raise InputError(
                    _("{name}: cannot read the file ({error})").format(name=label, error=error.strerror)
                ) from None
        plan = None if mapping else _ReadPlan()
        table = read_table(
            data,
            label,
            encoding=encoding,
            delimiter=delimiter,
            sheet=sheet,
            header=header,
            progress=progress,
            column_types=plan,
        )
    notes: list[str] = []
    if _canonical_typed(table) and not mapping:
        log = normalize_records(table.frame, label, table.lines)
        how = _("record field")
        fields = [FieldMapping(f, f if f in log.records.columns else None, 1.0, how) for f in RECORD_FIELDS]
        return _result(label, table, _(CANONICAL), fields, notes, log)
    if table.typed:
        table.frame = table.frame.apply(_as_text)
    columns = table.columns
    if table.names is not None:
        # Columns no role needed were not read: the layout is the one they were chosen by, which
        # with a header row depends on the column names only.
        layout = plan.layout
    else:
        layout = detect_layout(table.frame, table.has_header)
    for other in table.other_sheets if layout is None else []:
        candidate = read_table(data, label, sheet=other, header=header)
        layout = detect_layout(candidate.frame, candidate.has_header)
        if layout is not None:
            notes.append(
                _("sheet {sheet} holds no call log; read sheet {other}").format(
                    sheet=repr(table.sheet), other=repr(other)
                )
            )
            table = candidate
            columns = table.columns
            break
    if layout is None and any(column not in (None, "") for column in (mapping or {}).values()):
        # No layout recognized, but the user named the columns: their mapping is the layout.
        layout = Layout("mapped", _("columns mapped by you"), {}, dayfirst_default=False)
    if layout is None:
        shown = ", ".join(columns[:12]) + (" ..." if len(columns) > 12 else "")
        what = _("header") if table.has_header else _("no header row, and the columns match no known CDR layout")
        raise UndetectedLayout(
            _(
                "{name}: cannot tell which column is the call duration or start time ({what}; "
                "{count} columns: {columns}); map them explicitly, e.g. {example}"
            ).format(name=label, what=what, count=len(columns), columns=shown, example="duration_s=COLUMN"),
            columns,
        )
    if layout.column_names:
        table.frame.columns = list(layout.column_names)
        columns = list(layout.column_names)
    layout = apply_overrides(layout, mapping or {}, columns, label)
    _skip_rows(table, layout, notes)
    records, refusals, fields = mapped_records(table, layout, label, date_order, timezone, notes)
    log = normalize_records(
        records,
        label,
        table.lines,
        reasons=refusals,
        raw=table.frame,
        separator=table.delimiter or ",",
        checked=True,
    )
    if len(log.rejected) and table.text_bytes is not None:
        raw = table.raw_lines(log.rejected["line"].to_numpy())
        log = CallLog(log.records, log.rejected.assign(raw=raw), label)
    log = _calls(log, table, layout, legs, notes)
    if table.rejected:
        extra = pd.DataFrame(table.rejected, columns=["line", "raw", "reason"])
        rejected = pd.concat([log.rejected, extra], ignore_index=True).sort_values("line", kind="stable")
        log = CallLog(log.records, rejected.reset_index(drop=True), label)
    return _result(label, table, layout.label, fields, notes, log)


def _skip_rows(table: RawTable, layout: Layout, notes: list[str]) -> None:
    """Refuse the rows a layout knows are not calls (a totals footer, CUCM's row of column types).

    They leave the table before any value is read and join the refused rows with their
    line and reason: accounted for, never priced and never silently lost.
    """
    frame = table.frame
    skipped = np.zeros(len(frame), dtype=bool)
    for rule in layout.skip:
        if rule.column not in frame.columns:
            continue
        text = frame[rule.column]
        text = text.astype("str") if not isinstance(text.dtype, pd.CategoricalDtype) else text.astype("str")
        hit = text.str.strip().str.fullmatch(rule.pattern).fillna(False).to_numpy(dtype=bool) & ~skipped
        if not hit.any():
            continue
        lines = table.lines[hit]
        raw = table.raw_lines(lines) or [",".join(map(str, row)) for row in frame[hit].itertuples(index=False)]
        reason = _(rule.reason)  # one message for every row the rule refuses, translated once
        table.rejected.extend((int(line), text, reason) for line, text in zip(lines, raw, strict=True))
        shown = ", ".join(str(line) for line in lines[:5]) + (" ..." if len(lines) > 5 else "")
        count = int(hit.sum())
        notes.append(
            ngettext(
                "{count} row(s) refused as {reason} (line {lines})",
                "{count} row(s) refused as {reason} (line {lines})",
                count,
            ).format(count=format_number(count), reason=reason, lines=shown)
        )
        skipped |= hit
    if skipped.any():
        table.frame = frame.loc[~skipped].reset_index(drop=True)
        table.lines = table.lines[~skipped]


def _calls(log: CallLog, table: RawTable, layout: Layout, legs: str, notes: list[str]) -> CallLog:
    """The legs of one call merged into one record, where the layout carries a call id (see `merge_legs`)."""
    ids = [layout.roles[role].column for role in ("parent_id", "call_id") if role in layout.roles]
    if not ids or not len(log.records):
        return log
    positions = np.searchsorted(table.lines, log.records["line"].to_numpy())
    keys = None
    for column in reversed(ids):  # the parent's id wins over the row's own
        values = stripped_text(table.frame[column].iloc[positions].reset_index(drop=True).astype("str"))
        keys = values if keys is None else values.where(values != "", keys)
    keys = keys.where(~keys.isin(["0", "nan", "None"]), "")  # placeholders, not ids
    if legs == "keep":
        shared = int(keys[keys != ""].duplicated().sum())
        if shared:
            notes.append(
                ngettext(
                    "legs kept: {count} rows share a call id ({columns}) with an earlier row",
                    "legs kept: {count} rows share a call id ({columns}) with an earlier row",
                    shared,
                ).format(count=format_number(shared), columns=", ".join(ids))
            )
        return log
    calls = merge_legs(log.records, keys)
    if len(calls) < len(log.records):
        notes.append(
            _(
                "{rows} rows became {calls} calls: legs sharing {columns} merged (earliest start, longest answered "
                "talk time, answered if any leg was; {option} keeps every row)"
            ).format(
                rows=format_number(len(log.records)),
                calls=format_number(len(calls)),
                columns=" / ".join(ids),
                option="legs=keep",
            )
        )
    return CallLog(calls, log.rejected, log.source)


def _as_text(column: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(column):
        return column.dt.strftime("%Y-%m-%d %H:%M:%S.%f").fillna("").astype("str")
    return column.astype(object).where(column.notna(), "").astype("str")


def _result(label, table, layout, fields, notes, log) -> ImportResult:
    return ImportResult(
        source=label,
        container=table.container,
        encoding=table.encoding,
        delimiter=table.delimiter,
        sheet=table.sheet,
        has_header=table.has_header,
        layout=layout,
        columns=table.columns,
        mapping=fields,
        notes=notes,
        log=log,
    )


def read_calls(source: str | Path | bytes | pd.DataFrame, name: str | None = None, **options: object) -> CallLog:
    """Read a call log in any supported format (see `import_calls`).

    Parameters
    ----------
    source : path, bytes or pandas.DataFrame
    name : str, optional
        Name for messages (default: the file name).
    **options
        Import options: ``mapping``, ``encoding``, ``delimiter``, ``sheet``,
        ``date_order``, ``timezone``, ``progress``.

    Returns
    -------
    CallLog

    Raises
    ------
    InputError
        If the file is missing, binary, empty or cannot be understood.
    """
    return import_calls(source, name, **options).log
