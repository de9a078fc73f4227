"""A Parquet call log read straight into the numpy columns pricing needs, without pandas.

The command line's ``compare`` of a Parquet file in Tariff Compare's own record
fields (``start``, ``duration_s``, ``channel``, ...) reads here: pyarrow reads
only the columns pricing uses, on its threads, a row group or a piece at a time;
text columns come as Arrow dictionaries, so each distinct word is checked once
and the rows are codes; numbers are taken from the Arrow buffers. `read_prepared`
gives the `calc.prepared.PreparedLog` that `calc.prepared.prepare` would make
from the importer's `calc.calls.CallLog`, with the same records in the same
order and the same number of refused rows (the rules of
`calc.calls.normalize_records`); `compare_parquet` prices the log piece by piece
when the tariffs allow it (`calc.partials`), holding one piece in memory.

Anything this path does not read exactly as the importer does (another layout,
an unusual column type, a time zone, a file the importer would refuse, a log
with no record left) makes `read_prepared` answer None, and the caller imports
the file the normal way (`calc.readers.import_calls`). The normalized log itself
(agents, dialled numbers, the refused rows' lines and reasons) is made by the
importer when something asks for it; pricing without seats counted from agents
or rate decks never does.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from calc.limits import MAX_LOG_COLUMNS, MAX_LOG_FILE_BYTES, MAX_LOG_ROWS
from calc.prepared import BLOCK_RECORDS, PreparedLog, prepare_columns
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

if TYPE_CHECKING:
    from calc.rating import Comparison
    from calc.tariff import Tariff

__all__ = ["read_prepared", "compare_parquet", "is_record_parquet", "PRICED_FIELDS", "PIECE_ROWS"]

#: The record fields pricing reads; ``agent`` and ``destination`` are read by the importer when asked for.
PRICED_FIELDS = ("start", "duration_s", "channel", "direction", "answered", "resolved")
#: Records priced at once when the tariffs allow pricing a log piece by piece [records]: one pricing block,
#: a few MB (larger pieces cost more memory and save no time).
PIECE_ROWS = BLOCK_RECORDS
_FOOTER_LIMITS = {"thrift_string_size_limit": 64 << 20, "thrift_container_size_limit": 1_000_000}  # as check_parquet


def read_prepared(path: str | Path, name: str | None = None) -> PreparedLog | None:
    """A Parquet call log in record fields, prepared for pricing; None when the importer must read it.

    Parameters
    ----------
    path : str or pathlib.Path
        The file.
    name : str, optional
        Name for messages (default: `path`).

    Returns
    -------
    PreparedLog or None
        Equal to ``prepare(import_calls(path).log)`` in every column, month and
        count; its ``log`` is imported on first use. None for anything else than a
        readable Parquet file whose columns are all record fields (or ``line``) of
        plain types, without time zone, with at least one record kept.

    Examples
    --------
    >>> import pyarrow as pa, pyarrow.parquet as pq, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "calls.parquet")
    >>> pq.write_table(pa.table({"duration_s": [61.0, -1.0, 30.0], "channel": ["voice", "voice", "fax"]}), path)
    >>> log = read_prepared(path)
    >>> log.records, log.rejected, log.ceil_s.tolist()
    (1, 2, [61])
    >>> pq.write_table(pa.table({"Dauer": [61.0]}), path)
    >>> read_prepared(path) is None  # not in record fields: the importer finds the layout
    True
    """
    label = name or str(path)
    columns = _record_columns(str(path))
    if columns is None:
        return None
    source = _parquet_file(path, columns)
    rows = source.metadata.num_rows
    # Filled a row group at a time: the file's Arrow columns are never all in memory at once.
    filled = _new_columns(rows, "start" in columns)
    first = 0
    try:
        for read in _pieces(source, columns):
            part = slice(first, first + _length(read))
            first = part.stop
            if first > rows:
                return None
            _fill(filled, read, part)
    except _NotRead:
        return None
    rejected = int(filled["refused"].sum())
    if first != rows or rejected == rows:
        return None  # every row refused: the importer's message names the most common reason
    return _prepared(filled, lambda: _imported(path, label, rows - rejected))


def compare_parquet(path: str | Path, tariffs: list[Tariff], name: str | None = None) -> Comparison | None:
    r"""``compare`` of a Parquet log in record fields, totals only; None when the importer must read it.

    Tariffs that need nothing but the columns pricing reads (no seats counted from
    agents or peak concurrency, no rate deck, no covering team) price the log
    `PIECE_ROWS` records at a time (`calc.partials`), so that only a piece of the
    log is ever in memory (per_minute components priced by length only count each
    piece's calls by month and length, `calc.piece_lengths`); seats from peak concurrency and covering teams price the
    whole log from `read_prepared`; agents and rate decks need the normalized log,
    which the importer makes (None).

    Parameters
    ----------
    path : str or pathlib.Path
    tariffs : list of Tariff
    name : str, optional
        Name for messages (default: `path`).

    Returns
    -------
    Comparison or None
        What ``compare(import_calls(path).log, tariffs, records=False)`` gives, to the
        last digit; None where `read_prepared` says None.

    Raises
    ------
    InputError
        What pricing refuses (two tariffs of one name, seats the log cannot count).

    Examples
    --------
    >>> import pyarrow as pa, pyarrow.parquet as pq, tempfile, os
    >>> from calc.tariff import parse_tariffs
    >>> path = os.path.join(tempfile.mkdtemp(), "calls.parquet")
    >>> pq.write_table(pa.table({"duration_s": [61.0, 30.0]}), path, row_group_size=1)
    >>> tariffs = parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 0.07}]")
    >>> compare_parquet(path, tariffs).results[0].total
    Decimal('0.21')
    """
    from calc.rating import compare

    if _needs_log(tariffs):
        return None  # agents or dialled numbers: the importer reads the log once, as it reads them
    if not _in_pieces(tariffs):
        prepared = read_prepared(path, name)
        return None if prepared is None else compare(prepared, tariffs, records=False)
    from calc.partials import check_partitionable, combine, finish, partial_of
    from calc.piece_lengths import LengthTally

    check_partitionable(tariffs)
    columns = _record_columns(str(path))
    if columns is None:
        return None
    # Components priced by length: each piece's calls counted by month and length, priced once at the end.
    tally = LengthTally(tariffs, has_time="start" in columns)
    total = None
    pieces = _pieces(_parquet_file(path, columns), columns, PIECE_ROWS)
    try:
        # Read, converted and sorted on a thread while the piece before is counted and priced.
        for prepared in _read_ahead(_prepared_pieces(pieces, "start" in columns)):
            tally.add(prepared)
            partial = partial_of(prepared, tariffs, rejected=prepared.rejected, left_out=tally.left_out)
            total = partial if total is None else combine(total, partial)
    except _NotRead:
        return None
    if total is None or not total.records:
        return None  # every row refused: the importer's message names the most common reason
    tally.price_into(total)
    return finish(total, tariffs)


def is_record_parquet(path: str | Path) -> bool:
    """True for a Parquet file in record fields that this module reads (the importer reads every other file).

    Examples
    --------
    >>> is_record_parquet("data/logs/support_desk.csv")
    False
    """
    return _record_columns(str(path)) is not None


def _needs_log(tariffs: list[Tariff]) -> bool:
    """True when a tariff counts agents or rates dialled numbers: columns only the importer reads."""
    from calc.components import PerMinute, PerSeat

    return any(
        (isinstance(component, PerSeat) and component.seats == "agents")
        or (isinstance(component, PerMinute) and component.destinations is not None)
        for tariff in tariffs
        for component in tariff.components
    )


def _in_pieces(tariffs: list[Tariff]) -> bool:
    """True when every tariff prices from the columns read here alone, records in any order."""
    from calc.components import PerMinute, PerSeat

    for tariff in tariffs:
        if tariff.covering_team is not None:
            return False
        for component in tariff.components:
            if isinstance(component, PerSeat) and component.seats in ("agents", "peak_concurrent"):
                return False
            if isinstance(component, PerMinute) and component.destinations is not None:
                return False
    return True


def _whole_log_only() -> CallLog:
    raise RuntimeError("a piece of a Parquet log has no normalized log: price such tariffs with read_prepared")


def _parquet_file(path: str | Path, columns: dict[str, str]) -> object:
    import pyarrow.parquet as pq

    text = [column for field, column in columns.items() if field in ("channel", "direction")]
    # ParquetFile, not read_table: that loads pyarrow.dataset, longer to import than 1M rows take to read;
    # not buffering a row group's pages ahead keeps a piece's memory to the piece (and costs no time here).
    return pq.ParquetFile(path, read_dictionary=text, pre_buffer=False, **_FOOTER_LIMITS)


def _pieces(source: object, columns: dict[str, str], rows: int | None = None) -> Iterator[dict[str, list]]:
    """Record field -> Arrow arrays of each row group (or of each `rows` rows) of the file, one after another.

    Raises
    ------
    _NotRead
        A damaged page: the importer says what is wrong.
    """
    import pyarrow as pa

    names = list(columns.values())
    if rows is None:
        pieces = (source.read_row_group(group, columns=names) for group in range(source.num_row_groups))
    else:
        pieces = source.iter_batches(rows, columns=names)
    try:
        for piece in pieces:
            arrays = {field: piece.column(name) for field, name in columns.items()}
            yield {field: getattr(array, "chunks", [array]) for field, array in arrays.items()}  # a batch: one
    except (pa.ArrowException, OSError, ValueError, KeyError, UnicodeDecodeError):
        raise _NotRead from None


def _prepared_pieces(pieces: Iterator[dict[str, list]], has_time: bool) -> Iterator[PreparedLog]:
    """Each piece's records that are not refused, prepared for pricing (with no normalized log of its own)."""
    for read in pieces:
        piece = _new_columns(_length(read), has_time)
        _fill(piece, read, slice(0, len(piece["refused"])))
        del read
        yield _prepared(piece, _whole_log_only)


