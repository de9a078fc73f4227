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
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from calc.calls import RECORD_FIELDS, CallLog, Refusals, normalize_records, stripped_text
from calc.errors import InputError
from calc.i18n import N_, _, format_number, format_percent, ngettext
from calc.inputs import DATE_ORDERS
from calc.readers.direction import call_directions
from calc.readers.layouts import CANONICAL, Layout, Source, detect_layout
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
#: How a field the user mapped was found; compared translated (``_(CHOSEN)``), in the language of the import.
CHOSEN = N_("chosen by you")
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
        delimiter = {"\t": _("tab"), None: "-"}.get(self.delimiter, repr(self.delimiter))
        container = self.container
        if self.container == "csv":
            container += _(", encoding {encoding}, delimiter {delimiter}").format(
                encoding=self.encoding, delimiter=delimiter
            )
        if self.sheet:
            container += _(", sheet {sheet}").format(sheet=repr(self.sheet))
        container += _(", header row: {answer}").format(answer=_("yes") if self.has_header else _("no"))
        labels = (_("File:"), _("Container:"), _("Layout:"))
        width = max(map(len, labels)) + 1
        values = (str(self.source), container, self.layout)
        lines = [label.ljust(width) + value for label, value in zip(labels, values, strict=True)]
        lines += ["", _("Mapping (record field <- source, confidence, how):")]
        width = max(len(m.field) for m in self.mapping)
        for item in self.mapping:
            source = item.column if item.column is not None else "-"
            confidence = format_percent(item.confidence, 0)
            lines.append(f"  {item.field:<{width}} <- {source:<24} {confidence:>4}  {item.how}")
        if self.notes:
            lines += ["", _("Notes:")] + [f"  - {note}" for note in self.notes]
        lines += [
            "",
            _("Records: {records} priced, {rejected} rejected").format(
                records=format_number(len(self.records)), rejected=format_number(len(self.rejected))
            ),
        ]
        if len(self.records):
            shown = self.records.head(rows).drop(columns=["destination"])
            lines += ["", shown.to_string(index=False)]
        if len(self.rejected):
            lines += ["", _("Rejected rows (first {count}):").format(count=min(rejects, len(self.rejected)))]
            for line, raw, reason in self.rejected.head(rejects).itertuples(index=False):
                lines.append(_("  line {line}: {reason}  [{raw}]").format(line=line, reason=reason, raw=raw[:80]))
        return "\n".join(lines)


