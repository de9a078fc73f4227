"""A vendor layout declared by the documented names of its columns (shared by the vendor modules)."""

from __future__ import annotations

from calc.i18n import _
from calc.readers.headers import Layout, Source, header_unit, normalize_header

__all__ = ["by_names"]


def by_names(
    columns: list[str],
    name: str,
    label: str,
    spec: dict[str, tuple[str, ...]],
    required: set[str],
    **quirks: object,
) -> Layout | None:
    """The layout if every `required` role finds one of its documented header names, else None.

    Parameters
    ----------
    columns : list of str
        The file's header names.
    name, label : str
    spec : dict
        Role -> the header names the vendor documents for it (any spelling: case, spaces and
        underscores are ignored), the first one found wins.
    required : set of str
        Roles that must be found for the layout to be this vendor's.
    **quirks
        Further `Layout` fields.

    Examples
    --------
    >>> layout = by_names(["Start", "Secs"], "x", "X", {"start": ("start",), "talk_seconds": ("secs",)}, {"start"})
    >>> layout.roles["talk_seconds"].column
    'Secs'
    """
    keys: dict[str, tuple[str, float | None]] = {}
    for column in columns:  # 'Total Talk (ms)' is the documented 'Total Talk', in milliseconds
        unit, words = header_unit(column)
        keys.setdefault(normalize_header(column), (column, None))
        keys.setdefault(normalize_header("".join(words)), (column, unit))
    roles = {}
    for role, names in spec.items():
        for header in names:
            column, unit = keys.get(normalize_header(header), (None, None))
            if column is not None and column not in {source.column for source in roles.values()}:
                how = _("{layout}: documented column {column}").format(layout=label, column=repr(column))
                scale = unit if unit is not None and role in ("talk_seconds", "total_seconds") else 1.0
                if scale != 1.0:
                    unit_name = _("minutes") if scale == 60 else _("milliseconds")
                    how += _(", in {unit} (the header says so)").format(unit=unit_name)
                roles[role] = Source(column, 1.0, how, scale)
                break
    if not required <= set(roles):
        return None
    return Layout(name, label, roles, **quirks)
