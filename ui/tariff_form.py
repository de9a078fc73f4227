"""What the tariff editor shows for each component type, and how its text fields become a tariff.

Pure: the page draws one widget per `FormField`; `build_tariff` turns the
widgets' values into a `calc.Tariff` through the same pydantic models as the
files, and returns each problem filed under the field it belongs to so the page
can show it next to that field. Money stays text until the model reads it as
an exact Decimal.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

import pandas as pd
from pydantic import TypeAdapter, ValidationError

from calc import InputError, Tariff
from calc.components import Component
from calc.decks import DeckRow, parse_deck_csv
from calc.i18n import N_, _, babel_locale, format_money, format_number, ngettext, parse_decimal
from ui.tariff_fields import COMPONENT_FIELDS, NEW_COMPONENTS, TARIFF_FIELDS, FormField

__all__ = [
    "FormField",
    "TARIFF_FIELDS",
    "COMPONENT_FIELDS",
    "NEW_COMPONENTS",
    "field_value",
    "form_prefix",
    "tiers_text",
    "segments_text",
    "bands_text",
    "deck_summary",
    "deck_preview",
    "number_text",
    "new_component_values",
    "build_tariff",
]


def form_prefix(tariff_id: int, tariff: Tariff) -> str:
    """Widget-key prefix of a tariff's editor: ``tariffs_<id>_<digest>``.

    The digest changes whenever the tariff does, so after a save, an import or an added
    component the widgets start again from the tariff's values instead of stale ones.
    """
    digest = hashlib.blake2b(tariff.model_dump_json().encode("utf-8"), digest_size=4).hexdigest()
    return f"tariffs_{tariff_id}_{digest}"


def tiers_text(tiers: list | None) -> str:
    """Tiers as the editor writes them: ``1000: 0.05`` per band, ``rest: 0.03`` for the last.

    Examples
    --------
    >>> from calc.tariff import Tier
    >>> print(tiers_text([Tier(up_to=1000, rate="0.05"), Tier(up_to=None, rate="0.03")]))
    1000: 0.05
    rest: 0.03
    """
    if not tiers:
        return ""
    return "\n".join(f"{'rest' if t.up_to is None else number_text(t.up_to)}: {number_text(t.rate)}" for t in tiers)


def segments_text(segments: list | None) -> str:
    """Segments as the editor writes them, one per line.

    Examples
    --------
    >>> from calc.tariff import Segment
    >>> print(segments_text([Segment(up_to_s=180, fee="0.22"), Segment(up_to_s=None, rate="0.11", increment="6/6")]))
    180: fee 0.22
    rest: 0.11 6/6
    """
    lines = []
    for segment in segments or []:
        end = "rest" if segment.up_to_s is None else str(segment.up_to_s)
        if segment.fee is not None:
            lines.append(f"{end}: fee {number_text(segment.fee)}")
        else:
            lines.append(f"{end}: {number_text(segment.rate)}" + (f" {segment.increment}" if segment.increment else ""))
    return "\n".join(lines)


def bands_text(bands: list | None) -> str:
    """Time bands as the editor writes them: ``ENTRY; ENTRY = RATE`` per band.

    Examples
    --------
    >>> from calc.tariff import TimeBand
    >>> print(bands_text([TimeBand(when=["sat 08:00-13:00", "hol 10:00-12:00"], rate="0.04")]))
    sat 08:00-13:00; hol 10:00-12:00 = 0.04
    """
    lines = []
    for band in bands or []:
        entries = [band.when] if isinstance(band.when, str) else band.when
        lines.append(f"{'; '.join(entries)} = {number_text(band.rate)}")
    return "\n".join(lines)


def deck_summary(rows: list[DeckRow]) -> str:
    """One line about a rate deck: rows, distinct prefixes, and the dates rates change on.

    Examples
    --------
    >>> import datetime
    >>> rows = [DeckRow(prefix="39", rate="0.01"), DeckRow(prefix="39", rate="0.02", effective_from="2026-03-01")]
    >>> deck_summary(rows)
    '2 rows, 1 prefix, rates changing on 2026-03-01'
    """
    prefixes = len({row.prefix for row in rows})
    dates = sorted({row.effective_from for row in rows if row.effective_from is not None})
    counts = _("{rows}, {prefixes}").format(
        rows=ngettext("{count} row", "{count} rows", len(rows)).format(count=format_number(len(rows))),
        prefixes=ngettext("{count} prefix", "{count} prefixes", prefixes).format(count=format_number(prefixes)),
    )
    if not dates:
        return _("{counts}, no dated rows").format(counts=counts)
    shown = ", ".join(d.isoformat() for d in dates[:5])  # ISO dates: the deck's own notation
    if len(dates) > 5:
        shown = _("{dates} and {count} more").format(dates=shown, count=format_number(len(dates) - 5))
    return _("{counts}, rates changing on {dates}").format(counts=counts, dates=shown)


def deck_preview(rows: list[DeckRow], count: int = 5, currency: str | None = None) -> pd.DataFrame:
    r"""The first `count` rows of a deck as text, in the CSV's columns; rates and fees in the locale's way.

    The column names are the CSV's (a file format, not translated); the amounts keep every digit, with
    the `currency` (an ISO 4217 code) where the locale writes it when one is given.

    Examples
    --------
    >>> from calc.i18n import use_language
    >>> rows = [DeckRow(prefix="39", rate="0.0125", connection_fee="1.5")]
    >>> with use_language("it"):
    ...     deck_preview(rows)["rate"].tolist(), deck_preview(rows, currency="EUR")["connection_fee"].tolist()
    (['0,0125'], ['1,50\xa0€'])
    """
    columns = ("prefix", "name", "rate", "increment", "connection_fee", "effective_from")
    amounts = {"rate", "connection_fee"}

    def shown(row: DeckRow, column: str) -> str:
        value = getattr(row, column)
        if value is None:
            return ""
        if column not in amounts:
            return str(value)
        return format_number(value) if currency is None else format_money(value, currency)

    return pd.DataFrame([{c: shown(row, c) for c in columns} for row in rows[:count]], columns=list(columns))


def new_component_values(kind: str) -> dict[str, Any]:
    """The editor's field values of a newly added component of type `kind`."""
    component = TypeAdapter(Component).validate_python(NEW_COMPONENTS[kind])
    return {spec.name: field_value(component, spec) for spec in COMPONENT_FIELDS[kind]}


