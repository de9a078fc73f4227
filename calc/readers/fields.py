"""Record fields from the columns of a recognized call log, and how each was found.

`mapped_records` turns the table a layout recognized into record columns (start,
duration, answered, direction, channel, agent, destination, resolved): it reads
times, lengths and status words, refuses the values it cannot read, and returns a
`FieldMapping` per record field saying which column it came from, how sure the guess
is and why, plus notes on every decision. `apply_overrides` puts the columns the user
chose in place of the guess. The import driver is `calc.readers.importing`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np
import pandas as pd

from calc.calls import Refusals, stripped_text
from calc.errors import InputError
from calc.i18n import N_, _, format_number, format_percent, ngettext
from calc.readers.direction import call_directions
from calc.readers.layouts import Layout, Source
from calc.readers.sources import RawTable
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

__all__ = ["CHOSEN", "DEVICE_LAYOUTS", "FieldMapping", "UndetectedLayout", "apply_overrides", "mapped_records"]

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


def apply_overrides(layout: Layout, mapping: dict[str, str | None], columns: list[str], name: str) -> Layout:
    """The layout with the columns the user chose (record field -> column; None or '' unsets the field)."""
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


DEVICE_LAYOUTS = ("asterisk", "freepbx")  # agent and device are channel names, a few per extension


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
        named = _named_like_a_length(columns)
        if named is not None:  # a duration column whose values are not lengths: say that, not "no column"
            raise UndetectedLayout(
                _(
                    "{name}: cannot find the call duration: column {column} is named like it, but its first values "
                    "are not lengths (seconds or h:mm:ss); map it as the duration (duration_s={column_name}) to "
                    "read the rows that have one and refuse the others"
                ).format(name=name, column=repr(named), column_name=named),
                columns,
            )
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


def _named_like_a_length(columns: list[str]) -> str | None:
    """The column whose header names a call length, whatever its values hold (they did not read as lengths)."""
    from calc.readers.headers import match_headers

    roles = match_headers(list(columns))
    return next((roles[r].column for r in ("talk_seconds", "total_seconds", "duration_ms") if r in roles), None)


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


def mapped_records(
    table: RawTable, layout: Layout, name: str, order: str, timezone: str | None, notes: list[str]
) -> tuple[pd.DataFrame, Refusals, list[FieldMapping]]:
    """The record columns of a recognized table, the refused values and how each record field was found.

    Notes on every decision (date order, units, ignored columns) are appended to `notes`.
    """
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
    if agent is not None and layout.name in DEVICE_LAYOUTS:
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
