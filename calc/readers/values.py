"""Reading cell values the way exports write them: durations, times, and status words.

Each function takes a text column (pandas ``str``) and returns the parsed
values plus a per-row reason for values that cannot be read ('' when fine), so
the importer can refuse exactly those rows and say why.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from calc.calls import MAX_DURATION_S, with_values
from calc.i18n import N_, _
from calc.readers.words import (
    ANSWERED_WORDS,
    CHANNEL_WORDS,
    INBOUND_WORDS,
    INTERNAL_WORDS,
    OUTBOUND_WORDS,
    UNANSWERED_WORDS,
)

__all__ = [
    "parse_seconds",
    "with_value",
    "parse_times",
    "read_seconds",
    "read_times",
    "reasons_column",
    "date_order",
    "words_to_answered",
    "words_to_direction",
    "words_to_channel",
    "ANSWERED_WORDS",
    "UNANSWERED_WORDS",
]

# Why a value is refused: each message is translated once for all the rows it refuses (``_(NEGATIVE)``),
# then the row's value is quoted after it.
UNREADABLE_SECONDS = N_("is not a number of seconds or hh:mm:ss")
NEGATIVE = N_("is negative")
OUT_OF_RANGE = N_("is out of range")
UNREADABLE_TIME = N_("is not a readable time")
IMPOSSIBLE_DATE = N_("is a date that does not exist in the calendar")


def with_value(reason: str, values: pd.Series) -> pd.Series:
    """Each refused row's reason followed by its value, in the language's way (``is negative: '-4'``).

    `reason` (one of the constants above) and the sentence around the value are translated once for all the
    rows, not once per row: the values are joined to the two fixed parts as whole columns.

    Examples
    --------
    >>> from calc.i18n import use_language
    >>> with_value(NEGATIVE, pd.Series(["-4", "-1"])).tolist()
    ["is negative: '-4'", "is negative: '-1'"]
    >>> with use_language("zh"):
    ...     with_value(NEGATIVE, pd.Series(["-4"])).tolist()
    ["为负数：'-4'"]
    """
    return with_values(_("{reason}: '{value}'").format(reason=_(reason), value="{value}"), values)


_CLOCK = re.compile(r"^(\d+):(\d{1,2})(?::(\d{1,2}(?:[.,]\d+)?))?$")
_UNIT = re.compile(r"\s*(s|sec|secs|seconds|secondi|segundos|secondes|sekunden|秒)$", re.I)


def parse_seconds(text: pd.Series, scale: float = 1.0) -> tuple[np.ndarray, pd.Series]:
    """Durations written as seconds, decimal comma, ``hh:mm:ss``, ``mm:ss`` or with a unit.

    Parameters
    ----------
    text : pandas.Series of str
    scale : float
        Multiplier to seconds (``0.001`` for a milliseconds column).

    Returns
    -------
    seconds : numpy.ndarray of float
        NaN where unreadable or empty [s].
    reasons : pandas.Series of str
        Why a value could not be read, '' otherwise.

    Examples
    --------
    >>> seconds, _ = parse_seconds(pd.Series(["65", "12,5", "01:05", "1:02:03", "45 s", "x"]))
    >>> seconds.tolist()[:5]
    [65.0, 12.5, 65.0, 3723.0, 45.0]
    """
    seconds, problems = read_seconds(text, scale)
    return seconds, reasons_column(problems, text.index)


def reasons_column(problems: pd.Series, index: pd.Index) -> pd.Series:
    """Spread `problems` (messages by row position, few) over a whole column: '' where a row is fine.

    Examples
    --------
    >>> reasons_column(pd.Series(["is negative: '-4'"], index=[1]), pd.RangeIndex(3)).tolist()
    ['', "is negative: '-4'", '']
    """
    reasons = pd.Series("", index=index, dtype=object)
    if len(problems):
        reasons.iloc[problems.index.to_numpy()] = problems.to_numpy(dtype=object)
    return reasons


def _problems(found: list[tuple[np.ndarray, pd.Series]]) -> pd.Series:
    """Messages by row position from (mask, messages of the masked rows) pairs; a later pair wins."""
    parts = [pd.Series(messages.to_numpy(dtype=object), index=np.flatnonzero(mask)) for mask, messages in found]
    if not parts:
        return pd.Series([], dtype=object, index=pd.Index([], dtype=np.int64))
    problems = pd.concat(parts) if len(parts) > 1 else parts[0]
    return problems[~problems.index.duplicated(keep="last")].sort_index()


def read_seconds(text: pd.Series, scale: float = 1.0) -> tuple[np.ndarray, pd.Series]:
    """`parse_seconds` with the reasons only for the rows that have one: no whole column of ''.

    Returns
    -------
    seconds : numpy.ndarray of float
        NaN where unreadable or empty [s].
    problems : pandas.Series of str
        Why a value could not be read, indexed by row position (0, 1, ...), refused rows only.

    Examples
    --------
    >>> seconds, problems = read_seconds(pd.Series(["65", "-4", "x"]))
    >>> seconds.tolist()[0], problems.to_dict()
    (65.0, {1: "is negative: '-4'", 2: "is not a number of seconds or hh:mm:ss: 'x'"})
    """
    if pd.api.types.is_numeric_dtype(text) and not pd.api.types.is_bool_dtype(text):
        values = text.to_numpy(dtype=np.float64, na_value=np.nan, copy=True)  # read typed by pyarrow
        if scale != 1.0:
            values *= scale
        unreadable = np.zeros(len(values), dtype=bool)
    else:
        text = text.fillna("").astype("str").str.strip()
        values = numbers(text)
        written = (text != "").to_numpy()
        missing = np.isnan(values) & written
        if missing.any():
            values[missing] = _spelled_seconds(text[missing])
        values = values * scale
        unreadable = np.isnan(values) & written
    with np.errstate(invalid="ignore"):
        negative = values < 0
        huge = np.isinf(values) | (values > MAX_DURATION_S)
    found = []
    for mask, why in (
        (unreadable, UNREADABLE_SECONDS),
        (negative, NEGATIVE),
        (huge, OUT_OF_RANGE),
    ):
        if mask.any():  # messages only for the rows refused, which are few
            shown = (
                text[mask].astype(str)
                if text.dtype == object or pd.api.types.is_string_dtype(text)
                else (text[mask].map(lambda number: f"{number:g}"))
            )
            found.append((mask, with_value(why, shown)))
    if found:
        values[negative | huge] = np.nan
    return values, _problems(found)


def _spelled_seconds(rest: pd.Series) -> np.ndarray:
    """Seconds from ``12,5``, ``45 s``, ``01:05`` or ``1:02:03`` (NaN where none fits)."""
    rest = rest.str.replace(_UNIT, "", regex=True)
    comma = rest.str.fullmatch(r"[+-]?\d+,\d+")
    rest = rest.where(~comma, rest.str.replace(",", ".", regex=False))
    parsed = pd.to_numeric(rest, errors="coerce").to_numpy(dtype=np.float64)
    clock = rest.str.extract(_CLOCK)
    if clock.notna().any().any():
        hours_first = clock[2].notna().to_numpy()
        a = pd.to_numeric(clock[0], errors="coerce").to_numpy(dtype=np.float64)
        b = pd.to_numeric(clock[1], errors="coerce").to_numpy(dtype=np.float64)
        c = pd.to_numeric(clock[2].str.replace(",", ".", regex=False), errors="coerce").to_numpy(dtype=np.float64)
        clock_seconds = np.where(hours_first, a * 3600 + b * 60 + np.nan_to_num(c), a * 60 + b)
        parsed = np.where(np.isnan(parsed), clock_seconds, parsed)
    return parsed


def numbers(text: pd.Series) -> np.ndarray:
    """Plain decimal numbers of a text column, NaN where empty or not a number (pyarrow first: fast).

    Examples
    --------
    >>> numbers(pd.Series(["1", "2.5", "", "x"])).tolist()
    [1.0, 2.5, nan, nan]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        array = pa.array(text, type=pa.string())
        array = pc.if_else(pc.equal(pc.utf8_trim_whitespace(array), ""), pa.scalar(None, pa.string()), array)
        return pc.cast(array, pa.float64()).to_numpy(zero_copy_only=False).astype(np.float64, copy=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64, copy=True)


