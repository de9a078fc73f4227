"""The tariff editor's inputs: one `FormField` per model field, with its label, help text and option names.

Labels, help texts, units and the names of options and component types are marked with `N_` here and
translated where the page shows them (`label`, `help_text`, `option_name`, `component_type_name`). The
values stored in a tariff (``60/60``, ``graduated``, ``up``, ``per_minute``) stay as they are: only their
names on the screen change with the language.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from calc.calls import CHANNELS
from calc.i18n import N_, _
from calc.tariff import COMPONENT_TYPES

__all__ = [
    "FormField",
    "TARIFF_FIELDS",
    "COMPONENT_FIELDS",
    "NEW_COMPONENTS",
    "OPTION_NAMES",
    "COMPONENT_TYPE_NAMES",
    "option_name",
    "component_type_name",
]


@dataclass(frozen=True)
class FormField:
    """One input of the editor: the model field, its label, the kind of widget, a help text.

    `label`, `help` and `unit` are English text marked with `N_`: show them with `label_text` and
    `help_text`. `group` is ``"deck"`` for the fields of a rate deck, which the page shows together.
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

    def label_text(self, currency: str) -> str:
        """The label in the current language, with the unit of a money field: ``Rate [EUR/min]``."""
        return _(self.label) + (f" [{currency}{_(self.unit)}]" if self.unit else "")

    def help_text(self) -> str | None:
        """The help text in the current language, or None."""
        return _(self.help) if self.help else None


#: What the options of the select boxes are called on the screen (the stored value is the key).
OPTION_NAMES: dict[str, str] = {
    "voice": N_("voice"),
    "sms": N_("SMS"),
    "chat": N_("chat"),
    "email": N_("email"),
    "social": N_("social"),
    "web": N_("web"),
    "any": N_("any"),
    "inbound": N_("inbound"),
    "outbound": N_("outbound"),
    "internal": N_("internal"),
    "none": N_("no rounding"),
    "up": N_("round up"),
    "half_up": N_("round half up"),
    "graduated": N_("graduated"),
    "volume": N_("by volume"),
    "all": N_("all charges"),
    "usage": N_("usage charges only"),
}

#: What each component type is called on the screen.
COMPONENT_TYPE_NAMES: dict[str, str] = {
    "per_minute": N_("Per minute"),
    "per_event": N_("Per event"),
    "monthly_fee": N_("Monthly fee"),
    "per_seat": N_("Per seat"),
    "hourly_team": N_("Team by the hour"),
    "minimum_spend": N_("Minimum spend"),
    "one_time": N_("One-time charge"),
    "surcharge": N_("Surcharge or tax"),
}


def option_name(value: str) -> str:
    """A select box option's name in the current language (an unknown value as it is).

    Examples
    --------
    >>> option_name("half_up"), option_name("60/60")
    ('round half up', '60/60')
    """
    return _(OPTION_NAMES[value]) if value in OPTION_NAMES else value


def component_type_name(kind: str) -> str:
    """A component type's name in the current language (an unknown type as it is).

    Examples
    --------
    >>> component_type_name("monthly_fee")
    'Monthly fee'
    """
    return _(COMPONENT_TYPE_NAMES[kind]) if kind in COMPONENT_TYPE_NAMES else kind


_CHANNEL = FormField("channel", N_("Channel"), "select", (*CHANNELS, "any"))
_DIRECTION = FormField(
    "direction",
    N_("Direction"),
    "select",
    ("any", "inbound", "outbound", "internal"),
    help=N_("any: all but internal"),
)
_LABEL = FormField("label", N_("Label"), "text", help=N_("Name in breakdowns; empty: the type"))
_UNANSWERED = FormField("bill_unanswered", N_("Bill unanswered"), "check", help=N_("Unanswered records pay the fee"))

TARIFF_FIELDS = (
    FormField("name", N_("Name"), "text", help=N_("Unique within the set")),
    FormField("description", N_("Description"), "text", help=N_("One line for people; not used in pricing")),
    FormField("currency", N_("Currency"), "text", help=N_("ISO 4217 code, e.g. EUR")),
    FormField("decimals", N_("Decimals"), "int", help=N_("Minor units of the invoice (2 for cents)")),
    FormField(
        "round_per_call",
        N_("Round each call"),
        "select",
        ("none", "up", "half_up"),
        help=N_("A call's charge rounded to the invoice's decimals: up (0.071 to 0.08) or half up (0.075 to 0.08)"),
    ),
    FormField(
        "holidays",
        N_("Holidays"),
        "dates",
        help=N_("One date per line, e.g. 2026-12-25: time bands and schedules see these days as hol"),
    ),
)

