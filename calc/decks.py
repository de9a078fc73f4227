"""Rate decks: prices by dialled number, longest prefix first (section 3b of the billing rules).

A carrier's A-Z deck is a table of rows ``prefix, rate[, name, increment,
connection_fee, effective_from]``. A record is priced by the row whose prefix
is the longest one in force that begins its normalized destination; rows with
an ``effective_from`` date come into force on that date and replace the row of
the same prefix that was in force before.

This module reads decks (CSV files or rows), normalizes dialled numbers and
finds the row of every record on whole columns. It knows nothing of tariffs:
`calc.tariff` holds the rows of a component and `calc.rating` prices with them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import numpy as np
import pyarrow as pa
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from calc.errors import InputError
from calc.i18n import N_, _, format_number
from calc.money import to_decimal

__all__ = [
    "DECK_COLUMNS",
    "MAX_CELL_CHARS",
    "MAX_DECK_BYTES",
    "MAX_DECK_ROWS",
    "MAX_NUMBER_DIGITS",
    "MAX_PREFIX_DIGITS",
    "DeckIndex",
    "DeckRow",
    "check_unique_rows",
    "deck_csv_text",
    "load_deck",
    "normalize_destinations",
    "parse_deck_csv",
]

DECK_COLUMNS = ("prefix", "rate", "name", "increment", "connection_fee", "effective_from")
MAX_DECK_ROWS = 2_000_000
MAX_DECK_BYTES = 64 * 1024 * 1024
MAX_CELL_CHARS = 200
MAX_PREFIX_DIGITS = 18
# Normalized numbers are cut to this many digits: E.164 numbers have at most 15, and only
# the first MAX_PREFIX_DIGITS can decide a row; the cut keeps hostile text from costing memory.
MAX_NUMBER_DIGITS = 24

_PREFIX = re.compile(r"[0-9]{1,18}")
_INCREMENT = re.compile(r"^\s*([0-9]+)\s*/\s*([0-9]+)\s*$")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DIGITS_ARGUMENT = re.compile(r"[0-9]*")
_EPOCH = dt.date(1970, 1, 1)
_NO_DATE = np.iinfo(np.int64).min
_TABLE_DIGITS = 6  # prefixes up to this long are found in tables of 10**length entries
_MAX_TABLE_DATES = 4  # one 4 MB table of 6-digit starts per span between dates of short rows
# Leading characters skipped before looking for "+": ASCII whitespace (tab, newlines, space).
_WHITESPACE = np.array([9, 10, 11, 12, 13, 32], dtype=np.uint8)


def _prefix(value: object) -> str:
    if value is None:
        raise ValueError(_("prefix is required"))
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        value = str(value)  # `prefix: 39` in YAML or JSON: its digits (international prefixes never begin with 0)
    if not isinstance(value, str):
        raise ValueError(
            _('prefix must be text made of digits (in YAML write it quoted, "39"), got {value}').format(
                value=repr(value)
            )
        )
    prefix = value.strip()
    if not _PREFIX.fullmatch(prefix):
        raise ValueError(
            _("prefix must be 1 to {limit} digits (no '+', spaces or dashes), got {value}").format(
                limit=MAX_PREFIX_DIGITS, value=repr(value)
            )
        )
    return prefix


def _money(what: str):
    def check(value: object) -> Decimal | None:
        if value is None and what != "rate":
            return None
        if value is None:
            raise ValueError(_("rate is required"))
        amount = to_decimal(value, what)
        if amount < 0:
            raise ValueError(_("{what} must not be negative, got {value}").format(what=what, value=value))
        return amount

    return check


def _increment(value: object) -> str | None:
    if value is None:
        return None
    match = _INCREMENT.match(value) if isinstance(value, str) else None
    if not match or int(match[1]) < 1 or int(match[2]) < 1:
        raise ValueError(
            _('increment must look like "60/60" (whole seconds >= 1), got {value}').format(value=repr(value))
        )
    return f"{int(match[1])}/{int(match[2])}"


def _name(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(_("name must be text, got {value}").format(value=repr(value)))
    name = " ".join(value.split())  # a label on one line: line breaks and tabs become spaces
    if len(name) > MAX_CELL_CHARS:
        raise ValueError(
            _("name must be at most {limit} characters, got {length}").format(limit=MAX_CELL_CHARS, length=len(name))
        )
    return name or None


def _date(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        raise ValueError(
            _("effective_from must be a date YYYY-MM-DD without a time, got {value}").format(
                value=repr(value.isoformat(" "))
            )
        )
    if isinstance(value, dt.date):
        return value
    text = value.strip() if isinstance(value, str) else None
    if text is None or not _DATE.fullmatch(text):
        raise ValueError(_("effective_from must be a date YYYY-MM-DD, got {value}").format(value=repr(value)))
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            _("effective_from is not a date of the calendar, got {value}").format(value=repr(value))
        ) from None


class DeckRow(BaseModel):
    """One row of a rate deck: the price of the numbers that begin with `prefix`.

    Examples
    --------
    >>> row = DeckRow(prefix="393", rate="0.045", name="Italy mobile", increment="30 / 6",
    ...               effective_from="2026-03-01")
    >>> row.rate, row.increment, row.effective_from
    (Decimal('0.045'), '30/6', datetime.date(2026, 3, 1))
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    prefix: Annotated[str, BeforeValidator(_prefix)] = Field(..., description=N_("Digits that begin the number"))
    rate: Annotated[Decimal, BeforeValidator(_money("rate"))] = Field(..., description=N_("[currency/min]"))
    name: Annotated[str | None, BeforeValidator(_name)] = Field(None, description=N_("Destination, for people"))
    increment: Annotated[str | None, BeforeValidator(_increment)] = Field(
        None, description=N_('Billing steps "first/next" [s]; None: the component\'s')
    )
    connection_fee: Annotated[Decimal | None, BeforeValidator(_money("connection_fee"))] = Field(
        None, description=N_("Per charged record [currency]; None: the component's")
    )
    effective_from: Annotated[dt.date | None, BeforeValidator(_date)] = Field(
        None, description=N_("First day in force; None: always")
    )


