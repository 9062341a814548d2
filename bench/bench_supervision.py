#!/usr/bin/env python
"""考评: every indicator for 200 organs (`supervision.selectors.facts_for` + scoring) on PostgreSQL, as a ratio
against one SELECT COUNT(*) over all applications in the same run.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_supervision.py
    … --organs 200 --rows 1000000 --items-per-organ 50 --repeat 5

Creates a throwaway database (bench_applications.throwaway_database), migrates, makes N organs each with
8 columns, loads the applications with bench_applications' INSERT … SELECT (95% closed, spread over
~4 years), inserts published items spread over the year (a tenth of them late) with one INSERT … SELECT
generate_series, VACUUM ANALYZEs,
then times (median of --repeat runs after a warm-up):

- baseline: SELECT COUNT(*) FROM applications_application (the whole table);
- facts_for(all organs, 2026) and ranked(...) — the dashboard's numbers;
- monthly(all organs, 2026) — the dashboard's chart;
- facts_for([one organ], 2026) — the organ page;
- periods.outcome(root, 2026) — the dashboard of an open period: facts_for plus the days overdue, the 督办
  facts, which organs and columns existed, the scheme in force, scoring and ranking;
- periods.outcome(root, 2026 Q3) once locked (定稿): the stored rows read back. Checked first: the locked rows
  equal a live computation of the same quarter, organ by organ.

Not part of the test run; nothing is asserted.
"""

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_applications import LOAD_SQL, median_ms, run_on_throwaway_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organs", type=int, default=200)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--items-per-organ", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    run_on_throwaway_database(run, args)


def items_sql(Item, column_ids: list[int], per_column: int) -> tuple[str, dict]:
    """One INSERT … SELECT for `per_column` published items in each column: published on day
    (k·37 + n·11) mod 320 of 2026 at 09:00 (k the column, n the item), every tenth one late (25 working days);
    the 规范性文件 column (c2) gets that genre. Other columns take their model default (NULL, '' or false)."""
    exprs = {
        "created_at": "now()", "updated_at": "now()", "organ_id": "c.organ_id", "column_id": "c.id",
        "status": "'published'", "index_no": "'B/' || c.id || '-' || n", "title": "'基准信息'",
        "publisher": "'基准机关'", "written_on": "(d AT TIME ZONE 'Asia/Shanghai')::date", "published_at": "d",
        "publish_delay_workdays": "CASE WHEN n %% 10 = 0 THEN 25 ELSE 3 END",
        "genre": "CASE WHEN c.slug = 'c2' THEN '规范性文件' ELSE '' END",
    }
    names, values, params = [], [], {}
    for f in Item._meta.concrete_fields:
        if f.primary_key:
            continue
        names.append(f.column)
        if f.attname in exprs:
            values.append(exprs[f.attname])
        elif f.null:
            values.append("NULL")
        else:
            default = f.get_default()
            params[f.attname] = str(default) if isinstance(default, str) else default  # TextChoices → str
            values.append(f"%({f.attname})s")
    sql = f"""
        INSERT INTO {Item._meta.db_table} ({", ".join(names)})
        SELECT {", ".join(values)}
        FROM (SELECT c.*, row_number() OVER (ORDER BY c.id) - 1 AS k
              FROM catalogue_column c WHERE c.id = ANY(%(columns)s)) c
        CROSS JOIN generate_series(0, %(per_column)s - 1) AS n
        CROSS JOIN LATERAL (SELECT timestamptz '2026-01-01 09:00+08'
                            + ((c.k * 37 + n * 11) %% 320) * interval '1 day' AS d) t"""
    return sql, {**params, "columns": column_ids, "per_column": per_column}


def run(args) -> None:
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
    root = Organ.objects.create(name="基准主管部门", kind="government", code=make_uscc("230502", "R0000000"),
                                region_code="230502")
    Organ.objects.filter(pk=root.pk).update(path=f"/{root.pk}/")
    root.refresh_from_db()
    organs = [Organ.objects.create(name=f"基准机关{i}", kind="department", code=make_uscc("230502", f"B{i:07d}"),
                                   region_code="230502", parent=root) for i in range(args.organs)]
    for o in organs:  # as organs.services._place would: one subtree under the root
        o.path, o.depth = f"{root.path}{o.pk}/", 1
    Organ.objects.bulk_update(organs, ["path", "depth"])
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
    per_column = args.items_per_organ // 4
    with connection.cursor() as cur:
        cur.execute(*items_sql(Item, [c.pk for c in columns if c.slug in ("c0", "c1", "c2", "c3")], per_column))
        n_items = cur.rowcount
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    print(f"载入 {len(organs)} 个机关、{args.rows:,} 件申请、{n_items:,} 条信息：{time.perf_counter() - t0:.1f} 秒")

    def baseline():
        with connection.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM applications_application")
            return cur.fetchone()[0]

    from gongkai.organs.models import Membership, Role, User
    from gongkai.supervision import periods, services

    supervisor = User.objects.create(username="bench_supervisor")
    Membership.objects.create(user=supervisor, organ=root, role=Role.SUPERVISOR)
    quarter = Period.quarter(2026, 3)
    services.evaluation_lock(actor=supervisor, root=root, period=quarter, today=today)
    locked = {s.facts.organ_id: (s.rank, s.score, s.verdict, s.deductions)
              for s in periods.outcome(root, quarter, today=today).scores}
    live = {s.facts.organ_id: (s.rank, s.score, s.verdict, s.deductions)
            for s in periods.outcome(root, quarter, today=today, live=True).scores}
    assert locked == live and len(locked) == len(organs), "the locked rows differ from a live computation"
    print(f"核对：{quarter.label}定稿的{len(locked)}个机关与当场计算一致")

    period = Period.year(2026)
    ids = [o.pk for o in organs]
    cases = {
        f"facts_for + ranked（{len(organs)}个机关）": lambda: ranked(selectors.facts_for(organs, period, today=today)),
        f"monthly（{len(organs)}个机关）": lambda: selectors.monthly(ids, 2026),
        "facts_for（单个机关）": lambda: selectors.facts_for(organs[:1], period, today=today),
        f"periods.outcome 未定稿（{len(organs)}个机关）": lambda: periods.outcome(root, period, today=today),
        f"periods.outcome 已定稿（{len(organs)}个机关）": lambda: periods.outcome(root, quarter, today=today),
    }
    base = median_ms(baseline, args.repeat)
    print(f"基准：SELECT COUNT(*) FROM applications_application（{baseline():,} 行）  中位数 {base:.2f} ms  = 1.00")
    for label, fn in cases.items():
        ms = median_ms(fn, args.repeat)
        print(f"{label:<36} 中位数 {ms:9.2f} ms  比值 {ms / base:7.2f}")


if __name__ == "__main__":
    main()
