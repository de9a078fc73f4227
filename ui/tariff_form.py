"""What the tariff editor shows for each component type, and how its text fields become a tariff.

Pure: the page draws one widget per `FormField`; `build_tariff` turns the
widgets' values into a `calc.Tariff` through the same pydantic models as the
files, and returns each problem filed under the field it belongs to so the page
can show it next to that field. Money stays text until the model reads it as
an exact Decimal.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd
from pydantic import TypeAdapter, ValidationError

from calc import InputError, Tariff
from calc.calls import CHANNELS
from calc.components import Component
from calc.decks import DeckRow, parse_deck_csv
from calc.i18n import parse_decimal
from calc.tariff import COMPONENT_TYPES

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
    "new_component_values",
    "build_tariff",
]


@dataclass(frozen=True)
class FormField:
    """One input of the editor: the model field, its label, the kind of widget, a help text.

    `group` is ``"deck"`` for the fields of a rate deck, which the page shows together.
    """

    name: str
    label: str
    kind: str  # text | select | check | lines | tiers | segments | bands | dates | deck | int
    options: tuple[str, ...] = ()
    help: str = ""
    unit: str = ""
    group: str = ""

    @property
    def multiline(self) -> bool:
        """True for the fields typed on several lines (shown in a row of their own)."""
        return self.kind in ("lines", "tiers", "segments", "bands", "dates")


_CHANNEL = FormField("channel", "Channel", "select", (*CHANNELS, "any"))
_DIRECTION = FormField(
    "direction", "Direction", "select", ("any", "inbound", "outbound", "internal"), help="any: all but internal"
)
_LABEL = FormField("label", "Label", "text", help="Name in breakdowns; empty: the type")
_UNANSWERED = FormField("bill_unanswered", "Bill unanswered", "check", help="Unanswered records pay the fee")

TARIFF_FIELDS = (
    FormField("name", "Name", "text", help="Unique within the set"),
    FormField("description", "Description", "text", help="One line for people; not used in pricing"),
    FormField("currency", "Currency", "text", help="ISO 4217 code, e.g. EUR"),
    FormField("decimals", "Decimals", "int", help="Minor units of the invoice (2 for cents)"),
    FormField("round_per_call", "Round each call", "select", ("none", "up", "half_up")),
    FormField(
        "holidays",
        "Holidays",
        "dates",
        help="One date per line, e.g. 2026-12-25: time bands and schedules see these days as hol",
    ),
)

COMPONENT_FIELDS: dict[str, tuple[FormField, ...]] = {
    "per_minute": (
        FormField("rate", "Rate", "text", unit="/min", help="Price per billed minute, e.g. 0.07"),
        FormField("increment", "Increment", "text", help='"first/next" seconds: 60/60, 1/1, 6/6, 30/6'),
        _CHANNEL,
        _DIRECTION,
        FormField("connection_fee", "Connection fee", "text", unit="/call"),
        FormField("min_charge", "Minimum charge", "text", unit="/call"),
        FormField("max_charge", "Maximum charge", "text", unit="/call", help="Cap per answered call; empty: none"),
        FormField("grace_s", "Grace [s]", "text", help="Answered calls shorter than this are free"),
        _UNANSWERED,
        FormField("included_minutes", "Included minutes", "text", help="Free minutes per month"),
        FormField(
            "tiers",
            "Tiers",
            "tiers",
            help='One band per line, "UP_TO_MINUTES: RATE"; the last line "rest: RATE". Empty: no tiers.',
        ),
        FormField("tier_mode", "Tier mode", "select", ("graduated", "volume")),
        FormField(
            "segments",
            "Segments",
            "segments",
            help='The rate changing inside a call, one segment per line: "180: fee 0.22" (a flat block up to 180 s), '
            '"600: 0.11 60/60" (a rate up to 600 s, its increment), "rest: 0.05 6/6" (the rest). Empty: none; '
            "then leave Rate empty.",
        ),
        FormField(
            "time_bands",
            "Time bands",
            "bands",
            help='One band per line, "mon-fri 08:00-20:00 = 0.06"; several entries of a band separated by ";", '
            'e.g. "sat 08:00-13:00; hol 10:00-12:00 = 0.04". Calls outside every band pay Rate.',
        ),
        FormField(
            "country_code",
            "Country code",
            "text",
            help="Rate deck: national numbers get this code, e.g. 39",
            group="deck",
        ),
        FormField(
            "national_prefix",
            "National prefix",
            "text",
            help='Rate deck: the trunk prefix a national number loses after the country code, e.g. "0"',
            group="deck",
        ),
        _LABEL,
        FormField(
            "destinations",
            "Rate deck (CSV)",
            "deck",
            group="deck",
            help="Columns prefix, rate, and optionally name, increment, connection_fee, effective_from "
            "(YYYY-MM-DD). Leave Rate empty when the component prices by a deck.",
        ),
    ),
    "per_event": (
        FormField("fee", "Fee", "text", unit="/record", help="Per call, SMS, chat session..."),
        _CHANNEL,
        _DIRECTION,
        _UNANSWERED,
        FormField("only_resolved", "Only resolved", "check", help="Only resolved contacts pay (per resolution)"),
        _LABEL,
    ),
    "monthly_fee": (FormField("amount", "Amount", "text", unit="/month"), _LABEL),
    "one_time": (
        FormField("amount", "Amount", "text", help="Set-up fee or investment, charged once"),
        FormField("spread_months", "Spread over months", "text", help="Equal parts over the first N months"),
        _LABEL,
    ),
    "per_seat": (
        FormField("amount", "Amount", "text", unit="/seat/month"),
        FormField(
            "seats",
            "Seats",
            "text",
            help='A whole number, "agents" (the log\'s agents) or "peak_concurrent" (most calls at once)',
        ),
        _LABEL,
    ),
    "hourly_team": (
        FormField("rate", "Rate", "text", unit="/agent-hour"),
        FormField("agents", "Agents", "text"),
        FormField("hours_per_month", "Hours per agent per month", "text", help="Or give a schedule instead"),
        FormField("schedule", "Schedule", "lines", help='One entry per line, e.g. "mon-fri 09:00-18:00"'),
        FormField("covers_calls", "Handles calls (mixed model)", "check", help="Overflow is billed by usage"),
        _LABEL,
    ),
    "minimum_spend": (FormField("amount", "Amount", "text", unit="/month", help="Floor on usage charges"), _LABEL),
    "surcharge": (
        FormField("percent", "Percent", "text", unit="%", help="e.g. 22 for 22% VAT"),
        FormField("of", "Of", "select", ("all", "usage"), help="all charges, or per-minute and per-event only"),
        _LABEL,
    ),
}

#: What a newly added component starts as (a valid one the user then edits).
NEW_COMPONENTS: dict[str, dict[str, Any]] = {
    "per_minute": {"type": "per_minute", "rate": Decimal("0.05"), "increment": "60/60"},
    "per_event": {"type": "per_event", "fee": Decimal("0.10")},
    "monthly_fee": {"type": "monthly_fee", "amount": Decimal("100")},
    "per_seat": {"type": "per_seat", "amount": Decimal("50"), "seats": 1},
    "hourly_team": {"type": "hourly_team", "rate": Decimal("25"), "agents": 1, "schedule": ["mon-fri 09:00-18:00"]},
    "minimum_spend": {"type": "minimum_spend", "amount": Decimal("100")},
    "one_time": {"type": "one_time", "amount": Decimal("1000"), "spread_months": 12},
    "surcharge": {"type": "surcharge", "percent": Decimal("22"), "of": "all"},
}
if set(NEW_COMPONENTS) != set(COMPONENT_TYPES) or set(COMPONENT_FIELDS) != set(COMPONENT_TYPES):
    raise RuntimeError("the tariff editor must know every component type")


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
    return "\n".join(f"{'rest' if t.up_to is None else t.up_to}: {t.rate}" for t in tiers)


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
            lines.append(f"{end}: fee {segment.fee}")
        else:
            lines.append(f"{end}: {segment.rate}" + (f" {segment.increment}" if segment.increment else ""))
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
        lines.append(f"{'; '.join(entries)} = {band.rate}")
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
    text = f"{len(rows):,} row{'s' if len(rows) != 1 else ''}, {prefixes:,} prefix{'es' if prefixes != 1 else ''}"
    if dates:
        shown = ", ".join(d.isoformat() for d in dates[:5]) + (f" and {len(dates) - 5} more" if len(dates) > 5 else "")
        text += f", rates changing on {shown}"
    else:
        text += ", no dated rows"
    return text


def deck_preview(rows: list[DeckRow], count: int = 5) -> pd.DataFrame:
    """The first `count` rows of a deck as text, in the CSV's columns."""
    columns = ("prefix", "name", "rate", "increment", "connection_fee", "effective_from")
    return pd.DataFrame(
        [{c: "" if getattr(row, c) is None else str(getattr(row, c)) for c in columns} for row in rows[:count]],
        columns=list(columns),
    )


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
    return "" if value is None else str(value)