def _read_ahead(pieces: Iterator) -> Iterator:
    """The pieces, each made on a thread while the one before is priced (pyarrow and numpy release the GIL)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as reader:
        upcoming = reader.submit(next, pieces, None)
        while (piece := upcoming.result()) is not None:
            upcoming = reader.submit(next, pieces, None)
            yield piece


def _length(read: dict[str, list]) -> int:
    return sum(len(chunk) for chunk in read["duration_s"])


def _new_columns(rows: int, has_time: bool) -> dict[str, np.ndarray | None]:
    """Room for the columns of `rows` records, and which are refused (none yet)."""
    return {
        "start_us": np.empty(rows, dtype=np.int64) if has_time else None,
        "duration_s": np.empty(rows, dtype=np.float64),
        "channel": np.empty(rows, dtype=np.int8),
        "direction": np.empty(rows, dtype=np.int8),
        "answered": np.empty(rows, dtype=bool),
        "resolved": np.empty(rows, dtype=bool),
        "refused": np.zeros(rows, dtype=bool),
    }


def _fill(columns: dict[str, np.ndarray | None], read: dict[str, list], part: slice) -> None:
    """Convert the Arrow arrays of `read` into the records `part` of `columns`, refusing rows as the importer does."""
    if part.stop == part.start:
        return
    refused = columns["refused"][part]
    columns["duration_s"][part] = _durations(read["duration_s"], refused)
    if columns["start_us"] is not None:
        columns["start_us"][part] = _starts(read["start"], refused)
    channel = columns["channel"][part]
    channel[:] = _codes(read.get("channel"), CHANNELS, "voice", refused)
    columns["direction"][part] = _codes(read.get("direction"), DIRECTIONS, "", refused)
    columns["answered"][part] = _flags(read.get("answered"), answered_default(columns["duration_s"][part], channel))
    columns["resolved"][part] = _flags(read.get("resolved"), np.zeros(len(channel), dtype=bool))


def _prepared(columns: dict[str, np.ndarray | None], call_log: Callable[[], CallLog]) -> PreparedLog:
    """The columns' records that are not refused, prepared for pricing."""
    refused = columns.pop("refused")
    rejected = int(refused.sum())
    if rejected:
        kept = ~refused
        columns = {field: None if values is None else values[kept] for field, values in columns.items()}
    return prepare_columns(call_log, rejected_rows=rejected, **columns)


