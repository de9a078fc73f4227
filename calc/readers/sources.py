"""Reading a call-log file as a table of text: container, encoding, delimiter, header.

Detects, without the user choosing: CSV and other delimited text (``,`` ``;``
tab ``|``), ``.xlsx`` (first or named sheet) and Parquet; UTF-8 (with or
without BOM), UTF-16 (Excel's "Unicode text"), GB18030/GBK and
cp1252/Latin-1. Large text files are read in blocks with a progress callback.
"""

from __future__ import annotations

import csv
import io
import mmap
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from calc.errors import InputError, excerpt
from calc.i18n import _
from calc.limits import check_log_bytes, check_parquet, check_table, check_xlsx

__all__ = ["RawTable", "read_table", "file_contents", "detect_encoding", "sniff_delimiter", "DELIMITERS"]

DELIMITERS = (",", ";", "\t", "|")
Progress = Callable[[float], None]
#: Given the column names, a text sample of the first rows and whether there was a header row,
#: say which columns to read typed (timestamp, float64, dictionary); the rest are read as text.
#: A column given the type None is not needed: it is left out of the frame (text files only).
ColumnTypes = Callable[[list[str], pd.DataFrame, bool], dict]
_PIECE = 32 << 20  # bytes per piece: progress is reported after each
_BLOCK = 4 << 20  # bytes per block of pyarrow's reader: blocks are converted in parallel
_MAP_FROM = 8 << 20  # files this big are mapped into memory rather than copied


@dataclass
class RawTable:
    """A file read as text cells, before any meaning is given to columns.

    Attributes
    ----------
    frame : pandas.DataFrame
        One column per file column: text (``str``), or typed as a `ColumnTypes`
        callback chose; header names or ``column 1`` ...
    lines : numpy.ndarray
        Line (or spreadsheet row) number of each row.
    container : str
        ``csv``, ``xlsx`` or ``parquet``.
    encoding, delimiter : str or None
        What was detected (text files only).
    has_header : bool
    rejected : list of tuple
        ``(line, raw, reason)`` for rows that could not even be split into cells.
    sheet : str or None
    typed : bool
        True when cells are typed values (Parquet, DataFrames), not text.
    other_sheets : list of str
        Further sheets of a workbook read without a named sheet.
    text_bytes : bytes, mmap.mmap or None
        The text as UTF-8, where `raw_lines` finds refused rows (text files only).
    names : list of str or None
        Every column of the file, also those left out of `frame` because nobody
        needed them (see `ColumnTypes`); None when `frame` holds them all.
    """

    frame: pd.DataFrame
    lines: np.ndarray
    container: str
    encoding: str | None = None
    delimiter: str | None = None
    has_header: bool = True
    rejected: list[tuple[int, str, str]] = field(default_factory=list)
    sheet: str | None = None
    typed: bool = False
    other_sheets: list[str] = field(default_factory=list)
    text_bytes: bytes | mmap.mmap | None = field(default=None, repr=False)
    names: list[str] | None = None

    @property
    def columns(self) -> list[str]:
        """Every column of the file, in order, whether read into `frame` or not."""
        return list(self.names) if self.names is not None else [str(c) for c in self.frame.columns]

    def raw_lines(self, numbers: np.ndarray) -> list[str] | None:
        """The file's text on the given line numbers, as written (text files only)."""
        if self.text_bytes is None:
            return None
        buffer = np.frombuffer(self.text_bytes, dtype=np.uint8)
        # Lines end with LF (or CRLF); an old Mac or Excel save ends them with CR alone.
        end = 13 if self.text_bytes.find(b"\n") < 0 and self.text_bytes.find(b"\r") >= 0 else 10
        ends = np.append(np.flatnonzero(buffer == end), len(buffer))
        starts = np.concatenate(([0], ends[:-1] + 1))
        found = []
        for number in numbers:
            index = min(int(number) - 1, len(starts) - 1)
            line = self.text_bytes[starts[index] : ends[index]]
            found.append(line.decode("utf-8", errors="replace").rstrip("\r"))
        return found


