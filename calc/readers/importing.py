"""Import the call logs people really have, and say what was understood.

`import_calls` reads a file (CSV or other delimited text, .xlsx, Parquet),
recognizes its layout, maps columns to record fields, converts the values and
returns an `ImportResult`: what was detected, the mapping with how sure each
guess is, notes on every decision, the normalized records and the rejected rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from calc.calls import RECORD_FIELDS, CallLog, Refusals, normalize_records, stripped_text
from calc.errors import InputError
from calc.inputs import DATE_ORDERS
from calc.readers.direction import call_directions
from calc.readers.layouts import Layout, Source, detect_layout
from calc.readers.legs import LEG_OPTIONS, merge_legs
from calc.readers.sources import RawTable, file_contents, read_table
from calc.readers.values import (
    code_dtype,
    date_order,
    per_distinct,
    read_seconds,
    read_times,
    words_to_answered,
    words_to_channel,
    words_to_direction,
)

__all__ = ["FieldMapping", "ImportResult", "UndetectedLayout", "import_calls", "read_calls", "DATE_ORDERS"]

_FIELD_ROLES = {
    "start": "start",
    "duration_s": "talk_seconds",
    "answered": "status",
    "direction": "direction",
    "channel": "channel",
    "agent": "agent",
    "destination": "destination",
    "resolved": "resolved",
}
_DEVICE_SUFFIX = re.compile(r"-[0-9a-fA-F]{4,}(;\d+)?$")


def _device(channel: str) -> str:
    """The device of an Asterisk channel name: ``PJSIP/201-0000002a`` is ``PJSIP/201``."""
    return _DEVICE_SUFFIX.sub("", channel)


class UndetectedLayout(InputError):
    """The file was read, but which column is the start or the duration could not be told.

    Callers that can ask the user (the dashboard's mapping form) catch it apart from other
    input errors; `columns` are the file's columns to choose from.
    """

    def __init__(self, message: str, columns: list[str]) -> None:
        super().__init__(message)
        self.columns = list(columns)


@dataclass(frozen=True)
class FieldMapping:
    """Where a record field comes from: a column (or a rule), how sure the guess is, and why."""

    field: str
    column: str | None
    confidence: float
    how: str


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
        """A readable account of the import, as ``python -m calc inspect`` prints it."""
        delimiter = {"\t": "tab", None: "-"}.get(self.delimiter, repr(self.delimiter))
        lines = [
            f"File:      {self.source}",
            f"Container: {self.container}"
            + (f", encoding {self.encoding}, delimiter {delimiter}" if self.container == "csv" else "")
            + (f", sheet {self.sheet!r}" if self.sheet else "")
            + f", header row: {'yes' if self.has_header else 'no'}",
            f"Layout:    {self.layout}",
            "",
            "Mapping (record field <- source, confidence, how):",
        ]
        width = max(len(m.field) for m in self.mapping)
        for item in self.mapping:
            source = item.column if item.column is not None else "-"
            lines.append(f"  {item.field:<{width}} <- {source:<24} {item.confidence:>4.0%}  {item.how}")
        if self.notes:
            lines += ["", "Notes:"] + [f"  - {note}" for note in self.notes]
        lines += ["", f"Records: {len(self.records):,} priced, {len(self.rejected):,} rejected"]
        if len(self.records):
            shown = self.records.head(rows).drop(columns=["destination"])
            lines += ["", shown.to_string(index=False)]
        if len(self.rejected):
            lines += ["", f"Rejected rows (first {min(rejects, len(self.rejected))}):"]
            for line, raw, reason in self.rejected.head(rejects).itertuples(index=False):
                lines.append(f"  line {line}: {reason}  [{raw[:80]}]")
        return "\n".join(lines)


def _apply_overrides(layout: Layout, mapping: dict[str, str | None], columns: list[str], name: str) -> Layout:
    roles = dict(layout.roles)
    for record_field, column in mapping.items():
        if record_field not in _FIELD_ROLES:
            raise InputError(
                f"{name}: unknown record field {record_field!r} in the mapping; fields: {', '.join(_FIELD_ROLES)}"
            )
        role = _FIELD_ROLES[record_field]
        if record_field == "duration_s":
            for other in (
                "talk_seconds",
                "total_seconds",
                "duration_ms",
                "answer_time",
                "end_time",
            ):
                roles.pop(other, None)
        if column in (None, ""):
            roles.pop(role, None)
            continue
        if column not in columns:
            raise InputError(f"{name}: no column {column!r} to map to {record_field}; columns: {', '.join(columns)}")
        roles[role] = Source(column, 1.0, "chosen by you")
    return replace(layout, roles=roles)


def _text(frame: pd.DataFrame, layout: Layout, role: str) -> pd.Series | None:
    """A role's column: text stripped, missing as ''; dictionary-encoded columns stay categorical; typed as read."""
    source = layout.roles.get(role)
    if source is None:
        return None
    column = frame[source.column]
    if isinstance(column.dtype, pd.CategoricalDtype):
        return per_distinct(column, str.strip)
    if pd.api.types.is_string_dtype(column) or column.dtype == object:
        return stripped_text(column)
    return column


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
_DEVICE_LAYOUTS = ("asterisk", "freepbx")  # agent and device are channel names, a few per extension


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
        if layout.name in _DEVICE_LAYOUTS:
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


def _times(frame, layout, role, order_option, timezone, notes, refusals) -> pd.Series | None:
    text = _text(frame, layout, role)
    if text is None:
        return None
    if role in layout.missing and not pd.api.types.is_datetime64_any_dtype(text):
        # A vendor's "none" (CUCM writes 0 for a call that never connected) is no time at all.
        text = text.astype("str").where(~text.astype("str").isin(layout.missing[role]), "")
    order = None if order_option == "auto" else order_option
    if order is None:
        order, evidence = date_order(text)
        column = layout.roles[role].column
        if order is not None:
            notes.append(f"{column!r}: {'day' if order == 'dayfirst' else 'month'}-first dates, because {evidence}")
        elif evidence == "every date reads both ways":
            order = "dayfirst" if layout.dayfirst_default else "monthfirst"
            notes.append(
                f"{column!r}: every date reads both ways (day-first or month-first); read as "
                f"{'day' if order == 'dayfirst' else 'month'}-first, the usual order for this layout "
                "(override with date order)"
            )
    times, why, form = read_times(text, order, timezone)
    if role == "start":
        notes.append(f"start from {layout.roles[role].column!r}: {form}")
    refusals.refuse_at(why, f"{layout.roles[role].column!r} ")
    return times


def _duration(frame, layout, starts, answers, ends, notes, refusals, name, columns) -> np.ndarray:
    talk, total, ms = (layout.roles.get(r) for r in ("talk_seconds", "total_seconds", "duration_ms"))
    used = next((s.column for s in (talk, total, ms) if s is not None), None)
    if talk is not None:
        column = frame[talk.column]
        if "talk_seconds" in layout.missing:  # a vendor's empty length of an unanswered call (Twilio): 0 s
            if pd.api.types.is_numeric_dtype(column):
                column = column.fillna(0.0)
            else:
                text = column.astype("str")
                column = text.where(~text.str.strip().isin(layout.missing["talk_seconds"]), "0")
        seconds, why = read_seconds(column, scale=talk.scale)
        also = f"; not {total.column!r}, which includes ringing" if total is not None else ""
        notes.append(f"duration from {talk.column!r} (billable talk time){_unit_note(talk)}{also}")
    elif total is not None:
        seconds, why = read_seconds(frame[total.column], scale=total.scale)
        notes.append(
            f"duration from {total.column!r}{_unit_note(total)}: the only length column, taken as billable talk time"
        )
    elif ms is not None:
        seconds, why = read_seconds(frame[ms.column], scale=0.001)
        notes.append(f"duration from {ms.column!r}, read as milliseconds")
    elif ends is not None and (answers is not None or starts is not None):
        since = answers if answers is not None else starts
        label = "answer" if answers is not None else "start (includes ringing)"
        seconds = ((ends - since).dt.total_seconds()).to_numpy(dtype=np.float64, copy=True)
        if answers is not None:
            seconds[answers.isna().to_numpy() & ends.notna().to_numpy()] = 0.0
        why = pd.Series([], dtype=object, index=pd.Index([], dtype=np.int64))
        notes.append(f"duration derived as end time minus {label}")
    else:
        raise UndetectedLayout(
            f"{name}: cannot find the call duration: no column named like billsec, duration, talk time, "
            f"通话时长, Durata, Duración, Durée or Dauer, and no answer and end times "
            f"(columns found: {', '.join(columns)})",
            columns,
        )
    refusals.refuse_at(why, f"{used!r} " if used else "")
    return seconds


def _unit_note(source: Source) -> str:
    if source.scale == 1.0:
        return ""
    unit = {60.0: "minutes", 0.001: "milliseconds"}.get(source.scale, f"units of {source.scale:g} s")
    return f", read as {unit} (the header says so): values x {source.scale:g} s"


def _words(frame, layout, role, convert, notes, refusals) -> pd.Series | None:
    text = _text(frame, layout, role)
    if text is None:
        return None
    values, known = convert(text, layout.words[role]) if role in layout.words else convert(text)
    column = layout.roles[role].column
    certain = layout.roles[role].confidence >= 1.0  # a known layout or the user's choice
    if role == "status" and layout.name not in ("canonical", "mapped") and layout.roles[role].how != "chosen by you":
        certain = certain and known >= 0.5  # a vendor's status word we do not know: the default, not a refusal
    if known < 0.5 and not certain:
        notes.append(f"{column!r} ignored for {role}: only {known:.0%} of its values are known {role} words")
        return None
    unknown = np.zeros(len(text), dtype=bool)
    if known < 1.0:  # some written value is not a known word (a share of 1 leaves no row to look at)
        unknown = values.isna().to_numpy() & (text != "").to_numpy()
    strict = certain and (
        role != "status" or layout.name in ("canonical", "mapped") or "chosen" in layout.roles[role].how
    )
    if unknown.any() and (strict or role != "status"):
        field_name = "answered" if role == "status" else role
        refusals.refuse(unknown, f"unknown {field_name} value '", text)
    elif unknown.any():
        examples = ", ".join(repr(v) for v in text[unknown].unique()[:3])
        notes.append(
            f"{unknown.sum():,} values of {column!r} are not known status words ({examples}): "
            "answered taken as duration > 0 there"
        )
    return values


def _either(choose_first: np.ndarray, first: pd.Series, second: pd.Series) -> pd.Series:
    """Row by row, `first` where `choose_first` else `second`: categorical columns without missing values."""
    categories = first.cat.categories.append(second.cat.categories).unique()
    small = code_dtype(len(categories))  # the codes pandas keeps: no conversion afterwards
    first_codes = categories.get_indexer(first.cat.categories).astype(small)[first.cat.codes.to_numpy()]
    second_codes = categories.get_indexer(second.cat.categories).astype(small)[second.cat.codes.to_numpy()]
    codes = np.where(choose_first, first_codes, second_codes)
    return pd.Series(pd.Categorical.from_codes(codes, categories=categories, validate=False), index=first.index)


def _records(
    table: RawTable, layout: Layout, name: str, order: str, timezone: str | None, notes: list[str]
) -> tuple[pd.DataFrame, Refusals, list[FieldMapping]]:
    frame = table.frame
    columns = table.columns
    refusals = Refusals(len(frame))
    starts = _times(frame, layout, "start", order, timezone, notes, refusals)
    answers = _times(frame, layout, "answer_time", order, timezone, notes, refusals)
    ends = _times(frame, layout, "end_time", order, timezone, notes, refusals)
    if starts is None and answers is not None:
        starts = answers
        layout.roles["start"] = layout.roles["answer_time"]
        notes.append("no start column: the answer time is used as the start")
    if starts is None:
        notes.append("no start time: the log has no months and is priced as one period")
    seconds = _duration(frame, layout, starts, answers, ends, notes, refusals, name, columns)
    mapping = [
        FieldMapping("start", *_described(layout, "start"))
        if starts is not None
        else FieldMapping("start", None, 1.0, "none: one period"),
        _duration_mapping(layout),
    ]
    answered = _words(frame, layout, "status", words_to_answered, notes, refusals)
    if layout.answered_from == "answer_time" and answers is not None:
        answered = pd.Series(answers.notna().to_numpy(), index=frame.index, dtype=bool)
        layout.roles["status"] = Source(
            layout.roles["answer_time"].column, 1.0, f"{layout.label}: answered when it has an answer time"
        )
        notes.append(f"answered: rows with a time in {layout.roles['answer_time'].column!r}, whatever their status")
    elif answered is None and answers is not None:
        answered = pd.Series(answers.notna().to_numpy(), index=frame.index, dtype=bool)
        layout.roles["status"] = Source(
            layout.roles["answer_time"].column, 0.8, "answered when an answer time is present"
        )
    mapping.append(
        FieldMapping("answered", *_described(layout, "status"))
        if answered is not None
        else FieldMapping("answered", None, 1.0, "default: voice calls with duration > 0, every other record")
    )
    direction = _words(frame, layout, "direction", words_to_direction, notes, refusals)
    hints = {role: _text(frame, layout, role) for role in ("context", "caller", "destination", "did", "internal")}
    if any(hints[role] is not None for role in ("context", "did", "internal")) or (
        hints["caller"] is not None and hints["destination"] is not None
    ):
        direction, rules = call_directions(len(frame), direction, internal_flags=layout.internal_flags, **hints)
        direction.index = frame.index
        used = [
            layout.roles[role].column for role in ("direction", "internal", "context", "did") if role in layout.roles
        ]
        if hints["caller"] is not None and hints["destination"] is not None:
            used += [layout.roles["caller"].column, layout.roles["destination"].column]
        layout.roles["direction"] = Source(
            ", ".join(dict.fromkeys(used)), 0.8, "; ".join(rules) or "no rule applied: empty"
        )
    mapping.append(
        FieldMapping("direction", *_described(layout, "direction"))
        if direction is not None
        else FieldMapping("direction", None, 1.0, "none: empty (matches only direction any)")
    )
    channel = _words(frame, layout, "channel", words_to_channel, notes, refusals)
    mapping.append(
        FieldMapping("channel", *_described(layout, "channel"))
        if channel is not None
        else FieldMapping("channel", None, 1.0, "default: voice")
    )
    agent = _text(frame, layout, "agent")
    if agent is not None and layout.name in _DEVICE_LAYOUTS:
        agent = per_distinct(agent, _device)
        device = _text(frame, layout, "device")
        if device is not None and direction is not None:
            # The agent answers an inbound call (dstchannel) and places an outbound one (channel).
            caller = per_distinct(device, _device)
            # An internal call with no answering device (a conference) is its caller's.
            inside = (direction == "internal").to_numpy()
            answering = ((direction != "outbound").to_numpy() & ~inside) | (inside & (agent != "").to_numpy())
            agent = _either(answering, agent, caller)
            layout.roles["agent"] = Source(
                layout.roles["agent"].column,
                0.8,
                f"answering device ({layout.roles['agent'].column}) of inbound calls, "
                f"calling device ({layout.roles['device'].column}) of outbound ones",
            )
    mapping.append(
        FieldMapping("agent", *_described(layout, "agent"))
        if agent is not None
        else FieldMapping("agent", None, 1.0, "none")
    )
    destination = _text(frame, layout, "destination")
    mapping.append(
        FieldMapping("destination", *_described(layout, "destination"))
        if destination is not None
        else FieldMapping("destination", None, 1.0, "none")
    )
    resolved = _text(frame, layout, "resolved")
    mapping.append(
        FieldMapping("resolved", *_described(layout, "resolved"))
        if resolved is not None
        else FieldMapping("resolved", None, 1.0, "none: not known (not resolved)")
    )
    records = pd.DataFrame({"duration_s": seconds}, index=frame.index, copy=False)  # seconds is a new array
    if starts is not None:
        records["start"] = starts
    if answered is not None:
        if isinstance(answered.dtype, pd.CategoricalDtype):
            answered = _filled(answered.cat.rename_categories(lambda known: "true" if known else "false"), "")
        records["answered"] = answered
    if direction is not None:
        records["direction"] = _filled(direction, "")
    if channel is not None:
        records["channel"] = _filled(channel, "voice")
    if agent is not None:
        records["agent"] = agent
    if destination is not None:
        records["destination"] = destination
    if resolved is not None:
        records["resolved"] = resolved
    return records, refusals, mapping


def _filled(values: pd.Series, fill: str) -> pd.Series:
    """Missing values replaced by `fill`, keeping a categorical column categorical."""
    if isinstance(values.dtype, pd.CategoricalDtype) and fill not in values.cat.categories:
        values = values.cat.add_categories([fill])
    return values.fillna(fill)


def _described(layout: Layout, role: str) -> tuple[str, float, str]:
    source = layout.roles[role]
    return source.column, source.confidence, source.how


def _duration_mapping(layout: Layout) -> FieldMapping:
    for role in ("talk_seconds", "total_seconds", "duration_ms"):
        if role in layout.roles:
            return FieldMapping("duration_s", *_described(layout, role))
    since = "answer_time" if "answer_time" in layout.roles else "start"
    return FieldMapping(
        "duration_s",
        layout.roles["end_time"].column,
        0.8,
        f"end time minus {since.replace('_', ' ')}",
    )


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
        raise InputError(f"legs must be one of {', '.join(LEG_OPTIONS)}, got {legs!r}")
    if date_order not in DATE_ORDERS:
        raise InputError(f"date order must be one of {', '.join(DATE_ORDERS)}, got {date_order!r}")
    if timezone is not None:
        try:
            pd.Timestamp("2026-01-01", tz=timezone)
        except Exception:  # zoneinfo and pytz raise different types
            raise InputError(f"unknown time zone {timezone!r} (e.g. Europe/Rome, America/New_York, UTC)") from None
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
                raise InputError(f"{label}: no such file") from None
            except OSError as error:
                raise InputError(f"{label}: cannot read the file ({error.strerror})") from None
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
        fields = [FieldMapping(f, f if f in log.records.columns else None, 1.0, "record field") for f in RECORD_FIELDS]
        return _result(label, table, "Tariff Compare records", fields, notes, log)
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
            notes.append(f"sheet {table.sheet!r} holds no call log; read sheet {other!r}")
            table = candidate
            columns = table.columns
            break
    if layout is None and any(column not in (None, "") for column in (mapping or {}).values()):
        # No layout recognized, but the user named the columns: their mapping is the layout.
        layout = Layout("mapped", "columns mapped by you", {}, dayfirst_default=False)
    if layout is None:
        shown = ", ".join(columns[:12]) + (" ..." if len(columns) > 12 else "")
        what = "header" if table.has_header else "no header row, and the columns match no known CDR layout"
        raise UndetectedLayout(
            f"{label}: cannot tell which column is the call duration or start time ({what}; "
            f"{len(columns)} columns: {shown}); map them explicitly, e.g. duration_s=COLUMN",
            columns,
        )
    if layout.column_names:
        table.frame.columns = list(layout.column_names)
        columns = list(layout.column_names)
    layout = _apply_overrides(layout, mapping or {}, columns, label)
    _skip_rows(table, layout, notes)
    records, refusals, fields = _records(table, layout, label, date_order, timezone, notes)
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
        table.rejected.extend((int(line), text, rule.reason) for line, text in zip(lines, raw, strict=True))
        shown = ", ".join(str(line) for line in lines[:5]) + (" ..." if len(lines) > 5 else "")
        notes.append(f"{int(hit.sum()):,} row(s) refused as {rule.reason} (line {shown})")
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
            notes.append(f"legs kept: {shared:,} rows share a call id ({', '.join(ids)}) with an earlier row")
        return log
    calls = merge_legs(log.records, keys)
    if len(calls) < len(log.records):
        notes.append(
            f"{len(log.records):,} rows became {len(calls):,} calls: legs sharing {' / '.join(ids)} merged "
            "(earliest start, longest answered talk time, answered if any leg was; legs=keep keeps every row)"
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
