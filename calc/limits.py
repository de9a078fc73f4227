"""Every size limit of the product, in one place, each with its unit, and the readers' checks.

The readers, the tariff and scenario loaders and the pages check their input
against these before parsing or expanding it, and refuse what is beyond them
with one line naming the limit (``InputError``). The README's "Limits and
safety" section lists them with their messages.

The call-log checks (`check_log_bytes`, `check_xlsx`, `check_parquet`,
`check_table`) live here too, so the readers call one function each: a
spreadsheet's size is read from its XML (the declared ``<dimension>`` and every
cell reference, streamed) before openpyxl or pandas expand it, and a Parquet
file's footer (row count, columns, types) before any row is read.

Examples
--------
>>> MAX_TARIFF_FILE_BYTES
1000000
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING

import numpy as np

from calc.errors import EXCERPT_CHARS, InputError, excerpt

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MAX_UPLOAD_MB",
    "MAX_LOG_FILE_BYTES",
    "MAX_LOG_ROWS",
    "MAX_LOG_COLUMNS",
    "MAX_CELL_CHARS",
    "MAX_SHEET_CELLS",
    "MAX_XLSX_PART_BYTES",
    "MAX_TARIFF_FILE_BYTES",
    "MAX_NESTING_DEPTH",
    "MAX_ALIASES",
    "MAX_EXPANDED_NODES",
    "MAX_NUMBER_CHARS",
    "MAX_MONEY",
    "MAX_MONEY_DECIMALS",
    "MAX_INCREMENT_S",
    "MAX_TARIFFS",
    "MAX_COMPONENTS",
    "MAX_TIERS",
    "MAX_SCHEDULE_ENTRIES",
    "MAX_TEXT_CHARS",
    "MAX_WHATIF_RECORDS",
    "EXCERPT_CHARS",
    "check_log_bytes",
    "check_table",
    "check_xlsx",
    "check_parquet",
]

# --- call logs (calc.readers.sources / calc.readers.importing) -----------------
#: Largest upload the dashboard accepts [MB] (``server.maxUploadSize``).
MAX_UPLOAD_MB = 100
#: Largest call-log file read from a path by the command line or Python [bytes]: about 20M rows, which
#: this 24 GB machine imports and prices in memory. The dashboard's uploads stop at `MAX_UPLOAD_MB` first.
MAX_LOG_FILE_BYTES = 2 * 1024**3
#: Most rows read from one call log [rows].
MAX_LOG_ROWS = 20_000_000
#: Most columns in one call log [columns].
MAX_LOG_COLUMNS = 500
#: Longest text in one cell [characters].
MAX_CELL_CHARS = 10_000
#: Most cells a spreadsheet may declare or use (rows x columns) [cells]: 1M cells import in about 9 s here;
#: bigger logs are read from CSV.
MAX_SHEET_CELLS = 1_000_000
#: Largest uncompressed part of an .xlsx (a sheet's XML) [bytes].
MAX_XLSX_PART_BYTES = 1 << 30

# --- tariff and scenario files (calc.safe_yaml / calc.tariff) ------------------
#: Largest tariff or scenario file [bytes].
MAX_TARIFF_FILE_BYTES = 1_000_000
#: Deepest nesting of lists and mappings [levels].
MAX_NESTING_DEPTH = 20
#: Most YAML aliases (``*name``) in one file [aliases].
MAX_ALIASES = 100
#: Most values once every alias is expanded [nodes].
MAX_EXPANDED_NODES = 100_000
#: Longest number written in a file [characters].
MAX_NUMBER_CHARS = 40
#: Money and quantity values must stay below this [currency, min, s or count].
MAX_MONEY = 10**9
#: Most digits after the decimal point of a money or quantity value [digits].
MAX_MONEY_DECIMALS = 12
#: Longest billing step of an increment like "60/60" [s].
MAX_INCREMENT_S = 86_400
#: Most tariffs in one comparison [tariffs].
MAX_TARIFFS = 50
#: Most components in one tariff [components].
MAX_COMPONENTS = 50
#: Most tiers in one per_minute component [tiers].
MAX_TIERS = 100
#: Most schedule entries in one hourly_team component [entries].
MAX_SCHEDULE_ENTRIES = 100
#: Longest name, label or other text field [characters].
MAX_TEXT_CHARS = 200

# --- what if (ui.whatif / pages/3_what_if.py) -----------------------------------
#: Most records a what-if curve prices at one point; bigger scaled logs are sampled [records].
MAX_WHATIF_RECORDS = 2_000_000


# --- call-log checks ------------------------------------------------------------


def _(message: str) -> str:
    """`message` in the current language (`calc.i18n` imports this module, so it is imported here when used)."""
    from calc import i18n

    return i18n._(message)


def _number(value: float | int, decimals: int | None = None) -> str:
    """`value` written in the current language's way (`calc.i18n.format_number`)."""
    from calc import i18n

    return i18n.format_number(value, decimals)