def file_contents(path: str | Path) -> bytes | mmap.mmap:
    r"""The bytes of a file; a big one mapped into memory (read only) instead of copied.

    Copying 100 MB into a fresh ``bytes`` costs a third of what pyarrow needs to
    parse it; a mapping serves the same reads (slices, ``find``, buffers) straight
    from the operating system's file cache.

    Parameters
    ----------
    path : str or pathlib.Path

    Returns
    -------
    bytes or mmap.mmap
        ``bytes`` below 8 MB (and for files that cannot be mapped).

    Raises
    ------
    OSError
        As `open` raises it (missing file, no permission, a folder).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = (Path(folder) / "calls.csv").write_bytes(b"duration_s\n5\n")
    ...     file_contents(Path(folder) / "calls.csv")
    b'duration_s\n5\n'
    """
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size >= _MAP_FROM:
            try:
                return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # a pipe or a file system without mappings
                pass
        return handle.read()


def detect_encoding(data: bytes) -> str:
    """Name the text encoding of `data`.

    Returns
    -------
    str
        ``utf-8-sig``, ``utf-8``, ``utf-16``, ``utf-16-le``, ``utf-16-be``, ``gb18030`` or ``cp1252``.

    Notes
    -----
    Without a byte-order mark: UTF-16 shows as a zero byte in every other
    position; UTF-8 decodes strictly; GB18030 text has its high bytes in pairs
    (runs of even length) while cp1252 accents stand alone between ASCII letters.

    Examples
    --------
    >>> detect_encoding("Città,Durata".encode("cp1252")), detect_encoding("开始时间".encode("gbk"))
    ('cp1252', 'gb18030')
    """
    return _detect_encoding(data, None)