def _record_columns(path: str) -> dict[str, str] | None:
    """Record field -> the file's column of each field pricing reads; None unless the file is one this path reads."""
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as file:
            magic = file.read(4)
    except OSError:
        return None
    if magic != b"PAR1" or size > MAX_LOG_FILE_BYTES:
        return None
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        footer = pq.ParquetFile(path, **_FOOTER_LIMITS)
        schema, rows = footer.schema_arrow, footer.metadata.num_rows
        pandas_index = (schema.pandas_metadata or {}).get("index_columns", [])
    except Exception:  # noqa: BLE001 - the importer names what is wrong with the file
        return None
    if rows > MAX_LOG_ROWS or len(schema) > MAX_LOG_COLUMNS or any(isinstance(c, str) for c in pandas_index):
        return None  # refused by the importer, or a pandas index it would not read as a column
    fields = [str(column.name).strip().lower() for column in schema]
    if len(set(fields)) < len(fields) or "duration_s" not in fields or not set(fields) <= {*RECORD_FIELDS, "line"}:
        return None  # another layout: found by the importer
    for field, column in zip(fields, schema, strict=True):
        if not _plain(field, column.type, pa):
            return None
    return {field: column.name for field, column in zip(fields, schema, strict=True) if field in PRICED_FIELDS}


