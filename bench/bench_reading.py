"""Benchmark the annual-report reader over the shared corpus.

    python bench/bench_reading.py [--repeat N]

Prints the median seconds per report for each input kind (text raw, text layout, html, pdf) and,
for the PDFs, the ratio against pdfplumber's plain `page.extract_text()` of the same files measured
in the same run.  Targets: a text report < 50 ms; a PDF < 2x extract_text().
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

from gongkai.annual_reports.reading import read_report  # noqa: E402


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
    print()
    for kind, times in summary.items():
        print(f"median per report, {kind:<12}: {statistics.median(times) * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
