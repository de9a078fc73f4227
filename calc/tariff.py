"""Tariffs: the file format of ``docs/billing-rules.md`` as pydantic models.

Tariff files are YAML or JSON holding one tariff, a list of tariffs, or
``{tariffs: [...]}``. Numbers are read as exact decimals (YAML ``0.07`` is
seven hundredths, never a binary float), and every mistake is refused with a
message naming the file, the tariff, the component and the field.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from calc.calls import CHANNELS
from calc.errors import InputError, excerpt
from calc.limits import (
    EXCERPT_CHARS,
    MAX_COMPONENTS,
    MAX_INCREMENT_S,
    MAX_SCHEDULE_ENTRIES,
    MAX_TARIFF_FILE_BYTES,
    MAX_TARIFFS,
    MAX_TEXT_CHARS,
    MAX_TIERS,
)
from calc.money import decimal_scale, to_decimal
from calc.safe_yaml import read_structure
from calc.schedule import parse_schedule

__all__ = [
    "CHANNELS",
    "COMPONENT_TYPES",
    "PerMinute",
    "PerEvent",
    "MonthlyFee",
    "PerSeat",
    "HourlyTeam",
    "MinimumSpend",
    "Tier",
    "Tariff",
    "component_labels",
    "load_tariffs",
    "load_tariff_files",
    "parse_tariffs",
    "tariffs_from_data",
    "dump_tariffs",
    "save_tariffs",
]

COMPONENT_TYPES = (
    "per_minute",
    "per_event",
    "monthly_fee",
    "per_seat",
    "hourly_team",
    "minimum_spend",
)


def _money(value: object, info: ValidationInfo) -> Decimal:
    amount = to_decimal(value, info.field_name or "amount")
    if amount < 0:
        raise ValueError(f"must not be negative, got {excerpt(value)}")
    return amount


def _quantity(value: object, info: ValidationInfo) -> Decimal:
    amount = to_decimal(value, info.field_name or "value")
    if amount < 0:
        raise ValueError(f"must not be negative, got {excerpt(value)}")
    return amount


def _whole(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError(f"must be a whole number, got {excerpt(value)}")
    number = to_decimal(value, "value")
    if number != number.to_integral_value() or number < 0:
        raise ValueError(f"must be a whole number >= 0, got {excerpt(value)}")
    return int(number)


Money = Annotated[Decimal, BeforeValidator(_money)]
Quantity = Annotated[Decimal, BeforeValidator(_quantity)]
Whole = Annotated[int, BeforeValidator(_whole)]
Channel = Literal["voice", "sms", "chat", "email", "social", "web"]
Direction = Literal["inbound", "outbound", "any"]

_INCREMENT = re.compile(r"^\s*(\d{1,9})\s*/\s*(\d{1,9})\s*$")


class _Component(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str | None = Field(
        None, max_length=MAX_TEXT_CHARS, description="Name shown in breakdowns; default: the type"
    )

    @field_validator("label")
    @classmethod
    def _normalize_label(cls, label: str | None) -> str | None:
        # NFC, so "Café" typed on two keyboards is one label.
        return None if label is None else unicodedata.normalize("NFC", label)

    def money_values(self) -> list[Decimal]:
        """Every money value of the component, to choose an exact unit."""
        return []


class Tier(BaseModel):
    """One price band: minutes up to `up_to` (inclusive, per month) at `rate`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    up_to: Quantity | None = Field(..., description="Upper bound in minutes [min], null for the last")
    rate: Money = Field(..., description="Price per minute in this band [currency/min]")