def _plain(field: str, kind: object, pa: object) -> bool:
    """True for the column types read here as the importer reads them."""
    text = pa.types.is_string(kind) or pa.types.is_large_string(kind)
    if pa.types.is_dictionary(kind):
        text = pa.types.is_string(kind.value_type) or pa.types.is_large_string(kind.value_type)
    number = pa.types.is_integer(kind) or pa.types.is_float32(kind) or pa.types.is_float64(kind)
    if field == "duration_s":
        return number
    if field == "start":
        return pa.types.is_timestamp(kind) and kind.tz is None
    if field in ("channel", "direction"):
        return text
    if field in ("answered", "resolved"):
        return pa.types.is_boolean(kind)
    # agent, destination, line: not read here; types the importer never finds a too-long cell in
    return text or number or pa.types.is_boolean(kind) or (pa.types.is_timestamp(kind) and kind.tz is None)


def _durations(chunks: list, refused: np.ndarray) -> np.ndarray:
    """``duration_s`` as float64 [s]; missing, NaN, negative, infinite or longer than `MAX_DURATION_S` refused."""
    import pyarrow as pa

    kind = chunks[0].type
    letter = "f" if pa.types.is_floating(kind) else "i" if pa.types.is_signed_integer(kind) else "u"
    values, valid = _values(chunks, np.dtype(f"{letter}{kind.bit_width // 8}"))
    seconds = values if values.dtype == np.float64 else values.astype(np.float64)
    if valid is not None:  # a missing duration reads as NaN, as in pandas
        seconds = seconds.copy() if seconds is values else seconds
        seconds[~valid] = np.nan
    with np.errstate(invalid="ignore"):
        refused |= np.isnan(seconds) | (seconds < 0) | (seconds > MAX_DURATION_S)  # inf is above
    return seconds


