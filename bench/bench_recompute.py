#!/usr/bin/env python
"""Self-healing deadlines: entering a year's holiday notice recomputes every open case that touches it.
Timed as a ratio against computing the same cases' clocks without writing anything, in the same run.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_recompute.py
    … --rows 200000 --open 5000

Creates a throwaway PostgreSQL database, loads --rows cases with bench_applications' INSERT … SELECT
(5% open), then moves --open of the open ones to receipts between 2026-11-20 and 2026-12-31 — so their
答复期限 fall in 2027, a year without a notice: provisional. Then times:

- baseline: `selectors.clock_for` over those cases (read the events, compute the clock; no write);
- entering the invented 2027 notice (workdays/tests/data/notice_2027_invented.txt) through the service,
  the recomputation running as Celery tasks (eagerly, one task per batch of 200) after the commit.

Checks the answers: every case touching 2027 carries the new calendar version and no provisional mark;
the nightly job (`recompute_stale`, also timed) restamps the rest without changing a date; a sample of due
dates equals a fresh clock. Prints the times and the ratio. The database is dropped.
Not part of `make test`; no timing is asserted anywhere.
"""

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_applications import LOAD_SQL, run_on_throwaway_database  # noqa: E402

NOTICE = ROOT / "gongkai" / "workdays" / "tests" / "data" / "notice_2027_invented.txt"


def run(args) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from gongkai.applications import selectors
    from gongkai.applications.models import OPEN_STATUSES, Applicant, Application
    from gongkai.applications.services import _store_clock
    from gongkai.organs.codes import make_uscc
    from gongkai.organs.models import Organ
    from gongkai.workdays import parsing
    from gongkai.workdays import services as workdays
    from gongkai.workdays.models import CalendarRevision
    from gongkai.workdays.recompute import recompute_stale

    call_command("migrate", verbosity=0)
    organs = [Organ.objects.create(name=f"基准机关{i}", kind="department", code=make_uscc("230502", f"B{i:07d}"),
                                   region_code="230502") for i in range(6)]
    applicant = Applicant.objects.create(identity_key="bench", kind="natural_person", name="申请人")
    today = dt.date(2026, 12, 31)
    with connection.cursor() as cur:
        cur.execute(LOAD_SQL, {"organs": [o.pk for o in organs], "n_organs": len(organs), "today": today,
                               "applicant": applicant.pk, "rows": args.rows})
        # The cases to heal: open, received 2026-11-20 … 2026-12-31 (due in 2027).
        cur.execute("""
            UPDATE applications_application SET status = 'processing', received_on = DATE '2026-11-20' + (id %% 42)::int
            WHERE id IN (SELECT id FROM applications_application WHERE status <> 'closed' ORDER BY id LIMIT %s)""",
                    [args.open])
        cur.execute("UPDATE applications_application SET status = 'closed' WHERE status <> 'closed' "
                    "AND received_on < DATE '2026-11-20'")
        cur.execute("VACUUM ANALYZE applications_application")
    cases = list(Application.objects.filter(status__in=OPEN_STATUSES).select_related("organ"))
    with transaction.atomic():  # the dates as they stand before the notice: provisional
        for app in cases:
            app.save(update_fields=list(_store_clock(app, selectors.clock_for(app, today=today))))
    provisional = Application.objects.filter(status__in=OPEN_STATUSES, due_provisional=True).count()
    print(f"载入 {args.rows:,} 件申请，其中 {len(cases):,} 件未办结、{provisional:,} 件答复期限为暂定（2027年）")

    t0 = time.perf_counter()
    for app in cases:
        selectors.clock_for(app, today=today)
    base = time.perf_counter() - t0
    print(f"基准：逐件计算期限（不写入） {base:8.2f} 秒  = 1.00")

    parsed = parsing.parse_notice(NOTICE.read_text(encoding="utf-8"), 2027)
    t0 = time.perf_counter()
    with transaction.atomic():
        workdays.calendar_year_enter(actor=None, year=2027, source_document="测试用虚构通知",
                                     published_on=dt.date(2026, 11, 10), holidays=parsed.holidays,
                                     workdays=parsed.workdays)
    spent = time.perf_counter() - t0
    revision = CalendarRevision.objects.get()
    print(f"录入通知并重新计算（{revision.cases_total:,} 件，{revision.cases_changed:,} 件有变化） "
          f"{spent:8.2f} 秒  比值 {spent / base:6.2f}")

    # The answers: every open case touching 2027 healed at once; the others (due in 2026) are restamped
    # by the nightly job, with no date changing; every stored date is the one a fresh clock gives.
    assert revision.finished_at is not None and revision.cases_done == revision.cases_total
    open_cases = Application.objects.filter(status__in=OPEN_STATUSES)
    assert not open_cases.filter(due_provisional=True).exists()
    assert not open_cases.filter(due_on__gte=dt.date(2027, 1, 1), calendar_version__lt=revision.pk).exists()
    t0 = time.perf_counter()
    looked, changed = recompute_stale()
    print(f"每日核对（按旧版计算的 {looked:,} 件，{changed:,} 件有变化） {time.perf_counter() - t0:8.2f} 秒")
    assert changed == 0 and not open_cases.filter(calendar_version__lt=revision.pk).exists()
    for app in Application.objects.filter(status__in=OPEN_STATUSES).order_by("?")[:200]:
        assert app.due_on == selectors.clock_for(app, today=today).due_on, app.tracking_no
    print("核对：全部未办结申请已按新通知重新计算，抽查200件与重新计算结果一致。")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--open", type=int, default=5_000)
    args = parser.parse_args()
    run_on_throwaway_database(run, args)


if __name__ == "__main__":
    main()
