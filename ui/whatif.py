"""The what-if page's settings: defaults, URL query parameters, scenario files and demo stories.

Pure (no Streamlit): `Settings` is everything the page's controls hold; it
round-trips through the URL (`to_query` / `from_query`) and through a scenario
file (`scenario_document` / `read_scenario_document`) that also names the log and
carries the tariffs. Demo stories in ``data/demos`` are scenario files with a
title and a story. Its messages are in the user's language (`calc.i18n`), and
`share_text` and `value_text` write the page's settings in the user's locale, exactly
(amounts: `ui.tables.money_text`).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from calc import InputError, PreparedLog, Scenario, Tariff, dump_tariffs
from calc.calls import CHANNELS, DIRECTIONS
from calc.errors import excerpt
from calc.i18n import _, format_number, format_percent
from calc.safe_yaml import load_yaml
from calc.tariff import tariffs_from_data

__all__ = [
    "Settings",
    "Demo",
    "VOLUME_CHOICES",
    "RANGES",
    "INTERVALS",
    "to_query",
    "from_query",
    "scenario_document",
    "read_scenario_document",
    "load_demos",
    "applies_to",
    "why_no_team",
    "share_text",
    "value_text",
]

#: Volume factors the slider offers: 0.1x to 10x.
VOLUME_CHOICES = (0.1, 0.2, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 5.0, 7.5, 10.0)

#: The range of every numeric setting, (lowest, highest): the page's widgets use these,
#: and links and scenario files are checked against them, so no value a widget refuses
#: ever reaches one.
RANGES: dict[str, tuple[float, float]] = {
    "volume": (VOLUME_CHOICES[0], VOLUME_CHOICES[-1]),
    "duration_factor": (0.25, 4.0),
    "duration_shift_s": (-60.0, 180.0),
    "answer_rate": (0.0, 1.0),
    "seed": (0, 2**32 - 1),
    "service_level": (0.5, 0.99),
    "answer_within_s": (0.0, 3600.0),
    "shrinkage": (0.0, 0.6),
    "max_occupancy": (0.5, 1.0),
}
#: The intervals the page offers [min].
INTERVALS = (15, 30, 60)
#: Longest tariff name or field name a link or scenario file may carry [characters].
_LONGEST_TEXT = 200


@dataclass(frozen=True)
class Settings:
    """Everything the what-if controls hold.

    Attributes
    ----------
    volume, duration_factor : float
        Scenario: records per month and answered talk time relative to the log.
    duration_shift_s : float
        Scenario: seconds added to every answered call [s].
    answer_rate : float or None
        Scenario: share of voice records answered; None keeps the log's.
    seed : int
        Scenario: seed of every random choice.
    interval, service_level, answer_within_s, shrinkage, max_occupancy
        Staffing: interval [min], target share answered within `answer_within_s` [s],
        share of paid time off the phones, highest share of time agents are busy.
    target, vary, field : str
        Break-even: tariff A, tariff B and B's field (empty: the page picks).
    team_tariff : str
        Mixed-team sweep: the tariff swept (empty: the first with a team that handles calls).
    """

    volume: float = 1.0
    duration_factor: float = 1.0
    duration_shift_s: float = 0.0
    answer_rate: float | None = None
    seed: int = 0
    interval: int = 30
    service_level: float = 0.8
    answer_within_s: float = 20.0
    shrinkage: float = 0.3
    max_occupancy: float = 0.85
    target: str = ""
    vary: str = ""
    field: str = ""
    team_tariff: str = ""

    def scenario(self) -> Scenario:
        """The calc scenario these settings describe."""
        return Scenario(
            volume_factor=self.volume,
            duration_factor=self.duration_factor,
            duration_shift_s=self.duration_shift_s,
            answer_rate=self.answer_rate,
            seed=self.seed,
        )


_DEFAULTS = Settings()
_KINDS = {f.name: f.type for f in fields(Settings)}


def _convert(name: str, text: Any) -> Any:
    kind = _KINDS[name]
    if "str" in kind:
        if not isinstance(text, str):
            raise InputError(_("{name} must be text, got {value}").format(name=name, value=excerpt(text)))
        if len(text) > _LONGEST_TEXT:
            raise InputError(
                _("{name} must be at most {most} characters, got {value}").format(
                    name=name, most=format_number(_LONGEST_TEXT), value=excerpt(text)
                )
            )
        return text
    if name == "answer_rate" and text in (None, "", "log", "none"):
        return None
    not_a_number = _("{name} must be a number, got {value}").format(name=name, value=excerpt(text))
    if isinstance(text, bool) or not isinstance(text, str | int | float | Decimal):
        raise InputError(not_a_number)
    if isinstance(text, str) and len(text) > 40:
        raise InputError(not_a_number)
    if kind == "int" and isinstance(text, float | Decimal) and not (math.isfinite(text) and text == int(text)):
        raise InputError(_("{name} must be a whole number, got {value}").format(name=name, value=excerpt(text)))
    try:
        number = int(text) if kind == "int" else float(text)
    except (TypeError, ValueError, OverflowError):
        raise InputError(not_a_number) from None
    low, high = RANGES.get(name, (None, None))
    if low is not None and not low <= number <= high:  # also refuses nan
        raise InputError(
            _("{name} must be between {low} and {high}, got {value}").format(
                name=name, low=value_text(low), high=value_text(high), value=excerpt(text)
            )
        )
    return number


def _at(where: str | None, problem: object) -> str:
    """A problem's message, after the file it is in (none for a link: its message names the parameter)."""
    return str(problem) if where is None else _("{where}: {problem}").format(where=where, problem=problem)


