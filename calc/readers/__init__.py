"""Readers of call-log exports: from a file's bytes to normalized records.

The shared machinery sits beside the layouts of each source system (as pvlib
keeps one module per data source in ``pvlib/iotools/``):

- `calc.readers.sources`: containers, encodings, delimiters, header rows;
- `calc.readers.values`: durations, times and status words as exports write them;
- `calc.readers.layouts`: recognizing a layout and matching header names;
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
