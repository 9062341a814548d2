#!/usr/bin/env python
"""Computing one organ's 年度报告 with N applications, on SQLite and PostgreSQL, as a ratio against one
SELECT COUNT(*) over the same table in the same run (target: under 20×).

    .venv/bin/python bench/bench_report.py                     # SQLite, a throwaway file
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_report.py
    … --rows 100000 --repeat 9

Builds a throwaway database, migrates it, loads N applications for one organ (received over four
years, 95% closed with an outcome, 5% open), then times, median of --repeat runs after a warm-up:

- baseline: SELECT COUNT(*) FROM applications_application WHERE organ_id = %s;
- compute_tables(organ, 2025): tables 二, 三, 四 from the records;
- compute_report(organ, 2025, …): the whole report with every check (what a draft's 保存 runs).

Not part of `make test`; no timing is asserted anywhere.
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

OUTCOMES = ["disclosed", "partly_disclosed", "withheld_third_party", "unavailable_not_held",
            "unavailable_needs_creation", "not_handled_repeat", "other_no_correction", "other_misc"]
from bench_applications import median_ms  # noqa: E402  (bench/ is on sys.path above)

KINDS = ["natural_person", "commercial", "research", "public_interest", "legal_service", "other_org"]


def load(rows: int, organ, applicant) -> None:
    from gongkai.applications.models import Application

    today = dt.date(2026, 11, 25)
    batch = []
    for g in range(1, rows + 1):
        received = today - dt.timedelta(days=(g * 7919) % 1400)
        closed = None if g % 20 == 0 else received + dt.timedelta(days=25)
        batch.append(Application(
            organ=organ, tracking_no=f"B{g:010d}", query_code_hash="x", channel="online", received_on=received,
            applicant=applicant, applicant_kind=KINDS[g % 6], applicant_name="申请人", id_type="id_card",
            id_number="230502199001011232", description="关于某项政府信息的申请", info_form="electronic",
            delivery="email", status="processing" if closed is None else "closed", due_on=received + dt.timedelta(28),
            outcome="" if closed is None else OUTCOMES[g % len(OUTCOMES)], closed_on=closed))
        if len(batch) == 5000:
            Application.objects.bulk_create(batch)
            batch = []
    Application.objects.bulk_create(batch)


def run(args) -> None:
    from django.core.management import call_command
    from django.db import connection

    from gongkai.annual_reports.compute import compute_report, compute_tables
    from gongkai.applications.models import Applicant
    from gongkai.organs.codes import make_uscc
    from gongkai.organs.models import Organ

    call_command("migrate", verbosity=0)
    organ = Organ.objects.create(name="基准机关", kind="department", code=make_uscc("230502", "B0000001"),
                                 region_code="230502")
    organ.path = f"/{organ.pk}/"
    organ.save(update_fields=["path"])
    applicant = Applicant.objects.create(identity_key="bench", kind="natural_person", name="申请人")
    t0 = time.perf_counter()
    load(args.rows, organ, applicant)
    with connection.cursor() as cur:
        cur.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE applications_application")
    print(f"{connection.vendor}: 载入 {args.rows:,} 件申请 {time.perf_counter() - t0:.1f} 秒")

    def baseline():
        with connection.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM applications_application WHERE organ_id = %s", [organ.pk])
            return cur.fetchone()[0]

    sections = {"problems": "一是……二是……下一步将……" * 5, "other": "本年度未收取信息处理费。"}
    cases = {
        "compute_tables(organ, 2025)": lambda: compute_tables(organ, 2025, {}),
        "compute_report(organ, 2025)（含全部检查）": lambda: compute_report(organ, 2025, entered={},
                                                                     sections=sections),
    }
    base = median_ms(baseline, args.repeat)
    print(f"基准：SELECT COUNT(*)（{baseline():,} 行） 中位数 {base:.2f} ms = 1.00")
    for label, fn in cases.items():
        ms = median_ms(fn, args.repeat)
        print(f"{label:<36} 中位数 {ms:8.2f} ms  比值 {ms / base:6.2f}（目标 < 20）")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    url = os.environ.get("DATABASE_URL", "")
    drop = None
    if url.startswith("postgres"):
        from bench_applications import throwaway_database

        url, drop = throwaway_database()
        os.environ["DATABASE_URL"] = url
    else:
        tmp = tempfile.mkdtemp()
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    import django

    django.setup()
    try:
        run(args)
    finally:
        if drop:
            drop()


if __name__ == "__main__":
    main()