def _settings(values: dict[str, Any], where: str | None) -> Settings:
    unknown = sorted(set(values) - set(_KINDS))
    if unknown:
        raise InputError(
            _at(
                where,
                _("unknown setting {setting}; known: {known}").format(
                    setting=excerpt(unknown[0]), known=", ".join(_KINDS)
                ),
            )
        )
    try:
        converted = {name: _convert(name, value) for name, value in values.items()}
    except InputError as error:
        raise InputError(_at(where, error)) from None
    settings = replace(_DEFAULTS, **converted)
    settings.scenario()  # the scenario's own checks, with their messages
    if settings.interval not in INTERVALS:
        raise InputError(
            _at(
                where,
                _("interval must be 15, 30 or 60 minutes, got {value}").format(value=format_number(settings.interval)),
            )
        )
    return settings


def to_query(settings: Settings) -> dict[str, str]:
    """The settings that differ from the defaults, as URL query parameters.

    Examples
    --------
    >>> to_query(Settings(volume=2.0, target="Carrier A, 60/60"))
    {'volume': '2.0', 'target': 'Carrier A, 60/60'}
    """
    return {
        name: ("log" if value is None else str(value))
        for name, value in asdict(settings).items()
        if value != getattr(_DEFAULTS, name)
    }


def from_query(params: dict[str, str]) -> tuple[Settings, str | None]:
    """Settings from URL query parameters; unknown, bad or out-of-range ones are ignored and reported.

    The ranges are those of the page's widgets (`RANGES`); a volume between two of
    the slider's choices is shown as the nearest choice, and said so.

    Returns
    -------
    (Settings, str or None)
        The settings, and a message when some parameter was not understood.

    Examples
    --------
    >>> from_query({"volume": "2", "seed": "x"})  # doctest: +ELLIPSIS
    (Settings(volume=2.0, ...), "link parameter 'seed' ignored: seed must be a number, got 'x'")
    """
    good: dict[str, Any] = {}
    problems = []
    for name, text in params.items():
        if name not in _KINDS:
            continue  # other pages' parameters
        try:
            _settings({name: text}, None)
            good[name] = _convert(name, text)
        except InputError as error:
            problems.append(
                _("link parameter {parameter} ignored: {problem}").format(parameter=excerpt(name), problem=error)
            )
    volume = good.get("volume")
    if volume is not None and volume not in VOLUME_CHOICES:
        nearest = min(VOLUME_CHOICES, key=lambda choice: abs(choice - volume))
        problems.append(
            _("link parameter 'volume' {volume} shown as the nearest choice, x{nearest}").format(
                volume=value_text(volume), nearest=value_text(nearest)
            )
        )
        good["volume"] = nearest
    return replace(_DEFAULTS, **good), (_("; ").join(problems) or None)