def per_distinct(text: pd.Series, convert) -> pd.Series:
    """Apply `convert` once per distinct value: status, direction or agent columns repeat a few words.

    Parameters
    ----------
    text : pandas.Series
        Text or categorical column; missing values are converted as ''.
    convert : callable
        str -> str.

    Returns
    -------
    pandas.Series, categorical
        The converted values, as categories (no Python string per row).

    Examples
    --------
    >>> per_distinct(pd.Series(["a", "b", "a", None]), str.upper).tolist()
    ['A', 'B', 'A', '']
    """
    if isinstance(text.dtype, pd.CategoricalDtype):
        codes, uniques = text.cat.codes.to_numpy(), text.cat.categories
    else:
        codes, uniques = pd.factorize(text, use_na_sentinel=True)
    missing = codes.min(initial=0) < 0
    # Code -1 (missing) picks the last entry, convert(''), there only when needed.
    mapped = [convert(str(value)) for value in uniques] + ([convert("")] if missing else [])
    positions, categories = pd.factorize(pd.Index(mapped, dtype=object))
    if not missing and isinstance(text.dtype, pd.CategoricalDtype) and (positions == np.arange(len(uniques))).all():
        row_codes = codes.copy()  # one category each, in the same order (stripping, mostly)
    else:
        row_codes = positions.astype(code_dtype(len(categories)))[codes]
    converted = pd.Categorical.from_codes(row_codes, categories=categories.astype("str"), validate=False)
    return pd.Series(converted, index=text.index)