COMPONENT_FIELDS: dict[str, tuple[FormField, ...]] = {
    "per_minute": (
        FormField("rate", N_("Rate"), "text", unit=N_("/min"), help=N_("Price per billed minute, e.g. 0.07")),
        FormField("increment", N_("Increment"), "text", help=N_('"first/next" seconds: 60/60, 1/1, 6/6, 30/6')),
        _CHANNEL,
        _DIRECTION,
        FormField("connection_fee", N_("Connection fee"), "text", unit=N_("/call")),
        FormField("min_charge", N_("Minimum charge"), "text", unit=N_("/call")),
        FormField(
            "max_charge",
            N_("Maximum charge"),
            "text",
            unit=N_("/call"),
            help=N_("Cap per answered call; empty: none"),
        ),
        FormField("grace_s", N_("Grace [s]"), "text", help=N_("Answered calls shorter than this are free")),
        _UNANSWERED,
        FormField("included_minutes", N_("Included minutes"), "text", help=N_("Free minutes per month")),
        FormField(
            "tiers",
            N_("Tiers"),
            "tiers",
            help=N_('One band per line, "UP_TO_MINUTES: RATE"; the last line "rest: RATE". Empty: no tiers.'),
        ),
        FormField(
            "tier_mode",
            N_("Tier mode"),
            "select",
            ("graduated", "volume"),
            help=N_("graduated: each tier's minutes at its rate; volume: all minutes at the rate of the tier reached"),
        ),
        FormField(
            "segments",
            N_("Segments"),
            "segments",
            help=N_(
                'The rate changing inside a call, one segment per line: "180: fee 0.22" (a flat block up to '
                '180 s), "600: 0.11 60/60" (a rate up to 600 s, its increment), "rest: 0.05 6/6" (the rest). '
                "Empty: none; then leave Rate empty."
            ),
        ),
        FormField(
            "time_bands",
            N_("Time bands"),
            "bands",
            help=N_(
                'One band per line, "mon-fri 08:00-20:00 = 0.06"; several entries of a band separated by ";", '
                'e.g. "sat 08:00-13:00; hol 10:00-12:00 = 0.04". Calls outside every band pay Rate.'
            ),
        ),
        FormField(
            "country_code",
            N_("Country code"),
            "text",
            help=N_("Rate deck: national numbers get this code, e.g. 39"),
            group="deck",
        ),
        FormField(
            "national_prefix",
            N_("National prefix"),
            "text",
            help=N_('Rate deck: the trunk prefix a national number loses after the country code, e.g. "0"'),
            group="deck",
        ),
        _LABEL,
        FormField(
            "destinations",
            N_("Rate deck (CSV)"),
            "deck",
            group="deck",
            help=N_(
                "Columns prefix, rate, and optionally name, increment, connection_fee, effective_from "
                "(YYYY-MM-DD). Leave Rate empty when the component prices by a deck."
            ),
        ),
    ),
    "per_event": (
        FormField("fee", N_("Fee"), "text", unit=N_("/record"), help=N_("Per call, SMS, chat session...")),
        _CHANNEL,
        _DIRECTION,
        _UNANSWERED,
        FormField(
            "only_resolved", N_("Only resolved"), "check", help=N_("Only resolved contacts pay (per resolution)")
        ),
        _LABEL,
    ),
    "monthly_fee": (FormField("amount", N_("Amount"), "text", unit=N_("/month")), _LABEL),
    "one_time": (
        FormField("amount", N_("Amount"), "text", help=N_("Set-up fee or investment, charged once")),
        FormField("spread_months", N_("Spread over months"), "text", help=N_("Equal parts over the first N months")),
        _LABEL,
    ),
    "per_seat": (
        FormField("amount", N_("Amount"), "text", unit=N_("/seat/month")),
        FormField(
            "seats",
            N_("Seats"),
            "text",
            help=N_('A whole number, "agents" (the log\'s agents) or "peak_concurrent" (most calls at once)'),
        ),
        _LABEL,
    ),
    "hourly_team": (
        FormField("rate", N_("Rate"), "text", unit=N_("/agent-hour")),
        FormField("agents", N_("Agents"), "text"),
        FormField("hours_per_month", N_("Hours per agent per month"), "text", help=N_("Or give a schedule instead")),
        FormField("schedule", N_("Schedule"), "lines", help=N_('One entry per line, e.g. "mon-fri 09:00-18:00"')),
        FormField("covers_calls", N_("Handles calls (mixed model)"), "check", help=N_("Overflow is billed by usage")),
        _LABEL,
    ),
    "minimum_spend": (
        FormField("amount", N_("Amount"), "text", unit=N_("/month"), help=N_("Floor on usage charges")),
        _LABEL,
    ),
    "surcharge": (
        FormField("percent", N_("Percent"), "text", unit="%", help=N_("e.g. 22 for a VAT of 22 percent")),
        FormField("of", N_("Of"), "select", ("all", "usage"), help=N_("all charges, or per-minute and per-event only")),
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
    raise RuntimeError("the tariff editor must know every component type")  # not user text: a bug
if set(COMPONENT_TYPE_NAMES) != set(COMPONENT_TYPES):
    raise RuntimeError("the tariff editor must name every component type")  # not user text: a bug
_SHOWN = {option for fields in (TARIFF_FIELDS, *COMPONENT_FIELDS.values()) for f in fields for option in f.options}
if not _SHOWN <= set(OPTION_NAMES):
    missing = sorted(_SHOWN - set(OPTION_NAMES))
    raise RuntimeError(f"the tariff editor must name every option, not {missing}")  # not user text: a bug
