"""Write the bundled sample call logs in data/logs/ (seeded: the same files every run).

    python scripts/make_sample_data.py

- support_desk.csv: an inbound help desk, 8 agents, 8 weeks of weekdays and
  Saturday mornings, about 8% abandoned, 3 deliberately bad rows.
- outbound_campaign.csv: an outbound survey campaign, three weeks, many
  unanswered dials and very short answered calls.
- omnichannel_smb.csv: a small business over one month across voice, SMS,
  chat, email, social and web forms, 3 agents.
- outbound_international.csv: an Italian sales team's outbound calls,
  January to April 2026, to numbers in 20 countries dialled as +39..., 0039...
  or national Italian numbers (06..., 3...), a few empty or unknown numbers;
  for the rate decks in data/decks/.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parent.parent / "data" / "logs"
COLUMNS = ["start", "duration_s", "channel", "direction", "answered", "agent", "destination"]

# Share of a day's calls in each hour (08:00-20:00): busy late morning and early afternoon.
HOUR_SHAPE = np.array([4, 9, 12, 13, 10, 7, 9, 11, 9, 7, 5, 4], dtype=float)


def _arrivals(
    rng: np.random.Generator,
    days: pd.DatetimeIndex,
    per_day: np.ndarray,
    first_hour: int,
    hours: np.ndarray,
) -> np.ndarray:
    """Random call starts (datetime64[s]) with a daily count and an hourly shape."""
    counts = rng.poisson(per_day)
    day_of_call = np.repeat(days.values.astype("datetime64[s]"), counts)
    hour = rng.choice(len(hours), size=counts.sum(), p=hours / hours.sum()) + first_hour
    second = rng.integers(0, 3600, size=counts.sum())
    starts = day_of_call + (hour * 3600 + second).astype("timedelta64[s]")
    return np.sort(starts)


def _frame(starts: np.ndarray, durations: np.ndarray, **columns: object) -> pd.DataFrame:
    frame = pd.DataFrame({"start": pd.to_datetime(starts).strftime("%Y-%m-%d %H:%M:%S"), "duration_s": durations})
    for name in COLUMNS[2:]:
        frame[name] = columns.get(name, "")
    return frame[COLUMNS]


def support_desk(rng: np.random.Generator) -> pd.DataFrame:
    days = pd.bdate_range("2026-01-05", "2026-02-27")
    weekday_load = np.array([300, 260, 250, 245, 230])[days.day_of_week]
    starts = _arrivals(rng, days, weekday_load, 8, HOUR_SHAPE)
    saturdays = pd.date_range("2026-01-10", "2026-02-28", freq="W-SAT")
    starts = np.sort(np.concatenate([starts, _arrivals(rng, saturdays, np.full(len(saturdays), 70), 9, np.ones(4))]))
    n = len(starts)
    answered = rng.random(n) > 0.08
    talk = np.clip(rng.lognormal(np.log(200), 0.75, n), 8, 3600).round().astype(int)
    durations = np.where(answered, talk, 0)
    agents = np.array([f"agent-{i:02d}" for i in range(1, 9)])
    agent = np.where(answered, agents[rng.integers(0, len(agents), n)], "")
    frame = _frame(
        starts,
        durations,
        channel="voice",
        direction="inbound",
        answered=np.where(answered, "true", "false"),
        agent=agent,
        destination="+390212345678",
    )
    bad = pd.DataFrame(
        [
            ["2026-01-14 10:12:07", "-12", "voice", "inbound", "true", "agent-03", "+390212345678"],
            ["31/02/2026 11:00", "95", "voice", "inbound", "true", "agent-05", "+390212345678"],
            ["2026-02-03 15:40:51", "40", "fax", "inbound", "true", "agent-01", "+390212345678"],
        ],
        columns=COLUMNS,
    )
    return pd.concat(
        [
            frame.iloc[:1000],
            bad.iloc[:1],
            frame.iloc[1000:5000],
            bad.iloc[1:2],
            frame.iloc[5000:9000],
            bad.iloc[2:],
            frame.iloc[9000:],
        ],
        ignore_index=True,
    )


def outbound_campaign(rng: np.random.Generator) -> pd.DataFrame:
    days = pd.bdate_range("2026-03-02", "2026-03-20")
    starts = _arrivals(rng, days, np.full(len(days), 1800), 9, np.ones(10))
    n = len(starts)
    answered = rng.random(n) < 0.45
    kind = rng.choice(3, size=n, p=[0.5, 0.35, 0.15])
    talk = np.select(
        [kind == 0, kind == 1],
        [rng.integers(3, 26, n), rng.integers(26, 91, n)],
        rng.integers(120, 361, n),
    )
    durations = np.where(answered, talk, 0)
    agents = np.array([f"dialer-{i:02d}" for i in range(1, 13)])
    destination = np.char.add("+393", rng.integers(10**8, 10**9, n).astype(str))
    return _frame(
        starts,
        durations,
        channel="voice",
        direction="outbound",
        answered=np.where(answered, "true", "false"),
        agent=agents[rng.integers(0, len(agents), n)],
        destination=destination,
    )


def omnichannel_smb(rng: np.random.Generator) -> pd.DataFrame:
    days = pd.bdate_range("2026-04-01", "2026-04-30")
    parts = []
    agents = np.array(["giulia", "marco", "sara"])
    per_channel = {"voice": 38, "sms": 55, "chat": 22, "email": 18, "social": 9, "web": 6}
    for channel, per_day in per_channel.items():
        starts = _arrivals(rng, days, np.full(len(days), per_day), 8, HOUR_SHAPE)
        n = len(starts)
        if channel == "voice":
            answered = rng.random(n) > 0.1
            durations = np.where(answered, np.clip(rng.lognormal(np.log(150), 0.8, n), 5, 2400).round(), 0)
            direction = np.where(rng.random(n) < 0.7, "inbound", "outbound")
        elif channel == "chat":
            answered = np.ones(n, dtype=bool)
            durations = rng.integers(60, 900, n)
            direction = np.full(n, "inbound")
        else:
            answered = np.ones(n, dtype=bool)
            durations = np.zeros(n, dtype=int)
            direction = np.where(rng.random(n) < 0.5, "inbound", "outbound")
        parts.append(
            _frame(
                starts,
                durations.astype(int),
                channel=channel,
                direction=direction,
                answered=np.where(answered, "true", "false"),
                agent=np.where(answered, agents[rng.integers(0, 3, n)], ""),
            )
        )
    frame = pd.concat(parts, ignore_index=True)
    return frame.sort_values("start", kind="stable").reset_index(drop=True)


# Country code, then (national number's first digits, digits after them, weight) per kind of line.
DIALLED = {
    "39": [("06", 8, 14), ("02", 8, 10), ("011", 7, 3), ("055", 7, 3), ("33", 8, 18), ("34", 8, 14), ("32", 8, 8)],
    "44": [("20", 8, 5), ("161", 7, 2), ("7", 9, 5)],
    "49": [("30", 8, 3), ("89", 7, 2), ("151", 8, 2), ("160", 7, 1), ("172", 8, 2)],
    "33": [("1", 8, 3), ("4", 8, 1), ("6", 8, 2), ("7", 8, 1)],
    "34": [("91", 7, 2), ("93", 7, 1), ("6", 8, 2), ("7", 8, 1)],
    "1": [("212", 7, 2), ("415", 7, 1), ("416", 7, 1)],
    "86": [("10", 8, 1), ("21", 8, 1), ("138", 8, 1), ("159", 8, 1)],
    "41": [("44", 7, 1), ("79", 7, 1)],
    "43": [("1", 7, 1), ("664", 7, 1)],
    "31": [("20", 7, 1), ("6", 8, 1)],
    "32": [("2", 7, 1), ("47", 7, 1)],
    "351": [("21", 7, 1), ("91", 7, 1)],
    "353": [("1", 7, 1)],
    "48": [("22", 7, 1), ("501", 6, 1)],
    "30": [("21", 8, 1)],
    "91": [("22", 8, 1)],
    "55": [("11", 8, 1)],
    "61": [("2", 8, 1), ("4", 8, 1)],
    "81": [("3", 8, 1)],
    "52": [("55", 8, 1)],  # Mexico: in neither deck
}
# Country weights: most traffic stays in Italy; Mexico is rare and no deck prices it.
COUNTRY_WEIGHT = {"39": 48, "44": 10, "49": 9, "33": 7, "34": 6, "1": 4, "86": 3, "52": 0.4}


def _dialled_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """Numbers as a sales team dials them: +39 06..., 0039..., 06... and 3... at home, +44... or 0044... abroad."""
    codes = list(DIALLED)
    weights = np.array([COUNTRY_WEIGHT.get(code, 1.0) for code in codes])
    country = rng.choice(len(codes), size=n, p=weights / weights.sum())
    numbers = []
    for code_index in country:
        code = codes[code_index]
        lines = DIALLED[code]
        line_weights = np.array([w for _, _, w in lines], dtype=float)
        first, more, _ = lines[rng.choice(len(lines), p=line_weights / line_weights.sum())]
        rest = "".join(map(str, rng.integers(0, 10, more)))
        form = rng.random()
        if code == "39" and form < 0.5:  # national Italian number, as dialled at home
            numbers.append(f"{first} {rest[:4]} {rest[4:]}" if rng.random() < 0.3 else first + rest)
        elif form < 0.8:
            numbers.append(f"+{code} {first} {rest}" if rng.random() < 0.4 else f"+{code}{first}{rest}")
        else:
            numbers.append(f"00{code}{first}{rest}")
    numbers = np.array(numbers, dtype=object)
    odd = rng.random(n)
    numbers[odd < 0.004] = ""  # no number recorded
    numbers[(odd >= 0.004) & (odd < 0.007)] = "+888 100 2000"  # a code no carrier prices
    return numbers


def outbound_international(rng: np.random.Generator) -> pd.DataFrame:
    days = pd.bdate_range("2026-01-05", "2026-04-30")
    starts = _arrivals(rng, days, np.full(len(days), 36), 9, HOUR_SHAPE[1:10])
    n = len(starts)
    answered = rng.random(n) > 0.18
    talk = np.clip(rng.lognormal(np.log(150), 0.9, n), 4, 3600).round().astype(int)
    agents = np.array([f"sales-{i:02d}" for i in range(1, 7)])
    frame = pd.DataFrame(
        {
            "start": pd.to_datetime(starts).strftime("%Y-%m-%d %H:%M:%S"),
            "duration_s": np.where(answered, talk, 0),
            "direction": "outbound",
            "answered": np.where(answered, "true", "false"),
            "agent": agents[rng.integers(0, len(agents), n)],
            "destination": _dialled_numbers(rng, n),
        }
    )
    return frame


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    makers = (support_desk, outbound_campaign, omnichannel_smb, outbound_international)
    for seed, make in enumerate(makers, start=2026):
        frame = make(np.random.default_rng(seed))
        frame.to_csv(OUT / f"{make.__name__}.csv", index=False)
        print(f"{make.__name__}.csv: {len(frame):,} rows")


if __name__ == "__main__":
    main()
