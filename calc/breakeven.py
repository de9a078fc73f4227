"""Break-even: the value of one price in tariff B at which B costs exactly what A costs on a log.

A tariff's total is a non-decreasing function of any one of its money values
(a rate, a fee, an amount, a tier's, a segment's, a time band's or a deck
row's rate, a cap per call, a surcharge's percentage): charges are sums, maxima
and minima of terms that grow with it, and the monthly rounding keeps the order. So the
values where B's total equals A's form one interval, possibly empty (when one
step of a rounded total jumps over A's total). It is found exactly, by
re-pricing B with `calc.rating.price` at decimal values:

1. at the tariff's ``decimals`` places, bisection finds the largest value whose
   total is at or below A's;
2. if that total is A's exactly, it is the answer; otherwise one more decimal
   place is tried, and so on, up to `MAX_PLACES`.

The answer is therefore the largest value, with as few decimal places as
possible, at which B costs exactly A's total: below it B is not dearer than A,
one step above it B is. When no value gives A's total exactly, the largest
value keeping B at or below A is given, and the message says so. When even a
value of 0 leaves B dearer than A, or the field does not change B's total on
this log (no record it applies to), there is no value (``value`` is None).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from calc.calls import CallLog
from calc.errors import InputError
from calc.i18n import N_, _, format_number, use_language
from calc.money import decimal_scale, format_money
from calc.rating import PreparedLog, prepare, price
from calc.tariff import (
    HourlyTeam,
    MinimumSpend,
    MonthlyFee,
    OneTime,
    PerEvent,
    PerMinute,
    PerSeat,
    Surcharge,
    Tariff,
)

__all__ = [
    "MAX_PLACES",
    "LISTED_PREFIXES",
    "Amount",
    "BreakEven",
    "numeric_fields",
    "field_value",
    "with_field",
    "break_even",
]

#: The most decimal places a break-even value is given with.
MAX_PLACES = 12
_LARGE = Decimal(10) ** 6  # a value far above any real price: tells whether the field counts at all
_MAX_VALUE = Decimal(10) ** 15

_FIELDS = {
    PerEvent: ("fee",),
    MonthlyFee: ("amount",),
    OneTime: ("amount",),
    PerSeat: ("amount",),
    HourlyTeam: ("rate",),
    MinimumSpend: ("amount",),
    Surcharge: ("percent",),
}
#: A deck's rows are listed by prefix when it has at most this many prefixes (any row can still be named).
LISTED_PREFIXES = 100
_ITEM = re.compile(r"^(tiers|segments|time_bands|destinations)\.(\d+|\+\d+)\.(rate|fee)$")


def _per_minute_fields(component: PerMinute) -> list[str]:
    names = ["rate"] if component.rate is not None and component.tiers is None else []
    names.append("connection_fee")
    names += [] if component.has_volume_pricing else ["min_charge"]
    names += [] if component.max_charge is None else ["max_charge"]
    names += [f"tiers.{number}.rate" for number in range(1, len(component.tiers or []) + 1)]
    names += [
        f"segments.{number}.{'fee' if segment.fee is not None else 'rate'}"
        for number, segment in enumerate(component.segments or [], start=1)
    ]
    names += [f"time_bands.{number}.rate" for number in range(1, len(component.time_bands or []) + 1)]
    prefixes = list(dict.fromkeys(row.prefix for row in component.destinations or []))
    if len(prefixes) <= LISTED_PREFIXES:
        names += [f"destinations.+{prefix}.rate" for prefix in prefixes]
    return names


def numeric_fields(tariff: Tariff) -> list[str]:
    r"""The money fields of a tariff that a break-even can vary, as ``COMPONENT_LABEL.FIELD``.

    Parameters
    ----------
    tariff : Tariff

    Returns
    -------
    list of str
        per_minute: ``rate`` (when given, without tiers), ``connection_fee``, ``min_charge``
        (without included minutes or tiers), ``max_charge`` (when given), ``tiers.N.rate``,
        ``segments.N.fee`` or ``segments.N.rate``, ``time_bands.N.rate`` (N from 1), and a
        deck's ``destinations.+PREFIX.rate`` (every row of that prefix, whatever its date; listed
        for decks of up to `LISTED_PREFIXES` prefixes, accepted for any) or
        ``destinations.N.rate`` (the N-th row: accepted, not listed); per_event: ``fee``;
        monthly_fee, one_time, per_seat, minimum_spend: ``amount``; hourly_team: ``rate``;
        surcharge: ``percent``.

    Examples
    --------
    >>> from calc.tariff import parse_tariffs
    >>> [t] = parse_tariffs('''
    ... name: B
    ... components:
    ...   - {type: per_minute, tiers: [{up_to: 100, rate: 0.05}, {up_to: null, rate: 0.04}]}
    ...   - {type: monthly_fee, label: platform, amount: 49}
    ...   - {type: per_minute, label: cn, segments: [{up_to_s: 180, fee: 0.22}, {up_to_s: null, rate: 0.11}]}
    ...   - {type: surcharge, label: VAT, percent: 22}
    ... ''')
    >>> numeric_fields(t)
    ['per_minute.connection_fee', 'per_minute.tiers.1.rate', 'per_minute.tiers.2.rate', 'platform.amount',
     'cn.connection_fee', 'cn.min_charge', 'cn.segments.1.fee', 'cn.segments.2.rate', 'VAT.percent']
    """
    fields = []
    for label, component in zip(tariff.labels, tariff.components, strict=True):
        names = _per_minute_fields(component) if isinstance(component, PerMinute) else list(_FIELDS[type(component)])
        fields += [f"{label}.{name}" for name in names]
    return fields


def _rows_of(component: PerMinute, key: str) -> list[int]:
    """Deck rows a field names: ``+PREFIX`` every row of that prefix, ``N`` the N-th row."""
    rows = component.destinations or []
    if key.startswith("+"):
        return [i for i, row in enumerate(rows) if row.prefix == key[1:]]
    return [int(key) - 1] if 1 <= int(key) <= len(rows) else []


def _locate(tariff: Tariff, field: str) -> tuple[int, str, str | None, list[int]]:
    """Component index, attribute, list name (tiers, segments, ...) and the list items a field names."""
    for index, (label, component) in enumerate(zip(tariff.labels, tariff.components, strict=True)):
        if not field.startswith(label + "."):
            continue
        rest = field[len(label) + 1 :]
        listed = _per_minute_fields(component) if isinstance(component, PerMinute) else _FIELDS[type(component)]
        item = _ITEM.match(rest)
        if item is None and rest in listed:
            return index, rest, None, []
        if item is not None and (rest in listed or item[1] == "destinations"):
            name, key, attribute = item.groups()
            if name == "destinations":
                rows = _rows_of(component, key) if attribute == "rate" else []
                if rows:
                    return index, attribute, name, rows
            elif not key.startswith("+"):
                return index, attribute, name, [int(key) - 1]
    valid = ", ".join(numeric_fields(tariff))
    raise InputError(
        _('field {field} is not a money field of tariff "{tariff}"; expected one of: {valid}').format(
            field=repr(field), tariff=tariff.name, valid=valid
        )
    )


def field_value(tariff: Tariff, field: str) -> Decimal:
    r"""The current value of a money field named as by `numeric_fields`.

    Parameters
    ----------
    tariff : Tariff
    field : str
        ``COMPONENT_LABEL.FIELD``.

    Returns
    -------
    Decimal
        [currency, currency per minute or per hour, or percent]. A deck prefix with rows of
        several dates gives the rate of its latest row.

    Raises
    ------
    InputError
        If the field is not one of `numeric_fields`.

    Examples
    --------
    >>> from calc.tariff import parse_tariffs
    >>> [t] = parse_tariffs("name: B\ncomponents: [{type: per_event, fee: 3.90}]")
    >>> field_value(t, "per_event.fee")
    Decimal('3.90')
    """
    index, attribute, name, items = _locate(tariff, field)
    component = tariff.components[index]
    if name is None:
        return getattr(component, attribute)
    entries = [getattr(component, name)[i] for i in items]
    if name == "destinations":
        entries.sort(key=lambda row: row.effective_from or datetime.date.min)
    return getattr(entries[-1], attribute)


def with_field(tariff: Tariff, field: str, value: Decimal) -> Tariff:
    r"""A copy of the tariff with one money field set to `value`.

    Parameters
    ----------
    tariff : Tariff
    field : str
        As listed by `numeric_fields` (or a deck row, ``LABEL.destinations.N.rate``).
    value : Decimal
        The new value, >= 0 [currency, currency per minute or per hour, or percent].

    Returns
    -------
    Tariff

    Raises
    ------
    InputError
        If the field is not one of `numeric_fields` or the value is negative.

    Examples
    --------
    >>> from calc.tariff import parse_tariffs
    >>> [t] = parse_tariffs("name: B\ncomponents: [{type: per_event, fee: 3.90}]")
    >>> with_field(t, "per_event.fee", Decimal("2.5")).components[0].fee
    Decimal('2.5')
    """
    index, attribute, name, items = _locate(tariff, field)
    value = Decimal(value)
    if not value.is_finite() or value < 0:
        raise InputError(_("{field} must be a finite value >= 0, got {value}").format(field=field, value=value))
    component = tariff.components[index]
    if name is None:
        changed = component.model_copy(update={attribute: value})
    else:
        entries = list(getattr(component, name))
        for i in items:
            entries[i] = entries[i].model_copy(update={attribute: value})
        changed = component.model_copy(update={name: entries})
    components = list(tariff.components)
    components[index] = changed
    return tariff.model_copy(update={"components": components})


@dataclass(frozen=True)
class BreakEven:
    """The value of a field of tariff B at which B costs what tariff A costs.

    Attributes
    ----------
    tariff : str
        B, the tariff varied.
    field : str
        The field varied, ``COMPONENT_LABEL.FIELD``.
    target : str
        A, the tariff whose total is matched.
    value : Decimal or None
        The largest value (fewest decimal places first) at which B's total equals
        A's; when none equals it, the largest keeping B at or below A; None when
        no value brings B down to A.
    total_at_value : Decimal or None
        B's total with `value` [currency].
    target_total : Decimal
        A's total [currency].
    current_value : Decimal
        The field's value in B as given.
    reachable : bool
        True when `value` is not None.
    exact : bool
        True when B's total at `value` equals A's total to the minor unit.
    sentence : str
        The sentence for people in English, its figures as ``{placeholders}`` (a msgid of the catalogs).
    figures : Mapping
        The figures of `sentence`: names as text, values as Decimal, amounts as `Amount`; written in
        the reader's language by `message`.
    """

    tariff: str
    field: str
    target: str
    value: Decimal | None
    total_at_value: Decimal | None
    target_total: Decimal
    current_value: Decimal
    reachable: bool
    exact: bool
    sentence: str
    figures: Mapping[str, object]
    currency: str = "EUR"
    decimals: int = 2
    target_decimals: int = 2

    @property
    def message(self) -> str:
        """One sentence for people, in the current language, numbers written in its way."""
        return _(self.sentence).format(**{name: _figure_text(value) for name, value in self.figures.items()})

    def to_json(self) -> dict:
        """The ``breakeven --json`` object: money as strings with the tariffs' decimals.

        ``message`` is added whenever the value does not give A's total exactly; like every
        ``--json`` answer it is the same in every language (English).
        """
        result = {
            "tariff": self.tariff,
            "field": self.field,
            "value": None if self.value is None else f"{self.value:f}",
            "total_at_value": None if self.total_at_value is None else format_money(self.total_at_value, self.decimals),
            "target_total": format_money(self.target_total, self.target_decimals),
        }
        if not self.exact:
            with use_language("en"):
                result["message"] = self.message
        return result


class Amount(NamedTuple):
    """An amount of money in a sentence: written with the tariff's decimals and currency."""

    amount: Decimal
    decimals: int
    currency: str