_CHECKS = {
    "prefix": _prefix,
    "rate": _money("rate"),
    "name": _name,
    "increment": _increment,
    "connection_fee": _money("connection_fee"),
    "effective_from": _date,
}


def _date_text(day: dt.date | None) -> str:
    return _("effective_from {date}").format(date=day.isoformat()) if day is not None else _("no effective_from")


def _first_repeat(rows: list[DeckRow]) -> tuple[int, int] | None:
    """Positions (0-based) of the first row repeating an earlier row's prefix and date."""
    seen: dict[tuple[str, dt.date | None], int] = {}
    for position, row in enumerate(rows):
        key = (row.prefix, row.effective_from)
        if key in seen:
            return seen[key], position
        seen[key] = position
    return None


def check_unique_rows(rows: list[DeckRow]) -> None:
    """Refuse two rows with the same prefix and the same `effective_from`.

    Parameters
    ----------
    rows : list of DeckRow

    Raises
    ------
    ValueError
        Naming both rows (1-based positions), the prefix and the date.

    Examples
    --------
    >>> rows = [DeckRow(prefix="39", rate=1), DeckRow(prefix="44", rate=1), DeckRow(prefix="39", rate=2)]
    >>> check_unique_rows(rows)
    Traceback (most recent call last):
    ...
    ValueError: rows 1 and 3 have the same prefix '39' and no effective_from (one row per prefix and date)
    """
    repeat = _first_repeat(rows)
    if repeat is not None:
        first, second = repeat
        row = rows[second]
        raise ValueError(
            _(
                "rows {first} and {second} have the same prefix {prefix} and {date} (one row per prefix and date)"
            ).format(first=first + 1, second=second + 1, prefix=repr(row.prefix), date=_date_text(row.effective_from))
        )


def _too_large(source: str, size: int) -> str:
    return _(
        "{source}: the deck is larger than {limit} MB ({size} bytes); remove the rows you do not need or split it"
    ).format(source=source, limit=MAX_DECK_BYTES // 2**20, size=format_number(size))


def _decoded(data: bytes | str, source: str) -> str:
    if len(data) > MAX_DECK_BYTES:
        raise InputError(_too_large(source, len(data)))
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            _("{source}: not UTF-8 text (byte 0x{byte} at offset {offset}); save the deck as CSV UTF-8").format(
                source=source, byte=f"{data[error.start]:02x}", offset=error.start
            )
        ) from None


