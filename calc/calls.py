"""Call logs: read a file or DataFrame into normalized records (section 1 of the rules).

Every input row ends up either in ``CallLog.records`` or in
``CallLog.rejected`` with its line number, raw text and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from calc.errors import InputError

__all__ = [
    "RECORD_FIELDS",
    "CHANNELS",
    "DIRECTIONS",
    "CallLog",
    "categorical_text",
    "normalize_records",
    "read_calls",
]

RECORD_FIELDS = ("start", "duration_s", "channel", "direction", "answered", "agent", "destination")
CHANNELS = ("voice", "sms", "chat", "email", "social", "web")
DIRECTIONS = ("", "inbound", "outbound")
_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}
MAX_DURATION_S = 10**9  # [s], about 31 years: anything longer is a unit mistake, not a call


@dataclass(frozen=True)
class CallLog:
    """Normalized records and the rows refused on the way.

    Attributes
    ----------
    records : pandas.DataFrame
        One row per record: ``line`` (where it came from), then the fields of
        `RECORD_FIELDS`. ``start`` is naive local time (all NaT when the log has
        no timestamps), ``duration_s`` float seconds, ``answered`` bool, the rest text.
    rejected : pandas.DataFrame
        ``line``, ``raw`` and ``reason`` of each refused row.
    source : str
        File name or description, for messages.
    """

    records: pd.DataFrame
    rejected: pd.DataFrame
    source: str

    @property
    def has_time(self) -> bool:
        """True when records carry timestamps (months, schedules and coverage need them)."""
        return bool(len(self.records)) and bool(self.records["start"].notna().all())


def _text(column: pd.Series, checked: bool = False) -> pd.Series:
    """A column as stripped text, missing values as ''; `checked` text columns are taken as they are."""
    if checked and isinstance(column.dtype, pd.StringDtype):
        return column
    if isinstance(column.dtype, pd.CategoricalDtype):
        return categorical_text(column)
    if column.dtype == object or pd.api.types.is_string_dtype(column):
        return column.fillna("").astype(str).str.strip()
    return column.astype(object).where(column.notna(), "").astype(str).str.strip()


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


def _reject(reasons: pd.Series, mask: np.ndarray, reason: str, values: pd.Series | None = None) -> None:
    """Record the first reason for each newly refused row; `values` are quoted into the message.

    Messages are built only for the refused rows: a whole column of them would cost more
    than reading the file.
    """
    mask = np.asarray(mask)
    if not mask.any():
        return
    fresh = mask & (reasons.to_numpy(dtype=object) == "")  # numpy compares object arrays faster than pandas
    if fresh.any():
        reasons[fresh] = reason if values is None else reason + values[fresh].astype(str) + "'"


def _durations(column: pd.Series, reasons: pd.Series) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        values = column.astype("float64").to_numpy()
        text = column
        missing = np.isnan(values)
    else:
        text = _text(column)
        missing = (text == "").to_numpy()
        values = pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64")
    _reject(reasons, missing, "no duration")
    _reject(reasons, np.isnan(values) & ~missing, "duration_s is not a number: '", text)
    with np.errstate(invalid="ignore"):
        _reject(reasons, values < 0, "duration_s is negative: '", text)
        _reject(reasons, np.isinf(values) | (values > MAX_DURATION_S), "duration_s is out of range: '", text)
    return values


def _starts(column: pd.Series, reasons: pd.Series) -> pd.Series:
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
    _reject(reasons, missing, "missing start")
    _reject(reasons, starts.isna().to_numpy() & ~missing, "unreadable start: '", text)
    return starts.astype("datetime64[us]")


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


def _answered(column: pd.Series | None, durations: np.ndarray, reasons: pd.Series) -> np.ndarray:
    default = np.nan_to_num(durations) > 0
    if column is None:
        return default
    if pd.api.types.is_bool_dtype(column):
        return column.fillna(False).to_numpy(dtype=bool) | (column.isna().to_numpy() & default)
    codes, words = _distinct(column)
    # Per distinct word: 1 true, 0 false, 2 empty (the default applies), 3 neither.
    kinds = np.array([1 if w in _TRUE else 0 if w in _FALSE else 2 if w == "" else 3 for w in words], dtype=np.int8)
    kind = kinds[codes]
    _reject(reasons, kind == 3, "answered must be true or false, got '", column)
    return (kind == 1) | ((kind == 2) & default)


def _choice(
    column: pd.Series | None, allowed: tuple[str, ...], default: str, field: str, reasons: pd.Series
) -> pd.Categorical:
    if column is None:
        return pd.Categorical.from_codes(np.full(len(reasons), allowed.index(default)), categories=allowed)
    codes, words = _distinct(column)
    words[words == ""] = default
    known = np.array([allowed.index(word) if word in allowed else -1 for word in words], dtype=np.int64)
    unknown = (known < 0)[codes]
    if unknown.any():  # the words of the unknown rows only: a column of them costs more than the check
        _reject(reasons, unknown, f"unknown {field} '", pd.Series(words[codes], index=reasons.index))
    return pd.Categorical.from_codes(known[codes], categories=allowed, validate=False)


def normalize_records(
    frame: pd.DataFrame,
    source: str,
    lines: np.ndarray | None = None,
    *,
    reasons: pd.Series | None = None,
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
    reasons : pandas.Series of str, optional
        Reasons already found for refusing rows ('' for none); they win over later ones.
    raw : pandas.DataFrame, optional
        The source cells, to show refused rows as they were written (default `frame`).
    separator : str
        Joins the raw cells of a refused row.
    checked : bool
        True when the importer has already cleaned the text columns (``str`` values
        stripped, no missing values): they are then taken as they are rather than
        stripped a second time. Every other check still runs.

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
    lines = np.arange(1, len(frame) + 1) if lines is None else np.asarray(lines, dtype=np.int64)
    if "duration_s" not in frame.columns:
        found = ", ".join(map(str, frame.columns)) or "none"
        raise InputError(f"{source}: no duration_s column (columns found: {found})")
    reasons = (
        pd.Series("", index=frame.index, dtype=object)
        if reasons is None
        else pd.Series(reasons.to_numpy(dtype=object), index=frame.index, dtype=object)
    )
    durations = _durations(frame["duration_s"], reasons)
    if "start" in frame.columns:
        starts = _starts(frame["start"], reasons)
    else:
        starts = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[us]")
    answered = _answered(frame.get("answered"), durations, reasons)
    channel = _choice(frame.get("channel"), CHANNELS, "voice", "channel", reasons)
    direction = _choice(frame.get("direction"), DIRECTIONS, "", "direction", reasons)
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
        }
    )
    bad = reasons.to_numpy(dtype=object) != ""
    rejected = pd.DataFrame(
        {
            "line": lines[bad],
            "raw": _raw_rows(raw.iloc[np.flatnonzero(bad)], separator) if bad.any() else [],
            "reason": reasons[bad].to_numpy(dtype=object),
        }
    )
    kept = records.loc[~bad].reset_index(drop=True) if bad.any() else records
    return CallLog(records=kept, rejected=rejected.reset_index(drop=True), source=source)


def _raw_rows(frame: pd.DataFrame, separator: str) -> list[str]:
    """The refused rows written back as text (only refused rows, which are few)."""
    rows = frame.itertuples(index=False)
    return [separator.join("" if pd.isna(v) else str(v) for v in row) for row in rows]


def read_calls(source: str | Path | bytes | pd.DataFrame, name: str | None = None, **options: object) -> CallLog:
    """Read a call log in any supported format (see `calc.importing.import_calls`).

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
    from calc.importing import import_calls

    return import_calls(source, name, **options).log