class PerMinute(_Component):
    """Time-based charge on matching records (section 3 of the billing rules)."""

    type: Literal["per_minute"]
    rate: Money | None = Field(None, description="Price per billed minute [currency/min]")
    increment: str = Field("60/60", description='Billing steps "first/next" [s]')
    channel: Channel = "voice"
    direction: Direction = "any"
    connection_fee: Money = Field(Decimal(0), description="Per charged record [currency]")
    min_charge: Money = Field(Decimal(0), description="Per charged record [currency]")
    grace_s: Quantity = Field(Decimal(0), description="Answered records shorter than this are free [s]")
    bill_unanswered: bool = False
    included_minutes: Quantity = Field(Decimal(0), description="Free minutes per month [min]")
    tiers: list[Tier] | None = Field(None, max_length=MAX_TIERS)
    tier_mode: Literal["graduated", "volume"] = "graduated"

    @field_validator("increment", mode="before")
    @classmethod
    def _check_increment(cls, value: object) -> str:
        match = _INCREMENT.match(value) if isinstance(value, str) else None
        if not match or int(match[1]) < 1 or int(match[2]) < 1:
            raise ValueError(f'increment must look like "60/60" (whole seconds >= 1), got {excerpt(value)}')
        if max(int(match[1]), int(match[2])) > MAX_INCREMENT_S:
            raise ValueError(f"increment steps must be at most {MAX_INCREMENT_S:,} s, got {excerpt(value)}")
        return f"{int(match[1])}/{int(match[2])}"

    @field_validator("tiers")
    @classmethod
    def _check_tiers(cls, tiers: list[Tier] | None) -> list[Tier] | None:
        if tiers is None:
            return None
        if not tiers:
            raise ValueError("tiers must hold at least one tier, the last with up_to: null")
        previous = Decimal(0)
        for number, tier in enumerate(tiers, start=1):
            last = number == len(tiers)
            if tier.up_to is None and not last:
                raise ValueError(f"only the last tier may have up_to: null (tier {number} has it)")
            if tier.up_to is not None and last:
                raise ValueError(f"the last tier must have up_to: null, got {tier.up_to}")
            if tier.up_to is not None and tier.up_to <= previous:
                raise ValueError(
                    f"tiers are out of order: tier {number} has up_to {tier.up_to}, which is not above {previous}"
                )
            if tier.up_to is not None:
                previous = tier.up_to
        return tiers

    @model_validator(mode="after")
    def _check_combination(self) -> PerMinute:
        if self.rate is None and self.tiers is None:
            raise ValueError("rate is required (or give tiers)")
        if self.has_volume_pricing and self.min_charge != 0:
            raise ValueError("min_charge cannot be combined with included_minutes or tiers")
        return self

    @property
    def has_volume_pricing(self) -> bool:
        """True when included minutes or tiers make the price depend on the month's total."""
        return self.tiers is not None or self.included_minutes != 0

    @property
    def first_and_next(self) -> tuple[int, int]:
        """The increment as whole seconds ``(first, next)``."""
        first, step = self.increment.split("/")
        return int(first), int(step)

    def money_values(self) -> list[Decimal]:
        """Every money value of the component."""
        values = [self.connection_fee, self.min_charge]
        values += [self.rate] if self.rate is not None else []
        values += [tier.rate for tier in self.tiers or []]
        return values

    def minute_boundaries(self) -> list[Fraction]:
        """Included minutes and tier bounds in seconds, for the exact time unit."""
        bounds = [Fraction(self.included_minutes) * 60]
        bounds += [Fraction(t.up_to) * 60 for t in self.tiers or [] if t.up_to is not None]
        return bounds


class PerEvent(_Component):
    """A flat fee per matching record (per call, per SMS, per chat session)."""

    type: Literal["per_event"]
    fee: Money = Field(..., description="Price per matching record [currency]")
    channel: Channel = "voice"
    direction: Direction = "any"
    bill_unanswered: bool = False

    def money_values(self) -> list[Decimal]:
        """Every money value of the component."""
        return [self.fee]


class MonthlyFee(_Component):
    """A fixed amount per month, prorated by covered days."""

    type: Literal["monthly_fee"]
    amount: Money = Field(..., description="Per month [currency]")


