"""Price components of a tariff (section 2 of ``docs/billing-rules.md``) as pydantic models.

Every model refuses unknown fields and holds money as exact `Decimal`. The
`Tariff` that gathers them, and reading and writing files, live in
`calc.tariff`; the rate-deck rows in `calc.decks`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from calc.decks import DeckRow, check_unique_rows
from calc.errors import excerpt
from calc.i18n import N_, _, format_number
from calc.limits import MAX_INCREMENT_S, MAX_SCHEDULE_ENTRIES, MAX_TEXT_CHARS, MAX_TIERS
from calc.money import to_decimal
from calc.schedule import parse_schedule

__all__ = [
    "COMPONENT_TYPES",
    "Component",
    "HourlyTeam",
    "MinimumSpend",
    "MonthlyFee",
    "OneTime",
    "PerEvent",
    "PerMinute",
    "PerSeat",
    "Segment",
    "Surcharge",
    "Tier",
    "TimeBand",
    "component_labels",
    "parse_increment",
]

COMPONENT_TYPES = (
    "per_minute",
    "per_event",
    "monthly_fee",
    "one_time",
    "per_seat",
    "hourly_team",
    "minimum_spend",
    "surcharge",
)
#: Components whose charges are usage (what minimum_spend and ``surcharge of: usage`` look at).
USAGE_TYPES = ("per_minute", "per_event")


def _money(value: object, info: ValidationInfo) -> Decimal:
    amount = to_decimal(value, info.field_name or "amount")
    if amount < 0:
        raise ValueError(_("must not be negative, got {value}").format(value=excerpt(value)))
    return amount


def _whole(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError(_("must be a whole number, got {value}").format(value=excerpt(value)))
    number = to_decimal(value)
    if number != number.to_integral_value() or number < 0:
        raise ValueError(_("must be a whole number >= 0, got {value}").format(value=excerpt(value)))
    return int(number)


Money = Annotated[Decimal, BeforeValidator(_money)]
Quantity = Annotated[Decimal, BeforeValidator(_money)]
Whole = Annotated[int, BeforeValidator(_whole)]
Channel = Literal["voice", "sms", "chat", "email", "social", "web"]
UsageChannel = Literal["voice", "sms", "chat", "email", "social", "web", "any"]
Direction = Literal["inbound", "outbound", "internal", "any"]

_INCREMENT = re.compile(r"^\s*(\d{1,9})\s*/\s*(\d{1,9})\s*$")


def parse_increment(value: object) -> str:
    """Check an increment ``"first/next"`` and write it plainly.

    Examples
    --------
    >>> parse_increment(" 30 / 6 ")
    '30/6'
    """
    match = _INCREMENT.match(value) if isinstance(value, str) else None
    if not match or int(match[1]) < 1 or int(match[2]) < 1:
        raise ValueError(
            _('increment must look like "60/60" (whole seconds >= 1), got {value}').format(value=excerpt(value))
        )
    if max(int(match[1]), int(match[2])) > MAX_INCREMENT_S:
        raise ValueError(
            _("increment steps must be at most {limit} s, got {value}").format(
                limit=format_number(MAX_INCREMENT_S), value=excerpt(value)
            )
        )
    return f"{int(match[1])}/{int(match[2])}"


def _first_and_next(increment: str) -> tuple[int, int]:
    first, step = increment.split("/")
    return int(first), int(step)


class _Component(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    label: str | None = Field(
        None, max_length=MAX_TEXT_CHARS, description=N_("Name shown in breakdowns; default: the type")
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

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    up_to: Quantity | None = Field(..., description=N_("Upper bound in minutes [min], null for the last"))
    rate: Money = Field(..., description=N_("Price per minute in this band [currency/min]"))


class Segment(BaseModel):
    """A part of every call (section 3a): a flat `fee` for the block, or a `rate` with an increment."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    up_to_s: Whole | None = Field(..., description=N_("End of the segment in the call [s], null on the last"))
    fee: Money | None = Field(None, description=N_("Flat charge of a call reaching the segment [currency]"))
    rate: Money | None = Field(None, description=N_("Price per billed minute inside the segment [currency/min]"))
    increment: str | None = Field(None, description=N_('Billing steps "first/next" [s], default 60/60'))

    @field_validator("increment", mode="before")
    @classmethod
    def _check_increment(cls, value: object) -> str | None:
        return None if value is None else parse_increment(value)

    @model_validator(mode="after")
    def _check_kind(self) -> Segment:
        if (self.fee is None) == (self.rate is None):
            raise ValueError(_("a segment has either fee or rate"))
        if self.fee is not None and self.increment is not None:
            raise ValueError(_("a fee segment has no increment"))
        if self.fee is not None and self.up_to_s is None:
            raise ValueError(_("a fee segment must have an end (up_to_s)"))
        return self

    @property
    def first_and_next(self) -> tuple[int, int]:
        """The increment as whole seconds ``(first, next)``."""
        return _first_and_next(self.increment or "60/60")


