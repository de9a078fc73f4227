"""Tariffs: the file format of ``docs/billing-rules.md`` as pydantic models.

Tariff files are YAML or JSON holding one tariff, a list of tariffs, or
``{tariffs: [...]}``. Numbers are read as exact decimals (YAML ``0.07`` is
seven hundredths, never a binary float), and every mistake is refused with a
message naming the file, the tariff, the component and the field.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from calc.components import (
    COMPONENT_TYPES,
    Component,
    HourlyTeam,
    MinimumSpend,
    MonthlyFee,
    OneTime,
    PerEvent,
    PerMinute,
    PerSeat,
    Segment,
    Surcharge,
    Tier,
    TimeBand,
    component_labels,
)
from calc.decks import load_deck
from calc.errors import InputError, excerpt
from calc.limits import EXCERPT_CHARS, MAX_COMPONENTS, MAX_TARIFF_FILE_BYTES, MAX_TARIFFS, MAX_TEXT_CHARS
from calc.money import decimal_scale
from calc.records import CHANNELS
from calc.safe_yaml import read_structure

__all__ = [
    "CHANNELS",
    "COMPONENT_TYPES",
    "PerMinute",
    "PerEvent",
    "MonthlyFee",
    "OneTime",
    "PerSeat",
    "HourlyTeam",
    "MinimumSpend",
    "Surcharge",
    "Segment",
    "TimeBand",
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
    holidays: list[datetime.date] = Field(
        default_factory=list, max_length=1000, description="Dates that time bands and schedules see as `hol`"
    )
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

    @field_validator("holidays", mode="before")
    @classmethod
    def _check_holidays(cls, holidays: object) -> object:
        if not isinstance(holidays, list):
            raise ValueError("holidays must be a list of dates like [2026-12-25]")
        for value in holidays:
            if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date | str):
                raise ValueError(f"holidays must be dates like 2026-12-25, got {excerpt(value)}")
            if isinstance(value, str):
                try:
                    datetime.date.fromisoformat(value.strip())
                except ValueError:
                    raise ValueError(f"holiday {excerpt(value)} is not a date in the calendar (YYYY-MM-DD)") from None
        return holidays

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

    def holiday_days(self) -> Any:
        """The holidays as sorted int64 day numbers since 1970-01-01 (for `calc.schedule`)."""
        import numpy as np

        return np.unique(np.array(self.holidays, dtype="datetime64[D]").astype(np.int64))


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


def _with_decks(raw: dict, source: str, who: str, base_dir: Path | None) -> dict:
    """The tariff with each component's ``deck: FILE`` read into ``destinations`` rows.

    The file is found relative to the tariff file (`base_dir`), else to the working folder.
    """
    components = raw.get("components")
    if not isinstance(components, list) or not any(isinstance(c, dict) and "deck" in c for c in components):
        return raw
    loaded = []
    for number, component in enumerate(components, start=1):
        if isinstance(component, dict) and "deck" in component:
            where = f"{source}: {who}, component {number} ({component.get('type')})"
            deck = component["deck"]
            if "destinations" in component:
                raise InputError(f"{where}: give destinations or deck, not both")
            if not isinstance(deck, str) or not deck.strip():
                raise InputError(f"{where}, field 'deck': must be the name of a deck CSV file")
            path = Path(deck.strip())
            if not path.is_absolute() and base_dir is not None:
                path = base_dir / path
            component = {key: value for key, value in component.items() if key != "deck"}
            try:
                component["destinations"] = load_deck(path)
            except InputError as error:
                raise InputError(f"{where}, field 'deck': {error}") from None
        loaded.append(component)
    return {**raw, "components": loaded}


def _tariff_from_raw(raw: Any, source: str, position: int, base_dir: Path | None = None) -> Tariff:
    name = raw.get("name") if isinstance(raw, dict) else None
    who = f'tariff "{_short(name)}"' if isinstance(name, str) and name else f"tariff {position}"
    if not isinstance(raw, dict):
        raise InputError(f"{source}: {who} must be a mapping with name and components")
    raw = _with_decks(raw, source, who, base_dir)
    try:
        return Tariff.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        more = len(error.errors()) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise InputError(f"{source}: {who}, {_describe_error(first, raw)}{tail}") from None


def parse_tariffs(text: str, source: str = "<tariffs>", base_dir: str | Path | None = None) -> list[Tariff]:
    r"""Read tariffs from YAML or JSON text.

    Parameters
    ----------
    text : str
        One tariff, a list of tariffs, or ``{tariffs: [...]}``.
    source : str
        File name for messages; a ``.json`` ending selects JSON, anything else YAML.
    base_dir : str or Path, optional
        Folder in which ``deck:`` files are found (default: the working folder).

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
    return tariffs_from_data(_read_structure(text, source), source, base_dir)


def tariffs_from_data(data: Any, source: str = "<tariffs>", base_dir: str | Path | None = None) -> list[Tariff]:
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
    folder = Path(base_dir) if base_dir is not None else None
    tariffs = [_tariff_from_raw(item, source, n, folder) for n, item in enumerate(items, start=1)]
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
    return parse_tariffs(text, str(path), base_dir=path.parent)


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
        if getattr(component, "segments", None) is not None:  # so is the last segment's end
            for raw_segment, segment in zip(raw["segments"], component.segments, strict=True):
                raw_segment["up_to_s"] = segment.up_to_s
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
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def save_tariffs(tariffs: list[Tariff], path: str | Path) -> None:
    """Save tariffs to ``.json`` or YAML according to the file's ending."""
    path = Path(path)
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    path.write_text(dump_tariffs(tariffs, fmt), encoding="utf-8")


def money_scale(tariff: Tariff) -> int:
    """Decimal places needed to hold every money value of `tariff` exactly (at least `decimals`)."""
    values = {value for component in tariff.components for value in component.money_values()}  # decks repeat rates
    return max([tariff.decimals] + [decimal_scale(v) for v in values])