def _detect_encoding(data: bytes, survey: _Survey | None) -> str:
    if data[:3] == b"\xef\xbb\xbf":
        return "utf-8-sig"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    head = data[:4096]
    if len(head) >= 4:
        even_zeros = head[0::2].count(0) / len(head[0::2])
        odd_zeros = head[1::2].count(0) / max(len(head[1::2]), 1)
        if odd_zeros > 0.3 and even_zeros < 0.05:
            return "utf-16-le"
        if even_zeros > 0.3 and odd_zeros < 0.05:
            return "utf-16-be"
    if (survey or _survey(data)).ascii:  # far faster than decoding, and the usual case
        return "utf-8"
    try:
        str(data, "utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    high = np.frombuffer(data[: 1 << 20], dtype=np.uint8) >= 0x80
    edges = np.flatnonzero(np.diff(np.concatenate(([0], high.astype(np.int8), [0]))))
    runs = edges[1::2] - edges[0::2]
    single = np.count_nonzero(runs == 1) / max(len(runs), 1)
    if single < 0.2:
        try:
            str(data, "gb18030")
            return "gb18030"
        except UnicodeDecodeError:
            pass
    return "cp1252"


def _slices(data: bytes, overlap: int = 0):
    """`data` as numpy byte arrays of 1 MB (plus `overlap` bytes of the next): no whole-file temporaries."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    step = 1 << 20
    for at in range(0, len(buffer), step):
        yield buffer[at : at + step + overlap]


@dataclass(frozen=True)
class _Survey:
    """What a pass over the bytes of a file found (each 1 MB slice looked at once, while in cache)."""

    ascii: bool
    newlines: int  # line feeds
    carriage_returns: bool


def _survey(data: bytes) -> _Survey:
    ascii, newlines = True, 0
    for piece in _slices(data):
        ascii = ascii and int(piece.max()) < 0x80
        newlines += int(np.count_nonzero(piece == 10))
    return _Survey(ascii, newlines, data.find(b"\r") >= 0)  # find: memchr, faster than a numpy pass


def _looks_binary(data: bytes, encoding: str) -> bool:
    if encoding.startswith("utf-16"):
        return False
    head = data[:8192]
    controls = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    return b"\x00" in head or controls > len(head) * 0.02


def sniff_delimiter(sample: str) -> str:
    r"""Choose the delimiter that splits the first lines into the same number of fields.

    Examples
    --------
    >>> sniff_delimiter("a;b;c\n1;2,5;3\n")
    ';'
    """
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    best, best_score = ",", (-1, 0)
    for delimiter in DELIMITERS:
        try:
            widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        if not widths:
            continue
        width, agreeing = Counter(widths).most_common(1)[0]
        score = (agreeing, width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _is_header(first: list[str], second: list[str] | None) -> bool:
    """A first row of names, not data: no cell in it reads as a number or a time."""
    numeric = re.compile(r"^[+-]?\d+([.,:/ -]\d+)*([.,]\d+)?(\s*(s|ms|sec|秒))?$", re.I)
    first_data = sum(bool(numeric.match(cell.strip())) for cell in first if cell.strip())
    if first_data:
        return False
    if second is None:
        return True
    second_data = sum(bool(numeric.match(cell.strip())) for cell in second if cell.strip())
    return second_data > 0 or any(cell.strip() for cell in first)


def _names(header: list[str]) -> list[str]:
    names, seen = [], Counter()
    for number, name in enumerate(header, start=1):
        name = name.strip().strip('"').strip() or f"column {number}"
        seen[name] += 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names


def _physical_lines(data: bytes) -> tuple[np.ndarray, int]:
    """Numbers of the blank lines of UTF-8 `data`, and how many lines it has."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(buffer == 10)
    if len(buffer) and buffer[-1] != 10:
        ends = np.append(ends, len(buffer))
    starts = np.concatenate(([0], ends[:-1] + 1))
    length = ends - starts
    carriage = (length == 1) & (buffer[np.minimum(starts, max(len(buffer) - 1, 0))] == 13)
    return np.flatnonzero((length == 0) | carriage) + 1, len(ends)


def _pieces(data: bytes, size: int) -> list:
    """Split at line ends into pieces of about `size` bytes (pyarrow buffers: views, not copies)."""
    import pyarrow as pa

    whole, pieces, begin = pa.py_buffer(data), [], 0
    while begin < len(data):
        end = data.find(b"\n", begin + size)
        end = len(data) if end < 0 else end + 1
        pieces.append(whole.slice(begin, end - begin))
        begin = end
    return pieces


def _lone_carriage_return(data: bytes) -> bool:
    r"""True if a ``\r`` is not followed by ``\n``: pyarrow ends a row there, the line count does not."""
    return data[-1:] == b"\r" or any(np.any((piece[:-1] == 13) & (piece[1:] != 10)) for piece in _slices(data, 1))


def _line_numbers(data: bytes, skip: int, rows: int, survey: _Survey) -> np.ndarray | None:
    """Line number of each of the `rows` records read after `skip` lines; None if they are not one per line."""
    line_count = survey.newlines + (data[-1:] != b"\n")
    if rows == line_count - skip and not (survey.carriage_returns and _lone_carriage_return(data)):
        # Every line after the header holds one record: no blank lines, no quoted line breaks.
        return np.arange(skip + 1, line_count + 1)
    blank, line_count = _physical_lines(data)
    lines = np.setdiff1d(np.arange(skip + 1, line_count + 1), blank, assume_unique=True)
    return lines if len(lines) == rows else None


def _read_fast(
    data: bytes,
    names: list[str],
    delimiter: str,
    skip: int,
    progress: Progress | None,
    types: dict | None = None,
    survey: _Survey | None = None,
) -> tuple[pd.DataFrame, np.ndarray] | None:
    """Read with pyarrow's threaded reader, piece by piece; None when the file is irregular.

    Irregular means ragged rows, or rows that do not sit one per line (quoted line
    breaks): the exact reader then takes over.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    irregular: list[int] = []

    def note_irregular(row: object) -> str:
        irregular.append(1)
        return "skip"

    parse = pacsv.ParseOptions(delimiter=delimiter, invalid_row_handler=note_irregular)
    types = dict(types or {})
    read_names = [name for name in names if name not in types or types[name] is not None]
    types = {name: kind for name, kind in types.items() if kind is not None}
    pieces = _pieces(data, _PIECE)
    for _attempt in range(len(names) + 1):
        convert = pacsv.ConvertOptions(
            column_types={name: types.get(name, pa.string()) for name in read_names},
            null_values=[""],
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            include_columns=read_names,
        )
        tables, done, irregular[:] = [], 0, []
        try:
            for number, piece in enumerate(pieces):
                read = pacsv.ReadOptions(column_names=names, skip_rows=skip if number == 0 else 0, block_size=_BLOCK)
                tables.append(
                    pacsv.read_csv(
                        pa.BufferReader(piece), read_options=read, parse_options=parse, convert_options=convert
                    )
                )
                done += len(piece)
                if progress is not None:
                    progress(min(0.99, done / max(len(data), 1)))
            break
        except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
            # A value that does not fit its column's type: read that column as text instead.
            column = re.search(r"CSV column #(\d+)", str(error))  # not user text: pyarrow's message
            if not column or names[int(column[1])] not in types:
                return None
            types.pop(names[int(column[1])])
    else:
        return None
    if not tables or irregular:
        return None
    table = pa.concat_tables(tables)
    lines = _line_numbers(data, skip, table.num_rows, survey or _survey(data))
    if lines is None:
        return None
    frame = table.to_pandas()
    text = [name for name in read_names if name not in types]
    frame[text] = frame[text].astype("str")
    return frame, lines


def _read_exact(text: str, names: list[str], delimiter: str, skip: int) -> RawTable:
    """The csv module, row by row: exact line numbers, ragged rows refused."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for _header in range(skip):
        next(reader, None)
    rows, lines, rejected = [], [], []
    ragged = _("expected {expected} fields, found {found}")  # translated once, filled in per row
    width = len(names)
    line = reader.line_num
    for row in reader:
        first_line, line = line + 1, reader.line_num
        if not row or all(not cell.strip() for cell in row) and len(row) <= 1:
            continue
        if len(row) != width:
            raw = delimiter.join(row)
            rejected.append((first_line, raw, ragged.format(expected=width, found=len(row))))
            continue
        rows.append(row)
        lines.append(first_line)
    frame = (
        pd.DataFrame(rows, columns=names, dtype="str")
        if rows
        else pd.DataFrame({name: pd.Series([], dtype="str") for name in names})
    )
    return RawTable(frame, np.asarray(lines, dtype=np.int64), "csv", rejected=rejected)


def _read_text(
    data: bytes,
    name: str,
    column_types: ColumnTypes | None,
    encoding: str | None,
    delimiter: str | None,
    header: bool | None,
    progress: Progress | None,
) -> RawTable:
    survey = _survey(data)
    encoding = encoding or _detect_encoding(data, survey)
    if _looks_binary(data, encoding):
        raise InputError(
            _("{name}: this is a binary file, not a call log (CSV, Excel or Parquet expected)").format(name=name)
        )
    utf8 = encoding in ("utf-8", "utf-8-sig")
    try:
        # UTF-8 was checked whole while detecting: decode only the head for sniffing.
        text = data[:65536].decode(encoding, errors="ignore") if utf8 else str(data, encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise InputError(
            _("{name}: cannot decode the file as {encoding} ({error})").format(
                name=name, encoding=encoding, error=error
            )
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip() and (not utf8 or not data[65536:].strip()):
        raise InputError(_("{name}: the file is empty").format(name=name))
    delimiter = delimiter or sniff_delimiter(text[:65536])
    try:
        head = [row for row in csv.reader(io.StringIO(text[:65536], newline=""), delimiter=delimiter) if any(row)]
    except csv.Error as error:
        raise InputError(
            _("{name}: cannot split the text into fields ({error})").format(name=name, error=error)
        ) from None
    if not head:
        raise InputError(_("{name}: the file has no fields, only separators").format(name=name))
    first = head[0]
    has_header = _is_header(first, head[1] if len(head) > 1 else None) if header is None else header
    names = _names(first) if has_header else [f"column {n}" for n in range(1, len(first) + 1)]
    # The header may sit below blank lines: skip through it.
    skip = text[: len(text) - len(text.lstrip())].count("\n") + 1 if has_header else 0
    encoded = (data[3:] if data[:3] == b"\xef\xbb\xbf" else data) if utf8 else text.encode("utf-8")
    types = {}
    if column_types is not None:
        width = len(names)
        sample = [(row + [""] * width)[:width] for row in head[1 if has_header else 0 :][:200]]
        types = column_types(names, pd.DataFrame(sample, columns=names, dtype="str"), has_header)
    fast = _read_fast(encoded, names, delimiter, skip, progress, types, survey if encoded is data else None)
    if fast is not None:
        frame, lines = fast
        table = RawTable(frame, lines, "csv", names=names if frame.shape[1] < len(names) else None)
    else:
        whole = str(data, encoding).removeprefix("\ufeff") if utf8 else text
        try:
            table = _read_exact(whole, names, delimiter, skip)
        except csv.Error as error:
            raise InputError(
                _("{name}: cannot split the text into fields ({error})").format(name=name, error=error)
            ) from None
    table.encoding, table.delimiter, table.has_header = encoding, delimiter, has_header
    table.text_bytes = encoded
    return table


def _read_xlsx(data: bytes, name: str, sheet: str | int | None, header: bool | None) -> RawTable:
    try:
        book = pd.ExcelFile(io.BytesIO(data), engine="openpyxl")
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise InputError(_("{name}: not a readable Excel workbook ({error})").format(name=name, error=error)) from None
    chosen = book.sheet_names[0] if sheet is None else sheet
    if isinstance(chosen, str) and chosen not in book.sheet_names:
        raise InputError(
            _("{name}: no sheet {sheet}; sheets: {sheets}").format(
                name=name, sheet=repr(chosen), sheets=", ".join(book.sheet_names)
            )
        )
    cells = book.parse(chosen, header=None, dtype=object)
    cells = cells.dropna(how="all")
    if cells.empty:
        raise InputError(_("{name}: sheet {sheet} is empty").format(name=name, sheet=repr(chosen)))
    rows = cells.index.to_numpy() + 1
    text = cells.apply(lambda column: column.map(_cell_text)).astype("str")
    first = text.iloc[0].tolist()
    second = text.iloc[1].tolist() if len(text) > 1 else None
    has_header = _is_header(first, second) if header is None else header
    if has_header:
        names, text, rows = _names(first), text.iloc[1:], rows[1:]
    else:
        names = [f"column {n}" for n in range(1, text.shape[1] + 1)]
    text.columns = names
    return RawTable(
        text.reset_index(drop=True),
        rows.astype(np.int64),
        "xlsx",
        has_header=has_header,
        sheet=str(chosen),
        other_sheets=[other for other in book.sheet_names if other != chosen] if sheet is None else [],
    )


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, pd.Timestamp) or hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") and hasattr(value, "date") else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_parquet(data: bytes, name: str) -> RawTable:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        source = pq.ParquetFile(io.BytesIO(data))
        # Text columns are read as dictionaries (as Parquet stores them): each distinct word is
        # decoded and checked once. Each Arrow column is freed as soon as it is converted.
        text = [f.name for f in source.schema_arrow if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
        table = pq.read_table(io.BytesIO(data), read_dictionary=text)
        frame = table.to_pandas(self_destruct=True, split_blocks=True)
    except (pa.ArrowException, OSError, ValueError, KeyError, UnicodeDecodeError) as error:  # damaged pages
        raise InputError(
            _("{name}: not a readable Parquet file ({error})").format(name=name, error=excerpt(str(error), 80)[1:-1])
        ) from None
    return RawTable(frame, np.arange(1, len(frame) + 1), "parquet", typed=True)


def read_table(
    data: bytes,
    name: str,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | int | None = None,
    header: bool | None = None,
    progress: Progress | None = None,
    column_types: ColumnTypes | None = None,
) -> RawTable:
    """Read file bytes as a table of text cells, detecting what the file is.

    Parameters
    ----------
    data : bytes or mmap.mmap
        The whole file (see `file_contents`).
    name : str
        File name, for messages (and its ending, as a hint only).
    encoding, delimiter, sheet, header : optional
        Overrides of what would be detected.
    progress : callable, optional
        Called with the share read so far, from 0 to 1.
    column_types : callable, optional
        Chooses columns to read typed (see `ColumnTypes`); a column whose values
        do not fit is read as text after all.

    Returns
    -------
    RawTable

    Raises
    ------
    InputError
        Empty, binary or unreadable files, naming the file.
    """
    if not data:
        raise InputError(_("{name}: the file is empty").format(name=name))
    check_log_bytes(len(data), name)  # every limit is in calc.limits, checked before parsing
    if data[:4] == b"PAR1":
        check_parquet(data, name)
        table = _read_parquet(data, name)
    elif data[:4] == b"PK\x03\x04":
        check_xlsx(data, name, sheet)
        table = _read_xlsx(data, name, sheet, header)
    elif data[:4] == b"\xd0\xcf\x11\xe0":
        raise InputError(
            _("{name}: old Excel .xls files are not read; save the sheet as .xlsx or CSV").format(name=name)
        )
    else:
        table = _read_text(data, name, column_types, encoding, delimiter, header, progress)
    check_table(table.frame, table.lines, name)
    if progress is not None:
        progress(1.0)
    return table