def _figure_text(value: object) -> object:
    """A figure of a sentence as the current language writes it (a name as it is)."""
    if isinstance(value, Amount):
        return f"{format_number(value.amount, value.decimals)} {value.currency}"
    return format_number(value) if isinstance(value, Decimal) else value


class _Search:
    """B's total as a function of one field's value, priced once per value."""

    def __init__(self, log: PreparedLog, tariff: Tariff, field: str) -> None:
        self.log, self.tariff, self.field = log, tariff, field
        self.totals: dict[Decimal, Decimal] = {}

    def total(self, value: Decimal) -> Decimal:
        if value not in self.totals:
            self.totals[value] = price(self.log, with_field(self.tariff, self.field, value)).total
        return self.totals[value]

    def total_at(self, units: int, places: int) -> Decimal:
        return self.total(_decimal(units, places))

    def largest_at_or_below(self, target: Decimal, low: int, high: int, places: int) -> int:
        """Largest ``n`` in ``[low, high)`` with total(n / 10**places) <= target; total(low) <= target < total(high)."""
        while high - low > 1:
            middle = (low + high) // 2
            if self.total_at(middle, places) <= target:
                low = middle
            else:
                high = middle
        return low


def _decimal(units: int, places: int) -> Decimal:
    return Decimal(units).scaleb(-places)