def check_log_bytes(size: int, name: str) -> None:
    """Refuse a call-log file above `MAX_LOG_FILE_BYTES`.

    Examples
    --------
    >>> check_log_bytes(3 * 1024**3, "big.csv")
    Traceback (most recent call last):
    calc.errors.InputError: big.csv: the file is 3,072.0 MB, more than the 2,048 MB a call log may have
    """
    if size > MAX_LOG_FILE_BYTES:
        raise InputError(
            _("{name}: the file is {size} MB, more than the {limit} MB a call log may have").format(
                name=name, size=_number(size / 2**20, 1), limit=_number(MAX_LOG_FILE_BYTES >> 20)
            )
        )


def check_table(frame: pd.DataFrame, lines: np.ndarray, name: str) -> None:
    """Refuse a table with more than `MAX_LOG_ROWS` rows, `MAX_LOG_COLUMNS` columns, or a cell above `MAX_CELL_CHARS`.

    Examples
    --------
    >>> import pandas as pd
    >>> check_table(pd.DataFrame({"note": ["ok", "x" * 20_000]}), np.array([2, 3]), "c.csv")
    Traceback (most recent call last):
    calc.errors.InputError: c.csv: line 3, column 'note' holds 20,000 characters, more than 10,000
    """
    import pandas as pd  # only the readers call this: the command line's fast path and i18n never load pandas

    if len(frame) > MAX_LOG_ROWS:
        raise InputError(_too_many_rows(name, len(frame)))
    if frame.shape[1] > MAX_LOG_COLUMNS:
        raise InputError(_too_many_columns(name, frame.shape[1]))
    for column in frame.columns:
        values = frame[column]
        if len(str(column)) > MAX_CELL_CHARS:
            raise InputError(
                _("{name}: a column name holds {length} characters, more than {limit}").format(
                    name=name, length=_number(len(str(column))), limit=_number(MAX_CELL_CHARS)
                )
            )
        if not (values.dtype == object or isinstance(values.dtype, pd.StringDtype)):
            continue
        if _bytes_fit(values):
            continue  # no cell has more bytes than the limit has characters: nothing to count
        lengths = values.astype("string").str.len().fillna(0).to_numpy()
        if len(lengths) and lengths.max() > MAX_CELL_CHARS:
            row = int(np.argmax(lengths))
            raise InputError(
                _("{name}: line {line}, column {column} holds {length} characters, more than {limit}").format(
                    name=name,
                    line=int(lines[row]),
                    column=excerpt(str(column)),
                    length=_number(int(lengths[row])),
                    limit=_number(MAX_CELL_CHARS),
                )
            )