class PerSeat(_Component):
    """An amount per seat per month; seats fixed or counted from the log's agents."""

    type: Literal["per_seat"]
    amount: Money = Field(..., description="Per seat per month [currency]")
    seats: Whole | Literal["agents"] = Field(..., description='Whole number, or "agents"')

    @field_validator("seats", mode="before")
    @classmethod
    def _check_seats(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().lower() == "agents":
            return "agents"
        if isinstance(value, str) and not value.strip().isdigit():
            raise ValueError(f'seats must be a whole number or "agents", got {excerpt(value)}')
        return value


class HourlyTeam(_Component):
    """A dedicated team paid per agent-hour; with `covers_calls`, the mixed model."""

    type: Literal["hourly_team"]
    rate: Money = Field(..., description="Price per agent-hour [currency/h]")
    agents: Whole = Field(..., description="Agents in the team")
    hours_per_month: Quantity | None = Field(None, description="Paid hours per agent per month [h]")
    schedule: list[str] | None = Field(
        None, max_length=MAX_SCHEDULE_ENTRIES, description='e.g. ["mon-fri 09:00-18:00"]'
    )
    covers_calls: bool = False

    @field_validator("schedule")
    @classmethod
    def _check_schedule(cls, schedule: list[str] | None) -> list[str] | None:
        if schedule is not None:
            parse_schedule(schedule)
        return schedule

    @model_validator(mode="after")
    def _check_hours(self) -> HourlyTeam:
        if (self.hours_per_month is None) == (self.schedule is None):
            raise ValueError("give exactly one of hours_per_month or schedule")
        return self


class MinimumSpend(_Component):
    """A monthly floor on usage charges (per_minute plus per_event)."""

    type: Literal["minimum_spend"]
    amount: Money = Field(..., description="Minimum usage per month [currency]")


Component = Annotated[
    PerMinute | PerEvent | MonthlyFee | PerSeat | HourlyTeam | MinimumSpend,
    Field(discriminator="type"),
]


def component_labels(components: list[Any]) -> list[str]:
    """Labels of components: their own, else the type with ' 2', ' 3' on repeats.

    Examples
    --------
    >>> component_labels([PerEvent(type="per_event", fee=1), PerEvent(type="per_event", fee=2)])
    ['per_event', 'per_event 2']
    """
    seen: Counter[str] = Counter()
    labels = []
    for component in components:
        seen[component.type] += 1
        count = seen[component.type]
        labels.append(component.label or (component.type if count == 1 else f"{component.type} {count}"))
    return labels


class Tariff(BaseModel):
    """One vendor offer: a name, an invoice currency and its price components."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(..., min_length=1, max_length=MAX_TEXT_CHARS, description="Unique within one comparison")
    description: str | None = Field(
        None, max_length=10 * MAX_TEXT_CHARS, description="One line for people; not used in pricing"
    )
    currency: str = Field("EUR", description="ISO 4217 code")
    decimals: int = Field(2, ge=0, le=6, description="Minor units of the invoice")
    round_per_call: Literal["none", "up", "half_up"] = "none"
    components: list[Component] = Field(..., min_length=1, max_length=MAX_COMPONENTS)

    @field_validator("name")
    @classmethod
    def _check_name(cls, name: str) -> str:
        if not name.strip():
            raise ValueError("name must not be empty")
        # NFC before any comparison: "Café" composed and decomposed are one name.
        return unicodedata.normalize("NFC", name.strip())

    @field_validator("currency")
    @classmethod
    def _check_currency(cls, currency: str) -> str:
        if not re.fullmatch(r"[A-Za-z]{3}", currency):
            raise ValueError(f"currency must be an ISO 4217 code like EUR, got {excerpt(currency)}")
        return currency.upper()

    @model_validator(mode="after")
    def _check_tariff(self) -> Tariff:
        labels = self.labels
        repeated = sorted({label for label in labels if labels.count(label) > 1})
        if repeated:
            raise ValueError(f"component labels must be unique, {excerpt(repeated[0])} is used twice")
        for label, component in zip(labels, self.components, strict=True):
            if isinstance(component, PerMinute) and component.has_volume_pricing and self.round_per_call != "none":
                raise ValueError(
                    f"round_per_call {self.round_per_call!r} cannot be combined with "
                    f"included_minutes or tiers (component {excerpt(label)})"
                )
        teams = [c for c in self.components if isinstance(c, HourlyTeam) and c.covers_calls]
        if len(teams) > 1:
            raise ValueError("at most one hourly_team may have covers_calls: true")
        return self

    @property
    def labels(self) -> list[str]:
        """The component labels, in order."""
        return component_labels(self.components)

    @property
    def covering_team(self) -> HourlyTeam | None:
        """The hourly_team with ``covers_calls: true``, if any."""
        return next((c for c in self.components if isinstance(c, HourlyTeam) and c.covers_calls), None)


# --- reading and writing files -------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """YAML dumper that writes Decimal values as plain numbers."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


_Dumper.add_representer(Decimal, _represent_decimal)


def _read_structure(text: str, source: str) -> Any:
    """The file's structure, read with every limit of `calc.safe_yaml` (YAML 1.2 numbers, no alias bombs)."""
    return read_structure(text, source)


def _describe_error(error: dict[str, Any], raw: Any) -> str:
    """One readable sentence for one pydantic error, naming tariff, component and field."""
    location = list(error["loc"])
    parts = []
    if location and location[0] == "components" and len(location) > 1:
        index = location[1]
        component = raw.get("components", [])[index] if isinstance(raw, dict) else None
        kind = component.get("type") if isinstance(component, dict) else None
        parts.append(f"component {index + 1}" + (f" ({kind})" if kind else ""))
        location = location[2:]
        if location and location[0] == kind:
            location = location[1:]
    field = ".".join(str(part) for part in location)
    kind = error["type"]
    message = error["msg"].removeprefix("Value error, ")
    if kind == "extra_forbidden":
        message = f"unknown field {excerpt(field)}"
        field = ""
    elif kind == "too_short" and field == "components":
        message = "needs at least one component"
    elif kind == "too_long":
        message = f"holds {error['ctx']['actual_length']:,} items, at most {error['ctx']['max_length']:,}"
    elif kind == "missing":
        message = "is required"
    elif kind == "union_tag_invalid":
        message = f"type must be one of {', '.join(COMPONENT_TYPES)}, got {excerpt(error['input'].get('type'))}"
    elif kind == "union_tag_not_found":
        message = f"type is required, one of {', '.join(COMPONENT_TYPES)}"
    elif kind.startswith("literal_error"):
        message = f"{message.lower()}, got {excerpt(error['input'])}"
    elif (
        "input" in error
        and kind not in ("value_error", "assertion_error")
        and not isinstance(error["input"], dict | list)
    ):
        message = f"{message[0].lower()}{message[1:]}, got {excerpt(error['input'])}"
    where = ", ".join(parts + ([f"field {excerpt(field)}"] if field else []))
    return f"{where}: {message}" if where else message


def _short(name: str) -> str:
    """A name cut to `EXCERPT_CHARS` characters, for messages that quote it in double quotes."""
    return name if len(name) <= EXCERPT_CHARS else f"{name[:EXCERPT_CHARS]}..."


def _tariff_from_raw(raw: Any, source: str, position: int) -> Tariff:
    name = raw.get("name") if isinstance(raw, dict) else None
    who = f'tariff "{_short(name)}"' if isinstance(name, str) and name else f"tariff {position}"
    if not isinstance(raw, dict):
        raise InputError(f"{source}: {who} must be a mapping with name and components")
    try:
        return Tariff.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        more = len(error.errors()) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise InputError(f"{source}: {who}, {_describe_error(first, raw)}{tail}") from None


def parse_tariffs(text: str, source: str = "<tariffs>") -> list[Tariff]:
    r"""Read tariffs from YAML or JSON text.

    Parameters
    ----------
    text : str
        One tariff, a list of tariffs, or ``{tariffs: [...]}``.
    source : str
        File name for messages; a ``.json`` ending selects JSON, anything else YAML.

    Returns
    -------
    list of Tariff

    Raises
    ------
    InputError
        On any mistake, naming the source, tariff, component and field.

    Examples
    --------
    >>> [t] = parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 0.07}]")
    >>> t.components[0].rate
    Decimal('0.07')
    """
    return tariffs_from_data(_read_structure(text, source), source)


def tariffs_from_data(data: Any, source: str = "<tariffs>") -> list[Tariff]:
    """Tariffs from an already read structure (one tariff, a list, or ``{tariffs: [...]}``).

    Examples
    --------
    >>> [t] = tariffs_from_data({"name": "A", "components": [{"type": "per_event", "fee": 1}]})
    >>> t.name
    'A'
    """
    if isinstance(data, dict) and "tariffs" in data:
        if set(data) != {"tariffs"}:
            extra = sorted(set(data) - {"tariffs"})
            raise InputError(f"{source}: unknown top-level field {excerpt(extra[0])} beside 'tariffs'")
        data = data["tariffs"]
    if data is None:
        raise InputError(f"{source}: the file holds no tariff")
    items = data if isinstance(data, list) else [data]
    if not items:
        raise InputError(f"{source}: the file holds no tariff")
    if len(items) > MAX_TARIFFS:
        raise InputError(f"{source}: {len(items):,} tariffs, at most {MAX_TARIFFS} can be compared")
    tariffs = [_tariff_from_raw(item, source, n) for n, item in enumerate(items, start=1)]
    check_unique_names(tariffs, source)
    return tariffs


def check_unique_names(tariffs: list[Tariff], source: str) -> None:
    """Refuse two tariffs with the same name (compared in NFC form), or more than `MAX_TARIFFS` of them."""
    if len(tariffs) > MAX_TARIFFS:
        raise InputError(f"{source}: {len(tariffs):,} tariffs, at most {MAX_TARIFFS} can be compared")
    seen: set[str] = set()
    for tariff in tariffs:
        name = unicodedata.normalize("NFC", tariff.name)
        if name in seen:
            raise InputError(f'{source}: tariff name "{_short(name)}" is used twice; names must be unique')
        seen.add(name)


def load_tariffs(path: str | Path) -> list[Tariff]:
    """Read a tariff file (``.yaml``, ``.yml`` or ``.json``).

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    list of Tariff

    Raises
    ------
    InputError
        If the file is missing, unreadable or holds a bad tariff.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_TARIFF_FILE_BYTES:
            raise InputError(f"{path}: the file is too large ({size:,} bytes, at most {MAX_TARIFF_FILE_BYTES:,})")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such tariff file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read the tariff file ({error})") from None
    return parse_tariffs(text, str(path))


def load_tariff_files(paths: list[str | Path]) -> list[Tariff]:
    """Read several tariff files into one comparison, refusing repeated names."""
    tariffs = [tariff for path in paths for tariff in load_tariffs(path)]
    check_unique_names(tariffs, ", ".join(str(p) for p in paths))
    return tariffs


def _plain(tariff: Tariff) -> dict[str, Any]:
    data = tariff.model_dump(exclude_defaults=True, exclude_none=True)
    # Keep the fields that say what a component is, even when they hold defaults.
    for raw, component in zip(data["components"], tariff.components, strict=True):
        raw["type"] = component.type
        if getattr(component, "tiers", None) is not None:  # the last bound is a meaningful null
            raw["tiers"] = [{"up_to": tier.up_to, "rate": tier.rate} for tier in component.tiers]
    ordered = {"name": data.pop("name")}
    ordered.update(data)
    return ordered


def dump_tariffs(tariffs: list[Tariff], fmt: Literal["yaml", "json"] = "yaml") -> str:
    r"""Write tariffs as a ``{tariffs: [...]}`` document that `parse_tariffs` reads back.

    Examples
    --------
    >>> [t] = parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 0.07}]")
    >>> parse_tariffs(dump_tariffs([t])) == [t]
    True
    """
    document = {"tariffs": [_plain(tariff) for tariff in tariffs]}
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False, default=_json_decimal) + "\n"
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


class _RawNumber(float):
    """Carries a Decimal's exact text through ``json.dumps``."""

    def __new__(cls, text: str) -> _RawNumber:
        number = super().__new__(cls, text)
        number.text = text
        return number

    def __repr__(self) -> str:
        return self.text


def _json_decimal(value: object) -> object:
    if isinstance(value, Decimal):
        text = format(value, "f")
        return int(text) if "." not in text else _RawNumber(text)
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def save_tariffs(tariffs: list[Tariff], path: str | Path) -> None:
    """Save tariffs to ``.json`` or YAML according to the file's ending."""
    path = Path(path)
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    path.write_text(dump_tariffs(tariffs, fmt), encoding="utf-8")


def money_scale(tariff: Tariff) -> int:
    """Decimal places needed to hold every money value of `tariff` exactly (at least `decimals`)."""
    values = [value for component in tariff.components for value in component.money_values()]
    return max([tariff.decimals] + [decimal_scale(v) for v in values])
