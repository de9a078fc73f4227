"""The decision: the current contract against each proposal, month by month, with its risk.

`decide` takes a `calc.rating.Comparison` and the name of the buyer's current
contract and works out, exactly (Decimals and Fractions, never floats):

- each month's invoice under the contract and under each offer, split by kind
  of component, and the **difference** ``offer - contract`` (negative: the offer
  is cheaper that month);
- the **median** and the **95th percentile** of each offer's monthly difference;
- the **saving** over the log (``contract total - offer total``) and the saving
  **projected to a year** (see `PROJECTION_NOTE`);
- the **cheapest offer in each month** and what **switching month by month**
  would save against staying on the contract and against the best single offer;
- each offer's **volatility**: its total with the log's volume 20% lower and
  20% higher, from the scenario engine (`calc.scenarios`), as a range and a
  percentage of its total as logged;
- the **ranking, cost first and risk second**, whose first offer is the winner.

Definitions
-----------
Median
    The middle value of the months' differences in ascending order; with an even
    number of months, the exact mean of the two middle values.
95th percentile
    Nearest rank: the value at rank ``ceil(0.95 * n)`` of the ``n`` ascending
    differences (with fewer than 20 months, the largest one). Both are exact on
    Decimals: no interpolation through floats.
Yearly projection
    12 times the mean monthly saving over the log's *full* calendar months (a
    month whose every day lies between the log's first and last record date). Part
    months at the start and end are left out of the projection, because bundles,
    tiers and minimums restart each calendar month and a part month distorts
    them. A log without a full month is projected by its covered days instead:
    ``saving * 365 / covered days``. A log without timestamps counts as one month.
    One-time costs count in the months they are charged in.
Switching month by month
    Each month, the cheapest of the offers that can be changed monthly (by
    default every offer; the contract is always one: staying is always allowed).
    It assumes no lock-in, no exit or set-up fee on changing and no minimum
    term, which only the contracts can confirm: it is an upper bound of what
    switching saves. Ties go to the offer listed first.
No current contract
    The comparison is made against the cheapest offer (the differences then say
    how much more each other offer costs) and `Decision.contract_marked` is
    False, so a page can ask the buyer to mark theirs.
Ranking, cost first and risk second
    Offers whose total is within `COST_TIE_PERCENT` percent of the cheapest total
    count as equal on cost: among them the one whose bill moves least with volume
    comes first. Every other offer follows by total. Equal keys keep the
    comparison's order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from calc.components import COMPONENT_TYPES
from calc.errors import InputError
from calc.i18n import N_, _
from calc.money import round_half_up
from calc.periods import TIMELESS_LABEL
from calc.rating import Comparison, TariffResult, price
from calc.scenarios import Scenario, prepare_scenario

__all__ = [
    "Decision",
    "OfferDecision",
    "Volatility",
    "decide",
    "median",
    "nearest_rank",
    "COST_TIE_PERCENT",
    "VOLUME_SWING",
    "PROJECTION_NOTE",
]

#: Offers within this percentage of the cheapest total count as equal on cost [%].
COST_TIE_PERCENT = Fraction(1)
#: Volume change of the volatility figure: the bill at 80% and 120% of the log's records.
VOLUME_SWING = Fraction(1, 5)
#: How the yearly saving is projected, in one sentence for readers.
PROJECTION_NOTE = N_(
    "12 x the mean monthly saving over the log's full calendar months (part months at the start and end "
    "left out); a log without a full month: saving x 365 / days covered"
)


def median(values: list[Decimal]) -> Decimal:
    """The exact median: the middle value, or the mean of the two middle values.

    Parameters
    ----------
    values : list of Decimal
        At least one value [currency].

    Returns
    -------
    Decimal

    Raises
    ------
    InputError
        If `values` is empty.

    Examples
    --------
    >>> median([Decimal("3.00"), Decimal("-1.00"), Decimal("2.01"), Decimal("10")])
    Decimal('2.505')
    """
    if not values:
        raise InputError(_("median of no value: the log has no month"))
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def nearest_rank(values: list[Decimal], percent: int) -> Decimal:
    """The nearest-rank percentile: the value at rank ``ceil(percent / 100 * n)`` in ascending order.

    Parameters
    ----------
    values : list of Decimal
        At least one value [currency].
    percent : int
        Between 1 and 100 [%].

    Returns
    -------
    Decimal
        One of `values`, never an interpolation.

    Raises
    ------
    InputError
        If `values` is empty or `percent` is out of range.

    Examples
    --------
    >>> nearest_rank([Decimal(v) for v in range(1, 21)], 95), nearest_rank([Decimal("1"), Decimal("2")], 95)
    (Decimal('19'), Decimal('2'))
    """
    if not values:
        raise InputError(_("percentile of no value: the log has no month"))
    if isinstance(percent, bool) or not isinstance(percent, int) or not 1 <= percent <= 100:
        raise InputError(_("percent must be a whole number from 1 to 100, got {value}").format(value=repr(percent)))
    rank = -(-percent * len(values) // 100)
    return sorted(values)[rank - 1]


@dataclass(frozen=True)
class Volatility:
    """How much an offer's bill moves with volume.

    Attributes
    ----------
    name : str
    low, base, high : Decimal
        Total with the volume ``1 - swing`` times, as logged, and ``1 + swing`` times [currency].
    swing : Fraction
        The volume change, e.g. 1/5 for -20% and +20%.
    """

    name: str
    low: Decimal
    base: Decimal
    high: Decimal
    swing: Fraction

    @property
    def spread(self) -> Decimal:
        """High minus low total [currency]."""
        return self.high - self.low

    @property
    def percent(self) -> Fraction:
        """The spread as a share of the total as logged [%]; 0 for a total of 0."""
        if self.base == 0:
            return Fraction(0)
        return Fraction(self.spread) / Fraction(self.base) * 100


@dataclass(frozen=True)
class OfferDecision:
    """One offer against the contract.

    Attributes
    ----------
    name : str
    decimals : int
        Minor units of its invoices.
    total : Decimal
        Its total over the log [currency].
    months : list of Decimal
        Its invoice in each month of `Decision.months` [currency].
    differences : list of Decimal
        Its invoice minus the contract's, each month [currency]; negative: cheaper.
    kinds : dict of str to list of Decimal
        Its charges by kind of component (``per_minute``, ``monthly_fee`` ...) each month, exact sums
        rounded half-up (they may differ from the invoice by a minor unit) [currency].
    saving : Decimal
        Contract total minus its total [currency]; positive: it saves.
    yearly_saving : Decimal
        The saving projected to 12 months (see `PROJECTION_NOTE`) [currency].
    median_difference, p95_difference : Decimal
        Median and nearest-rank 95th percentile of `differences` [currency].
    volatility : Volatility or None
        None when it was not asked for.
    unrated : int
        Records its rate deck could not rate (charged nothing by it).
    """

    name: str
    decimals: int
    total: Decimal
    months: list[Decimal]
    differences: list[Decimal]
    kinds: dict[str, list[Decimal]]
    saving: Decimal
    yearly_saving: Decimal
    median_difference: Decimal
    p95_difference: Decimal
    volatility: Volatility | None
    unrated: int


@dataclass(frozen=True)
class Decision:
    """The contract against every proposal, the month-by-month plan and the ranking.

    Attributes
    ----------
    contract : str
        The offer everything is compared with.
    contract_marked : bool
        False when no contract was marked and the cheapest offer stands in for it.
    currency : str
    decimals : int
        The most minor units among the offers (for a common display).
    months : list of str
        ``YYYY-MM`` labels (``all`` for a log without timestamps).
    full_months : list of str
        The months the yearly projection averages; empty when it uses covered days.
    projection : str
        How the yearly saving was projected, for this log, in English words (a record: the pages
        write it in the reader's language with ``ui.decision_tables.projection``).
    offers : list of OfferDecision
        Every offer in the comparison's order, the contract included.
    ranking : list of str
        Offer names, cost first and risk second; the first is the winner.
    candidates : list of str
        The offers the month-by-month plan may switch between.
    cheapest : list of str
        The cheapest candidate in each month.
    switching_bills : list of Decimal
        Each month's invoice under the cheapest candidate [currency].
    switching_vs_contract : list of Decimal
        Contract's invoice minus `switching_bills`, each month (>= 0) [currency].
    switching_vs_best : list of Decimal
        Invoice of the cheapest single offer (by total) minus `switching_bills`, each month [currency].
    best_single : str
        The offer with the lowest total among the candidates.
    switching_yearly : Decimal
        The saving of switching against the contract, projected to a year like the offers' [currency].
    left_out : list of str
        Offers not compared because they invoice in another currency.
    """

    contract: str
    contract_marked: bool
    currency: str
    decimals: int
    months: list[str]
    full_months: list[str]
    projection: str
    offers: list[OfferDecision]
    ranking: list[str]
    candidates: list[str]
    cheapest: list[str]
    switching_bills: list[Decimal]
    switching_vs_contract: list[Decimal]
    switching_vs_best: list[Decimal]
    best_single: str
    switching_yearly: Decimal
    left_out: list[str]

    def offer(self, name: str) -> OfferDecision:
        """The offer called `name`."""
        for offer in self.offers:
            if offer.name == name:
                return offer
        raise KeyError(name)

    @property
    def winner(self) -> OfferDecision:
        """The first offer of the ranking."""
        return self.offer(self.ranking[0])

    @property
    def contract_offer(self) -> OfferDecision:
        """The contract's own row."""
        return self.offer(self.contract)

    @property
    def switching_total(self) -> Decimal:
        """What switching month by month saves over the log against the contract [currency]."""
        return sum(self.switching_vs_contract, Decimal(0))

    @property
    def switching_vs_best_total(self) -> Decimal:
        """What switching month by month saves over the log against the best single offer [currency]."""
        return sum(self.switching_vs_best, Decimal(0))


def _kinds(result: TariffResult) -> dict[str, list[Decimal]]:
    types = dict(zip(result.tariff.labels, (c.type for c in result.tariff.components), strict=True))
    exact: dict[str, list[Fraction]] = {}
    for label, shares in result.component_months.items():
        sums = exact.setdefault(types[label], [Fraction(0)] * len(shares))
        exact[types[label]] = [a + b for a, b in zip(sums, shares, strict=True)]
    places = result.tariff.decimals
    return {kind: [round_half_up(v, places) for v in exact[kind]] for kind in COMPONENT_TYPES if kind in exact}


def _projection(comparison: Comparison) -> tuple[list[bool], int, str]:
    """Which months the projection averages, the covered days, and the method in words.

    The words are English, a record like the months' labels: the pages write them in the reader's
    language from the months (``ui.decision_tables.projection``), and read the covered days from them.
    """
    periods = comparison.log.periods
    full = [p.covered_days == p.days_in_month for p in periods]
    days = sum(p.covered_days for p in periods)
    if periods[0].label == TIMELESS_LABEL:
        return full, days, "the log has no timestamps and counts as one month: 12 x its saving"  # not user text
    if any(full):
        labels = [p.label for p, is_full in zip(periods, full, strict=True) if is_full]
        parts = [p.label for p, is_full in zip(periods, full, strict=True) if not is_full]
        text = (
            f"12 x the mean monthly saving of the {len(labels)} full month{'s' * (len(labels) != 1)} "  # not user text
        )
        text += f"({', '.join(labels)})"
        if parts:
            text += f"; the part month{'s' * (len(parts) != 1)} {', '.join(parts)} left out"  # not user text
        return full, days, text
    return full, days, f"no full calendar month in the log: the saving x 365 / {days} days covered"  # not user text


def _yearly(savings: list[Decimal], full: list[bool], days: int, decimals: int) -> Decimal:
    if any(full):
        chosen = [Fraction(s) for s, is_full in zip(savings, full, strict=True) if is_full]
        return round_half_up(sum(chosen, Fraction(0)) * 12 / len(chosen), decimals)
    return round_half_up(sum((Fraction(s) for s in savings), Fraction(0)) * 365 / days, decimals)


def _volatility(comparison: Comparison, results: list[TariffResult], swing: Fraction, seed: int) -> dict:
    low_log = prepare_scenario(comparison.log, Scenario(volume_factor=float(1 - swing), seed=seed))
    high_log = prepare_scenario(comparison.log, Scenario(volume_factor=float(1 + swing), seed=seed))
    return {
        r.name: Volatility(r.name, price(low_log, r.tariff).total, r.total, price(high_log, r.tariff).total, swing)
        for r in results
    }


def decide(
    comparison: Comparison,
    contract: str | None = None,
    candidates: list[str] | None = None,
    swing: Fraction | None = VOLUME_SWING,
    seed: int = 0,
    cost_tie_percent: Fraction = COST_TIE_PERCENT,
) -> Decision:
    """The current contract against every proposal: month by month, switching, risk and ranking.

    See the module notes for every definition (percentiles, projection, switching, ranking).

    Parameters
    ----------
    comparison : Comparison
        From `calc.compare`: the contract and the proposals priced on one log.
    contract : str, optional
        Name of the buyer's current contract; None compares against the cheapest offer.
    candidates : list of str, optional
        Offers that can be changed month by month (no lock-in); None: every offer.
        The contract is always one.
    swing : Fraction, optional
        Volume change of the volatility figure (default 1/5: -20% and +20%); None skips it
        (it prices every offer twice more).
    seed : int
        Seed of the scenario engine's random choice of records.
    cost_tie_percent : Fraction
        Offers within this share of the cheapest total count as equal on cost [%].

    Returns
    -------
    Decision

    Raises
    ------
    InputError
        If the contract or a candidate is not in the comparison, or the log has no month.

    Examples
    --------
    >>> import pandas as pd
    >>> from calc import compare, parse_tariffs, read_calls
    >>> log = read_calls(pd.DataFrame({"start": ["2026-01-01 09:00", "2026-02-28 09:00"], "duration_s": [600, 60]}))
    >>> tariffs = parse_tariffs(
    ...     "[{name: Old, components: [{type: per_minute, rate: 0.10}]},"
    ...     " {name: Flat, components: [{type: monthly_fee, amount: 0.50}]}]"
    ... )
    >>> decision = decide(compare(log, tariffs), contract="Old", swing=None)
    >>> decision.offer("Flat").differences, decision.cheapest, decision.switching_total
    ([Decimal('-0.50'), Decimal('0.40')], ['Flat', 'Old'], Decimal('0.50'))
    >>> decision.winner.name, decision.winner.saving, decision.winner.yearly_saving
    ('Flat', Decimal('0.10'), Decimal('0.60'))
    """
    results = comparison.results
    if not results:
        raise InputError(_("no offer to decide between: the comparison is empty"))
    if not comparison.log.periods:
        raise InputError(_("no month to compare: the log has no priced record"))
    names = [r.name for r in results]
    if contract is not None and contract not in names:
        raise InputError(
            _("contract {contract} is not among the compared offers: {names}").format(
                contract=repr(contract), names=", ".join(map(repr, names))
            )
        )
    if contract is not None:
        currency = results[names.index(contract)].currency
    else:
        currency = Counter(r.currency for r in results).most_common(1)[0][0]
    left_out = [r.name for r in results if r.currency != currency]
    results = [r for r in results if r.currency == currency]
    marked = contract is not None
    if contract is None:
        contract = min(results, key=lambda r: r.total).name
    chosen = [r.name for r in results] if candidates is None else list(candidates)
    unknown = [name for name in chosen if name not in {r.name for r in results}]
    if unknown:
        raise InputError(
            _("candidate {name} is not among the compared offers in {currency}").format(
                name=repr(unknown[0]), currency=currency
            )
        )
    if contract not in chosen:
        chosen.append(contract)
    chosen = [r.name for r in results if r.name in chosen]  # the comparison's order

    base = next(r for r in results if r.name == contract)
    months = [p.label for p in comparison.log.periods]
    bills = {r.name: [r.months[m] for m in months] for r in results}
    full, days, projection = _projection(comparison)
    decimals = max(r.tariff.decimals for r in results)
    risk = _volatility(comparison, results, swing, seed) if swing is not None else {}
    offers = []
    for r in results:
        differences = [a - b for a, b in zip(bills[r.name], bills[contract], strict=True)]
        offers.append(
            OfferDecision(
                name=r.name,
                decimals=r.tariff.decimals,
                total=r.total,
                months=bills[r.name],
                differences=differences,
                kinds=_kinds(r),
                saving=base.total - r.total,
                yearly_saving=_yearly([-d for d in differences], full, days, decimals),
                median_difference=median(differences),
                p95_difference=nearest_rank(differences, 95),
                volatility=risk.get(r.name),
                unrated=r.unrated,
            )
        )

    cheapest_total = min(r.total for r in results)
    limit = Fraction(cheapest_total) * (1 + cost_tie_percent / 100)

    def rank_key(offer: OfferDecision) -> tuple:
        moves = offer.volatility.percent if offer.volatility is not None else Fraction(0)
        return (0, moves, offer.total) if Fraction(offer.total) <= limit else (1, offer.total, moves)

    ranking = [o.name for o in sorted(offers, key=rank_key)]

    cheapest, plan = [], []
    for index in range(len(months)):
        best = min(chosen, key=lambda name: bills[name][index])  # first listed wins a tie
        cheapest.append(best)
        plan.append(bills[best][index])
    best_single = min(chosen, key=lambda name: next(r.total for r in results if r.name == name))
    vs_contract = [c - p for c, p in zip(bills[contract], plan, strict=True)]
    return Decision(
        contract=contract,
        contract_marked=marked,
        currency=currency,
        decimals=decimals,
        months=months,
        full_months=[m for m, is_full in zip(months, full, strict=True) if is_full],
        projection=projection,
        offers=offers,
        ranking=ranking,
        candidates=chosen,
        cheapest=cheapest,
        switching_bills=plan,
        switching_vs_contract=vs_contract,
        switching_vs_best=[b - p for b, p in zip(bills[best_single], plan, strict=True)],
        best_single=best_single,
        switching_yearly=_yearly(vs_contract, full, days, decimals),
        left_out=left_out,
    )
