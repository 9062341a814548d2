"""Benchmark the annual-report reader over the shared corpus.

    .venv/bin/python bench/bench_reading.py [--repeat N]

Prints the median milliseconds per report for each input kind (text raw, text layout, html, pdf). For the
PDFs it times, interleaved round by round so a busy machine slows every side alike:

- reader: `read_report` as it runs (PDFium for characters, pdfplumber's word grouping);
- reader (pdfplumber): the same with every page read by pdfplumber (the engine PDFium replaced);
- extract_text: pdfplumber's plain `page.extract_text()` of every page (the baseline);

and prints each reader's ratio to the baseline. Targets: a text report < 50 ms; a PDF < 2x extract_text().
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

from gongkai.annual_reports.reading import pdf as pdf_reader  # noqa: E402
from gongkai.annual_reports.reading import read_report  # noqa: E402


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
    print()
    for kind, times in summary.items():
        print(f"median per report, {kind:<17}: {statistics.median(times) * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
