#!/usr/bin/env python
"""考评: every indicator for 200 organs (`supervision.selectors.facts_for` + scoring) on PostgreSQL, as a ratio
against one SELECT COUNT(*) over all applications in the same run.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_supervision.py
    … --organs 200 --rows 1000000 --items-per-organ 50 --repeat 5

Creates a throwaway database (bench_applications.throwaway_database), migrates, makes N organs each with
8 columns, loads the applications with bench_applications' INSERT … SELECT (95% closed, spread over
~4 years), bulk-creates published items spread over the year (a tenth of them late), VACUUM ANALYZEs,
then times (median of --repeat runs after a warm-up):

- baseline: SELECT COUNT(*) FROM applications_application (the whole table);
- facts_for(all organs, 2026) and ranked(...) — the dashboard's numbers;
- monthly(all organs, 2026) — the dashboard's chart;
- facts_for([one organ], 2026) — the organ page.

Not part of the test run; nothing is asserted.
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_applications import LOAD_SQL, median_ms, throwaway_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organs", type=int, default=200)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--items-per-organ", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    url, drop = throwaway_database()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    try:
        run(args)
    finally:
        drop()


def run(args) -> None:
    from zoneinfo import ZoneInfo

    from django.core.management import call_command
    from django.db import connection

    from gongkai.applications.models import Applicant
    from gongkai.catalogue.models import Column, Item
    from gongkai.organs.codes import make_uscc
    from gongkai.organs.models import Organ
    from gongkai.supervision import selectors
    from gongkai.supervision.indicators import Period
    from gongkai.supervision.scoring import ranked

    call_command("migrate", verbosity=0)
    organs = [Organ.objects.create(name=f"基准机关{i}", kind="department", code=make_uscc("230502", f"B{i:07d}"),
                                   region_code="230502") for i in range(args.organs)]
    applicant = Applicant.objects.create(identity_key="bench", kind="natural_person", name="申请人")
    today = dt.date(2026, 11, 25)
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(LOAD_SQL, {"organs": [o.pk for o in organs], "n_organs": len(organs), "today": today,
                               "applicant": applicant.pk, "rows": args.rows})
    cycles = (14, 14, 183, 183, 365, 183, 14, None)
    columns = Column.objects.bulk_create(
        Column(organ=o, slug=f"c{j}", name=f"栏目{j}", update_every_days=c, needs_interpretation=j == 2)
        for o in organs for j, c in enumerate(cycles))
    sh = ZoneInfo("Asia/Shanghai")
    items = []
    for k, col in enumerate(c for c in columns if c.slug in ("c0", "c1", "c2", "c3")):
        for n in range(args.items_per_organ // 4):
            when = dt.datetime(2026, 1, 1, 9, tzinfo=sh) + dt.timedelta(days=(k * 37 + n * 11) % 320)
            items.append(Item(organ_id=col.organ_id, column=col, status="published", index_no=f"B/{k}-{n}",
                              title="基准信息", publisher="基准机关", written_on=when.date(), published_at=when,
                              publish_delay_workdays=25 if n % 10 == 0 else 3,
                              genre="规范性文件" if col.slug == "c2" else ""))
    Item.objects.bulk_create(items, batch_size=5000)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    print(f"载入 {len(organs)} 个机关、{args.rows:,} 件申请、{len(items):,} 条信息：{time.perf_counter() - t0:.1f} 秒")

    def baseline():
        with connection.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM applications_application")
            return cur.fetchone()[0]

    period = Period.year(2026)
    ids = [o.pk for o in organs]
    cases = {
        f"facts_for + ranked（{len(organs)}个机关）": lambda: ranked(selectors.facts_for(organs, period, today=today)),
        f"monthly（{len(organs)}个机关）": lambda: selectors.monthly(ids, 2026),
        "facts_for（单个机关）": lambda: selectors.facts_for(organs[:1], period, today=today),
    }
    base = median_ms(baseline, args.repeat)
    print(f"基准：SELECT COUNT(*) FROM applications_application（{baseline():,} 行）  中位数 {base:.2f} ms  = 1.00")
    for label, fn in cases.items():
        ms = median_ms(fn, args.repeat)
        print(f"{label:<36} 中位数 {ms:9.2f} ms  比值 {ms / base:7.2f}")


if __name__ == "__main__":
    main()
