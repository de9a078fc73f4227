"""Call logs: read a file or DataFrame into normalized records (section 1 of the rules).

Every input row ends up either in ``CallLog.records`` or in
``CallLog.rejected`` with its line number, raw text and the reason.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from calc.errors import InputError

__all__ = ["RECORD_FIELDS", "CHANNELS", "DIRECTIONS", "CallLog", "normalize_records", "read_calls"]

RECORD_FIELDS = ("start", "duration_s", "channel", "direction", "answered", "agent", "destination")
CHANNELS = ("voice", "sms", "chat", "email", "social", "web")
DIRECTIONS = ("", "inbound", "outbound")
_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}
_MAX_DURATION_S = 10**9  # about 31 years: anything longer is a unit mistake, not a call


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


def _text(column: pd.Series) -> pd.Series:
    """A column as stripped text, missing values as ''."""
    if column.dtype == object or pd.api.types.is_string_dtype(column):
        return column.fillna("").astype(str).str.strip()
    return column.astype(object).where(column.notna(), "").astype(str).str.strip()


def _reject(reasons: pd.Series, mask: pd.Series | np.ndarray, reason: pd.Series | str) -> None:
    """Record the first reason for each newly refused row."""
    fresh = np.asarray(mask) & (reasons == "").to_numpy()
    if fresh.any():
        reasons[fresh] = reason if isinstance(reason, str) else reason[fresh]


def _durations(column: pd.Series, reasons: pd.Series) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        values = column.astype("float64").to_numpy()
        text = column.astype(str)
        missing = np.isnan(values)
    else:
        text = _text(column)
        missing = (text == "").to_numpy()
        values = pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64")
    _reject(reasons, missing, "no duration")
    _reject(reasons, np.isnan(values) & ~missing, "duration_s is not a number: '" + text + "'")
    with np.errstate(invalid="ignore"):
        _reject(reasons, values < 0, "negative duration_s: " + text)
        _reject(
            reasons,
            np.isinf(values) | (values > _MAX_DURATION_S),
            "duration_s out of range: " + text,
        )
    return values


def _starts(column: pd.Series, reasons: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(column):
        starts = column
        missing = column.isna().to_numpy()
        text = column.astype(str)
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
    _reject(reasons, starts.isna().to_numpy() & ~missing, "unreadable start: '" + text + "'")
    return starts.astype("datetime64[us]")


def _answered(column: pd.Series | None, durations: np.ndarray, reasons: pd.Series) -> np.ndarray:
    default = np.nan_to_num(durations) > 0
    if column is None:
        return default
    if pd.api.types.is_bool_dtype(column):
        return column.fillna(False).to_numpy(dtype=bool) | (column.isna().to_numpy() & default)
    text = _text(column).str.lower()
    yes = text.isin(_TRUE).to_numpy()
    no = text.isin(_FALSE).to_numpy()
    empty = (text == "").to_numpy()
    _reject(reasons, ~(yes | no | empty), "answered must be true or false, got '" + text + "'")
    return yes | (empty & default)


def _choice(
    column: pd.Series | None, allowed: tuple[str, ...], default: str, field: str, reasons: pd.Series
) -> pd.Series:
    if column is None:
        return pd.Series(default, index=reasons.index, dtype=object)
    text = _text(column).str.lower()
    text = text.where(text != "", default)
    known = text.isin(allowed).to_numpy()
    _reject(reasons, ~known, f"unknown {field} '" + text + "'")
    return text


def normalize_records(frame: pd.DataFrame, source: str, lines: np.ndarray | None = None) -> CallLog:
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
    (1, ['negative duration_s: -1', 'no duration'])
    """
    frame = frame.rename(columns=lambda name: str(name).strip().lower()).reset_index(drop=True)
    lines = np.arange(1, len(frame) + 1) if lines is None else np.asarray(lines, dtype=np.int64)
    if "duration_s" not in frame.columns:
        found = ", ".join(map(str, frame.columns)) or "none"
        raise InputError(f"{source}: no duration_s column (columns found: {found})")
    reasons = pd.Series("", index=frame.index, dtype=object)
    durations = _durations(frame["duration_s"], reasons)
    if "start" in frame.columns:
        starts = _starts(frame["start"], reasons)
    else:
        starts = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[us]")
    answered = _answered(frame.get("answered"), durations, reasons)
    channel = _choice(frame.get("channel"), CHANNELS, "voice", "channel", reasons)
    direction = _choice(frame.get("direction"), DIRECTIONS, "", "direction", reasons)
    agent = _text(frame["agent"]) if "agent" in frame.columns else ""
    destination = _text(frame["destination"]) if "destination" in frame.columns else ""
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
    bad = (reasons != "").to_numpy()
    rejected = pd.DataFrame(
        {
            "line": lines[bad],
            "raw": _raw_rows(frame.loc[bad]),
            "reason": reasons[bad].to_numpy(dtype=object),
        }
    )
    kept = records.loc[~bad].reset_index(drop=True)
    return CallLog(records=kept, rejected=rejected.reset_index(drop=True), source=source)


