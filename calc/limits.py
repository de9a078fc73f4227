"""Every size limit of the product, in one place, each with its unit.

The readers, the tariff and scenario loaders and the pages check their input
against these before parsing or expanding it, and refuse what is beyond them
with one line naming the limit (``InputError``). The README's "Limits and
safety" section lists them with their messages.

Examples
--------
>>> MAX_TARIFF_FILE_BYTES
1000000
"""

from __future__ import annotations

__all__ = [
    "MAX_UPLOAD_MB",
    "MAX_LOG_FILE_BYTES",
    "MAX_LOG_ROWS",
    "MAX_LOG_COLUMNS",
    "MAX_CELL_CHARS",
    "MAX_SHEET_CELLS",
    "MAX_TARIFF_FILE_BYTES",
    "MAX_NESTING_DEPTH",
    "MAX_ALIASES",
    "MAX_EXPANDED_NODES",
    "MAX_NUMBER_CHARS",
    "MAX_MONEY",
    "MAX_MONEY_DECIMALS",
    "MAX_INCREMENT_S",
    "MAX_TARIFFS",
    "MAX_COMPONENTS",
    "MAX_TIERS",
    "MAX_SCHEDULE_ENTRIES",
    "MAX_TEXT_CHARS",
    "MAX_WHATIF_RECORDS",
    "EXCERPT_CHARS",
]

# --- call logs (calc.sources / calc.importing) ---------------------------------
#: Largest upload the dashboard accepts [MB] (``server.maxUploadSize``).
MAX_UPLOAD_MB = 100
#: Largest call-log file read [bytes].
MAX_LOG_FILE_BYTES = MAX_UPLOAD_MB * 1024 * 1024
#: Most rows read from one call log [rows].
MAX_LOG_ROWS = 2_000_000
#: Most columns in one call log [columns].
MAX_LOG_COLUMNS = 500
#: Longest text in one cell [characters].
MAX_CELL_CHARS = 10_000
#: Most cells a spreadsheet may declare (rows x columns of its dimension) [cells].
MAX_SHEET_CELLS = 50_000_000

# --- tariff and scenario files (calc.safe_yaml / calc.tariff) ------------------
#: Largest tariff or scenario file [bytes].
MAX_TARIFF_FILE_BYTES = 1_000_000
#: Deepest nesting of lists and mappings [levels].
MAX_NESTING_DEPTH = 20
#: Most YAML aliases (``*name``) in one file [aliases].
MAX_ALIASES = 100
#: Most values once every alias is expanded [nodes].
MAX_EXPANDED_NODES = 100_000
#: Longest number written in a file [characters].
MAX_NUMBER_CHARS = 40
#: Money and quantity values must stay below this [currency, min, s or count].
MAX_MONEY = 10**9
#: Most digits after the decimal point of a money or quantity value [digits].
MAX_MONEY_DECIMALS = 12
#: Longest billing step of an increment like "60/60" [s].
MAX_INCREMENT_S = 86_400
#: Most tariffs in one comparison [tariffs].
MAX_TARIFFS = 50
#: Most components in one tariff [components].
MAX_COMPONENTS = 50
#: Most tiers in one per_minute component [tiers].
MAX_TIERS = 100
#: Most schedule entries in one hourly_team component [entries].
MAX_SCHEDULE_ENTRIES = 100
#: Longest name, label or other text field [characters].
MAX_TEXT_CHARS = 200

# --- what if (ui.whatif / pages/3_what_if.py) -----------------------------------
#: Most records a what-if curve prices at one point; bigger scaled logs are sampled [records].
MAX_WHATIF_RECORDS = 2_000_000

# --- messages -------------------------------------------------------------------
#: Longest excerpt of the input quoted in a message [characters].
EXCERPT_CHARS = 40