class TimeBand(BaseModel):
    """A rate for records starting inside `when` (section 3c)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    when: str | list[str] = Field(..., description=N_('Schedule entries, e.g. "mon-fri 08:00-20:00"'))
    rate: Money = Field(..., description=N_("Price per billed minute in the band [currency/min]"))

    @field_validator("when")
    @classmethod
    def _check_when(cls, when: str | list[str]) -> str | list[str]:
        parse_schedule(when)
        return when


class PerMinute(_Component):
    """Time-based charge on matching records (section 3 of the billing rules)."""

    type: Literal["per_minute"]
    rate: Money | None = Field(None, description=N_("Price per billed minute [currency/min]"))
    increment: str = Field("60/60", description=N_('Billing steps "first/next" [s]'))
    channel: UsageChannel = "voice"
    direction: Direction = "any"
    connection_fee: Money = Field(Decimal(0), description=N_("Per charged record [currency]"))
    min_charge: Money = Field(Decimal(0), description=N_("Per charged record [currency]"))
    max_charge: Money | None = Field(None, description=N_("Cap per charged answered record [currency]"))
    grace_s: Quantity = Field(Decimal(0), description=N_("Answered records shorter than this are free [s]"))
    bill_unanswered: bool = False
    included_minutes: Quantity = Field(Decimal(0), description=N_("Free minutes per month [min]"))
    tiers: list[Tier] | None = Field(None, max_length=MAX_TIERS)
    tier_mode: Literal["graduated", "volume"] = "graduated"
    segments: list[Segment] | None = Field(
        None, max_length=MAX_TIERS, description=N_("The rate changing inside a call")
    )
    time_bands: list[TimeBand] | None = Field(
        None, max_length=MAX_TIERS, description=N_("Rates by time of day and week")
    )
    destinations: list[DeckRow] | None = Field(None, description=N_("Rate deck rows by dialled prefix"))
    country_code: str | None = Field(None, description=N_("Makes national numbers international, e.g. 39"))
    national_prefix: str = Field("", description=N_('Trunk prefix dropped after the country code, e.g. "0"'))

    @field_validator("increment", mode="before")
    @classmethod
    def _check_increment(cls, value: object) -> str:
        return parse_increment(value)

    @field_validator("country_code", "national_prefix", mode="before")
    @classmethod
    def _check_digits(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if value is None or (isinstance(value, str) and value == "" and info.field_name == "national_prefix"):
            return value
        if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 6:
            raise ValueError(
                _("{field} must be 1 to 6 digits, got {value}").format(field=info.field_name, value=excerpt(value))
            )
        return value

    @field_validator("tiers")
    @classmethod
    def _check_tiers(cls, tiers: list[Tier] | None) -> list[Tier] | None:
        if tiers is None:
            return None
        if not tiers:
            raise ValueError(_("tiers must hold at least one tier, the last with up_to: null"))
        previous = Decimal(0)
        for number, tier in enumerate(tiers, start=1):
            last = number == len(tiers)
            if tier.up_to is None and not last:
                raise ValueError(
                    _("only the last tier may have up_to: null (tier {number} has it)").format(number=number)
                )
            if tier.up_to is not None and last:
                raise ValueError(
                    _("the last tier must have up_to: null, got {value}").format(value=format_number(tier.up_to))
                )
            if tier.up_to is not None and tier.up_to <= previous:
                raise ValueError(
                    _("tiers are out of order: tier {number} has up_to {value}, which is not above {previous}").format(
                        number=number, value=format_number(tier.up_to), previous=format_number(previous)
                    )
                )
            if tier.up_to is not None:
                previous = tier.up_to
        return tiers

    @field_validator("segments")
    @classmethod
    def _check_segments(cls, segments: list[Segment] | None) -> list[Segment] | None:
        if segments is None:
            return None
        if not segments:
            raise ValueError(_("segments must hold at least one segment"))
        begin = 0
        for number, segment in enumerate(segments, start=1):
            last = number == len(segments)
            end = segment.up_to_s
            if end is None and not last:
                raise ValueError(
                    _("only the last segment may have up_to_s: null (segment {number} has it)").format(number=number)
                )
            if end is not None and last:
                # Seconds past its end would be priced by nothing: never silently free.
                raise ValueError(
                    _(
                        "the last segment must have up_to_s: null (no end), got {end}; "
                        "calls longer than {end} s would have seconds that no segment prices"
                    ).format(end=format_number(end))
                )
            if end is not None and end <= begin:
                raise ValueError(
                    _("segment {number}: up_to_s {end} must be above {begin}, where the segment begins").format(
                        number=number, end=format_number(end), begin=format_number(begin)
                    )
                )
            if end is not None and segment.rate is not None:
                first, step = segment.first_and_next
                length = end - begin
                if length < first or (length - first) % step:
                    raise ValueError(
                        _(
                            "segment {number} ({begin}-{end} s) cannot hold its increment {first}/{step}: its billing "
                            "would run past its end (the length minus {first} must be a whole multiple of {step})"
                        ).format(number=number, begin=begin, end=end, first=first, step=step)
                    )
            begin = end if end is not None else begin
        return segments

    @field_validator("destinations")
    @classmethod
    def _check_destinations(cls, rows: list[DeckRow] | None) -> list[DeckRow] | None:
        if rows is not None:
            if not rows:
                raise ValueError(_("destinations must hold at least one row"))
            check_unique_rows(rows)
        return rows

    @model_validator(mode="after")
    def _check_combination(self) -> PerMinute:
        ways = [
            name
            for name, given in (
                ("segments", self.segments is not None),
                ("destinations/deck", self.destinations is not None),
                ("tiers", self.tiers is not None),
            )
            if given
        ]
        if len(ways) > 1:
            raise ValueError(
                _("give one way of pricing time, not both {first} and {second}").format(first=ways[0], second=ways[1])
            )
        if self.rate is None and not ways:
            raise ValueError(_("rate is required (or give segments, destinations, a deck or tiers)"))
        if ways and ways[0] != "tiers" and self.rate is not None:
            raise ValueError(_("rate cannot be combined with {field}").format(field=ways[0]))
        if self.segments is not None and "increment" in self.model_fields_set:
            raise ValueError(_("increment cannot be combined with segments (give each segment its own)"))
        if self.time_bands is not None and ways:
            raise ValueError(_("time_bands cannot be combined with {field}").format(field=ways[0]))
        if (self.country_code is not None or self.national_prefix) and self.destinations is None:
            raise ValueError(_("country_code and national_prefix only apply to a rate deck (destinations or deck)"))
        if self.has_volume_pricing:
            for name, given in (
                ("min_charge", self.min_charge != 0),
                ("max_charge", self.max_charge is not None),
                ("segments", self.segments is not None),
                ("time_bands", self.time_bands is not None),
                ("destinations/deck", self.destinations is not None),
            ):
                if given:
                    raise ValueError(_("{field} cannot be combined with included_minutes or tiers").format(field=name))
        return self

    @property
    def has_volume_pricing(self) -> bool:
        """True when included minutes or tiers make the price depend on the month's total."""
        return self.tiers is not None or self.included_minutes != 0

    @property
    def first_and_next(self) -> tuple[int, int]:
        """The increment as whole seconds ``(first, next)``."""
        return _first_and_next(self.increment)

    def money_values(self) -> list[Decimal]:
        """Every money value of the component."""
        values = [self.connection_fee, self.min_charge]
        values += [v for v in (self.rate, self.max_charge) if v is not None]
        values += [tier.rate for tier in self.tiers or []]
        values += [v for s in self.segments or [] for v in (s.fee, s.rate) if v is not None]
        values += [band.rate for band in self.time_bands or []]
        values += [v for row in self.destinations or [] for v in (row.rate, row.connection_fee) if v is not None]
        return values

    def minute_boundaries(self) -> list[Fraction]:
        """Included minutes and tier bounds in seconds, for the exact time unit."""
        bounds = [Fraction(self.included_minutes) * 60]
        bounds += [Fraction(t.up_to) * 60 for t in self.tiers or [] if t.up_to is not None]
        return bounds


