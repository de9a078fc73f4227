"""The one exception callers catch: bad input, with a message meant for people."""

__all__ = ["InputError"]


class InputError(ValueError):
    """Input that cannot be used: a tariff file, a call log, a command-line argument.

    The message names the file, the row or field, and what is wrong, on one line,
    so the command line and the dashboard can show it as it is.
    """