def _parse_tiers(text: str) -> list[dict[str, str | None]]:
    tiers = []
    for number, line in enumerate((line.strip() for line in text.splitlines() if line.strip()), start=1):
        bound, sep, rate = line.partition(":")
        if not sep or not rate.strip():
            raise ValueError(f'line {number} must look like "1000: 0.05" or "rest: 0.03", got {line!r}')
        bound = bound.strip()
        tiers.append({"up_to": None if bound.lower() in ("rest", "-", "") else bound, "rate": rate.strip()})
    return tiers


def _parse_segments(text: str) -> list[dict[str, str | None]]:
    segments = []
    for number, line in enumerate((line.strip() for line in text.splitlines() if line.strip()), start=1):
        end, sep, price = line.partition(":")
        words = price.split()
        end = end.strip()
        segment: dict[str, str | None] = {"up_to_s": None if end.lower() in ("rest", "-", "") else end}
        if sep and len(words) == 2 and words[0].lower() == "fee":
            segment["fee"] = words[1]
        elif sep and len(words) in (1, 2) and words[0].lower() != "fee":
            segment["rate"] = words[0]
            if len(words) == 2:
                segment["increment"] = words[1]
        else:
            raise ValueError(
                f'line {number} must look like "180: fee 0.22", "600: 0.11 60/60" or "rest: 0.05 6/6", got {line!r}'
            )
        segments.append(segment)
    return segments


