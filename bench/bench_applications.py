#!/usr/bin/env python
"""The 督办 selectors (`due_soon`, `overdue`) over N applications on PostgreSQL, as ratios against one
indexed SELECT COUNT(*) over the same table in the same run.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_applications.py
    … --rows 1000000 --repeat 15

Creates a throwaway PostgreSQL database on the server DATABASE_URL names, migrates it, loads N cases
with one INSERT … SELECT over generate_series (95% closed, 5% open with due dates spread around today,
across 6 organs), VACUUM ANALYZEs (so the baseline can be an index-only scan), then times (median of --repeat runs, after one warm-up):

- baseline: SELECT COUNT(*) FROM applications_application WHERE organ_id = %s (index app_organ_received_cov_idx);
- overdue(today).count() and due_soon(today).count() over every organ (the nightly chase);
- the workbench panels: first 50 of overdue / due_soon for one organ, ordered by due date;
- cases_for_report(organ, year).count() (the annual report's starting set).

Prints each median in milliseconds and its ratio to the baseline. The database is dropped at the end.
Not part of `make test`; no timing is asserted anywhere.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def throwaway_database() -> tuple[str, callable]:
    import environ
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("请用 DATABASE_URL 指向 PostgreSQL，例如 postgresql://postgres@127.0.0.1:5432/test")
    cfg = environ.Env.db_url_config(url)
    name = f"gongkai_bench_apps_{os.getpid()}"
    params = {"host": cfg.get("HOST") or None, "port": cfg.get("PORT") or None, "user": cfg.get("USER") or None,
              "password": cfg.get("PASSWORD") or None, "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**params) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        from django.db import connections

        connections.close_all()
        with psycopg.connect(**params) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return url.rsplit("/", 1)[0] + "/" + name, drop


LOAD_SQL = """
INSERT INTO applications_application (
    created_at, updated_at, organ_id, tracking_no, query_code_hash, channel, received_on, arrived_on,
    applicant_id, applicant_kind, applicant_name, id_type, id_number, contact_person, phone, email, address,
    postcode, description, corrected_description, doc_no, info_form, delivery, status, due_on, due_provisional, waiting_until,
    waiting_provisional, provisional_note, calendar_version,
    extension_days, extension_requested_days, extension_reason, outcome, outcome_basis, outcome_detail,
    decided_on, closed_on, on_time, reopened_on, prior_replies, assigned_to_id, version, imported)
SELECT now(), now(),
    (%(organs)s)[1 + g %% %(n_organs)s],
    'B' || lpad(g::text, 10, '0'), md5(g::text), 'online',
    %(today)s::date - ((g::bigint * 7919) %% 1400)::int,
    NULL, %(applicant)s,
    (ARRAY['natural_person','commercial','research','public_interest','legal_service','other_org'])[1 + g %% 6],
    '申请人', 'id_card', '230502199001011232', '', '', '', '', '', '关于某项政府信息的申请', '', '',
    'electronic', 'email',
    CASE WHEN g %% 20 = 0 THEN (ARRAY['processing','processing','replying','awaiting_correction',
                                      'consulting','awaiting_fee'])[1 + (g / 20) %% 6]
         ELSE 'closed' END,
    CASE WHEN g %% 20 = 0 THEN %(today)s::date + ((g / 20) %% 121) - 60
         ELSE %(today)s::date - ((g::bigint * 7919) %% 1400)::int + 28 END,
    false, NULL, false, '', 0, 0, 0, '',
    CASE WHEN g %% 20 = 0 THEN '' ELSE 'disclosed' END, '', '{}'::jsonb, NULL,
    CASE WHEN g %% 20 = 0 THEN NULL ELSE %(today)s::date - ((g::bigint * 7919) %% 1400)::int + 25 END,
    NULL, NULL, '[]'::jsonb, NULL, 1, false
FROM generate_series(1, %(rows)s) AS g
"""


def median_ms(fn, repeat: int) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    run_on_throwaway_database(run, args)


def run_on_throwaway_database(run, args) -> None:
    """Set Django up on a new PostgreSQL database, call `run(args)`, and drop the database."""
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
    from django.core.management import call_command
    from django.db import connection

    from gongkai.applications import selectors
    from gongkai.applications.models import Applicant, Application
    from gongkai.organs.codes import make_uscc
    from gongkai.organs.models import Organ

    call_command("migrate", verbosity=0)
    organs = [Organ.objects.create(name=f"基准机关{i}", kind="department", code=make_uscc("230502", f"B{i:07d}"),
                                   region_code="230502") for i in range(6)]
    applicant = Applicant.objects.create(identity_key="bench", kind="natural_person", name="申请人")
    today = dt.date(2026, 11, 25)
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(LOAD_SQL, {"organs": [o.pk for o in organs], "n_organs": len(organs), "today": today,
                               "applicant": applicant.pk, "rows": args.rows})
        cur.execute("VACUUM ANALYZE applications_application")
    print(f"载入 {args.rows:,} 件申请：{time.perf_counter() - t0:.1f} 秒")

    organ = organs[0]

    def baseline():
        with connection.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM applications_application WHERE organ_id = %s", [organ.pk])
            return cur.fetchone()[0]

    mine = Application.objects.filter(organ=organ)
    cases = {
        "overdue(today).count()  全部机关": lambda: selectors.overdue(today=today).count(),
        "due_soon(today).count() 全部机关": lambda: selectors.due_soon(today=today).count(),
        "overdue 前50条（单个机关，按期限）": lambda: list(
            selectors.overdue(today=today, queryset=mine).order_by("due_on")[:50]),
        "due_soon 前50条（单个机关，按期限）": lambda: list(
            selectors.due_soon(today=today, queryset=mine).order_by("due_on")[:50]),
        "cases_for_report(organ, 2026).count()": lambda: selectors.cases_for_report(organ, 2026).count(),
    }
    base = median_ms(baseline, args.repeat)
    print(f"基准：SELECT COUNT(*) … WHERE organ_id = %s（{baseline():,} 行）  中位数 {base:.2f} ms  = 1.00")
    print(f"overdue 共 {selectors.overdue(today=today).count():,} 件；due_soon 共 "
          f"{selectors.due_soon(today=today).count():,} 件")
    for label, fn in cases.items():
        ms = median_ms(fn, args.repeat)
        print(f"{label:<40} 中位数 {ms:8.2f} ms  比值 {ms / base:6.2f}")


if __name__ == "__main__":
    main()
