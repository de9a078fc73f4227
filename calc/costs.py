"""Where a tariff's money goes: the figures behind the comparison's tables and charts.

`summarize` turns a `TariffResult` into a small, picklable `CostSummary`
(what the dashboard caches and draws); `record_table` lays the per-record
charges of several tariffs side by side for download. Invoice figures stay
exact Decimals; distributions and hourly shares are floats, for charts only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from calc.calls import CHANNELS
from calc.money import round_half_up
from calc.rating import PreparedLog, TariffResult

__all__ = ["CostSummary", "summarize", "record_table", "charge_text", "RECORD_DECIMALS"]

#: Places of the per-record charges in downloads; invoices sum the exact values.
RECORD_DECIMALS = 6
_US = 1_000_000
_HOUR_US = 3_600 * _US
_DAY_US = 86_400 * _US


@dataclass(frozen=True)
class CostSummary:
    """One tariff's bill on one log, in the figures a buyer reads.

    Attributes
    ----------
    name, currency : str
    decimals : int
        Minor units of the invoice.
    total : Decimal
        Sum of the rounded months [currency].
    months : dict of str to Decimal
        Each month's invoice [currency].
    components : dict of str to Decimal
        Each component's share of the total, rounded half-up [currency].
    component_months : dict of str to list of float
        Each component's share in each month, for stacked charts [currency].
    component_types : dict of str to str
        Each component label's type (``per_minute``, ``monthly_fee`` ...).
    billed_minutes, actual_minutes, charged_actual_minutes : Fraction
        Billed time of per_minute components, talk time of answered voice records, and
        talk time of the records the per_minute components charged [min].
    rounding_overhead_minutes : Fraction
        Billed minus charged talk time [min].
    rounding_overhead : Decimal
        What the increments add over per-second billing at the same rates [currency].
    effective_rate_per_minute : Decimal or None
        Total per actual minute, to ``decimals + 2`` places [currency/min].
    charged_calls : int
        Answered voice calls with a usage charge.
    covered_calls : int
        Calls the dedicated team handled (mixed model).
    cost_per_call : dict of str to float
        ``min``, ``q1``, ``median``, ``q3``, ``p95``, ``max`` and ``mean`` usage charge of
        answered voice calls [currency]; empty without any.
    cost_by_hour : list of float
        Usage charges of records starting in each hour of the day, 24 values [currency].
    month_kinds : dict of str to dict of str to Decimal
        Each month's charges by component type (``per_minute``, ``one_time``, ``surcharge`` ...),
        exact sums rounded half-up to `decimals` [currency].
    unrated : int
        Records a rate deck of the tariff could not rate (charged nothing by it).
    """

    name: str
    currency: str
    decimals: int
    total: Decimal
    months: dict[str, Decimal]
    components: dict[str, Decimal]
    component_months: dict[str, list[float]]
    component_types: dict[str, str]
    billed_minutes: Fraction
    actual_minutes: Fraction
    charged_actual_minutes: Fraction
    rounding_overhead_minutes: Fraction
    rounding_overhead: Decimal
    effective_rate_per_minute: Decimal | None
    charged_calls: int
    covered_calls: int
    cost_per_call: dict[str, float]
    cost_by_hour: list[float]
    month_kinds: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    unrated: int = 0


def summarize(result: TariffResult, log: PreparedLog) -> CostSummary:
    r"""Reduce a tariff's result to the figures and distributions the comparison shows.

    Parameters
    ----------
    result : TariffResult
        A tariff priced on `log`.
    log : PreparedLog
        The log it was priced on.

    Returns
    -------
    CostSummary

    Examples
    --------
    >>> import pandas as pd
    >>> from calc import normalize_records, parse_tariffs, prepare, price
    >>> frame = pd.DataFrame({"start": ["2026-01-05 09:00:00", "2026-01-05 10:00:00"], "duration_s": [61, 30]})
    >>> log = prepare(normalize_records(frame, "example"))
    >>> [tariff] = parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 0.06}]")
    >>> summary = summarize(price(log, tariff), log)
    >>> summary.total, summary.rounding_overhead, summary.effective_rate_per_minute
    (Decimal('0.18'), Decimal('0.09'), Decimal('0.1187'))
    """
    decimals = result.tariff.decimals
    charges = result.record_charges()
    calls = (log.channel == CHANNELS.index("voice")) & log.answered
    call_charges = charges[calls]
    cost_per_call: dict[str, float] = {}
    if len(call_charges):
        q = np.quantile(call_charges, [0, 0.25, 0.5, 0.75, 0.95, 1])
        cost_per_call = dict(zip(("min", "q1", "median", "q3", "p95", "max"), map(float, q), strict=True))
        cost_per_call["mean"] = float(call_charges.mean())
    if log.has_time and log.records:
        hours = (log.start_us % _DAY_US) // _HOUR_US
        cost_by_hour = np.bincount(hours, weights=charges, minlength=24).tolist()
    else:
        cost_by_hour = [0.0] * 24
    rate = result.effective_rate_per_minute
    types = dict(zip(result.tariff.labels, (c.type for c in result.tariff.components), strict=True))
    month_kinds = {}
    for index, month in enumerate(result.months):
        kinds: dict[str, Fraction] = {}
        for label, shares in result.component_months.items():
            kinds[types[label]] = kinds.get(types[label], Fraction(0)) + shares[index]
        month_kinds[month] = {kind: round_half_up(amount, decimals) for kind, amount in kinds.items()}
    return CostSummary(
        name=result.name,
        currency=result.currency,
        decimals=decimals,
        total=result.total,
        months=dict(result.months),
        components=dict(result.components),
        component_months={label: [float(x) for x in shares] for label, shares in result.component_months.items()},
        component_types={
            label: c.type for label, c in zip(result.tariff.labels, result.tariff.components, strict=True)
        },
        billed_minutes=Fraction(result.billed_seconds, 60),
        actual_minutes=result.actual_seconds / 60,
        charged_actual_minutes=result.charged_actual_seconds / 60,
        rounding_overhead_minutes=result.rounding_overhead_seconds / 60,
        rounding_overhead=round_half_up(result.rounding_overhead_cost, decimals),
        effective_rate_per_minute=None if rate is None else round_half_up(rate, decimals + 2),
        charged_calls=int((calls & (result.record_charge_units > 0)).sum()),
        covered_calls=int(result.record_covered.sum()),
        cost_per_call=cost_per_call,
        cost_by_hour=cost_by_hour,
        month_kinds=month_kinds,
        unrated=result.unrated,
    )


def _exact_text(units: np.ndarray, unit: int, places: int) -> np.ndarray:
    """``units / unit`` rounded half-up to `places`, as text, without floats."""
    scale = 10**places
    values = np.asarray(units)
    if not len(values):
        return np.array([], dtype=object)
    if values.dtype == object or (len(values) and int(np.abs(values).max()) > (2**62) // (scale * 2)):
        scaled = [round_half_up(Fraction(int(v), unit), places) for v in values]
        return np.array([f"{v:f}" for v in scaled], dtype=object)
    doubled = values.astype(np.int64) * (2 * scale) + unit
    rounded = doubled // (2 * unit)  # floor(x + 1/2): half-up for the non-negative charges
    whole, frac = np.divmod(rounded, scale)
    return np.char.add(np.char.add(whole.astype(str), "."), np.char.zfill(frac.astype(str), places)).astype(object)


def charge_text(units: np.ndarray, unit: int, places: int = RECORD_DECIMALS) -> np.ndarray:
    """Per-record charges as text, rounded half-up to `places`, without floats.

    Parameters
    ----------
    units : numpy.ndarray of int64 or object (int)
        Charges in exact units of ``1 / unit`` of the currency.
    unit : int
        Units per currency unit (`calc.rating.TariffResult.unit`).
    places : int
        Decimal places shown.

    Returns
    -------
    numpy.ndarray of str (object)

    Examples
    --------
    >>> charge_text(np.array([1405, 70]), 10_000, 3).tolist()
    ['0.141', '0.007']
    """
    return _exact_text(units, unit, places)


def record_table(log: PreparedLog, results: list[TariffResult]) -> pd.DataFrame:
    r"""Every record with its usage charge under each tariff, in the log's order.

    Parameters
    ----------
    log : PreparedLog
    results : list of TariffResult
        Tariffs priced on `log`.

    Returns
    -------
    pandas.DataFrame
        ``line``, the record fields, then one column per tariff: the record's usage charge
        (per_minute and per_event, exact, rounded half-up to `RECORD_DECIMALS` places as
        text). Fixed monthly costs belong to no record and are not in it.

    Examples
    --------
    >>> import pandas as pd
    >>> from calc import normalize_records, parse_tariffs, prepare, price
    >>> log = prepare(normalize_records(pd.DataFrame({"duration_s": [61, 30]}), "example"))
    >>> [tariff] = parse_tariffs("name: A\ncomponents: [{type: per_minute, rate: 0.07}]")
    >>> record_table(log, [price(log, tariff)])["A"].tolist()
    ['0.140000', '0.070000']
    """
    table = log.log.records.copy()
    for result in results:
        in_log_order = np.empty_like(np.asarray(result.record_charge_units))
        in_log_order[log.order] = result.record_charge_units
        table[result.name] = _exact_text(in_log_order, result.unit, RECORD_DECIMALS)
    return table