def _starts(chunks: list, refused: np.ndarray) -> np.ndarray:
    """``start`` [us since 1970]; missing ones, placeholders and starts out of range refused."""
    values, valid = _values(chunks, np.dtype(np.int64))
    unit = chunks[0].type.unit
    if unit == "ns":
        values = values // 1000  # cut to the microsecond, as pandas does for these (later) dates
    elif unit in ("s", "ms"):
        scale = 10**6 if unit == "s" else 10**3
        if len(values) and max(-int(values.min()), int(values.max())) > np.iinfo(np.int64).max // scale:
            raise _NotRead  # not a microsecond time: the importer says so
        values = values * scale
    starts = values.view("datetime64[us]")
    refused |= (starts < EARLIEST_START) | (starts >= LATEST_START)
    if valid is not None:
        refused |= ~valid
    return starts.view(np.int64)


def _codes(chunks: list | None, allowed: tuple[str, ...], default: str, refused: np.ndarray) -> np.ndarray:
    """Codes into `allowed` of a text column (stripped, lower case; empty or missing: `default`); others refused."""
    if chunks is None:
        return np.full(len(refused), allowed.index(default), dtype=np.int8)
    import pyarrow as pa

    codes = []
    for chunk in chunks:
        if not pa.types.is_dictionary(chunk.type):
            chunk = chunk.dictionary_encode()
        # Each distinct word once, as calc.calls does: stripped, lower case, empty or missing for the default.
        words = [str(word).strip().lower() if word is not None else "" for word in chunk.dictionary.to_pylist()]
        words = [word or default for word in words] + [default]  # the last one: a missing value's
        known = np.array([allowed.index(word) if word in allowed else -1 for word in words], dtype=np.int8)
        indices, valid = _values([chunk.indices], np.dtype(f"i{chunk.type.index_type.bit_width // 8}"))
        if valid is not None:
            indices = np.where(valid, indices, len(words) - 1)
        codes.append(known[indices])
    codes = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int8)
    refused |= codes < 0
    return codes


def _flags(chunks: list | None, default: np.ndarray) -> np.ndarray:
    """A true/false column; missing values take `default`."""
    if chunks is None:
        return default
    flags, valid = _values(chunks, np.dtype(bool))
    return flags if valid is None else (flags & valid) | (default & ~valid)


def _values(chunks: list, dtype: np.dtype) -> tuple[np.ndarray, np.ndarray | None]:
    """Fixed-width values read from Arrow arrays' buffers, and where they hold a value (None: everywhere).

    One chunk of numbers is not copied. `pyarrow.Array.to_numpy` would load pandas (and
    ``pyarrow.compute``), longer to import than a million rows take to read.
    """
    values, valid = [], []
    for chunk in chunks:
        if not len(chunk):
            continue
        validity, data = chunk.buffers()[:2]
        if dtype.kind == "b":
            values.append(_bits(data, chunk.offset, len(chunk)))
        else:
            values.append(np.frombuffer(data, dtype=dtype)[chunk.offset : chunk.offset + len(chunk)])
        valid.append(_bits(validity, chunk.offset, len(chunk)) if chunk.null_count else None)
    if any(part is not None for part in valid):
        valid = [np.ones(len(v), dtype=bool) if part is None else part for part, v in zip(valid, values, strict=True)]
        where = np.concatenate(valid)
    else:
        where = None
    if len(values) == 1:
        return values[0], where
    return (np.concatenate(values) if values else np.zeros(0, dtype=dtype)), where


def _bits(buffer: object, offset: int, length: int) -> np.ndarray:
    """Arrow's bit-packed booleans (values or validity), least significant bit first, as numpy bool."""
    packed = np.frombuffer(buffer, dtype=np.uint8)
    return np.unpackbits(packed, count=offset + length, bitorder="little")[offset:].view(bool)


class _NotRead(Exception):
    """A value this path does not read as the importer does: the importer reads the file."""


def _imported(path: str | Path, name: str, records: int) -> CallLog:
    """The normalized log, from the importer, for what pricing alone does not read (agents, dialled numbers)."""
    from calc.readers import import_calls

    log = import_calls(path, name).log
    if len(log.records) != records:  # the columns' order would point at other records
        raise RuntimeError(f"{name}: the importer kept {len(log.records):,} records, the Parquet path {records:,}")
    return log