def field_value(model: Any, spec: FormField) -> Any:
    """The value a widget starts from, taken from a tariff or component (a deck: its rows)."""
    value = getattr(model, spec.name)
    if spec.kind == "deck":
        return value
    if spec.kind == "dates":
        return "\n".join(day.isoformat() for day in value)
    if spec.kind == "segments":
        return segments_text(value)
    if spec.kind == "bands":
        return bands_text(value)
    if spec.kind == "check":
        return bool(value)
    if spec.kind == "int":
        return int(value)
    if spec.kind == "lines":
        return "\n".join(value or [])
    if spec.kind == "tiers":
        return tiers_text(value)
    if spec.kind == "select":
        return str(value)
    if value is None:
        return ""
    return number_text(value) if spec.name in NUMBER_FIELDS and isinstance(value, Decimal | int) else str(value)


def number_text(value: Decimal | int) -> str:
    """A number as the editor writes it: every digit, the locale's decimal sign, no grouping (``0,05`` in Italian).

    Without grouping, `calc.i18n.parse_decimal` reads it back exactly in the same language: ``1,250`` in
    Italian is one and a quarter, never a thousand.

    Examples
    --------
    >>> from calc.i18n import use_language
    >>> with use_language("it"):
    ...     number_text(Decimal("1250.050")), number_text(Decimal("1E+2")), number_text(12)
    ('1250,050', '100', '12')
    >>> number_text(Decimal("0.0125"))
    '0.0125'
    """
    plain = f"{value:f}" if isinstance(value, Decimal) else str(value)
    return plain.replace(".", babel_locale().number_symbols["latn"]["decimal"])


