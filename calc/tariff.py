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
from calc.i18n import N_, _, format_number, ngettext
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

    name: str = Field(..., min_length=1, max_length=MAX_TEXT_CHARS, description=N_("Unique within one comparison"))
    description: str | None = Field(
        None, max_length=10 * MAX_TEXT_CHARS, description=N_("One line for people; not used in pricing")
    )
    currency: str = Field("EUR", description=N_("ISO 4217 code"))
    decimals: int = Field(2, ge=0, le=6, description=N_("Minor units of the invoice"))
    round_per_call: Literal["none", "up", "half_up"] = "none"
    holidays: list[datetime.date] = Field(
        default_factory=list, max_length=1000, description=N_("Dates that time bands and schedules see as `hol`")
    )
    components: list[Component] = Field(..., min_length=1, max_length=MAX_COMPONENTS)

    @field_validator("name")
    @classmethod
    def _check_name(cls, name: str) -> str:
        if not name.strip():
            raise ValueError(_("name must not be empty"))
        # NFC before any comparison: "Café" composed and decomposed are one name.
        return unicodedata.normalize("NFC", name.strip())

    @field_validator("currency")
    @classmethod
    def _check_currency(cls, currency: str) -> str:
        if not re.fullmatch(r"[A-Za-z]{3}", currency):
            raise ValueError(
                _("currency must be an ISO 4217 code like EUR, got {value}").format(value=excerpt(currency))
            )
        return currency.upper()

    @field_validator("holidays", mode="before")
    @classmethod
    def _check_holidays(cls, holidays: object) -> object:
        if not isinstance(holidays, list):
            raise ValueError(_("holidays must be a list of dates like [2026-12-25]"))
        for value in holidays:
            if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date | str):
                raise ValueError(_("holidays must be dates like 2026-12-25, got {value}").format(value=excerpt(value)))
            if isinstance(value, str):
                try:
                    datetime.date.fromisoformat(value.strip())
                except ValueError:
                    raise ValueError(
                        _("holiday {value} is not a date in the calendar (YYYY-MM-DD)").format(value=excerpt(value))
                    ) from None
        return holidays

    @model_validator(mode="after")
    def _check_tariff(self) -> Tariff:
        labels = self.labels
        repeated = sorted({label for label in labels if labels.count(label) > 1})
        if repeated:
            raise ValueError(
                _("component labels must be unique, {label} is used twice").format(label=excerpt(repeated[0]))
            )
        for label, component in zip(labels, self.components, strict=True):
            if isinstance(component, PerMinute) and component.has_volume_pricing and self.round_per_call != "none":
                raise ValueError(
                    _(
                        "round_per_call {value} cannot be combined with included_minutes or tiers (component {label})"
                    ).format(value=repr(self.round_per_call), label=excerpt(label))
                )
        teams = [c for c in self.components if isinstance(c, HourlyTeam) and c.covers_calls]
        if len(teams) > 1:
            raise ValueError(_("at most one hourly_team may have covers_calls: true"))
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
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"  # not user text
    return dumper.represent_scalar(tag, text)


_Dumper.add_representer(Decimal, _represent_decimal)


def _read_structure(text: str, source: str) -> Any:
    """The file's structure, read with every limit of `calc.safe_yaml` (YAML 1.2 numbers, no alias bombs)."""
    return read_structure(text, source)


