#!/usr/bin/env python
"""The to-do home page (/staff/) per role at 100,000 cases on PostgreSQL, as ratios against a trivial staff
page (/staff/password/: log-in check, session, template) measured interleaved in the same run.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_home.py
    … --rows 100000 --repeat 15

Creates a throwaway PostgreSQL database on the server DATABASE_URL names, migrates it, loads N cases with
bench_applications' INSERT … SELECT (95% closed, 5% open with due dates around today, across 6 organs), one
letter per case (served for closed cases, the rest spread over 退回/待签发/已签发/已发出), 20,000 published
catalogue items in the 21 default columns and a few submitted ones, then VACUUM ANALYZEs. It times, median of
--repeat after a warm-up, each run interleaved with the baseline:

- the clerk's home page (every panel: worklists, letters, catalogue, the annual report);
- the reviewer's home page (the same panels and the one review queue);
- the column owner's home page (their columns).

It checks the answers too: every count the clerk's page shows equals a COUNT(*) written by hand in SQL, so a
fast page with a wrong count fails. Prints each median in milliseconds and its ratio to the baseline, and
exits 1 when a page takes 300 ms or more or a count is wrong. The database is dropped at the end. Not part of
`make test`; no timing is asserted anywhere else.
"""

import argparse
import datetime as dt
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_applications import LOAD_SQL, run_on_throwaway_database  # noqa: E402

GOAL_MS = 300

LETTERS_SQL = """
INSERT INTO letters_letter (created_at, updated_at, application_id, kind, title, recipient, body, basis_text,
    remedy_text, extra, status, doc_no, approved_by_id, approved_on, served_method, sent_on, served_on,
    registered_no, decided_by_id, returned_note)
SELECT now(), now(), a.id, 'reply', '政府信息公开申请答复书', a.applicant_name, '正文', '', '', '{}'::jsonb,
    CASE WHEN a.status = 'closed' THEN 'served'
         ELSE (ARRAY['returned', 'draft', 'approved', 'sent'])[1 + h.k] END,
    '', NULL,
    CASE WHEN a.status = 'closed' OR h.k >= 2 THEN a.received_on + 20 END,
    CASE WHEN a.status = 'closed' OR h.k = 3 THEN 'registered_mail' ELSE '' END,
    CASE WHEN a.status = 'closed' THEN a.closed_on WHEN h.k = 3 THEN a.received_on + 20 END,
    CASE WHEN a.status = 'closed' THEN a.closed_on END,
    '', %(clerk)s, CASE WHEN a.status <> 'closed' AND h.k = 0 THEN '请修改' ELSE '' END
FROM applications_application a, LATERAL (SELECT hashtext(a.id::text) & 3 AS k) h
"""

ITEMS_SQL = """
INSERT INTO catalogue_item (created_at, updated_at, organ_id, column_id, status, index_no, title, doc_no, topic,
    genre, publisher, written_on, issued_on, published_at, keywords, summary, body, validity, effective_on,
    repealed_on, replaced_by_id, created_by_id, submitted_by_id, submitted_at, approved_by_id, approved_at,
    review_note, withdrawn_at, withdrawn_reason, publish_delay_workdays, imported)
SELECT now(), now(), c.organ_id, c.id, 'published', 'B' || c.id || '/' || g, '基准信息' || g, '', '综合政务',
    '通知', '基准机关', %(today)s::date - (g %% 900), NULL, (%(today)s::date - (g %% 900))::timestamptz,
    '', '', '', 'valid', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '', NULL, '', 3, true
FROM generate_series(1, %(items)s) AS g
JOIN catalogue_column c ON c.id = (SELECT id FROM catalogue_column ORDER BY id OFFSET (g %% %(n_columns)s) LIMIT 1)
"""