def _header(cells: list[str], source: str) -> list[str]:
    names = [cell.strip().lower() for cell in cells]
    for name in names:
        if name not in DECK_COLUMNS:
            expected = ", ".join(DECK_COLUMNS)
            raise InputError(
                _("{source}: line 1: unknown column {name} (a deck has the columns {expected})").format(
                    source=source, name=repr(name), expected=expected
                )
            )
    for name in names:
        if names.count(name) > 1:
            raise InputError(
                _("{source}: line 1: the column {name} appears twice").format(source=source, name=repr(name))
            )
    for name in ("prefix", "rate"):
        if name not in names:
            found = ", ".join(names) or _("none")
            raise InputError(
                _("{source}: line 1: the header has no {name} column (columns found: {found})").format(
                    source=source, name=repr(name), found=found
                )
            )
    return names


def parse_deck_csv(data: bytes | str, source: str) -> list[DeckRow]:
    r"""Read a deck CSV: a header row with `prefix` and `rate`, then one row per prefix (and date).

    Parameters
    ----------
    data : bytes or str
        The file's content, UTF-8 with or without a byte-order mark.
    source : str
        File name used in messages.

    Returns
    -------
    list of DeckRow
        In file order; empty optional cells are None.

    Raises
    ------
    InputError
        On one line naming the file, the line (the header is line 1) and the field: an
        unknown or missing column, a bad value, a prefix and date given twice (naming both
        lines), more than `MAX_DECK_ROWS` rows, more than `MAX_DECK_BYTES` bytes, a cell
        longer than `MAX_CELL_CHARS` characters.

    Notes
    -----
    Header names are case-insensitive and surrounding spaces are ignored, as are spaces
    around cells. Blank lines are skipped. Prefixes are digits only: ``+39``, ``0039`` or
    ``'39`` are refused rather than guessed at.

    Examples
    --------
    >>> rows = parse_deck_csv("Prefix, Rate ,name\n39,0.012,Italy\n393,0.045,Italy mobile\n", "rates.csv")
    >>> [(row.prefix, row.rate, row.name) for row in rows]
    [('39', Decimal('0.012'), 'Italy'), ('393', Decimal('0.045'), 'Italy mobile')]
    >>> parse_deck_csv("prefix,rate\n39,0.012\n44,abc\n", "rates.csv")
    Traceback (most recent call last):
    ...
    calc.errors.InputError: rates.csv: line 3, field 'rate': rate must be a number, got 'abc'
    """
    text = _decoded(data, source)
    reader = csv.reader(io.StringIO(text, newline=""))
    names: list[str] | None = None
    rows: list[DeckRow] = []
    lines: list[int] = []
    line = 1
    try:
        for cells in reader:
            first_line, line = line, reader.line_num + 1
            if not "".join(cells).strip():
                continue
            if max(map(len, cells)) > MAX_CELL_CHARS:
                position = next(i for i, cell in enumerate(cells) if len(cell) > MAX_CELL_CHARS)
                field = (
                    names[position]
                    if names and position < len(names)
                    else _("column {number}").format(number=position + 1)
                )
                raise InputError(
                    _(
                        "{source}: line {line}, field {field}: a cell holds at most {limit} characters, got {length}"
                    ).format(
                        source=source,
                        line=first_line,
                        field=repr(field),
                        limit=MAX_CELL_CHARS,
                        length=format_number(len(cells[position])),
                    )
                )
            if names is None:
                names = _header(cells, source)
                continue
            if len(cells) != len(names):
                raise InputError(
                    _("{source}: line {line}: {cells} cells, but the header has {columns} columns").format(
                        source=source, line=first_line, cells=len(cells), columns=len(names)
                    )
                )
            if len(rows) == MAX_DECK_ROWS:
                raise InputError(
                    _("{source}: more than {limit} rows; a deck holds at most {limit}").format(
                        source=source, limit=format_number(MAX_DECK_ROWS)
                    )
                )
            values = dict.fromkeys(DECK_COLUMNS)
            for name, cell in zip(names, cells, strict=True):
                cell = cell.strip()
                try:
                    values[name] = _CHECKS[name](cell or None)
                except ValueError as error:
                    raise InputError(
                        _("{source}: line {line}, field {field}: {error}").format(
                            source=source, line=first_line, field=repr(name), error=error
                        )
                    ) from None
            rows.append(DeckRow.model_construct(**values))
            lines.append(first_line)
    except csv.Error as error:
        raise InputError(
            _("{source}: line {line}: not readable as CSV ({error})").format(source=source, line=line, error=error)
        ) from None
    if names is None:
        raise InputError(
            _("{source}: the deck is empty; it needs a header row with prefix and rate").format(source=source)
        )
    if not rows:
        raise InputError(_("{source}: the deck has a header but no rows").format(source=source))
    repeat = _first_repeat(rows)
    if repeat is not None:
        first, second = repeat
        row = rows[second]
        raise InputError(
            _(
                "{source}: line {line}, field 'prefix': {prefix} with {date} repeats line {first} "
                "(one row per prefix and date)"
            ).format(
                source=source,
                line=lines[second],
                prefix=repr(row.prefix),
                date=_date_text(row.effective_from),
                first=lines[first],
            )
        )
    return rows


