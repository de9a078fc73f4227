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

from pydantic import ValidationError

from calc import Tariff, dump_tariffs
from calc.calls import CHANNELS
from calc.tariff import COMPONENT_TYPES

__all__ = [
    "FormField",
    "TARIFF_FIELDS",
    "COMPONENT_FIELDS",
    "NEW_COMPONENTS",
    "field_value",
    "form_prefix",
    "tiers_text",
    "build_tariff",
]


@dataclass(frozen=True)
class FormField:
    """One input of the editor: the model field, its label, the kind of widget, a help text."""

    name: str
    label: str
    kind: str  # text | select | check | lines | tiers | int
    options: tuple[str, ...] = ()
    help: str = ""
    unit: str = ""


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
        _LABEL,
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
    digest = hashlib.blake2b(dump_tariffs([tariff]).encode("utf-8"), digest_size=4).hexdigest()
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


def field_value(model: Any, spec: FormField) -> Any:
    """The value a widget starts from, taken from a tariff or component."""
    value = getattr(model, spec.name)
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


def build_tariff(
    values: dict[str, Any], components: list[tuple[str, dict[str, Any]]]
) -> tuple[Tariff | None, dict[tuple[int | None, str], str]]:
    r"""Make a tariff from the editor's values, or say what is wrong and where.

    Parameters
    ----------
    values : dict
        Tariff fields by name (see `TARIFF_FIELDS`), as the widgets hold them.
    components : list of (str, dict)
        Each component's type and its field values by name (see `COMPONENT_FIELDS`).

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
        if isinstance(value, str):
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
            elif spec.kind == "tiers":
                try:
                    value = _parse_tiers(value or "") or None
                except ValueError as error:
                    problems[(index, spec.name)] = str(error)
                    value = None
            elif isinstance(value, str):
                value = value.strip() or None
            if value is not None:
                item[spec.name] = value
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
                problems.setdefault((int(location[1]), field), message)
            else:
                problems.setdefault((None, str(location[0]) if location else ""), message)
        return None, problems