def code_dtype(categories: int) -> type:
    """The integer type pandas keeps the codes of that many categories in (so it need not convert them).

    Examples
    --------
    >>> code_dtype(3), code_dtype(200)
    (<class 'numpy.int8'>, <class 'numpy.int16'>)
    """
    for kind in (np.int8, np.int16, np.int32):
        if categories < np.iinfo(kind).max:
            return kind
    return np.int64


_SLASHED = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})(?:[ T,]+(.*))?$")


def date_order(text: pd.Series) -> tuple[str | None, str]:
    """Decide from a whole column whether ``01/02/2026`` is day-first or month-first.

    Returns
    -------
    order : {'dayfirst', 'monthfirst', None}
        None when the column is not written as ``dd/mm/yyyy`` or ``mm/dd/yyyy``,
        or when every value reads both ways.
    evidence : str
        The value that decided it, for the import notes.

    Examples
    --------
    >>> date_order(pd.Series(["01/02/2026 10:00", "25/02/2026 11:00"]))
    ('dayfirst', "'25/02/2026 11:00' has 25 first")
    """
    if pd.api.types.is_datetime64_any_dtype(text):
        return None, ""
    text = text.fillna("").astype("str").str.strip()
    written = text[text != ""]
    if written.empty or not any(_SLASHED.match(value) for value in written.head(1000)):
        return None, ""
    # Dates repeat: look at each distinct day once, in order of first appearance.
    prefixes = written.str.slice(0, 10)
    codes, uniques = pd.factorize(prefixes)
    parts = [_SLASHED.match(value + " ") or _SLASHED.match(value) for value in uniques]
    counts = np.bincount(codes, minlength=len(uniques))
    slashed = sum(count for part, count in zip(parts, counts, strict=True) if part)
    if slashed < 0.5 * len(written):
        return None, ""  # not a column of dd/mm or mm/dd dates
    for position, part in enumerate(parts):
        if part and int(part[1]) > 12:
            example = written.iloc[int(np.argmax(codes == position))]
            return "dayfirst", _("'{value}' has {number} first").format(value=example, number=int(part[1]))
    for position, part in enumerate(parts):
        if part and int(part[2]) > 12:
            example = written.iloc[int(np.argmax(codes == position))]
            return "monthfirst", _("'{value}' has {number} second").format(value=example, number=int(part[2]))
    # Every date reads both ways: within one log the day changes far more often than the month.
    firsts = {int(part[1]) for part in parts if part}
    seconds = {int(part[2]) for part in parts if part}
    if len(firsts) >= 3 and len(seconds) == 1:
        return (
            "dayfirst",
            _("the first number takes {count} values and the second only one (days vary, months not)").format(
                count=len(firsts)
            ),
        )
    if len(seconds) >= 3 and len(firsts) == 1:
        return (
            "monthfirst",
            _("the second number takes {count} values and the first only one (days vary, months not)").format(
                count=len(seconds)
            ),
        )
    return None, _("every date reads both ways")