def median_pair(fn, base, repeat: int) -> tuple[float, float]:
    fn(), base()  # warm-up
    a, b = [], []
    for _ in range(repeat):
        for f, out in ((base, b), (fn, a)):
            t0 = time.perf_counter()
            f()
            out.append((time.perf_counter() - t0) * 1000)
    return statistics.median(a), statistics.median(b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    run_on_throwaway_database(run, args)


def run(args) -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from gongkai.applications import selectors
    from gongkai.applications.models import Applicant
    from gongkai.catalogue.models import Column
    from gongkai.catalogue.services import columns_seed, item_create, item_submit
    from gongkai.organs.codes import make_uscc
    from gongkai.organs.models import Membership, Organ, Role, User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    organs = [Organ.objects.create(name=f"基准机关{i}", short_name=f"基{i}", kind="department",
                                   code=make_uscc("230502", f"H{i:07d}"), region_code="230502") for i in range(6)]
    organ = organs[0]
    users = {}
    for role in (Role.CLERK, Role.REVIEWER, Role.COLUMN_OWNER):
        users[role] = User.objects.create_user(username=f"bench_{role}", password="x", full_name=role)
        Membership.objects.create(user=users[role], organ=organ, role=role)
    for o in organs:
        columns_seed(actor=None, organ=o)
    for column in Column.objects.filter(organ=organ, slug__in=["tzgg", "gzdt", "zcwj"]):
        column.owner = users[Role.COLUMN_OWNER]
        column.save(update_fields=["owner"])
    applicant = Applicant.objects.create(identity_key="bench", kind="natural_person", name="申请人")
    today = dt.date(2026, 11, 25)
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(LOAD_SQL, {"organs": [o.pk for o in organs], "n_organs": len(organs), "today": today,
                               "applicant": applicant.pk, "rows": args.rows})
        # The applicant's and the party's deadlines of the waiting cases (bench_applications leaves them blank).
        cur.execute("UPDATE applications_application SET waiting_until = due_on - 20 "
                    "WHERE status IN ('awaiting_correction', 'awaiting_fee', 'consulting')")
        cur.execute(LETTERS_SQL, {"clerk": users[Role.CLERK].pk})
        cur.execute(ITEMS_SQL, {"today": today, "items": args.items, "n_columns": Column.objects.count()})
    zcwj = Column.objects.get(organ=organ, slug="zcwj")
    for n in range(5):
        item = item_create(actor=users[Role.CLERK], column=zcwj, title=f"待审核{n}", written_on=today, body="正文")
        item_submit(actor=users[Role.CLERK], item=item)
    with connection.cursor() as cur:
        for table in ("applications_application", "letters_letter", "catalogue_item"):
            cur.execute(f"VACUUM ANALYZE {table}")
    print(f"载入 {args.rows:,} 件申请、{args.rows:,} 份文书、{args.items:,} 条政府信息：{time.perf_counter() - t0:.1f} 秒")

    import time_machine

    clients = {}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    failed = False
    with time_machine.travel(dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=True):
        # The answers first: the clerk's counts against COUNT(*) written by hand.
        html = clients[Role.CLERK].get("/staff/").content.decode()
        shown = {label.strip(): int(n) for n, label in
                 re.findall(r'<span class="count">(\d+)</span> ([^<]+)</a>', html)}
        soon = selectors.due_soon_bound(today)
        sql = {
            "已逾期未答复": ("status IN ('processing','replying') AND due_on < %s", [today]),
            "3个工作日内到期": ("status IN ('processing','replying') AND due_on BETWEEN %s AND %s", [today, soon]),
            "新收待分配经办人": ("status <> 'closed' AND assigned_to_id IS NULL", []),
            "申请人补正期限已过": ("status = 'awaiting_correction' AND waiting_until < %s", [today]),
        }
        with connection.cursor() as cur:
            for label, (where, params) in sql.items():
                cur.execute(f"SELECT COUNT(*) FROM applications_application WHERE organ_id = %s AND {where}",
                            [organ.pk, *params])
                truth = cur.fetchone()[0]
                ok = shown.get(label) == truth
                failed |= not ok
                print(f"{'✓' if ok else '✗'} {label}：页面 {shown.get(label)}，SQL {truth}")
            for label, status in (("待审核人签发的文书", "draft"), ("已发出、未登记送达的文书", "sent"),
                                  ("退回修改的文书", "returned")):
                cur.execute("SELECT COUNT(*) FROM letters_letter l JOIN applications_application a ON a.id = "
                            "l.application_id WHERE a.organ_id = %s AND l.status = %s", [organ.pk, status])
                truth = cur.fetchone()[0]
                ok = shown.get(label) == truth
                failed |= not ok
                print(f"{'✓' if ok else '✗'} {label}：页面 {shown.get(label)}，SQL {truth}")
        queue = clients[Role.REVIEWER].get("/staff/").content.decode()
        entries = int(re.search(r"待我审核（(\d+)）", queue).group(1))
        print(f"审核人待办：{entries} 项（待签发文书、待审核信息）")

        base = lambda: clients[Role.CLERK].get("/staff/password/")  # noqa: E731
        base_ms = None
        for role, label in ((Role.CLERK, "经办人首页"), (Role.REVIEWER, "审核人首页（含待审核队列）"),
                            (Role.COLUMN_OWNER, "栏目负责人首页")):
            client = clients[role]
            ms, b = median_pair(lambda c=client: c.get("/staff/"), base, args.repeat)
            base_ms = b if base_ms is None else min(base_ms, b)
            ok = ms < GOAL_MS
            failed |= not ok
            print(f"{label:<22} 中位数 {ms:7.1f} ms  基准 {b:6.1f} ms  比值 {ms / b:5.1f}  {'✓' if ok else '✗'} < {GOAL_MS} ms")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