def _money(amount: Decimal, tariff: Tariff) -> Amount:
    return Amount(amount, tariff.decimals, tariff.currency)


def break_even(
    log: CallLog | PreparedLog,
    target_tariff: Tariff,
    varied_tariff: Tariff,
    field: str,
) -> BreakEven:
    r"""Solve for the value of one money field of B at which B costs exactly what A costs on this log.

    Parameters
    ----------
    log : CallLog or PreparedLog
    target_tariff : Tariff
        A, whose total is matched.
    varied_tariff : Tariff
        B, whose field is varied; same currency as A.
    field : str
        ``COMPONENT_LABEL.FIELD``, one of ``numeric_fields(varied_tariff)``.

    Returns
    -------
    BreakEven
        See the module notes for which value is chosen.

    Raises
    ------
    InputError
        If the field is not a money field of B, or A and B bill in different currencies.

    Examples
    --------
    >>> import pandas as pd
    >>> from calc import read_calls
    >>> from calc.tariff import parse_tariffs
    >>> log = read_calls(pd.DataFrame({"duration_s": [61, 30, 200]}))
    >>> a, b = parse_tariffs('''
    ... - {name: A, components: [{type: per_event, fee: 0.10}]}
    ... - {name: B, components: [{type: per_minute, rate: 0.07}]}
    ... ''')
    >>> result = break_even(log, a, b, "per_minute.rate")
    >>> result.value, result.total_at_value, result.target_total, result.exact
    (Decimal('0.043'), Decimal('0.30'), Decimal('0.30'), True)
    >>> print(result.message)
    "B" costs exactly as much as "A", 0.30 EUR, with per_minute.rate = 0.043 (now 0.07); at 0.044 it costs 0.31 EUR
    """
    prepared = log if isinstance(log, PreparedLog) else prepare(log)
    current = field_value(varied_tariff, field)
    if target_tariff.currency != varied_tariff.currency:
        raise InputError(
            _(
                'tariff "{varied}" bills in {varied_currency} and "{target}" in {target_currency}: '
                "a break-even needs one currency"
            ).format(
                varied=varied_tariff.name,
                varied_currency=varied_tariff.currency,
                target=target_tariff.name,
                target_currency=target_tariff.currency,
            )
        )
    target = price(prepared, target_tariff).total
    search = _Search(prepared, varied_tariff, field)
    a, b = f'"{target_tariff.name}"', f'"{varied_tariff.name}"'

    def result(answer: Decimal | None, exact: bool, sentence: str, **figures: object) -> BreakEven:
        return BreakEven(
            tariff=varied_tariff.name,
            field=field,
            target=target_tariff.name,
            value=answer,
            total_at_value=None if answer is None else search.total(answer),
            target_total=target,
            current_value=current,
            reachable=answer is not None,
            exact=exact,
            sentence=sentence,
            figures={"field": field, "a": a, "b": b, **figures},
            currency=varied_tariff.currency,
            decimals=varied_tariff.decimals,
            target_decimals=target_tariff.decimals,
        )

    at_zero = search.total(Decimal(0))
    if at_zero > target:
        return result(
            None,
            False,
            N_("no value of {field} makes {b} as cheap as {a} ({target}): even with {field} at 0 it costs {at_zero}"),
            target=_money(target, target_tariff),
            at_zero=_money(at_zero, varied_tariff),
        )
    large = max(current * 2, _LARGE)
    if search.total(large) == at_zero:
        if at_zero == target:
            return result(
                current,
                True,
                N_(
                    "{field} does not change the total of {b} on this log: it costs exactly as much as {a}, "
                    "{target}, whatever the value"
                ),
                target=_money(target, target_tariff),
            )
        return result(
            None,
            False,
            N_(
                "{field} does not change the total of {b} on this log (no record it applies to): it stays at "
                "{at_zero}, {a} costs {target}"
            ),
            at_zero=_money(at_zero, varied_tariff),
            target=_money(target, target_tariff),
        )
    places = varied_tariff.decimals
    low, high = Decimal(0), max(current, _decimal(1, places))
    while search.total(high) <= target:
        low, high = high, high * 2
        if high > _MAX_VALUE:
            return result(None, False, N_("{b} stays cheaper than {a} up to {field} = {limit}"), limit=_MAX_VALUE)
    scale = Decimal(10) ** places
    units = search.largest_at_or_below(
        target, int(low * scale), int((high * scale).to_integral_value(rounding="ROUND_CEILING")), places
    )
    while search.total_at(units, places) != target and places < max(MAX_PLACES, varied_tariff.decimals):
        places += 1
        units = search.largest_at_or_below(target, units * 10, units * 10 + 10, places)
    value = _decimal(units, places)
    reached = search.total(value)
    if reached == target:
        above = value + _decimal(1, places)
        return result(
            value,
            True,
            N_(
                "{b} costs exactly as much as {a}, {target}, with {field} = {value} (now {current}); "
                "at {above} it costs {cost}"
            ),
            target=_money(target, target_tariff),
            value=value,
            current=current,
            above=above,
            cost=_money(search.total(above), varied_tariff),
        )
    step = _decimal(1, places)
    # The search went as deep as it could without meeting A's total: drop the zeros it added.
    value = value.quantize(_decimal(1, max(decimal_scale(value), varied_tariff.decimals)))
    return result(
        value,
        False,
        N_(
            "no value of {field} makes {b} cost exactly as much as {a}, {target}: {value} is the largest that keeps "
            "it at or below ({reached}), {above} already costs {cost}"
        ),
        target=_money(target, target_tariff),
        value=value,
        reached=_money(reached, varied_tariff),
        above=value + step,
        cost=_money(search.total(value + step), varied_tariff),
    )