#: Fields typed as numbers in text boxes: read in the user's locale (``0,05`` in Italian), exactly.
NUMBER_FIELDS = frozenset(
    {
        "rate",
        "connection_fee",
        "min_charge",
        "max_charge",
        "fee",
        "amount",
        "percent",
        "grace_s",
        "included_minutes",
        "hours_per_month",
        "spread_months",
        "agents",
        "seats",
    }
)


def _number_text(value: str, name: str) -> str:
    """A number field's text as the models read it: the locale's decimal comma and grouping made plain.

    Text with letters (``1e26``, ``NaN``, ``abc``) goes on as typed, so the models' own checks and messages
    apply; ambiguous grouping (``1.234`` in Italian) is refused by `calc.i18n.parse_decimal`.
    """
    if any(character.isalpha() for character in value):
        return value
    return str(parse_decimal(value, what=name))


def _line_number(value: str, name: str, number: int) -> str:
    """A number on line `number` of a multi-line field (tiers, segments, bands), read as `_number_text` reads it."""
    try:
        return _number_text(value, name)
    except ValueError as error:
        raise ValueError(_("line {number}: {problem}").format(number=number, problem=error)) from None


def _parse_tiers(text: str) -> list[dict[str, str | None]]:
    tiers = []
    for number, line in enumerate((line.strip() for line in text.splitlines() if line.strip()), start=1):
        bound, sep, rate = line.partition(":")
        if not sep or not rate.strip():
            raise ValueError(
                _('line {number} must look like "1000: 0.05" or "rest: 0.03", got {line}').format(
                    number=number, line=repr(line)
                )
            )
        bound = bound.strip()
        up_to = None if bound.lower() in ("rest", "-", "") else _line_number(bound, "up_to", number)
        tiers.append({"up_to": up_to, "rate": _line_number(rate.strip(), "rate", number)})
    return tiers


def _parse_segments(text: str) -> list[dict[str, str | None]]:
    segments = []
    for number, line in enumerate((line.strip() for line in text.splitlines() if line.strip()), start=1):
        end, sep, price = line.partition(":")
        words = price.split()
        end = end.strip()
        up_to_s = None if end.lower() in ("rest", "-", "") else _line_number(end, "up_to_s", number)
        segment: dict[str, str | None] = {"up_to_s": up_to_s}
        if sep and len(words) == 2 and words[0].lower() == "fee":
            segment["fee"] = _line_number(words[1], "fee", number)
        elif sep and len(words) in (1, 2) and words[0].lower() != "fee":
            segment["rate"] = _line_number(words[0], "rate", number)
            if len(words) == 2:
                segment["increment"] = words[1]
        else:
            raise ValueError(
                _(
                    'line {number} must look like "180: fee 0.22", "600: 0.11 60/60" or "rest: 0.05 6/6", got {line}'
                ).format(number=number, line=repr(line))
            )
        segments.append(segment)
    return segments


def _parse_bands(text: str) -> list[dict[str, Any]]:
    bands = []
    for number, line in enumerate((line.strip() for line in text.splitlines() if line.strip()), start=1):
        when, sep, rate = line.rpartition("=")
        entries = [entry.strip() for entry in when.split(";") if entry.strip()]
        if not sep or not entries or not rate.strip():
            raise ValueError(
                _('line {number} must look like "mon-fri 08:00-20:00 = 0.06", got {line}').format(
                    number=number, line=repr(line)
                )
            )
        rate = _line_number(rate.strip(), "rate", number)
        bands.append({"when": entries[0] if len(entries) == 1 else entries, "rate": rate})
    return bands


def _deck_rows(value: Any) -> list[DeckRow] | None:
    """A deck field's rows: kept rows as they are, an upload ``(file name, bytes)`` read as CSV."""
    if isinstance(value, tuple):
        name, data = value
        try:
            rows = parse_deck_csv(data, name)
        except (InputError, ValueError) as error:
            raise ValueError(str(error).splitlines()[0]) from None
        if not rows:
            raise ValueError(_("{file}: the deck holds no row").format(file=name))
        return rows
    return list(value) if value else None