def _strptime(text: pd.Series, formats: list[str]) -> tuple[pd.Series, np.ndarray]:
    """Parse with the first fitting of a few exact formats in pyarrow; NaT where none fits.

    pyarrow's strptime rolls a day that does not exist over into the next month
    (``2026-02-30`` reads as 2026-03-02): each parsed day is checked against the day
    written, and a date that does not exist is NaT and flagged.

    Returns
    -------
    times : pandas.Series of datetime64[us]
    impossible : numpy.ndarray of bool
        Rows whose date does not exist in the calendar.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(text, type=pa.string())
    best, impossible, groups = None, None, None
    for fmt in formats:
        parsed = pc.strptime(array, format=fmt, unit="us", error_is_null=True)
        day_at = _day_position(fmt)
        if parsed.null_count < len(parsed):
            if groups is None:
                groups = pc.extract_regex(array, r"^\s*(?P<a>\d+)\D+(?P<b>\d+)\D+(?P<c>\d+)")
            written = pc.cast(pc.struct_field(groups, [day_at]), pa.int64())
            rolled = pc.fill_null(pc.not_equal(pc.day(parsed), written), False)
            if pc.any(rolled).as_py():
                parsed = pc.if_else(rolled, pa.scalar(None, parsed.type), parsed)
                impossible = rolled if impossible is None else pc.or_(impossible, rolled)
        best = parsed if best is None else pc.coalesce(best, parsed)
        if best.null_count == 0:
            break
    times = pd.Series(best.to_numpy(zero_copy_only=False), index=text.index).astype("datetime64[us]")
    if impossible is None:
        return times, np.zeros(len(text), dtype=bool)
    flagged = impossible.to_numpy(zero_copy_only=False) & times.isna().to_numpy()
    return times, flagged


def _day_position(fmt: str) -> int:
    """Which of the first three numbers of a date written as `fmt` is the day (0, 1 or 2)."""
    fields = [f for f in ("%Y", "%y", "%m", "%d") if f in fmt]
    return sorted(fields, key=fmt.index).index("%d")


_ISO_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d"]


def _slashed_formats(dayfirst: bool) -> list[str]:
    date = "%d/%m/%Y" if dayfirst else "%m/%d/%Y"
    return [f"{date} %H:%M:%S", f"{date} %H:%M", date]


# A two-digit year after day and month (pyarrow would read '17' with %Y as the year 0017).
_SHORT_YEAR = re.compile(r"^(\s*\d{1,2}/\d{1,2}/)(\d{2})(?!\d)")


def _four_digit_year(match: re.Match) -> str:
    year = int(match[2])
    return f"{match[1]}{1900 + year if year >= 69 else 2000 + year}"


def parse_times(text: pd.Series, order: str | None, timezone: str | None) -> tuple[pd.Series, pd.Series, str]:
    """Timestamps: ISO 8601 (with or without zone), ``dd/mm/yyyy``, ``mm/dd/yyyy``, epoch, RFC 2822.

    Parameters
    ----------
    text : pandas.Series of str
    order : {'dayfirst', 'monthfirst', None}
        For slashed dates (see `date_order`); None reads them day-first.
    timezone : str or None
        Zone that values carrying an offset (``Z``, ``+01:00``, ``UTC``) are
        converted to; None keeps UTC. Values without a zone are taken as written.

    Returns
    -------
    times : pandas.Series of datetime64[us]
        Naive local times, NaT where unreadable or empty.
    reasons : pandas.Series of str
    form : str
        What the column looked like, for the import notes.

    Notes
    -----
    Common exact forms are parsed by pyarrow over the whole column; only values
    that fit none of them go through pandas' flexible parser.

    Examples
    --------
    >>> times, reasons, form = parse_times(pd.Series(["2026-01-05 09:00", "later"]), None, None)
    >>> times.tolist()[0], reasons.tolist()[1], form
    (Timestamp('2026-01-05 09:00:00'), "is not a readable time: 'later'", 'ISO 8601 dates (yyyy-mm-dd)')
    """
    times, problems, form = read_times(text, order, timezone)
    return times, reasons_column(problems, text.index), form


_EXCEL_FROM, _EXCEL_UNTIL = 32_874, 73_051  # Excel serials of 1990-01-01 and 2100-01-01
_EPOCH_END_S = 7_258_118_400  # 2200-01-01: later epoch values are unit mistakes or garbage, not call times


def _epoch(values: np.ndarray, per_second: int) -> np.ndarray:
    """Epoch values outside 1970 to 2200 become missing, so they are refused as unreadable times."""
    return np.where((values >= 0) & (values < _EPOCH_END_S * per_second), values, np.nan)


def read_times(text: pd.Series, order: str | None, timezone: str | None) -> tuple[pd.Series, pd.Series, str]:
    """`parse_times` with the reasons only for the rows that have one: no whole column of ''.

    Returns
    -------
    times : pandas.Series of datetime64[us]
    problems : pandas.Series of str
        Why a value could not be read, indexed by row position (0, 1, ...), refused rows only.
    form : str

    Examples
    --------
    >>> read_times(pd.Series(["05/01/2026 09:00", "x"]), "dayfirst", None)[1].to_dict()
    {1: "is not a readable time: 'x'"}
    """
    if pd.api.types.is_datetime64_any_dtype(text):  # read typed by pyarrow or Excel
        times = text
        if isinstance(times.dtype, pd.DatetimeTZDtype):
            times = times.dt.tz_convert(timezone or "UTC").dt.tz_localize(None)
        return times.astype("datetime64[us]"), _problems([]), _("timestamps")
    text = text.fillna("").astype("str").str.strip()
    present = text[text != ""]
    sample = present.iloc[0] if len(present) else ""
    zone_note = ""
    impossible = np.zeros(len(text), dtype=bool)
    if re.fullmatch(r"\d{5}(\.\d+)?", sample) and present.str.fullmatch(r"\d{5}(\.\d+)?").all():
        # Excel's serial dates: days since 1899-12-30 (the day Excel's 1900 leap-year bug makes day 0).
        days = numbers(text)
        days = np.where((days >= _EXCEL_FROM) & (days < _EXCEL_UNTIL), days, np.nan)
        microseconds = np.round(days * 86_400_000_000)
        times = pd.Series(pd.to_datetime(microseconds, unit="us", origin="1899-12-30"), index=text.index)
        form = _("Excel serial dates (days since 1899-12-30)")
    elif re.fullmatch(r"\d{9,10}(\.\d+)?", sample):
        times = pd.Series(pd.to_datetime(_epoch(numbers(text), 1), unit="s", utc=True), index=text.index)
        form = _("epoch seconds")
    elif re.fullmatch(r"\d{12,13}", sample):
        times = pd.Series(pd.to_datetime(_epoch(numbers(text), 1000), unit="ms", utc=True), index=text.index)
        form = _("epoch milliseconds")
    elif re.match(r"^[A-Za-z]{3}, \d{1,2} [A-Za-z]{3} \d{4}", sample):
        times = pd.to_datetime(text, format="%a, %d %b %Y %H:%M:%S %z", errors="coerce", utc=True)
        form = _("RFC 2822 (e.g. {example})").format(example="'Mon, 05 Jan 2026 09:00:00 +0000'")
    elif _SLASHED.match(sample):
        dayfirst = order != "monthfirst"
        cleaned = (
            text.str.replace(r"^(\d{1,2})[.\-](\d{1,2})[.\-]", r"\1/\2/", regex=True) if "/" not in sample else text
        )
        short_year = bool(cleaned.head(1000).str.match(r"\s*\d{1,2}/\d{1,2}/\d{2}(?!\d)").any())
        if short_year:  # as strptime's %y: 69-99 are 19xx, 00-68 are 20xx
            cleaned = cleaned.str.replace(_SHORT_YEAR, _four_digit_year, regex=True)
        times, impossible = _strptime(cleaned, _slashed_formats(dayfirst))
        rest = times.isna().to_numpy() & (cleaned != "").to_numpy() & ~impossible
        if rest.any():
            try:
                parsed = pd.to_datetime(cleaned[rest], format="mixed", dayfirst=dayfirst, errors="coerce")
            except (ValueError, TypeError):  # mixed offsets: bring them to UTC first
                parsed = pd.to_datetime(cleaned[rest], format="mixed", dayfirst=dayfirst, errors="coerce", utc=True)
            if isinstance(parsed.dtype, pd.DatetimeTZDtype):  # offsets: to the zone, like ISO times
                zone = timezone or "UTC"
                parsed = parsed.dt.tz_convert(zone).dt.tz_localize(None)
                zone_note = _("; times with a zone converted to {zone}").format(zone=zone)
            times[rest] = parsed.astype("datetime64[us]")
        form = _("day-first dates (dd/mm/yyyy)") if dayfirst else _("month-first dates (mm/dd/yyyy)")
        if short_year:
            form += _(", two-digit years read as 19xx from 69 on, else 20xx")
    else:
        cleaned = text.str.replace("/", "-", n=2, regex=False) if "/" in sample else text
        times, impossible = _strptime(cleaned, _ISO_FORMATS)
        rest = times.isna().to_numpy() & (cleaned != "").to_numpy() & ~impossible
        if rest.any():
            others = cleaned[rest].str.replace(r"\s*UTC$", "+00:00", regex=True)
            try:
                parsed = pd.to_datetime(others, format="ISO8601", errors="coerce")
            except (ValueError, TypeError):  # mixed offsets: bring them to UTC first
                parsed = pd.to_datetime(others, format="ISO8601", errors="coerce", utc=True)
            if isinstance(parsed.dtype, pd.DatetimeTZDtype):
                zone = timezone or "UTC"
                parsed = parsed.dt.tz_convert(zone).dt.tz_localize(None)
                zone_note = _("; times with a zone converted to {zone}").format(zone=zone)
            times[rest] = parsed.astype("datetime64[us]")
        form = _("ISO 8601 dates (yyyy-mm-dd)")
    if isinstance(times.dtype, pd.DatetimeTZDtype):
        zone = timezone or "UTC"
        times = times.dt.tz_convert(zone).dt.tz_localize(None)
        zone_note = _("; times with a zone converted to {zone}").format(zone=zone)
    times = times.astype("datetime64[us]")
    bad = (times.isna() & (text != "")).to_numpy() & ~impossible
    found = [(bad, with_value(UNREADABLE_TIME, text[bad]))] if bad.any() else []
    if impossible.any():
        found.append((impossible, with_value(IMPOSSIBLE_DATE, text[impossible])))
    return times, _problems(found), form + zone_note


def _normal(value: str) -> str:
    return re.sub(r"[\s_]+", " ", value.strip().lower())


def _classified(text: pd.Series, classify) -> tuple[pd.Series, float]:
    """Classify each distinct word once; report the share of written values that were known.

    The result is categorical (built from codes, never element by element); unknown words are missing.
    Its categories come in order of first appearance, or for a categorical `text` in the order
    of its categories (read without hashing the rows again).
    """
    if isinstance(text.dtype, pd.CategoricalDtype):
        codes, uniques = text.cat.codes.to_numpy(), text.cat.categories
    else:
        codes, uniques = pd.factorize(text, use_na_sentinel=True)
    classes = [classify(str(value)) for value in uniques] + [classify("")]
    categories = list(dict.fromkeys(c for c in classes if c is not None))
    position = {category: number for number, category in enumerate(categories)}
    per_unique_code = np.array([-1 if c is None else position[c] for c in classes], dtype=code_dtype(len(categories)))
    complete = codes.min(initial=0) >= 0  # no missing value
    if complete and (per_unique_code[:-1] == np.arange(len(uniques))).all():
        row_codes = codes.copy()  # one class per distinct value, in the same order: the codes stay
    else:
        row_codes = per_unique_code[codes]
    values = pd.Series(pd.Categorical.from_codes(row_codes, categories=categories, validate=False), index=text.index)
    # Per distinct value: 0 empty (or missing, code -1), 1 written but unknown, 2 written and known.
    written = np.array([bool(str(value).strip()) for value in uniques] + [False], dtype=bool)
    kinds = (written * (1 + (per_unique_code >= 0))).astype(np.int8)
    if complete and (kinds[:-1] == 2).all():
        return values, 1.0  # every value written and known, without counting rows
    row_kinds = kinds[codes]
    total = np.count_nonzero(row_kinds)
    known = float(np.count_nonzero(row_kinds == 2) / total) if total else 1.0
    return values, known


def words_to_answered(text: pd.Series) -> tuple[pd.Series, float]:
    """Map status words (dispositions, hangup causes, yes/no in six languages) to answered.

    Returns
    -------
    answered : pandas.Series, categorical
        True, False, or missing where the word is empty or unknown (the default then applies).
    known : float
        Share of non-empty values that were recognized.

    Examples
    --------
    >>> answered, known = words_to_answered(pd.Series(["ANSWERED", "NO ANSWER", "是", "Non risposta", "?"]))
    >>> answered.astype(object).where(answered.notna(), None).tolist(), known
    ([True, False, True, False, None], 0.8)
    """

    def answered(value: str) -> bool | None:
        word = _normal(value)
        return True if word in ANSWERED_WORDS else False if word in UNANSWERED_WORDS else None

    return _classified(text, answered)


def words_to_direction(text: pd.Series, extra: dict[str, str] | None = None) -> tuple[pd.Series, float]:
    """Map direction words (``inbound``, ``outbound-api``, 呼入, Uscente, ``internal`` ...) to a record direction.

    Returns
    -------
    direction : pandas.Series of object
        ``inbound``, ``outbound``, ``internal``, '' for empty, None for unknown words.
    known : float
        Share of non-empty values recognized.

    Parameters
    ----------
    text : pandas.Series of str
    extra : dict, optional
        A vendor's own words (lower case) -> direction, looked up first (Avaya's ``I``/``O``).

    Examples
    --------
    >>> words_to_direction(pd.Series(["outbound-api", "呼入", "Uscente", ""]))[0].tolist()
    ['outbound', 'inbound', 'outbound', '']
    >>> words_to_direction(pd.Series(["I", "O"]), {"i": "inbound", "o": "outbound"})[0].tolist()
    ['inbound', 'outbound']
    """

    def direction(value: str) -> str | None:
        word = _normal(value)
        if not word:
            return ""
        if extra and (word in extra or word.replace(" ", "_") in extra):
            return extra.get(word) or extra[word.replace(" ", "_")]
        if word in INBOUND_WORDS or word.replace("-", " ") in INBOUND_WORDS:
            return "inbound"
        if word in INTERNAL_WORDS or word.replace("-", " ") in INTERNAL_WORDS:
            return "internal"
        return "outbound" if word in OUTBOUND_WORDS or word.replace("-", " ") in OUTBOUND_WORDS else None

    return _classified(text, direction)


def words_to_channel(text: pd.Series) -> tuple[pd.Series, float]:
    """Map channel words (call, 短信, WhatsApp ...) to the record channels.

    Examples
    --------
    >>> words_to_channel(pd.Series(["Call", "短信", "WhatsApp", ""]))[0].tolist()
    ['voice', 'sms', 'social', 'voice']
    """

    def channel(value: str) -> str | None:
        word = _normal(value)
        return "voice" if not word else next((name for name, words in CHANNEL_WORDS.items() if word in words), None)

    return _classified(text, channel)