def _apply_overrides(layout: Layout, mapping: dict[str, str | None], columns: list[str], name: str) -> Layout:
    roles = dict(layout.roles)
    for record_field, column in mapping.items():
        if record_field not in _FIELD_ROLES:
            raise InputError(
                _("{name}: unknown record field {field} in the mapping; fields: {fields}").format(
                    name=name, field=repr(record_field), fields=", ".join(_FIELD_ROLES)
                )
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
            raise InputError(
                _("{name}: no column {column} to map to {field}; columns: {columns}").format(
                    name=name, column=repr(column), field=record_field, columns=", ".join(columns)
                )
            )
        roles[role] = Source(column, 1.0, _(CHOSEN))
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
            because = (
                _("{column}: day-first dates, because {evidence}")
                if order == "dayfirst"
                else _("{column}: month-first dates, because {evidence}")
            )
            notes.append(because.format(column=repr(column), evidence=evidence))
        elif evidence:  # date_order gives evidence without an order only when every date reads both ways
            order = "dayfirst" if layout.dayfirst_default else "monthfirst"
            both = (
                _(
                    "{column}: every date reads both ways (day-first or month-first); read as day-first, "
                    "the usual order for this layout (override with date order)"
                )
                if order == "dayfirst"
                else _(
                    "{column}: every date reads both ways (day-first or month-first); read as month-first, "
                    "the usual order for this layout (override with date order)"
                )
            )
            notes.append(both.format(column=repr(column)))
    times, why, form = read_times(text, order, timezone)
    if role == "start":
        notes.append(_("start from {column}: {form}").format(column=repr(layout.roles[role].column), form=form))
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
        also = (
            _("; not {column}, which includes ringing").format(column=repr(total.column)) if total is not None else ""
        )
        notes.append(
            _("duration from {column} (billable talk time){unit}{also}").format(
                column=repr(talk.column), unit=_unit_note(talk), also=also
            )
        )
    elif total is not None:
        seconds, why = read_seconds(frame[total.column], scale=total.scale)
        notes.append(
            _("duration from {column}{unit}: the only length column, taken as billable talk time").format(
                column=repr(total.column), unit=_unit_note(total)
            )
        )
    elif ms is not None:
        seconds, why = read_seconds(frame[ms.column], scale=0.001)
        notes.append(_("duration from {column}, read as milliseconds").format(column=repr(ms.column)))
    elif ends is not None and (answers is not None or starts is not None):
        since = answers if answers is not None else starts
        label = _("answer") if answers is not None else _("start (includes ringing)")
        seconds = ((ends - since).dt.total_seconds()).to_numpy(dtype=np.float64, copy=True)
        if answers is not None:
            seconds[answers.isna().to_numpy() & ends.notna().to_numpy()] = 0.0
        why = pd.Series([], dtype=object, index=pd.Index([], dtype=np.int64))
        notes.append(_("duration derived as end time minus {since}").format(since=label))
    else:
        raise UndetectedLayout(
            _(
                "{name}: cannot find the call duration: no column named like {examples}, and no answer and end "
                "times (columns found: {columns})"
            ).format(
                name=name,
                examples=_("billsec, duration, talk time, 通话时长, Durata, Duración, Durée or Dauer"),
                columns=", ".join(columns),
            ),
            columns,
        )
    refusals.refuse_at(why, f"{used!r} " if used else "")
    return seconds


def _unit_note(source: Source) -> str:
    if source.scale == 1.0:
        return ""
    units = {60.0: _("minutes"), 0.001: _("milliseconds")}
    scale = format_number(Decimal(f"{source.scale:g}"))
    unit = units.get(source.scale) or _("units of {scale} s").format(scale=scale)
    return _(", read as {unit} (the header says so): values x {scale} s").format(unit=unit, scale=scale)


def _words(frame, layout, role, convert, notes, refusals) -> pd.Series | None:
    text = _text(frame, layout, role)
    if text is None:
        return None
    values, known = convert(text, layout.words[role]) if role in layout.words else convert(text)
    column = layout.roles[role].column
    certain = layout.roles[role].confidence >= 1.0  # a known layout or the user's choice
    chosen = layout.roles[role].how == _(CHOSEN)
    if role == "status" and layout.name not in ("canonical", "mapped") and not chosen:
        certain = certain and known >= 0.5  # a vendor's status word we do not know: the default, not a refusal
    if known < 0.5 and not certain:
        notes.append(
            _("{column} ignored for {role}: only {share} of its values are known {role} words").format(
                column=repr(column), role=role, share=format_percent(known, 0)
            )
        )
        return None
    unknown = np.zeros(len(text), dtype=bool)
    if known < 1.0:  # some written value is not a known word (a share of 1 leaves no row to look at)
        unknown = values.isna().to_numpy() & (text != "").to_numpy()
    strict = certain and (role != "status" or layout.name in ("canonical", "mapped") or chosen)
    if unknown.any() and (strict or role != "status"):
        field_name = "answered" if role == "status" else role
        # One message for every such row, translated once; the row's value is quoted after it.
        refusals.refuse(unknown, _("unknown {field} value").format(field=field_name) + " '", text)
    elif unknown.any():
        examples = ", ".join(repr(v) for v in text[unknown].unique()[:3])
        count = int(unknown.sum())
        notes.append(
            ngettext(
                "{count} values of {column} are not known status words ({examples}): "
                "answered taken as duration > 0 there",
                "{count} values of {column} are not known status words ({examples}): "
                "answered taken as duration > 0 there",
                count,
            ).format(count=format_number(count), column=repr(column), examples=examples)
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
        notes.append(_("no start column: the answer time is used as the start"))
    if starts is None:
        notes.append(_("no start time: the log has no months and is priced as one period"))
    seconds = _duration(frame, layout, starts, answers, ends, notes, refusals, name, columns)
    mapping = [
        FieldMapping("start", *_described(layout, "start"))
        if starts is not None
        else FieldMapping("start", None, 1.0, _("none: one period")),
        _duration_mapping(layout),
    ]
    answered = _words(frame, layout, "status", words_to_answered, notes, refusals)
    if layout.answered_from == "answer_time" and answers is not None:
        answered = pd.Series(answers.notna().to_numpy(), index=frame.index, dtype=bool)
        layout.roles["status"] = Source(
            layout.roles["answer_time"].column,
            1.0,
            _("{layout}: answered when it has an answer time").format(layout=layout.label),
        )
        notes.append(
            _("answered: rows with a time in {column}, whatever their status").format(
                column=repr(layout.roles["answer_time"].column)
            )
        )
    elif answered is None and answers is not None:
        answered = pd.Series(answers.notna().to_numpy(), index=frame.index, dtype=bool)
        layout.roles["status"] = Source(
            layout.roles["answer_time"].column, 0.8, _("answered when an answer time is present")
        )
    mapping.append(
        FieldMapping("answered", *_described(layout, "status"))
        if answered is not None
        else FieldMapping("answered", None, 1.0, _("default: voice calls with duration > 0, every other record"))
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
            ", ".join(dict.fromkeys(used)), 0.8, "; ".join(rules) or _("no rule applied: empty")
        )
    mapping.append(
        FieldMapping("direction", *_described(layout, "direction"))
        if direction is not None
        else FieldMapping("direction", None, 1.0, _("none: empty (matches only direction any)"))
    )
    channel = _words(frame, layout, "channel", words_to_channel, notes, refusals)
    mapping.append(
        FieldMapping("channel", *_described(layout, "channel"))
        if channel is not None
        else FieldMapping("channel", None, 1.0, _("default: voice"))
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
                _(
                    "answering device ({answering}) of inbound calls, calling device ({calling}) of outbound ones"
                ).format(answering=layout.roles["agent"].column, calling=layout.roles["device"].column),
            )
    mapping.append(
        FieldMapping("agent", *_described(layout, "agent"))
        if agent is not None
        else FieldMapping("agent", None, 1.0, _("none"))
    )
    destination = _text(frame, layout, "destination")
    mapping.append(
        FieldMapping("destination", *_described(layout, "destination"))
        if destination is not None
        else FieldMapping("destination", None, 1.0, _("none"))
    )
    resolved = _text(frame, layout, "resolved")
    mapping.append(
        FieldMapping("resolved", *_described(layout, "resolved"))
        if resolved is not None
        else FieldMapping("resolved", None, 1.0, _("none: not known (not resolved)"))
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
    since = _("end time minus answer time") if "answer_time" in layout.roles else _("end time minus start")
    return FieldMapping("duration_s", layout.roles["end_time"].column, 0.8, since)


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
