"""Call logs as normalized records (section 1 of the rules): checks and conversion of record fields.

Reading files is the job of `calc.readers`; this module never imports it.

Every input row ends up either in ``CallLog.records`` or in
``CallLog.rejected`` with its line number, raw text and the reason.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from calc.errors import InputError
from calc.i18n import _
from calc.records import (
    CHANNELS,
    DIRECTIONS,
    EARLIEST_START,
    LATEST_START,
    MAX_DURATION_S,
    RECORD_FIELDS,
    CallLog,
    answered_default,
)

__all__ = [
    "RECORD_FIELDS",
    "CHANNELS",
    "DIRECTIONS",
    "CallLog",
    "Refusals",
    "with_values",
    "categorical_text",
    "stripped_text",
    "normalize_records",
]

_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}


def _text(column: pd.Series, checked: bool = False) -> pd.Series:
    """A column as stripped text, missing values as ''; `checked` text columns are taken as they are."""
    if checked and isinstance(column.dtype, pd.StringDtype):
        return column
    if isinstance(column.dtype, pd.CategoricalDtype):
        return categorical_text(column)
    if column.dtype == object or pd.api.types.is_string_dtype(column):
        return stripped_text(column)
    return column.astype(object).where(column.notna(), "").astype(str).str.strip()


def stripped_text(column: pd.Series) -> pd.Series:
    """A text column stripped of surrounding whitespace, missing values as ''.

    Stripping copies every string. A column whose values all begin and end with a
    visible ASCII character (looked up on the bytes, a few ms per million values)
    has nothing to strip: it is only made ``str``.

    Examples
    --------
    >>> stripped_text(pd.Series([" a ", None, "b"])).tolist(), stripped_text(pd.Series(["a", "b"])).tolist()
    (['a', '', 'b'], ['a', 'b'])
    """
    text = column.fillna("").astype("str")
    return text if _trimmed(text) else text.str.strip()


def _trimmed(text: pd.Series) -> bool:
    """True if no value of an Arrow-backed text column can need stripping (False when unsure)."""
    import pyarrow as pa

    if not hasattr(text.array, "__arrow_array__"):
        return False
    strings = text.array.__arrow_array__()
    for chunk in strings.chunks if isinstance(strings, pa.ChunkedArray) else [strings]:
        if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
            return False
        _, offsets_buffer, data_buffer = chunk.buffers()
        if len(chunk) == 0 or data_buffer is None:
            continue
        width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        offsets = np.frombuffer(offsets_buffer, dtype=width)[chunk.offset : chunk.offset + len(chunk) + 1]
        data = np.frombuffer(data_buffer, dtype=np.uint8)
        starts, ends = offsets[:-1], offsets[1:]
        written = ends > starts
        if not written.all():
            starts, ends = starts[written], ends[written]
        # Unsigned bytes: anything outside '!' (0x21) .. '~' (0x7e) wraps above 0x5d.
        if ((data[starts] - 0x21) > 0x5D).any() or ((data[ends - 1] - 0x21) > 0x5D).any():
            return False
    return True


def categorical_text(column: pd.Series) -> pd.Series:
    """A categorical column as stripped text (``str``), missing values as ''.

    Each category is written and stripped once; the rows are then filled from the
    codes by pyarrow, with no Python string per row.

    Examples
    --------
    >>> categorical_text(pd.Series(pd.Categorical([" a", None, "b ", " a"]))).tolist()
    ['a', '', 'b', 'a']
    """
    import pyarrow as pa

    words = pa.array([str(value).strip() for value in column.cat.categories] + [""], type=pa.string())
    codes = column.cat.codes.to_numpy()
    rows = words.take(np.where(codes < 0, len(words) - 1, codes))
    return pd.Series(rows.to_pandas().array, index=column.index)


def with_values(reason: str, values: pd.Series) -> pd.Series:
    """`reason` once per value, the value where it says ``{value}`` (else after it, closed by ``'``), as a column.

    The text around the value is worked out once, so a reason translated once serves every refused row.

    Examples
    --------
    >>> with_values("duration_s is negative: '{value}'", pd.Series(["-4", "-1"])).tolist()
    ["duration_s is negative: '-4'", "duration_s is negative: '-1'"]
    """
    before, marker, after = reason.partition("{value}")
    return before + values.astype(str) + (after if marker else "'")


class Refusals:
    """Which rows are refused and why; the first reason given to a row is the one kept.

    Kept sparse: a mask of the refused rows plus the messages of those rows only, built
    when they are refused. A column of messages, mostly '', would cost more than reading
    the file.

    Parameters
    ----------
    rows : int
        Number of rows of the table.

    Examples
    --------
    >>> refusals = Refusals(3)
    >>> refusals.refuse(np.array([False, True, True]), "duration_s is negative: '", pd.Series(["5", "-4", "-1"]))
    >>> refusals.refuse(np.array([True, True, False]), "missing start")
    >>> refusals.mask.tolist(), refusals.messages().tolist()
    ([True, True, True], ['missing start', "duration_s is negative: '-4'", "duration_s is negative: '-1'"])
    """

    def __init__(self, rows: int) -> None:
        self.mask = np.zeros(rows, dtype=bool)
        self._found: list[pd.Series] = []

    @classmethod
    def from_reasons(cls, reasons: pd.Series) -> Refusals:
        """Refusals from a column of reasons, '' for rows not refused."""
        texts = reasons.to_numpy(dtype=object)
        refusals = cls(len(texts))
        refusals.mask = texts != ""  # numpy compares object arrays far faster than pandas
        refusals._found = [pd.Series(texts[refusals.mask], index=np.flatnonzero(refusals.mask), dtype=object)]
        return refusals

    def refuse(self, mask: np.ndarray, reason: str, values: pd.Series | None = None) -> None:
        """Refuse the rows of `mask` not refused yet, for `reason`, with the row's value where it says ``{value}``.

        Parameters
        ----------
        mask : numpy.ndarray of bool
            One per row.
        reason : str
            The message; with `values`, ``{value}`` in it stands for the row's value (a reason
            without ``{value}`` is followed by the value and ``'``).
        values : pandas.Series, optional
            One per row; each refused row's value is quoted into its message.
        """
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        fresh = mask & ~self.mask
        if not fresh.any():
            return
        positions = np.flatnonzero(fresh)
        if values is None:
            messages = np.full(len(positions), reason, dtype=object)
        else:
            messages = with_values(reason, values[fresh]).to_numpy(dtype=object)
        self._found.append(pd.Series(messages, index=positions, dtype=object))
        self.mask[positions] = True

    def refuse_at(self, problems: pd.Series, prefix: str = "") -> None:
        """Refuse the rows of `problems` (messages indexed by row position) not refused yet.

        Parameters
        ----------
        problems : pandas.Series of str
            As `calc.readers.values.read_seconds` returns them.
        prefix : str
            Put before each message (the column's name).
        """
        if problems.empty:
            return
        positions = problems.index.to_numpy()
        fresh = ~self.mask[positions]
        if not fresh.any():
            return
        messages = (prefix + problems[fresh].astype(object)).to_numpy(dtype=object)
        self._found.append(pd.Series(messages, index=positions[fresh], dtype=object))
        self.mask[positions[fresh]] = True

    def copy(self) -> Refusals:
        """An independent copy: refusing rows in it leaves this one as it is."""
        twin = Refusals(0)
        twin.mask, twin._found = self.mask.copy(), list(self._found)
        return twin

    def messages(self) -> np.ndarray:
        """The reason of each refused row, in row order."""
        if not self._found:
            return np.array([], dtype=object)
        return pd.concat(self._found).sort_index().to_numpy(dtype=object)

    def column(self, index: pd.Index) -> pd.Series:
        """Every row's reason, '' for rows not refused."""
        reasons = pd.Series("", index=index, dtype=object)
        reasons[self.mask] = self.messages()
        return reasons


def _durations(column: pd.Series, refusals: Refusals) -> pd.Series:
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        seconds = column.astype("float64")
        text = column
        missing = seconds.isna().to_numpy()
    else:
        text = _text(column)
        missing = (text == "").to_numpy()
        seconds = pd.Series(pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64"), index=column.index)
    values = seconds.to_numpy()
    refusals.refuse(missing, _("no duration"))
    refusals.refuse(np.isnan(values) & ~missing, _("duration_s is not a number: '{value}'"), text)
    with np.errstate(invalid="ignore"):
        refusals.refuse(values < 0, _("duration_s is negative: '{value}'"), text)
        refusals.refuse(np.isinf(values) | (values > MAX_DURATION_S), _("duration_s is out of range: '{value}'"), text)
    return seconds


def _starts(column: pd.Series, refusals: Refusals) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(column):
        starts = column
        missing = column.isna().to_numpy()
        text = column
    else:
        text = _text(column)
        missing = (text == "").to_numpy()
        starts = pd.to_datetime(text, errors="coerce", format="ISO8601", utc=True)
        # Keep the wall-clock time written in the file; zone handling is the importer's job.
        naive = pd.to_datetime(text, errors="coerce", format="ISO8601")
        starts = naive if not isinstance(naive.dtype, pd.DatetimeTZDtype) else starts
    if isinstance(starts.dtype, pd.DatetimeTZDtype):
        starts = starts.dt.tz_localize(None)
    refusals.refuse(missing, _("missing start"))
    refusals.refuse(starts.isna().to_numpy() & ~missing, _("unreadable start: '{value}'"), text)
    starts = starts.astype("datetime64[us]")
    # Exports write 1970-01-01 (epoch 0) or 1900-01-01 for "no time": such a start is no call's.
    values = starts.to_numpy()
    with np.errstate(invalid="ignore"):
        outside = ~np.isnat(values) & ((values < EARLIEST_START) | (values >= LATEST_START))
    refusals.refuse(
        outside, _("start is a placeholder or out of range (before 1990-01-01 or from 2100-01-01 on): '{value}'"), text
    )
    return starts


def _distinct(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes and distinct values (stripped, lower case) of a text column with few distinct values.

    Missing values have code -1, which picks the last word, ''.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, uniques = column.cat.codes.to_numpy(), column.cat.categories
    else:
        codes, uniques = pd.factorize(column.fillna(""), use_na_sentinel=True)
    words = np.array([str(value).strip().lower() for value in uniques] + [""], dtype=object)
    return codes, words


def _flag(column: pd.Series | None, default: np.ndarray, field: str, refusals: Refusals) -> np.ndarray:
    """A true/false column; empty cells take `default`, other words refuse the row."""
    if column is None:
        return default
    if pd.api.types.is_bool_dtype(column):
        return column.fillna(False).to_numpy(dtype=bool) | (column.isna().to_numpy() & default)
    codes, words = _distinct(column)
    # Per distinct word: 1 true, 0 false, 2 empty (the default applies), 3 neither.
    kinds = np.array([1 if w in _TRUE else 0 if w in _FALSE else 2 if w == "" else 3 for w in words], dtype=np.int8)
    if codes.min(initial=0) >= 0 and not np.isin(kinds[:-1], (2, 3)).any():
        return (kinds == 1)[codes]  # every value true or false: no default, nothing refused
    kind = kinds[codes]
    if (kinds == 3).any():
        # {value} stays for `refuse` to fill with each row's value.
        reason = _("{field} must be true or false, got '{value}'").format(field=field, value="{value}")
        refusals.refuse(kind == 3, reason, column)
    return (kind == 1) | ((kind == 2) & default)


def _choice(
    column: pd.Series | None, allowed: tuple[str, ...], default: str, field: str, refusals: Refusals
) -> pd.Categorical:
    if column is None:
        return pd.Categorical.from_codes(np.full(len(refusals.mask), allowed.index(default)), categories=allowed)
    codes, words = _distinct(column)
    words[words == ""] = default
    known = np.array([allowed.index(word) if word in allowed else -1 for word in words], dtype=np.int8)
    if codes.min(initial=0) >= 0 and (known[:-1] == np.arange(len(known) - 1)).all():
        return pd.Categorical.from_codes(codes.copy(), categories=allowed, validate=False)  # same order: codes stay
    choices = known[codes]
    if (known < 0).any():  # the words of the unknown rows only: a column of them costs more than the check
        reason = _("unknown {field} '{value}'").format(field=field, value="{value}")  # each row's value: by `refuse`
        refusals.refuse(choices < 0, reason, pd.Series(words[codes]))
    return pd.Categorical.from_codes(choices, categories=allowed, validate=False)


def normalize_records(
    frame: pd.DataFrame,
    source: str,
    lines: np.ndarray | None = None,
    *,
    reasons: pd.Series | Refusals | None = None,
    raw: pd.DataFrame | None = None,
    separator: str = ",",
    checked: bool = False,
) -> CallLog:
    """Check and convert a table whose columns carry the record field names.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns named as `RECORD_FIELDS` (case-insensitive); only ``duration_s``
        is required. Values may be text or already typed.
    source : str
        File name for messages.
    lines : numpy.ndarray of int, optional
        Line number of each row in the source; default 1, 2, 3, ...
    reasons : pandas.Series of str or Refusals, optional
        Reasons already found for refusing rows ('' for none); they win over later ones.
    raw : pandas.DataFrame, optional
        The source cells, to show refused rows as they were written (default `frame`).
    separator : str
        Joins the raw cells of a refused row.
    checked : bool
        True when the importer has already cleaned the text columns (``str`` values
        stripped, no missing values): they are then taken as they are rather than
        stripped a second time, and `lines` is handed over rather than copied.
        Every other check still runs.

    Returns
    -------
    CallLog

    Raises
    ------
    InputError
        If there is no ``duration_s`` column.

    Examples
    --------
    >>> log = normalize_records(pd.DataFrame({"duration_s": ["61", "-1", ""]}), "x.csv")
    >>> len(log.records), log.rejected["reason"].tolist()
    (1, ["duration_s is negative: '-1'", 'no duration'])
    """
    raw = frame if raw is None else raw
    frame = frame.rename(columns=lambda name: str(name).strip().lower()).reset_index(drop=True)
    if lines is None:
        lines = np.arange(1, len(frame) + 1)
    else:  # the records' own copy, unless the importer hands its array over
        lines = np.asarray(lines, dtype=np.int64) if checked else np.array(lines, dtype=np.int64)
    if "duration_s" not in frame.columns:
        found = ", ".join(map(str, frame.columns)) or _("none")
        raise InputError(
            _("{source}: no duration_s column (columns found: {found})").format(source=source, found=found)
        )
    if reasons is None:
        refusals = Refusals(len(frame))
    elif isinstance(reasons, Refusals):
        refusals = reasons.copy()
    else:
        refusals = Refusals.from_reasons(reasons)
    durations = _durations(frame["duration_s"], refusals)
    if "start" in frame.columns:
        starts = _starts(frame["start"], refusals)
    else:
        starts = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[us]")
    channel = _choice(frame.get("channel"), CHANNELS, "voice", "channel", refusals)
    default = answered_default(durations.to_numpy(), channel.codes)
    answered = _flag(frame.get("answered"), default, "answered", refusals)
    resolved = _flag(frame.get("resolved"), np.zeros(len(frame), dtype=bool), "resolved", refusals)
    direction = _choice(frame.get("direction"), DIRECTIONS, "", "direction", refusals)
    agent = _text(frame["agent"], checked) if "agent" in frame.columns else ""
    destination = _text(frame["destination"], checked) if "destination" in frame.columns else ""
    records = pd.DataFrame(
        {
            "line": lines,
            "start": starts,
            "duration_s": durations,
            "channel": channel,
            "direction": direction,
            "answered": answered,
            "agent": agent,
            "destination": destination,
            "resolved": resolved,
        },
        copy=False,  # every array above is new (or handed over); Series are protected by copy-on-write
    )
    bad = refusals.mask
    rejected = pd.DataFrame(
        {
            "line": lines[bad],
            "raw": _raw_rows(raw.iloc[np.flatnonzero(bad)], separator) if bad.any() else [],
            "reason": refusals.messages(),
        }
    )
    kept = records.loc[~bad].reset_index(drop=True) if bad.any() else records
    return CallLog(records=kept, rejected=rejected.reset_index(drop=True), source=source)


def _raw_rows(frame: pd.DataFrame, separator: str) -> list[str]:
    """The refused rows written back as text (only refused rows, which are few)."""
    rows = frame.itertuples(index=False)
    return [separator.join("" if pd.isna(v) else str(v) for v in row) for row in rows]
