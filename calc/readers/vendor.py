"""A vendor layout declared by the documented names of its columns (shared by the vendor modules)."""

from __future__ import annotations

from calc.readers.headers import Layout, Source, keyed, normalize_header

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
    keys = keyed(columns)
    roles = {}
    for role, names in spec.items():
        for header in names:
            column = keys.get(normalize_header(header))
            if column is not None and column not in {source.column for source in roles.values()}:
                roles[role] = Source(column, 1.0, f"{label}: documented column {column!r}")
                break
    if not required <= set(roles):
        return None
    return Layout(name, label, roles, **quirks)
