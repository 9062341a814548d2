"""Cells of CSV and Excel files written from text nobody vouches for (report text, organ names, file names).

A spreadsheet treats a cell beginning with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return before
one) as a formula: ``=HYPERLINK(…)`` in a read report's 机关 name would run when a clerk opens the file.
`neutral` prefixes such text with an apostrophe (OWASP's advice), which spreadsheets show as text;
numbers, dates and empty cells pass unchanged.
"""

from __future__ import annotations

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutral(value):
    """The cell as it may be written: text that a spreadsheet would read as a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value


def neutral_row(values) -> list:
    return [neutral(v) for v in values]