def _bytes_fit(values: pd.Series) -> bool:
    """True when an Arrow-backed text column has no cell of more than `MAX_CELL_CHARS` bytes (False when unsure).

    A character is at least a byte, so such a column holds no cell over the limit; the
    check reads the column's offsets in C, without a Python string per row.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not hasattr(values.array, "__arrow_array__"):
        return False
    text = values.array.__arrow_array__()
    if not (pa.types.is_string(text.type) or pa.types.is_large_string(text.type)):
        return False
    longest = pc.max(pc.binary_length(text)).as_py()
    return longest is None or longest <= MAX_CELL_CHARS


_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{1,3})([0-9]{1,7})\"")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"([0-9]{1,7})\"")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\sref=\"([A-Z]{0,3})([0-9]{0,7}):?([A-Z]{0,3})([0-9]{0,7})\"")
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _sheet_part(book: zipfile.ZipFile, sheet: str | int | None) -> tuple[str, str] | None:
    """(sheet name, zip member) of the sheet that will be read, or None when the workbook does not say."""
    from xml.etree import ElementTree  # only workbooks need it: not loaded with the package

    try:
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    targets = {r.get("Id"): r.get("Target", "") for r in relations}
    sheets = [
        (item.get("name"), targets.get(item.get(f"{_REL_NS}id"), ""))
        for item in workbook.iter()
        if item.tag.endswith("}sheet")
    ]
    if not sheets:
        return None
    if sheet is None:
        chosen = sheets[0]
    elif isinstance(sheet, int):
        chosen = sheets[sheet] if 0 <= sheet < len(sheets) else None
    else:
        chosen = next((s for s in sheets if s[0] == sheet), None)
    if chosen is None:
        return None
    target = chosen[1].lstrip("/")
    return chosen[0], target if target.startswith("xl/") else f"xl/{target}"


def check_xlsx(data: bytes, name: str, sheet: str | int | None = None) -> None:
    """Refuse a workbook whose sheet is bigger than the limits, from its XML, before it is expanded.

    The sheet's declared ``<dimension>`` and every row and cell reference are read
    from the compressed XML as a stream (a few MB at a time), so a 1.5 KB file with
    one cell at ``XFD1048576`` is refused in milliseconds instead of growing to
    gigabytes in openpyxl.

    Parameters
    ----------
    data : bytes
        The .xlsx file.
    name : str
        File name for messages.
    sheet : str, int or None
        The sheet that will be read (None: the first).

    Raises
    ------
    InputError
        Naming the sheet, its size and the limit.
    """
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise InputError(
            _("{name}: not a readable Excel workbook ({detail})").format(
                name=name, detail=excerpt(str(error), 80)[1:-1]
            )
        ) from None
    with book:
        found = _sheet_part(book, sheet)
        if found is None:
            return  # pandas says which sheets there are
        sheet_name, part = found
        try:
            info = book.getinfo(part)
        except KeyError:
            return
        if info.file_size > MAX_XLSX_PART_BYTES:
            raise InputError(
                _("{name}: sheet {sheet} unpacks to {size} MB, more than {limit} MB").format(
                    name=name,
                    sheet=excerpt(sheet_name),
                    size=_number(info.file_size / 2**20, 0),
                    limit=_number(MAX_XLSX_PART_BYTES >> 20),
                )
            )
        rows = columns = 0
        tail = b""
        with book.open(part) as stream:
            while chunk := stream.read(4 << 20):
                text = tail + chunk
                cut = text.rfind(b">") + 1
                text, tail = text[:cut], text[cut:]
                if not rows and not columns:
                    declared = _DIMENSION.search(text)
                    if declared:
                        first_column, first_row, last_column, last_row = declared.groups()
                        rows = max(int(first_row or 0), int(last_row or 0))
                        columns = max(_column_number(first_column), _column_number(last_column))
                        _check_sheet(name, sheet_name, rows, columns, declared=True)
                for column, row in _CELL_REF.findall(text):
                    rows, columns = max(rows, int(row)), max(columns, _column_number(column))
                for row in _ROW_REF.findall(text):
                    rows = max(rows, int(row))
                _check_sheet(name, sheet_name, rows, columns, declared=False)


def _check_sheet(name: str, sheet: str, rows: int, columns: int, declared: bool) -> None:
    if rows > MAX_LOG_ROWS or columns > MAX_LOG_COLUMNS or rows * columns > MAX_SHEET_CELLS:
        if declared:
            message = _(
                "{name}: sheet {sheet} declares {rows} rows x {columns} columns; at most "
                "{cells} cells ({limit} columns) are read from a spreadsheet: save it as CSV"
            )
        else:
            message = _(
                "{name}: sheet {sheet} uses {rows} rows x {columns} columns; at most "
                "{cells} cells ({limit} columns) are read from a spreadsheet: save it as CSV"
            )
        raise InputError(
            message.format(
                name=name,
                sheet=excerpt(sheet),
                rows=_number(rows),
                columns=_number(columns),
                cells=_number(MAX_SHEET_CELLS),
                limit=_number(MAX_LOG_COLUMNS),
            )
        )


def _too_many_rows(name: str, rows: int) -> str:
    return _("{name}: {rows} rows, more than the {limit} a call log may have").format(
        name=name, rows=_number(rows), limit=_number(MAX_LOG_ROWS)
    )


def _too_many_columns(name: str, columns: int) -> str:
    return _("{name}: {columns} columns, more than the {limit} a call log may have").format(
        name=name, columns=_number(columns), limit=_number(MAX_LOG_COLUMNS)
    )


def check_parquet(data: bytes, name: str) -> None:
    """Refuse a Parquet file from its footer: unreadable, too many rows or columns, nested columns.

    Raises
    ------
    InputError
        One line naming the file and, for a nested column, the column.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        footer = pq.ParquetFile(
            io.BytesIO(data), thrift_string_size_limit=64 << 20, thrift_container_size_limit=1_000_000
        )
        schema, rows = footer.schema_arrow, footer.metadata.num_rows
    except Exception as error:  # noqa: BLE001 - a damaged footer raises OSError, KeyError, JSONDecodeError...
        detail = excerpt(" ".join(str(error).split()), 80)
        raise InputError(
            _("{name}: not a readable Parquet file ({error}: {detail})").format(
                name=name, error=type(error).__name__, detail=detail[1:-1]
            )
        ) from None
    if rows > MAX_LOG_ROWS:
        raise InputError(_too_many_rows(name, rows))
    if len(schema) > MAX_LOG_COLUMNS:
        raise InputError(_too_many_columns(name, len(schema)))
    for column in schema:
        if pa.types.is_nested(column.type):
            raise InputError(
                _("{name}: column {column} holds {type}; a call log needs plain columns (text, numbers, times)").format(
                    name=name, column=excerpt(column.name), type=column.type
                )
            )