def load_deck(path: str | Path) -> list[DeckRow]:
    """Read a deck CSV file (see `parse_deck_csv`); messages name the file by its name.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    list of DeckRow

    Raises
    ------
    InputError
        If the file is missing or unreadable, or its content is refused.

    Examples
    --------
    >>> load_deck("no/such/rates.csv")
    Traceback (most recent call last):
    ...
    calc.errors.InputError: rates.csv: no such deck file
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_DECK_BYTES:
            raise InputError(_too_large(path.name, size))
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(_("{file}: no such deck file").format(file=path.name)) from None
    except IsADirectoryError:
        raise InputError(_("{file}: is a folder, not a deck file").format(file=path.name)) from None
    except OSError as error:
        raise InputError(
            _("{file}: cannot read the deck file ({error})").format(file=path.name, error=error.strerror)
        ) from None
    return parse_deck_csv(data, path.name)


def deck_csv_text(rows: list[DeckRow]) -> str:
    """Write rows as deck CSV text, the inverse of `parse_deck_csv`.

    Parameters
    ----------
    rows : list of DeckRow

    Returns
    -------
    str
        Header ``prefix,rate,name,increment,connection_fee,effective_from``, then one
        line per row; None is an empty cell; money is written exactly, without exponents.

    Examples
    --------
    >>> print(deck_csv_text([DeckRow(prefix="44", rate="0.0100", name="UK, fixed")]), end="")
    prefix,rate,name,increment,connection_fee,effective_from
    44,0.0100,"UK, fixed",,,
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(DECK_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.prefix,
                f"{row.rate:f}",
                row.name or "",
                row.increment or "",
                "" if row.connection_fee is None else f"{row.connection_fee:f}",
                "" if row.effective_from is None else row.effective_from.isoformat(),
            ]
        )
    return buffer.getvalue()


def _digits_argument(value: str | None, what: str, longest: int) -> bytes:
    text = "" if value is None else value
    if not isinstance(text, str) or not _DIGITS_ARGUMENT.fullmatch(text) or len(text) > longest:
        raise ValueError(
            _("{what} must be at most {limit} digits 0-9, got {value}").format(
                what=what, limit=longest, value=repr(value)
            )
        )
    return text.encode()


def _arrow_text(destinations: object) -> pa.LargeStringArray:
    """Destinations as one Arrow large_string array, missing values as ''."""
    import pandas as pd  # rate decks only: a log priced without one never loads pandas

    series = destinations if isinstance(destinations, pd.Series) else pd.Series(np.asarray(destinations, dtype=object))
    if not pd.api.types.is_string_dtype(series.dtype) or series.dtype == object:
        series = series.astype("str")
    array = pa.array(series, from_pandas=True)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if not pa.types.is_large_string(array.type):
        array = array.cast(pa.large_string())
    return array.fill_null("") if array.null_count else array


