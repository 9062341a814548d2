"""The batch audit's summary.csv: one row per report, then one row per finding.

A supervisor sends the finding rows out for 整改: each says which file, which organ (one name per
organ across years, see organ_names), which year, which rule, which cell, what is printed there
and what is wrong.  A report row carries the counts per severity, or the reason the file could not
be read.  Pure: the command passes the results and the registry's names.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from typing import IO

from gongkai.core.cells import neutral_row

from .checks import summarize
from .organ_names import canonical_names
from .reading.template import T3_COLUMNS

FIELDS = ("file", "organ", "year", "format", "errors", "warnings", "reason",
          "rule", "severity", "cell", "printed", "message")


def printed_at(report: dict, where: str) -> str:
    """The value a report prints in the cell a finding names (``table3.received_new.total``), as
    text; empty where the finding names no single cell."""
    parts = where.split(".")
    if len(parts) != 3 or "*" in parts:
        return ""
    table, row, col = parts
    values = (report.get(table) or {}).get(row)
    if isinstance(values, list) and col in T3_COLUMNS:
        value = values[T3_COLUMNS.index(col)]
    elif isinstance(values, dict) and col in values:
        value = values[col]
    else:
        return ""
    if value is None:
        return "空白"
    return f"{value:g}" if isinstance(value, float) else str(value)


def summary_rows(results: Sequence[tuple[str, dict]], registry: Iterable[str] = ()) -> Iterator[list[object]]:
    """The rows of summary.csv (without the header) for (file, result) pairs, in that order."""
    names = canonical_names((r.get("agency") for _path, r in results if "error" not in r), registry)
    for path, r in results:
        if "error" in r:
            yield [path, "", "", "", "", "", r["error"], "", "", "", "", ""]
            continue
        organ = names.get(r.get("agency") or "", "")
        year = r.get("year") or ""
        counts = summarize(r.get("findings") or [])
        yield [path, organ, year, r.get("format"), counts["error"], counts["warning"], "", "", "", "", "", ""]
        for f in r.get("findings") or []:
            shown = f.get("printed") or printed_at(r, f.get("where") or "")
            yield [path, organ, year, "", "", "", "", f["rule"], f["severity"], f.get("where") or "", shown,
                   f["message"]]


def write_summary(fh: IO[str], results: Sequence[tuple[str, dict]], registry: Iterable[str] = ()) -> None:
    writer = csv.writer(fh)
    writer.writerow(FIELDS)
    # Report text is untrusted: a cell starting with = + - @ must not become a live formula.
    writer.writerows(neutral_row(row) for row in summary_rows(results, registry))