#: What the message about one line of a multi-line field calls that line: "tier 2: ...".
_ITEM_NAMES = {
    "tiers": N_("tier {number}: {problem}"),
    "segments": N_("segment {number}: {problem}"),
    "time_bands": N_("band {number}: {problem}"),
    "destinations": N_("deck row {number}: {problem}"),
}
_PARSERS = {"tiers": _parse_tiers, "segments": _parse_segments, "bands": _parse_bands}


def build_tariff(
    values: dict[str, Any], components: list[tuple[str, dict[str, Any]]]
) -> tuple[Tariff | None, dict[tuple[int | None, str], str]]:
    r"""Make a tariff from the editor's values, or say what is wrong and where.

    Parameters
    ----------
    values : dict
        Tariff fields by name (see `TARIFF_FIELDS`), as the widgets hold them.
    components : list of (str, dict)
        Each component's type and its field values by name (see `COMPONENT_FIELDS`). A deck
        field holds the rows to keep (a list of `DeckRow` or None) or an upload
        ``(file name, CSV bytes)`` to read.

    Returns
    -------
    (Tariff or None, dict)
        The tariff when valid; else None and the problems by ``(component index or None, field)``
        (index None and field ``""`` for a problem of the whole tariff).

    Examples
    --------
    >>> tariff, problems = build_tariff({"name": "A"}, [("per_minute", {"rate": "0.07", "increment": "60-60"})])
    >>> tariff, problems
    (None, {(0, 'increment'): 'increment must look like "60/60" (whole seconds >= 1), got \'60-60\''})
    """
    problems: dict[tuple[int | None, str], str] = {}
    raw: dict[str, Any] = {}
    for spec in TARIFF_FIELDS:
        value = values.get(spec.name)
        if spec.kind == "dates":
            value = [line.strip() for line in (value or "").splitlines() if line.strip()] or None
        elif isinstance(value, str):
            value = value.strip()
        if value not in ("", None):
            raw[spec.name] = value
    raw_components = []
    for index, (kind, fields) in enumerate(components):
        item: dict[str, Any] = {"type": kind}
        for spec in COMPONENT_FIELDS[kind]:
            value = fields.get(spec.name)
            if spec.kind == "lines":
                value = [line.strip() for line in (value or "").splitlines() if line.strip()] or None
            elif spec.kind in _PARSERS:
                try:
                    value = _PARSERS[spec.kind](value or "") or None
                except ValueError as error:
                    problems[(index, spec.name)] = str(error)
                    value = None
            elif spec.kind == "deck":
                try:
                    value = _deck_rows(value)
                except ValueError as error:
                    problems[(index, spec.name)] = str(error)
                    value = None
            elif isinstance(value, str):
                value = value.strip() or None
                if value is not None and spec.name in NUMBER_FIELDS:
                    try:
                        value = _number_text(value, spec.name)
                    except ValueError as error:
                        problems[(index, spec.name)] = str(error)
                        value = None
            if value is not None:
                item[spec.name] = value
        if "segments" in item and str(item.get("increment", "")).replace(" ", "") == "60/60":
            del item["increment"]  # the widget's default: segments carry their own increments
        raw_components.append(item)
    raw["components"] = raw_components
    if problems:
        return None, problems
    try:
        return Tariff.model_validate(raw), {}
    except ValidationError as error:
        for item in error.errors():
            location = list(item["loc"])
            message = item["msg"].removeprefix("Value error, ")  # not user text: pydantic's prefix
            if item["type"] == "missing":
                message = _("is required")
            elif item["type"] == "too_short" and location == ["components"]:
                message = _("a tariff needs at least one component")
            if location[:1] == ["components"] and len(location) >= 3:
                field = str(location[3]) if len(location) > 3 else ""
                if len(location) > 4 and field in _ITEM_NAMES and isinstance(location[4], int):
                    message = _(_ITEM_NAMES[field]).format(number=location[4] + 1, problem=message)
                problems.setdefault((int(location[1]), field), message)
            else:
                problems.setdefault((None, str(location[0]) if location else ""), message)
        return None, problems