def normalize_destinations(destinations: object, country_code: str | None, national_prefix: str = "") -> np.ndarray:
    """Dialled numbers made international, as digits (step 1 of section 3b).

    Parameters
    ----------
    destinations : pandas Series or array of str
        As dialled; None, NaN and '' are empty.
    country_code : str or None
        Digits put before a national number, e.g. ``"39"``; None keeps national numbers as they are.
    national_prefix : str
        Trunk prefix removed from the start of a national number before the country code
        is added (``"0"`` in the UK or China); ``""`` removes nothing.

    Returns
    -------
    numpy.ndarray of str
        Digits only; ``""`` for an empty number. Cut to `MAX_NUMBER_DIGITS` digits.

    Notes
    -----
    Every character but the digits 0-9 is dropped. A number whose first character after
    leading whitespace is ``+`` is international as it stands (its digits are kept as
    they are, even ``00``); otherwise digits beginning with ``00`` are international
    once the ``00`` is removed. Any other number is national: with `country_code` it
    becomes the country code followed by its digits without a leading `national_prefix`;
    a national number with no digits left after the trunk prefix is empty. Works on the
    bytes of the whole column at once.

    Examples
    --------
    >>> normalize_destinations(["+39 06 1234", "0044 20 7946", "06-1234", "(339) 555", None, ""], "39").tolist()
    ['39061234', '44207946', '39061234', '39339555', '', '']
    >>> normalize_destinations(["020 7946 0000", "+44 20 7946"], "44", national_prefix="0").tolist()
    ['442079460000', '44207946']
    """
    head = _digits_argument(country_code, "country_code", 6)
    trunk = _digits_argument(national_prefix, "national_prefix", 6)
    text = _arrow_text(destinations)
    count = len(text)
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)[text.offset : text.offset + count + 1]
    data_buffer = text.buffers()[2]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.zeros(0, np.uint8)
    data = data[offsets[0] : offsets[-1]]
    offsets = offsets - offsets[0]
    starts, lengths = offsets[:-1], np.diff(offsets)

    # International: "+" first (after leading whitespace), or digits beginning with 00.
    first_byte = np.zeros(count, dtype=np.uint8)
    if len(data):
        first_byte = np.where(lengths > 0, data[np.minimum(starts, len(data) - 1)], first_byte)
    indented = np.flatnonzero(np.isin(first_byte, _WHITESPACE))
    if len(indented):
        visible = np.flatnonzero(~np.isin(data, _WHITESPACE))
        position = np.searchsorted(visible, starts[indented])
        found = position < len(visible)
        found[found] = visible[position[found]] < offsets[1:][indented[found]]
        first_byte[indented] = 0
        first_byte[indented[found]] = data[visible[position[found]]]
    plus = first_byte == ord("+")

    # The digits of every record, one after the other, in `stream` (character codes).
    pad = 8  # room for the country code before the first record's digits
    is_digit = (data - np.uint8(48)) < 10
    digit_total = int(np.count_nonzero(is_digit))
    stream = np.zeros(pad + len(data) + MAX_NUMBER_DIGITS + 8, dtype=np.uint8)
    if digit_total + int(np.count_nonzero(plus)) == len(data):
        # Only digits and leading "+" (the usual export): each record's digits are already together.
        stream[pad : pad + len(data)] = data
        digit_starts = starts + plus
        digit_counts = lengths - plus
    else:
        digits_before = np.zeros(len(data) + 1, dtype=np.int32 if len(data) < 2**31 else np.int64)
        np.cumsum(is_digit, out=digits_before[1:])
        digit_starts = digits_before[starts].astype(np.int64)
        digit_counts = digits_before[offsets[1:]] - digit_starts
        stream[pad : pad + digit_total] = data[is_digit]
    digit_starts += pad

    double_zero = (
        ~plus & (digit_counts >= 2) & (stream[digit_starts] == ord("0")) & (stream[digit_starts + 1] == ord("0"))
    )
    skip = double_zero.astype(np.int32) * 2
    national = ~plus & ~double_zero & (digit_counts > 0) & (len(head) > 0)
    if trunk:
        trunked = national & (digit_counts >= len(trunk))
        for position, digit in enumerate(trunk):
            trunked &= stream[digit_starts + position] == digit
        skip[trunked] = len(trunk)
    kept = (digit_counts - skip).astype(np.int32)
    national &= kept > 0
    head_length = national.astype(np.int32) * len(head)
    lengths_out = np.minimum(head_length + kept, MAX_NUMBER_DIGITS)
    lengths_out[kept <= 0] = 0
    width = max(int(lengths_out.max(initial=0)), 1)

    windows = np.lib.stride_tricks.sliding_window_view(stream, width)
    matrix = windows[digit_starts + skip - head_length]
    keep = np.tri(width + 1, width, -1, dtype=np.uint8)  # row k: k ones, then zeros
    np.multiply(matrix, keep[lengths_out], out=matrix)
    for position, digit in enumerate(head[:width]):
        matrix[:, position] = np.where(national, digit, matrix[:, position])
    return matrix.astype(np.uint32).view(f"<U{width}").reshape(count)