#: Pydantic's own messages, as it writes them (first letter in lower case), for the catalogs; its context fills them.
_PYDANTIC_MESSAGES = {
    "less_than_equal": N_("input should be less than or equal to {le}"),
    "greater_than_equal": N_("input should be greater than or equal to {ge}"),
    "less_than": N_("input should be less than {lt}"),
    "greater_than": N_("input should be greater than {gt}"),
    "int_parsing": N_("input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("input should be a valid integer, got a number with a fractional part"),
    "int_type": N_("input should be a valid integer"),
    "string_type": N_("input should be a valid string"),
    "string_too_long": N_("string should have at most {max_length} characters"),
    "string_too_short": N_("string should have at least {min_length} characters"),
    "bool_parsing": N_("input should be a valid boolean, unable to interpret input"),
    "bool_type": N_("input should be a valid boolean"),
    "list_type": N_("input should be a valid list"),
    "model_type": N_("input should be a valid dictionary or instance of {class_name}"),
    "model_attributes_type": N_("input should be a valid dictionary or object to extract fields from"),
    "dict_type": N_("input should be a valid dictionary"),
    "literal_error": N_("input should be {expected}"),
}


def _pydantic_message(error: dict[str, Any]) -> str:
    """Pydantic's message in the current language when the catalogs have it, else as pydantic wrote it."""
    written = error["msg"][:1].lower() + error["msg"][1:]
    template = _PYDANTIC_MESSAGES.get(error["type"])
    context = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    try:
        if template is not None and template.format(**context) == written:
            return _(template).format(**context)
    except (KeyError, IndexError):
        pass
    return written


def _describe_error(error: dict[str, Any], raw: Any) -> str:
    """One readable sentence for one pydantic error, naming tariff, component and field."""
    location = list(error["loc"])
    parts = []
    if location and location[0] == "components" and len(location) > 1:
        index = location[1]
        component = raw.get("components", [])[index] if isinstance(raw, dict) else None
        kind = component.get("type") if isinstance(component, dict) else None
        if kind:
            parts.append(_("component {number} ({type})").format(number=index + 1, type=kind))
        else:
            parts.append(_("component {number}").format(number=index + 1))
        location = location[2:]
        if location and location[0] == kind:
            location = location[1:]
    field = ".".join(str(part) for part in location)
    kind = error["type"]
    message = error["msg"].removeprefix("Value error, ")  # not user text: pydantic's prefix
    if kind == "extra_forbidden":
        message = _("unknown field {field}").format(field=excerpt(field))
        field = ""
    elif kind == "too_short" and field == "components":
        message = _("needs at least one component")
    elif kind == "too_long":
        message = _("holds {count} items, at most {limit}").format(
            count=format_number(error["ctx"]["actual_length"]), limit=format_number(error["ctx"]["max_length"])
        )
    elif kind == "missing":
        message = _("is required")
    elif kind == "union_tag_invalid":
        message = _("type must be one of {types}, got {value}").format(
            types=", ".join(COMPONENT_TYPES), value=excerpt(error["input"].get("type"))
        )
    elif kind == "union_tag_not_found":
        message = _("type is required, one of {types}").format(types=", ".join(COMPONENT_TYPES))
    elif kind.startswith("literal_error"):
        message = _("{message}, got {value}").format(
            message=_pydantic_message(error).lower(), value=excerpt(error["input"])
        )
    elif (
        "input" in error
        and kind not in ("value_error", "assertion_error")
        and not isinstance(error["input"], dict | list)
    ):
        message = _("{message}, got {value}").format(message=_pydantic_message(error), value=excerpt(error["input"]))
    elif kind not in ("value_error", "assertion_error"):
        translated = _pydantic_message(error)
        message = translated[:1].upper() + translated[1:]  # as pydantic writes it: no input to append
    if field:
        parts.append(_("field {name}").format(name=excerpt(field)))
    if len(parts) == 2:
        return _("{component}, {field}: {message}").format(component=parts[0], field=parts[1], message=message)
    return _("{where}: {message}").format(where=parts[0], message=message) if parts else message


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
            where = _("{source}: {tariff}, component {number} ({type})").format(
                source=source, tariff=who, number=number, type=component.get("type")
            )
            deck = component["deck"]
            if "destinations" in component:
                raise InputError(_("{where}: give destinations or deck, not both").format(where=where))
            if not isinstance(deck, str) or not deck.strip():
                raise InputError(_("{where}, field 'deck': must be the name of a deck CSV file").format(where=where))
            path = Path(deck.strip())
            if not path.is_absolute() and base_dir is not None:
                path = base_dir / path
            component = {key: value for key, value in component.items() if key != "deck"}
            try:
                component["destinations"] = load_deck(path)
            except InputError as error:
                raise InputError(_("{where}, field 'deck': {error}").format(where=where, error=error)) from None
        loaded.append(component)
    return {**raw, "components": loaded}


def _tariff_from_raw(raw: Any, source: str, position: int, base_dir: Path | None = None) -> Tariff:
    name = raw.get("name") if isinstance(raw, dict) else None
    if isinstance(name, str) and name:
        who = _('tariff "{name}"').format(name=_short(name))
    else:
        who = _("tariff {number}").format(number=position)
    if not isinstance(raw, dict):
        raise InputError(
            _("{source}: {tariff} must be a mapping with name and components").format(source=source, tariff=who)
        )
    raw = _with_decks(raw, source, who, base_dir)
    try:
        return Tariff.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        more = len(error.errors()) - 1
        problem = _describe_error(first, raw)
        if more:
            problem = ngettext(
                "{problem} (and {count} more problem)", "{problem} (and {count} more problems)", more
            ).format(problem=problem, count=format_number(more))
        raise InputError(
            _("{source}: {tariff}, {problem}").format(source=source, tariff=who, problem=problem)
        ) from None


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
            raise InputError(
                _("{source}: unknown top-level field {field} beside 'tariffs'").format(
                    source=source, field=excerpt(extra[0])
                )
            )
        data = data["tariffs"]
    if data is None:
        raise InputError(_("{source}: the file holds no tariff").format(source=source))
    items = data if isinstance(data, list) else [data]
    if not items:
        raise InputError(_("{source}: the file holds no tariff").format(source=source))
    if len(items) > MAX_TARIFFS:
        raise InputError(_too_many_tariffs(source, len(items)))
    folder = Path(base_dir) if base_dir is not None else None
    tariffs = [_tariff_from_raw(item, source, n, folder) for n, item in enumerate(items, start=1)]
    check_unique_names(tariffs, source)
    return tariffs


def _too_many_tariffs(source: str, count: int) -> str:
    return _("{source}: {count} tariffs, at most {limit} can be compared").format(
        source=source, count=format_number(count), limit=format_number(MAX_TARIFFS)
    )


def check_unique_names(tariffs: list[Tariff], source: str) -> None:
    """Refuse two tariffs with the same name (compared in NFC form), or more than `MAX_TARIFFS` of them."""
    if len(tariffs) > MAX_TARIFFS:
        raise InputError(_too_many_tariffs(source, len(tariffs)))
    seen: set[str] = set()
    for tariff in tariffs:
        name = unicodedata.normalize("NFC", tariff.name)
        if name in seen:
            raise InputError(
                _('{source}: tariff name "{name}" is used twice; names must be unique').format(
                    source=source, name=_short(name)
                )
            )
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
            raise InputError(
                _("{path}: the file is too large ({size} bytes, at most {limit})").format(
                    path=path, size=format_number(size), limit=format_number(MAX_TARIFF_FILE_BYTES)
                )
            )
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(_("{path}: no such tariff file").format(path=path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(_("{path}: cannot read the tariff file ({error})").format(path=path, error=error)) from None
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
    raise TypeError(f"cannot write {type(value).__name__} to JSON")  # not user text: a bug


def save_tariffs(tariffs: list[Tariff], path: str | Path) -> None:
    """Save tariffs to ``.json`` or YAML according to the file's ending."""
    path = Path(path)
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    path.write_text(dump_tariffs(tariffs, fmt), encoding="utf-8")


def money_scale(tariff: Tariff) -> int:
    """Decimal places needed to hold every money value of `tariff` exactly (at least `decimals`)."""
    values = {value for component in tariff.components for value in component.money_values()}  # decks repeat rates
    return max([tariff.decimals] + [decimal_scale(v) for v in values])
