"""Benchmark the annual-report reader over the shared corpus.

    python bench/bench_reading.py [--repeat N]

Prints the median seconds per report for each input kind (text raw, text layout, html, pdf, and the
forms crawlers store: the whole body on one line, table cells glued) and, for the PDFs, the ratio
against pdfplumber's plain `page.extract_text()` of the same files measured in the same run.
Targets: a text report < 50 ms; a PDF < 2x extract_text().

The decoding of glued digit runs is bounded (reading/decode.py: NODE_BUDGET steps a row,
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"

from gongkai.annual_reports.reading import decode as dec  # noqa: E402
from gongkai.annual_reports.reading import read_report  # noqa: E402
from gongkai.annual_reports.tests.transforms import FORMS, plain_text, transform  # noqa: E402


def timed(fn, repeat: int) -> float:
    """Median seconds of `repeat` calls."""
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def extract_text_all(data: bytes) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


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
    print(f"{'kind':<12} {'file':<36} {'median s':>9} {'extract_text s':>15} {'ratio':>6}")
    summary: dict[str, list[float]] = {}
    for kind, files in kinds.items():
        for f in files:
            data = f.read_bytes()
            read_report(data)  # warm imports
            t = timed(lambda d=data: read_report(d), args.repeat)
            summary.setdefault(kind, []).append(t)
            if kind == "pdf":
                base = timed(lambda d=data: extract_text_all(d), args.repeat)
                print(f"{kind:<12} {f.name:<36} {t:>9.4f} {base:>15.4f} {t / base:>6.2f}")
            else:
                print(f"{kind:<12} {f.name:<36} {t:>9.4f}")

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
        print(f"median per report, {kind:<12}: {statistics.median(times) * 1000:8.1f} ms"
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
