"""Readers of call-log exports: from a file's bytes to normalized records.

One module per source system family declares its layout, how it is recognized and its
quirks, citing the vendor's format description (as pvlib keeps one module per data
source in ``pvlib/iotools/``):

- `calc.readers.asterisk`: Asterisk ``cdr_csv`` and ``cdr_custom``, FreePBX/Issabel ``cdr``;
- `calc.readers.freeswitch`: FreeSWITCH ``mod_cdr_csv``;
- `calc.readers.cisco`: Cisco CUCM CDR flat files;
- `calc.readers.avaya`: Avaya IP Office SMDR;
- `calc.readers.threecx`: 3CX call logs;
- `calc.readers.twilio`: Twilio console exports and the REST Calls resource;
- `calc.readers.cloud`: Microsoft Teams PSTN usage, Zoom Phone, RingCentral, Genesys Cloud.

The shared machinery sits beside them:

- `calc.readers.sources`: containers, encodings, delimiters, header rows;
- `calc.readers.values`: durations, times and status words as exports write them;
- `calc.readers.words`: the status, direction and channel words of exports in six languages (data);
- `calc.readers.headers`: roles, layouts, whole-word header matching and units;
- `calc.readers.layouts`: which system wrote a table (`detect_layout`);
- `calc.readers.direction`: inbound, outbound and internal from flags, contexts and both ends;
- `calc.readers.legs`: the legs of one call merged into one record;
- `calc.readers.fields`: record fields from a recognized table's columns, and how each was found;
- `calc.readers.importing`: `import_calls`, the import and what it understood.

The records module `calc.calls` never imports this package.
"""

from calc.readers.importing import (
    DATE_ORDERS,
    FieldMapping,
    ImportResult,
    UndetectedLayout,
    import_calls,
    read_calls,
)
from calc.readers.legs import LEG_OPTIONS

__all__ = [
    "DATE_ORDERS",
    "LEG_OPTIONS",
    "FieldMapping",
    "ImportResult",
    "UndetectedLayout",
    "import_calls",
    "read_calls",
]