def _parse_bands(text: str) -> list[dict[str, Any]]:
    bands = []
    for number, line in enumerate((line.strip() for line in text.splitlines() if line.strip()), start=1):
        when, sep, rate = line.rpartition("=")
        entries = [entry.strip() for entry in when.split(";") if entry.strip()]
        if not sep or not entries or not rate.strip():
            raise ValueError(f'line {number} must look like "mon-fri 08:00-20:00 = 0.06", got {line!r}')
        bands.append({"when": entries[0] if len(entries) == 1 else entries, "rate": rate.strip()})
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
            raise ValueError(f"{name}: the deck holds no row")
        return rows
    return list(value) if value else None


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


_ITEM_NAMES = {"tiers": "tier", "segments": "segment", "time_bands": "band", "destinations": "deck row"}
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
            message = item["msg"].removeprefix("Value error, ")
            if item["type"] == "missing":
                message = "is required"
            elif item["type"] == "too_short" and location == ["components"]:
                message = "a tariff needs at least one component"
            if location[:1] == ["components"] and len(location) >= 3:
                field = str(location[3]) if len(location) > 3 else ""
                if len(location) > 4 and field in _ITEM_NAMES and isinstance(location[4], int):
                    message = f"{_ITEM_NAMES[field]} {location[4] + 1}: {message}"
                problems.setdefault((int(location[1]), field), message)
            else:
                problems.setdefault((None, str(location[0]) if location else ""), message)
        return None, problems