class PerEvent(_Component):
    """A flat fee per matching record (per call, per SMS, per chat session, per resolution)."""

    type: Literal["per_event"]
    fee: Money = Field(..., description=N_("Price per matching record [currency]"))
    channel: UsageChannel = "voice"
    direction: Direction = "any"
    bill_unanswered: bool = False
    only_resolved: bool = Field(False, description=N_("Only records with resolved true pay (outcome pricing)"))

    def money_values(self) -> list[Decimal]:
        """Every money value of the component."""
        return [self.fee]


class MonthlyFee(_Component):
    """A fixed amount per month, prorated by covered days."""

    type: Literal["monthly_fee"]
    amount: Money = Field(..., description=N_("Per month [currency]"))


class OneTime(_Component):
    """A set-up fee or an investment, charged once or spread over the first months (not prorated)."""

    type: Literal["one_time"]
    amount: Money = Field(..., description=N_("The whole amount [currency]"))
    spread_months: Whole = Field(1, description=N_("Charged in equal parts over this many months"))

    @field_validator("spread_months")
    @classmethod
    def _check_spread(cls, months: int) -> int:
        if not 1 <= months <= 1200:
            raise ValueError(_("spread_months must be a whole number from 1 to 1200, got {value}").format(value=months))
        return months


class PerSeat(_Component):
    """An amount per seat per month: seats fixed, or counted from the log's agents or peak concurrency."""

    type: Literal["per_seat"]
    amount: Money = Field(..., description=N_("Per seat per month [currency]"))
    seats: Whole | Literal["agents", "peak_concurrent"] = Field(
        ..., description=N_('Whole number, "agents" or "peak_concurrent"')
    )

    @field_validator("seats", mode="before")
    @classmethod
    def _check_seats(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().lower() in ("agents", "peak_concurrent"):
            return value.strip().lower()
        if isinstance(value, str) and not value.strip().isdigit():
            raise ValueError(
                _('seats must be a whole number, "agents" or "peak_concurrent", got {value}').format(
                    value=excerpt(value)
                )
            )
        return value


class HourlyTeam(_Component):
    """A dedicated team paid per agent-hour; with `covers_calls`, the mixed model."""

    type: Literal["hourly_team"]
    rate: Money = Field(..., description=N_("Price per agent-hour [currency/h]"))
    agents: Whole = Field(..., description=N_("Agents in the team"))
    hours_per_month: Quantity | None = Field(None, description=N_("Paid hours per agent per month [h]"))
    schedule: list[str] | None = Field(
        None, max_length=MAX_SCHEDULE_ENTRIES, description=N_('e.g. ["mon-fri 09:00-18:00"]')
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
            raise ValueError(_("give exactly one of hours_per_month or schedule"))
        return self


class MinimumSpend(_Component):
    """A monthly floor on usage charges (per_minute plus per_event)."""

    type: Literal["minimum_spend"]
    amount: Money = Field(..., description=N_("Minimum usage per month [currency]"))


class Surcharge(_Component):
    """A tax or regulatory fee: a percentage of each month's other charges (VAT, US USF)."""

    type: Literal["surcharge"]
    percent: Quantity = Field(..., description=N_("Percentage, e.g. 22 for 22% [%]"))
    of: Literal["all", "usage"] = Field("all", description=N_("all charges, or per_minute and per_event only"))


Component = Annotated[
    PerMinute | PerEvent | MonthlyFee | OneTime | PerSeat | HourlyTeam | MinimumSpend | Surcharge,
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