def scenario_document(log_name: str, tariffs: list[Tariff], settings: Settings, title: str = "") -> str:
    """A scenario file: the log's name, the tariffs and the settings, as YAML."""
    document: dict[str, Any] = {"title": title} if title else {}
    document |= {
        "log": log_name,
        "settings": {name: value for name, value in asdict(settings).items() if value != getattr(_DEFAULTS, name)},
        **yaml.safe_load(dump_tariffs(tariffs)),
    }
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def read_scenario_document(text: str, source: str) -> dict[str, Any]:
    """Read a scenario file: ``{"title", "story", "log", "tariffs", "settings"}``.

    Raises
    ------
    InputError
        Naming the file and what is wrong.
    """
    # The same bounded YAML 1.2 reader as tariff files: no alias bombs, no 010 read as 8.
    document = load_yaml(text, source)
    if not isinstance(document, dict) or "log" not in document or "tariffs" not in document:
        raise InputError(_("{file}: a scenario file needs 'log' (a log name) and 'tariffs'").format(file=source))
    unknown = sorted(map(str, set(document) - {"title", "story", "log", "tariffs", "settings"}))
    if unknown:
        raise InputError(
            _("{file}: unknown field {field}; known: {known}").format(
                file=source,
                field=excerpt(unknown[0]),
                known="title, story, log, tariffs, settings",  # not user text
            )
        )
    texts = {}
    for name, longest in (("title", 200), ("story", 5_000), ("log", 200)):
        value = document.get(name, "")
        if not isinstance(value, str):
            raise InputError(
                _("{file}: {field} must be text, got {value}").format(
                    file=source, field=repr(name), value=excerpt(value)
                )
            )
        if len(value) > longest:
            raise InputError(
                _("{file}: {field} is longer than {most} characters ({count})").format(
                    file=source, field=repr(name), most=format_number(longest), count=format_number(len(value))
                )
            )
        texts[name] = value
    tariffs = tariffs_from_data({"tariffs": document["tariffs"]}, source)
    settings = document.get("settings") or {}
    if not isinstance(settings, dict):
        raise InputError(_("{file}: 'settings' must be a mapping").format(file=source))
    return {**texts, "tariffs": tariffs, "settings": _settings(settings, source)}


@dataclass(frozen=True)
class Demo:
    """A ready story for a sales demo: a bundled log, tariffs and settings."""

    key: str
    title: str
    story: str
    log: str
    tariffs: list[Tariff]
    settings: Settings


def load_demos(folder: Path) -> list[Demo]:
    """Every demo story in a folder (``*.yaml`` scenario files), by file name."""
    demos = []
    for path in sorted(folder.glob("*.yaml")):
        document = read_scenario_document(path.read_text(encoding="utf-8"), path.name)
        demos.append(
            Demo(
                key=path.stem,
                title=document["title"] or path.stem,
                story=document["story"],
                log=document["log"],
                tariffs=document["tariffs"],
                settings=document["settings"],
            )
        )
    return demos


def applies_to(scenario: Scenario) -> str:
    """Whose traffic a section's answer is for: the scenario when it changes the log, else the log.

    Break-even, team sizing and the mixed-team sweep are worked out on the scenario's
    log, so each says which traffic it answers for.

    Examples
    --------
    >>> applies_to(Scenario(volume_factor=10))
    'for the scenario: volume x10'
    >>> applies_to(Scenario())
    'for the log as it is'
    """
    if scenario.changes_nothing:
        return _("for the log as it is")
    return _("for the scenario: {scenario}").format(scenario=scenario.describe())


def why_no_team(log: PreparedLog, what: str | None = None) -> str | None:
    """Why a log gives team sizing nothing to staff, or None when it holds answered inbound voice calls.

    Team sizing (Erlang C) counts answered voice records that are not outbound: a
    team dials outbound calls itself, no queue waits for it.

    Parameters
    ----------
    log : calc.PreparedLog
        The log (or a scenario's log) to size a team for.
    what : str, optional
        How the message names the log, e.g. "the scenario's log" (translated); default "this log".

    Returns
    -------
    str or None
        A sentence for the page.
    """
    what = _("this log") if what is None else what
    voice = log.channel == CHANNELS.index("voice")
    incoming = voice & (log.direction != DIRECTIONS.index("outbound"))
    if not voice.any():
        return _("Team sizing needs inbound voice calls; {what} holds no voice calls ({count} records).").format(
            what=what, count=format_number(log.records)
        )
    if not incoming.any():
        return _(
            "Team sizing needs inbound calls; {what} holds only outbound calls ({count}), "
            "which the team dials itself: no queue waits for an agent."
        ).format(what=what, count=format_number(int(voice.sum())))
    if not (incoming & log.answered).any():
        return _(
            "Team sizing needs answered inbound calls; none of the {count} inbound calls in {what} was answered."
        ).format(count=format_number(int(incoming.sum())), what=what)
    return None


def share_text(value: float) -> str:
    """A setting's share (0.85) as a whole percentage in the locale's way.

    Examples
    --------
    >>> share_text(0.85), share_text(0.3)
    ('85%', '30%')
    """
    return format_percent(value, 0)


def value_text(value: float) -> str:
    """A setting's number (a limit, a factor, seconds) exactly as set, without trailing zeros, in the locale's way.

    Examples
    --------
    >>> from calc.i18n import use_language
    >>> value_text(20.0), value_text(3600.0), value_text(0.25), value_text(10.0)
    ('20', '3,600', '0.25', '10')
    >>> with use_language("it"):
    ...     value_text(0.25), value_text(float(2**32 - 1))
    ('0,25', '4.294.967.295')
    """
    return format_number(Decimal(repr(value)).normalize())