def _days(day: dt.date | None) -> int | None:
    return None if day is None else (day - _EPOCH).days


class _Length:
    """The rows whose prefix has one length, arranged for lookups on whole columns."""

    def __init__(self, length: int, positions: np.ndarray, values: np.ndarray, days: np.ndarray) -> None:
        self.length = length
        undated = days == _NO_DATE
        self.first_day = int(days[~undated].min()) if (~undated).any() else 0
        self.last_day = int(days[~undated].max()) if (~undated).any() else 0
        self.span = self.last_day - self.first_day + 2  # day slot 0: undated rows; slots 1..: dated rows
        slots = np.where(undated, 0, days - self.first_day + 1)
        order = np.lexsort((slots, values))
        values, slots, positions = values[order], slots[order], positions[order]
        self.prefixes, first_of_prefix, rows_per_prefix = np.unique(values, return_index=True, return_counts=True)
        rank = np.repeat(np.arange(len(self.prefixes)), rows_per_prefix)
        self.keys = rank * self.span + slots
        self.key_rank = rank
        self.key_row = positions
        # Per prefix: its row when it has a single undated row (no date to look at), -2 when dates decide.
        simple = (rows_per_prefix == 1) & (slots[first_of_prefix] == 0)
        self.direct = np.where(simple, positions[first_of_prefix], -2).astype(np.int32)
        if length <= _TABLE_DIGITS:
            # Tables indexed by the number's first digits; the extra last entry answers "too short".
            self.row_table = np.full(10**length + 1, -1, dtype=np.int32)
            self.row_table[self.prefixes] = self.direct
            self.rank_table = np.full(10**length + 1, -1, dtype=np.int32)
            self.rank_table[self.prefixes] = np.arange(len(self.prefixes), dtype=np.int32)
        else:
            self.head_table = np.zeros(10**_TABLE_DIGITS, dtype=bool)
            self.head_table[self.prefixes // 10 ** (length - _TABLE_DIGITS)] = True

    def in_force_on(self, day: int | None) -> tuple[np.ndarray, np.ndarray]:
        """Prefixes with a row in force on `day` (None: undated rows only) and those rows."""
        ranks = np.arange(len(self.prefixes), dtype=np.int64)
        slot = 0 if day is None else min(max(day, self.first_day - 1), self.last_day) - (self.first_day - 1)
        key = np.searchsorted(self.keys, ranks * self.span + slot, side="right") - 1
        in_force = (key >= 0) & (self.key_rank[np.maximum(key, 0)] == ranks)
        return self.prefixes[in_force], self.key_row[key[in_force]]

    def rows(
        self, keys: np.ndarray, long_enough: np.ndarray, heads: np.ndarray | None, days: np.ndarray | None
    ) -> np.ndarray:
        """Row in force of each record's prefix of this length (int32), -1 when none."""
        if self.length <= _TABLE_DIGITS:
            slots = np.where(long_enough, keys, 10**self.length)
            rows = self.row_table[slots]
            by_date = np.flatnonzero(rows == -2) if (self.direct == -2).any() else np.zeros(0, dtype=np.intp)
            ranks = self.rank_table[slots[by_date]]
        else:
            rows = np.full(len(keys), -1, dtype=np.int32)
            # `heads` None: the caller kept only numbers whose first 6 digits begin a prefix.
            candidates = np.flatnonzero(long_enough if heads is None else long_enough & self.head_table[heads])
            found = np.minimum(np.searchsorted(self.prefixes, keys[candidates]), len(self.prefixes) - 1)
            hit = self.prefixes[found] == keys[candidates]
            rows[candidates[hit]] = self.direct[found[hit]]
            by_date = candidates[hit][self.direct[found[hit]] == -2]
            ranks = found[hit][self.direct[found[hit]] == -2]
        if len(by_date):
            if days is None:
                slot = np.zeros(len(by_date), dtype=np.int64)
            else:
                # Clip before subtracting: a very negative day must not wrap around.
                slot = np.clip(days[by_date], self.first_day - 1, self.last_day) - (self.first_day - 1)
            key = np.searchsorted(self.keys, ranks.astype(np.int64) * self.span + slot, side="right") - 1
            in_force = (key >= 0) & (self.key_rank[np.maximum(key, 0)] == ranks)
            rows[by_date] = np.where(in_force, self.key_row[np.maximum(key, 0)], -1)
        return rows


class DeckIndex:
    """A deck arranged for longest-prefix lookups on whole columns (built once per deck).

    Parameters
    ----------
    rows : list of DeckRow
        Prefix and date unique (see `check_unique_rows`).

    Raises
    ------
    ValueError
        If two rows have the same prefix and date.

    Examples
    --------
    >>> index = DeckIndex([DeckRow(prefix="39", rate="0.012"), DeckRow(prefix="393", rate="0.045"),
    ...                    DeckRow(prefix="393", rate="0.039", effective_from="2026-03-01")])
    >>> numbers = normalize_destinations(["+39 06 1234", "+39 333 1234", "+39 333 1234", "+44 20", ""], None)
    >>> days = (np.array(["2026-02-28", "2026-02-28", "2026-03-01", "2026-03-01", "2026-03-01"],
    ...                  dtype="datetime64[D]") - np.datetime64("1970-01-01", "D")).astype(np.int64)
    >>> index.lookup(numbers, days).tolist()
    [0, 1, 2, -1, -1]
    """

    def __init__(self, rows: list[DeckRow]) -> None:
        self.rows = list(rows)
        prefixes = [row.prefix for row in self.rows]
        lengths = np.array([len(prefix) for prefix in prefixes], dtype=np.int64)
        values = np.array([int(prefix) for prefix in prefixes], dtype=np.int64)
        days = np.array(
            [_NO_DATE if row.effective_from is None else _days(row.effective_from) for row in self.rows],
            dtype=np.int64,
        )
        order = np.lexsort((days, values, lengths))
        lengths_sorted, values_sorted, days_sorted = lengths[order], values[order], days[order]
        same = (
            (lengths_sorted[1:] == lengths_sorted[:-1])
            & (values_sorted[1:] == values_sorted[:-1])
            & (days_sorted[1:] == days_sorted[:-1])
        )
        if same.any():
            check_unique_rows(self.rows)
        self.lengths = [
            _Length(int(length), np.flatnonzero(lengths == length), values[lengths == length], days[lengths == length])
            for length in np.unique(lengths)
        ]
        self._by_length = {group.length: group for group in self.lengths}
        self._head_tables, self._epoch_starts = self._short_prefix_tables(lengths, days)

    def _short_prefix_tables(self, lengths: np.ndarray, days: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
        """For each span of days between the dates of short rows: the row of every 6-digit start.

        Prefixes of up to 6 digits decide a number by its first 6 digits alone, so one
        table of 10**6 entries per span answers all those lengths in a single lookup.
        Built when the short rows have at most `_MAX_TABLE_DATES` distinct dates.
        """
        short = lengths <= _TABLE_DIGITS
        starts = np.unique(days[short & (days != _NO_DATE)])
        if not short.any() or len(starts) > _MAX_TABLE_DATES:
            return None, starts
        tables = np.full((len(starts) + 1, 10**_TABLE_DIGITS), -1, dtype=np.int32)
        for epoch, day in enumerate([None, *starts.tolist()]):
            for group in self.lengths:
                if group.length > _TABLE_DIGITS:
                    continue
                prefixes, rows = group.in_force_on(day)
                width = 10 ** (_TABLE_DIGITS - group.length)
                covered = (prefixes[:, None] * width + np.arange(width)).ravel()
                tables[epoch, covered] = np.repeat(rows, width)  # longer prefixes come later and win
        return tables, starts

    def lookup(self, numbers: np.ndarray, start_days: np.ndarray | None) -> np.ndarray:
        """The row that prices each record (steps 2 and 3 of section 3b).

        Parameters
        ----------
        numbers : numpy.ndarray of str
            Normalized destinations, as `normalize_destinations` returns them.
        start_days : numpy.ndarray of int64 or None
            Each record's start date as days since 1970-01-01 [d]; None for a log without
            timestamps (only rows without `effective_from` are in force). A day before
            every dated row (such as a missing start written as a very negative number)
            sees only the undated rows.

        Returns
        -------
        numpy.ndarray of int64
            Position in `rows` of the row that prices each record, -1 for an empty
            number or one that no prefix in force begins.

        Notes
        -----
        The number's first digits are read as integers, one digit position at a time (a
        loop over at most 18 positions, none over records). Every prefix of up to 6
        digits is answered at once by a table indexed by the first 6 digits, one table
        per span between the dates of those rows (when they have at most 4 dates; else
        a table per prefix length). Each longer prefix length is a binary search over
        its sorted prefixes. Where dates decide, a binary search over (prefix, day) keys
        finds the latest row in force. Longer prefixes in force overwrite shorter ones,
        so a prefix whose rows all start later leaves a shorter prefix in charge.
        """
        codes = _character_codes(numbers)
        count = len(codes)
        best = np.full(count, -1, dtype=np.int32)
        days = None if start_days is None else np.asarray(start_days, dtype=np.int64)
        if days is not None and len(days) != count:
            raise ValueError(f"start_days has {len(days)} values for {count} numbers")  # not user text: a bug
        if not self.lengths or count == 0:
            return best.astype(np.int64)
        longest = min(self.lengths[-1].length, codes.shape[1])
        if self._head_tables is None or longest < _TABLE_DIGITS:
            self._scan(codes, days, best, range(longest), every_length=True)
            return best.astype(np.int64)
        keys, all_digits = self._scan(codes, days, best, range(_TABLE_DIGITS), every_length=False)
        heads = np.where(all_digits, keys, 0)
        slot = heads
        if days is not None:
            for start in self._epoch_starts:  # at most _MAX_TABLE_DATES
                slot = slot + np.where(days >= start, 10**_TABLE_DIGITS, 0)
        np.copyto(best, self._head_tables.reshape(-1)[slot], where=all_digits)
        shorter = np.flatnonzero(~all_digits)  # fewer than 6 digits: prefix by prefix
        if len(shorter):
            found = np.full(len(shorter), -1, dtype=np.int32)
            self._scan(codes[shorter], None if days is None else days[shorter], found, range(_TABLE_DIGITS - 1))
            best[shorter] = found
        for group in self.lengths:
            if group.length > _TABLE_DIGITS and group.length <= longest:
                # Only numbers whose first 6 digits begin a prefix of this length read more digits.
                candidates = np.flatnonzero(all_digits & group.head_table[heads])
                long_keys, long_enough = self._scan(
                    codes[candidates], None, best, range(_TABLE_DIGITS, group.length), False, heads[candidates]
                )
                rows = group.rows(long_keys, long_enough, None, None if days is None else days[candidates])
                best[candidates] = np.where(rows >= 0, rows, best[candidates])
        return best.astype(np.int64)

    def _scan(
        self,
        codes: np.ndarray,
        days: np.ndarray | None,
        best: np.ndarray,
        positions: range,
        every_length: bool = True,
        keys: np.ndarray | None = None,
        all_digits: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Read digit `positions` of the numbers; where a prefix length ends, let its rows overwrite `best`."""
        count = len(codes)
        keys = np.zeros(count, dtype=np.int64) if keys is None else keys.copy()
        heads = None  # the first 6 digits, once read (prefixes longer than 6 are found through them)
        all_digits = np.ones(count, dtype=bool) if all_digits is None else all_digits.copy()
        for position in positions:
            digit = codes[:, position] - np.uint32(48)  # anything but 0-9 becomes 10 or more
            all_digits &= digit < 10
            digit *= all_digits
            keys *= 10
            keys += digit.view(np.int32)  # 0-9 now
            if position + 1 == _TABLE_DIGITS:
                heads = keys.copy()
            group = self._by_length.get(position + 1)
            if group is not None and every_length:
                rows = group.rows(keys, all_digits, heads, days)
                np.copyto(best, rows, where=rows >= 0)
        return keys, all_digits


def _character_codes(numbers: np.ndarray) -> np.ndarray:
    """Character codes of fixed-width text as a (numbers, width) uint32 array (a view for str arrays)."""
    array = np.asarray(numbers)
    if array.dtype.kind == "U":
        array = np.ascontiguousarray(array)
        return array.view(np.uint32).reshape(len(array), array.dtype.itemsize // 4)
    if array.dtype.kind == "S":
        array = np.ascontiguousarray(array)
        return array.view(np.uint8).reshape(len(array), array.dtype.itemsize).astype(np.uint32)
    import pandas as pd  # rate decks only

    text = pd.Series(array, dtype=object).fillna("").astype(str).to_numpy(dtype=str)
    return _character_codes(text if len(text) else np.zeros(0, dtype="<U1"))
