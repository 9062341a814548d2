#!/usr/bin/env python
"""The batch audit of a region's reports: `audit_report DIR --recursive` through Celery with 1, 2, … worker
processes, against the in-process pool, over N copies of the corpus reports.

    .venv/bin/python bench/bench_batch.py --reports 4000 --workers 1,2
    … --broker redis://127.0.0.1:6379/9 --pdf-only --json

Copies the shared corpus files (the three PDFs, their text extractions and the web page; --pdf-only: the PDFs)
round-robin into a temporary folder until there are N, then for each worker count: empties the broker's Redis
database, starts one `celery -A config worker --concurrency=W` (prefork) on it with a temporary media storage,
runs `manage.py audit_report DIR --recursive --output-dir OUT` with that broker, and stops the worker by its
process id. Finally the same command without a broker (a process per core). Prints the wall time, reports per
second, the CPU seconds the workers spent, and checks every run wrote N results and the same summary.csv.
Nothing is left behind (the temporary folders are removed). Needs Redis; touches no database.
"""

import argparse
import csv
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
PY = Path(sys.executable)


def corpus_files(pdf_only: bool) -> list[Path]:
    files = sorted((CORPUS / "pdf").glob("*.pdf"))
    if not pdf_only:
        files += sorted(p for p in (CORPUS / "raw").iterdir() if p.is_file())
    return files


def make_folder(target: Path, n: int, pdf_only: bool) -> dict[str, int]:
    sources = corpus_files(pdf_only)
    kinds: dict[str, int] = {}
    for i in range(n):
        src = sources[i % len(sources)]
        sub = target / f"{i // 500:03d}"  # a region's folders: one per county, a few hundred files each
        sub.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, sub / f"{i:05d}-{src.name}")
        kinds[src.suffix] = kinds.get(src.suffix, 0) + 1
    return kinds


def summary_rows(out: Path) -> list[list[str]]:
    """summary.csv without its header and without the file column (paths differ per run): one row per report,
    then one row per finding (gongkai/annual_reports/audit_summary.py)."""
    with open(out / "summary.csv", encoding="utf-8") as fh:
        return [row[1:] for row in csv.reader(fh)][1:]


def report_count(rows: list[list[str]]) -> int:
    """The report rows: those naming no rule (a finding row names its rule)."""
    return sum(1 for row in rows if not row[6])


def check_same(rows: list[list[str]], reference: list[list[str]] | None, reports: int, what: str) -> None:
    assert report_count(rows) == reports, f"{what}: {report_count(rows)} report rows, not {reports}"
    if reference is not None and rows != reference:
        first = next(i for i, (a, b) in enumerate(zip(rows, reference, strict=False)) if a != b) \
            if any(a != b for a, b in zip(rows, reference, strict=False)) else min(len(rows), len(reference))
        raise AssertionError(f"{what}: results differ from the first run at row {first + 2} of summary.csv")


def audit(folder: Path, out: Path, env: dict) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run([str(PY), "manage.py", "audit_report", str(folder), "--recursive", "--output-dir", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"audit_report failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall


def start_worker(env: dict, concurrency: int, log: Path) -> subprocess.Popen:
    handle = open(log, "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [str(PY.parent / "celery"), "-A", "config", "worker", f"--concurrency={concurrency}", "--pool=prefork",
         "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "-n", f"bench{os.getpid()}@%h"],
        cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while b"ready." not in log.read_bytes():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the Celery worker did not start: {log.read_text()[-2000:]}")
        time.sleep(0.2)
    return proc


def stop_worker(proc: subprocess.Popen) -> float:
    """Stop the worker (warm shutdown) and return the CPU seconds it and its children used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=4000)
    parser.add_argument("--workers", default="1,2", help="worker process counts to measure, e.g. 1,2")
    parser.add_argument("--broker", default=os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/9"),
                        help="a Redis database the bench may empty (default redis://127.0.0.1:6379/9)")
    parser.add_argument("--pdf-only", action="store_true", help="only the corpus PDFs")
    parser.add_argument("--skip-pool", action="store_true", help="do not time the in-process pool")
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    args = parser.parse_args()
    out = sys.stderr if args.json else sys.stdout
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS}")
    import redis

    tmp = Path(tempfile.mkdtemp(prefix="gongkai-batch-"))
    procs: list[subprocess.Popen] = []
    try:
        folder = tmp / "reports"
        kinds = make_folder(folder, args.reports, args.pdf_only)
        print(f"{args.reports} 份报告（{', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}），"
              f"{os.cpu_count()} 核", file=out)
        base_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "MEDIA_ROOT": str(tmp / "media")}
        base_env.pop("CELERY_BROKER_URL", None)
        runs, reference = [], None
        for workers in [int(w) for w in args.workers.split(",") if w]:
            redis.Redis.from_url(args.broker).flushdb()
            env = {**base_env, "CELERY_BROKER_URL": args.broker}
            proc = start_worker(env, workers, tmp / f"worker-{workers}.log")
            procs.append(proc)
            result_dir = tmp / f"out-celery-{workers}"
            wall = audit(folder, result_dir, env)
            cpu = stop_worker(proc)
            procs.remove(proc)
            runs.append({"engine": "celery", "workers": workers, "wall_s": wall, "cpu_s": cpu})
            rows = summary_rows(result_dir)
            check_same(rows, reference, args.reports, f"Celery, {workers} worker(s)")
            reference = reference or rows
        if not args.skip_pool:
            result_dir = tmp / "out-pool"
            wall = audit(folder, result_dir, base_env)
            runs.append({"engine": "pool", "workers": os.cpu_count(), "wall_s": wall, "cpu_s": None})
            rows = summary_rows(result_dir)
            check_same(rows, reference, args.reports, "pool")
        unread = sum(1 for row in reference or rows if not row[6] and row[5])  # a report row with a reason
        print(f"{'engine':<8}{'workers':>8}{'wall s':>9}{'reports/s':>11}{'worker CPU s':>14}{'CPU ms/report':>15}",
              file=out)
        for r in runs:
            cpu = f"{r['cpu_s']:.0f}" if r["cpu_s"] is not None else "—"
            per = f"{r['cpu_s'] * 1000 / args.reports:.0f}" if r["cpu_s"] is not None else "—"
            print(f"{r['engine']:<8}{r['workers']:>8}{r['wall_s']:>9.1f}{args.reports / r['wall_s']:>11.1f}{cpu:>14}"
                  f"{per:>15}", file=out)
        print(f"每次运行 {args.reports} 个结果，summary.csv 一致；无法读取 {unread} 个。", file=out)
        if args.json:
            print(json.dumps({"reports": args.reports, "kinds": kinds, "cores": os.cpu_count(), "runs": runs,
                              "unreadable": unread}, ensure_ascii=False))
        return 0
    finally:
        for proc in procs:
            stop_worker(proc)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
