"""Write the demo stories in data/demos/ from the preset tariffs (run after changing a preset).

python scripts/make_demos.py
"""

from __future__ import annotations

from pathlib import Path

import yaml

from calc import load_tariff_files
from ui.whatif import Settings, scenario_document

ROOT = Path(__file__).resolve().parent.parent

DEMOS = {
    "1_outbound_survey": (
        "Outbound survey: short calls, 60/60 rounding",
        "A survey campaign of many short outbound calls. Two calls in three last under a minute, so every "
        "round-up to a full minute is money for air: compare per-minute rounding with per-second and "
        "6-second billing, and find the 60/60 rate that would make it as cheap as per-second billing.",
        "outbound campaign",
        ["carrier_60_60", "carrier_1_1", "carrier_6_6", "carrier_30_6", "bpo_per_call"],
        Settings(target="Carrier B, per second", vary="Carrier A, 60/60", field="per_minute.rate"),
    ),
    "2_help_desk_team": (
        "Help desk: per minute or a dedicated team?",
        "An inbound help desk on office hours. Should it keep paying a carrier and an outsourcer per "
        "call, or staff a dedicated team, or a core team with overflow? Size the team with Erlang C, sweep "
        "the core team's size, and see the hourly rate at which a dedicated team breaks even.",
        "support desk",
        ["carrier_60_60", "bpo_per_call", "dedicated_team", "mixed_core_overflow"],
        Settings(
            target="BPO per call",
            vary="Dedicated team, 4 agents",
            field="hourly_team.rate",
            team_tariff="Core team + overflow",
        ),
    ),
    "3_small_business_channels": (
        "Small business: pay-per-use or per-seat subscription?",
        "A small business answering voice, SMS, chat, email, social and web forms. Pay-per-use costs "
        "little while volume is low; a per-seat subscription with a minute bundle wins as it grows. "
        "Move the volume slider and read where the lines cross.",
        "omnichannel smb",
        ["omnichannel_payg", "seats_with_bundle"],
        Settings(volume=2.0, target="Seats + minute bundle", vary="Omnichannel pay-per-use", field="platform.amount"),
    ),
    "4_delivery_models": (
        "Contact center: build, rent, outsource or pay per use?",
        "The help desk's calls under the four ways of running a contact center: premise-based (hardware and "
        "licences bought once and spread over a 36-month contract, maintenance, your own agents), an on-demand "
        "platform rented per seat with your own agents, an outsourcer paid per agent-hour or per call, and "
        "pay-per-use by the handled minute. Set-up costs and staff are in every total. Move the volume slider "
        "to see the fixed models (premise, platform) overtake those priced by usage (per call, per minute) as "
        "traffic grows, and find the per-minute price at which pay-per-use costs as much as renting a platform.",
        "support desk",
        [
            "delivery_premise_based",
            "delivery_on_demand",
            "delivery_outsourced_hourly",
            "bpo_per_call",
            "delivery_pay_per_use",
        ],
        Settings(
            target="Delivery: on-demand platform, own staff",
            vary="Delivery: pay-per-use, per handled minute",
            field="handled minutes.rate",
        ),
    ),
}


def main() -> None:
    folder = ROOT / "data" / "demos"
    folder.mkdir(exist_ok=True)
    for key, (title, story, log, presets, settings) in DEMOS.items():
        tariffs = load_tariff_files([ROOT / "data" / "tariffs" / f"{name}.yaml" for name in presets])
        text = scenario_document(log, tariffs, settings, title=title)
        document = yaml.safe_load(text)
        document = {"title": title, "story": story, **{k: v for k, v in document.items() if k != "title"}}
        (folder / f"{key}.yaml").write_text(
            "# A demo story of the what-if page; written by scripts/make_demos.py\n"
            + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