def _raw_rows(frame: pd.DataFrame) -> list[str]:
    """The refused rows written back as comma-separated text (only refused rows: few)."""
    return [
        ",".join("" if pd.isna(v) else str(v) for v in row) for row in frame.itertuples(index=False)
    ]


def combine(logs: list[CallLog], source: str) -> CallLog:
    """Join already-normalized parts of one file (e.g. the fast and the exact CSV path)."""
    records = pd.concat([log.records for log in logs], ignore_index=True)
    rejected = pd.concat([log.rejected for log in logs], ignore_index=True)
    return CallLog(records=records, rejected=rejected, source=source)


# --- files --------------------------------------------------------------------


def _decode(data: bytes, source: str) -> str:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{source}: this is a binary file, not a call log")
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _blank_line_numbers(data: bytes) -> np.ndarray:
    """1-based numbers of the blank physical lines of `data` (numpy over the bytes)."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(buffer == 10)
    if len(buffer) and buffer[-1] != 10:
        ends = np.append(ends, len(buffer))
    starts = np.concatenate(([0], ends[:-1] + 1))
    length = ends - starts
    carriage = (length == 1) & (buffer[np.minimum(starts, len(buffer) - 1)] == 13)
    return np.flatnonzero((length == 0) | carriage) + 1, len(ends)


def _read_csv_fast(data: bytes, header: list[str]) -> tuple[pd.DataFrame, np.ndarray] | None:
    """Pyarrow's reader when the file is regular; None to ask for the exact path."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    irregular: list[int] = []

    def note_irregular(row: object) -> str:
        irregular.append(1)
        return "skip"

    names = [f"column {n}" if not name else name for n, name in enumerate(header, start=1)]
    if len(set(names)) != len(names):
        return None
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(invalid_row_handler=note_irregular),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        return None
    blank, line_count = _blank_line_numbers(data)
    candidates = np.setdiff1d(np.arange(2, line_count + 1), blank, assume_unique=True)
    if irregular or len(candidates) != table.num_rows:
        return None
    return table.to_pandas(), candidates


def _read_csv_exact(text: str, source: str, header: list[str]) -> CallLog:
    """Row by row with the csv module: exact line numbers, ragged rows refused."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)
    rows, lines, ragged = [], [], []
    width = len(header)
    line = reader.line_num
    for row in reader:
        first_line, line = line + 1, reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != width:
            ragged.append((first_line, ",".join(row), f"expected {width} fields, found {len(row)}"))
            continue
        rows.append(row)
        lines.append(first_line)
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    log = normalize_records(frame, source, np.asarray(lines, dtype=np.int64))
    refused = pd.DataFrame(ragged, columns=["line", "raw", "reason"])
    rejected = pd.concat([log.rejected, refused], ignore_index=True).sort_values(
        "line", kind="stable"
    )
    return CallLog(log.records, rejected.reset_index(drop=True), source)


def read_calls(source: str | Path | pd.DataFrame, name: str | None = None) -> CallLog:
    """Read a call log in the canonical layout (CSV or Parquet file, or a DataFrame).

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        A ``.csv`` (comma-separated, header row with the field names of
        section 1) or ``.parquet`` file, or a table with those columns.
    name : str, optional
        Name for messages (default: the file name).

    Returns
    -------
    CallLog

    Raises
    ------
    InputError
        If the file is missing, binary, empty or has no ``duration_s`` column.
    """
    if isinstance(source, pd.DataFrame):
        return normalize_records(source, name or "<table>")
    path = Path(source)
    label = name or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except OSError as error:
        raise InputError(f"{label}: cannot read the file ({error.strerror})") from None
    if path.suffix.lower() == ".parquet":
        return _read_parquet(data, label)
    return read_csv_bytes(data, label)


def _read_parquet(data: bytes, label: str) -> CallLog:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        frame = pq.read_table(io.BytesIO(data)).to_pandas()
    except (pa.ArrowException, OSError) as error:
        raise InputError(f"{label}: not a readable Parquet file ({error})") from None
    return normalize_records(frame, label)


def read_csv_bytes(data: bytes, label: str) -> CallLog:
    """Read canonical comma-separated text (see `read_calls`)."""
    text = _decode(data, label)
    if not text.strip():
        raise InputError(f"{label}: the file is empty")
    header = next(csv.reader(io.StringIO(text)))
    header = [column.strip() for column in header]
    if "duration_s" not in {column.lower() for column in header}:
        found = ", ".join(header)
        raise InputError(f"{label}: no duration_s column (columns found: {found})")
    utf8 = text.encode("utf-8")
    fast = _read_csv_fast(utf8, header)
    if fast is None:
        return _read_csv_exact(text, label, header)
    frame, lines = fast
    return normalize_records(frame, label, lines)
