"""Benchmark the annual-report reader over the shared corpus.

    .venv/bin/python bench/bench_reading.py [--repeat N]

Prints the median milliseconds per report for each input kind (text raw, text layout, html, pdf). For the
PDFs it times, interleaved round by round so a busy machine slows every side alike:

- reader: `read_report` as it runs (PDFium for characters, pdfplumber's word grouping);
- reader (pdfplumber): the same with every page read by pdfplumber (the engine PDFium replaced);
- extract_text: pdfplumber's plain `page.extract_text()` of every page (the baseline);

and prints each reader's ratio to the baseline. Targets: a text report < 50 ms; a PDF < 2x extract_text().

It also reads the forms crawlers store (the whole body on one line, table cells glued, bare CR, a stray
token) made from every corpus text and page.  The decoding of glued digit runs is bounded (reading/decode.py: NODE_BUDGET steps a row,
TABLE_BUDGET a table): the bench prints the slowest single row decoded while reading every crawled
form of every corpus file, and the time of rows and a table built to exhaust those bounds.  Every
crawled form is checked against the file's own reading: each cell equal, or left unread.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from functools import partial
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"

from gongkai.annual_reports.reading import decode as dec  # noqa: E402
from gongkai.annual_reports.reading import pdf as pdf_reader  # noqa: E402
from gongkai.annual_reports.reading import read_report  # noqa: E402
from gongkai.annual_reports.tests.transforms import FORMS, plain_text, transform  # noqa: E402


def extract_text_all(data: bytes) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def read_with_pdfplumber(data: bytes) -> dict:
    with mock.patch.object(pdf_reader, "pdf_source", partial(pdf_reader.pdf_source, engine="pdfplumber")):
        return read_report(data)


def interleaved(sides: dict, repeat: int) -> dict[str, float]:
    """Median seconds of each side, timed in turn within every round."""
    runs: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(repeat):
        for name, fn in sides.items():
            t = time.perf_counter()
            fn()
            runs[name].append(time.perf_counter() - t)
    return {name: statistics.median(times) for name, times in runs.items()}


def timed(fn, repeat: int) -> float:
    """Median seconds of `repeat` calls of one side."""
    return interleaved({"run": fn}, repeat)["run"]


class RowTimer:
    """Times every call of decode.read_piece (one row, or table 四) while installed."""

    def __init__(self) -> None:
        self.worst = (0.0, "")
        self._original = dec.read_piece

    def __enter__(self) -> RowTimer:
        def timed_piece(piece, *args, **kwargs):
            t = time.perf_counter()
            try:
                return self._original(piece, *args, **kwargs)
            finally:
                elapsed = time.perf_counter() - t
                if elapsed > self.worst[0]:
                    self.worst = (elapsed, f"{piece.key} «{piece.printed[:40]}»")

        dec.read_piece = timed_piece
        return self

    def __exit__(self, *exc) -> None:
        dec.read_piece = self._original


def cells(report: dict) -> dict[str, object]:
    out = {}
    for table in ("table2", "table3", "table4"):
        for row, vals in (report.get(table) or {}).items():
            items = enumerate(vals) if isinstance(vals, list) else vals.items()
            out.update({f"{table}.{row}.{col}": v for col, v in items})
    return out


def check_form(base: dict, report: dict, label: str) -> None:
    """Every cell as the file itself reads it, or unread (None): never another number."""
    got = cells(report)
    wrong = [k for k, v in cells(base).items() if got.get(k, "missing") not in (v, None)]
    if wrong:
        raise SystemExit(f"{label}: wrong cells {wrong[:5]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 1
    kinds = {
        "text raw": sorted((CORPUS / "raw").glob("*-pdfraw.txt")),
        "text layout": sorted((CORPUS / "raw").glob("*-pdflayout.txt")),
        "html": sorted((CORPUS / "raw").glob("*.html")),
        "pdf": sorted((CORPUS / "pdf").glob("*.pdf")),
    }
    print(f"{'kind':<12} {'file':<32} {'reader ms':>10} {'pdfplumber ms':>14} {'extract_text ms':>16} "
          f"{'reader/base':>12} {'plumber/base':>13}")
    summary: dict[str, list[float]] = {}
    for kind, files in kinds.items():
        for f in files:
            data = f.read_bytes()
            read_report(data)  # warm imports
            if kind != "pdf":
                t = interleaved({"reader": lambda d=data: read_report(d)}, args.repeat)["reader"]
                summary.setdefault(kind, []).append(t)
                print(f"{kind:<12} {f.name:<32} {t * 1000:>10.1f}")
                continue
            read_with_pdfplumber(data)
            t = interleaved({"reader": lambda d=data: read_report(d),
                             "pdfplumber": lambda d=data: read_with_pdfplumber(d),
                             "base": lambda d=data: extract_text_all(d)}, args.repeat)
            summary.setdefault("pdf", []).append(t["reader"])
            summary.setdefault("pdf (pdfplumber)", []).append(t["pdfplumber"])
            print(f"{kind:<12} {f.name:<32} {t['reader'] * 1000:>10.1f} {t['pdfplumber'] * 1000:>14.1f} "
                  f"{t['base'] * 1000:>16.1f} {t['reader'] / t['base']:>12.2f} {t['pdfplumber'] / t['base']:>13.2f}")

    # The forms crawlers and CMS exports store, from every text file and page of the corpus.
    sources = sorted((CORPUS / "raw").iterdir())
    with RowTimer() as rows:
        for f in sources:
            base = read_report(f.read_bytes())
            text = plain_text(f.name, f.read_bytes())
            for form in FORMS:
                variant = transform(text, form)
                check_form(base, read_report(variant), f"{f.name} {form}")
                kind = "one line" if form.startswith("join-") else form
                summary.setdefault(kind, []).append(timed(lambda v=variant: read_report(v), max(1, args.repeat // 2)))
    print()
    for kind, times in summary.items():
        print(f"median per report, {kind:<17}: {statistics.median(times) * 1000:8.1f} ms"
              f"   (slowest {max(times) * 1000:7.1f} ms)")
    print(f"slowest row decoded in the crawled forms: {rows.worst[0] * 1000:.1f} ms ({rows.worst[1]})")

    # The bounds: a row, and a whole table, whose runs exhaust the enumeration budget.
    row_sum = (dec.Sum(tuple(range(6)), 6),)
    run = "1234567" * 4  # 28 digits that no 7 counts of a row add up: the most steps found
    worst_row = timed(lambda: dec.decode([dec.Piece("row", [run], 7, row_sum)]), 3)
    worst_table = timed(lambda: dec.decode([dec.Piece(f"r{i}", [run], 7, row_sum) for i in range(25)]), 1)
    print(f"a row built to exhaust NODE_BUDGET={dec.NODE_BUDGET}: {worst_row * 1000:.1f} ms; "
          f"25 such rows (TABLE_BUDGET={dec.TABLE_BUDGET}): {worst_table * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
