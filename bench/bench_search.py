#!/usr/bin/env python
"""Search latency over N catalogue items, against a LIKE '%词%' scan of the same rows, in the same run.

    .venv/bin/python bench/bench_search.py --items 100000
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_search.py --items 100000

Creates a throwaway database (a temporary SQLite file, or a new PostgreSQL database on the server
DATABASE_URL names), migrates it, loads N published items with bulk_create and a bulk index, then
prints per-query and overall median and p95 latency of `gongkai.search.selectors.search` (count +
first page + highlighted snippets) and of a LIKE scan (count + first page) over the same text, their
ratio, and the render times of /feeds/all/ and the home page. The database is dropped at the end.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = ("公开", "营商环境", "行政规范性文件", "最低生活保障", "应急预案", "政府集中采购", "就业", "安全生产",
           "义务教育", "供暖", "容缺受理", "政务服务一网通办")


def throwaway_database() -> tuple[str, callable]:
    """Point DATABASE_URL at a new, empty database; returns (url, drop)."""
    import environ

    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        cfg = environ.Env.db_url_config(url)
        name = f"gongkai_bench_{os.getpid()}"
        params = {"host": cfg.get("HOST") or None, "port": cfg.get("PORT") or None, "user": cfg.get("USER") or None,
                  "password": cfg.get("PASSWORD") or None, "dbname": "postgres", "autocommit": True}
        with psycopg.connect(**params) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        bench_url = url.rsplit("/", 1)[0] + "/" + name

        def drop():
            from django.db import connections

            connections.close_all()
            with psycopg.connect(**params) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return bench_url, drop
    directory = tempfile.mkdtemp(prefix="gongkai-bench-")
    path = Path(directory) / "bench.sqlite3"

    def drop_sqlite():
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        Path(directory).rmdir()
    return f"sqlite:///{path}", drop_sqlite


def progress(label: str, done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def load(n: int, rng: random.Random) -> None:
    import datetime as dt

    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.catalogue import services
    from gongkai.catalogue.demo import SENTENCES, TITLES
    from gongkai.catalogue.models import Column, Item
    from gongkai.organs.models import Organ
    from gongkai.organs.tests.factories import OrganFactory
    from gongkai.portal.services import portal_set
    from gongkai.search.models import SearchDocument
    from gongkai.search.segment import segment

    organ = OrganFactory(name="基准测试区人民政府", kind=Organ.Kind.GOVERNMENT, short_name="基准")
    portal_set(actor=None, organ=organ, is_default=True)
    services.columns_seed(actor=None, organ=organ)
    columns = [c for c in Column.objects.filter(organ=organ) if c.slug in TITLES]
    extra = SENTENCES + ("申请材料主件齐全、次要材料欠缺时实行容缺受理，限期补齐。",)
    segmented = {s: segment(s) for s in extra}
    title_cache: dict[str, str] = {}
    prefix = organ.code[8:17]
    tz = timezone.get_current_timezone()
    start = dt.datetime(2016, 1, 1, 9, tzinfo=tz)
    span = (dt.datetime(2026, 11, 1, tzinfo=tz) - start).total_seconds()
    batch = 5000
    serial_by_year: dict[int, int] = {}
    for first in range(0, n, batch):
        items, bodies = [], []
        for _ in range(min(batch, n - first)):
            column = rng.choice(columns)
            when = start + dt.timedelta(seconds=rng.random() * span)
            year = when.year
            serial_by_year[year] = serial_by_year.get(year, 0) + 1
            title = rng.choice(TITLES[column.slug]).format(organ=organ.name, year=year, prev=year - 1,
                                                           month=when.month)
            chosen = rng.sample(extra, rng.randint(3, 7))
            items.append(Item(
                organ=organ, column=column, status=Item.Status.PUBLISHED, imported=True, title=title,
                index_no=f"{prefix}/{year}-{serial_by_year[year]:06d}", publisher=organ.name,
                written_on=when.date(), published_at=when, body="\n".join(chosen),
                validity=rng.choice(("valid",) * 7 + ("expired", "repealed", "amended")),
                doc_no=f"基政发〔{year}〕{serial_by_year[year]}号" if column.slug == "zcwj" else "",
                genre="通知", topic="综合政务", keywords="政务公开"))
            bodies.append(chosen)
        with transaction.atomic():
            Item.objects.bulk_create(items)
            docs = []
            for item, chosen in zip(items, bodies, strict=True):
                if item.title not in title_cache:
                    title_cache[item.title] = segment(" ".join(p for p in (item.title, item.doc_no, item.keywords) if p))
                docs.append(SearchDocument(
                    item_id=item.pk, organ_id=organ.pk, column_id=item.column_id, column_slug=item.column.slug,
                    year=item.published_at.year, validity=item.validity, published_at=item.published_at,
                    doc_no_key=item.doc_no, index_no=item.index_no, title_seg=title_cache[item.title],
                    body_seg=" ".join(segmented[s] for s in chosen), text=item.body))
            SearchDocument.objects.bulk_create(docs, batch_size=1000)
        progress("载入", first + len(items), n)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")  # also flushes the GIN pending list
        else:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")


def timed(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=15, help="runs per query (default 15)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    url, drop = throwaway_database()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    try:
        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        load(args.items, random.Random(args.seed))
        load_s = time.perf_counter() - t0
        from gongkai.search.selectors import search

        def like(word: str):
            with connection.cursor() as cursor:
                pattern = f"%{word}%"
                cursor.execute("SELECT count(*) FROM search_searchdocument WHERE text LIKE %s OR title_seg LIKE %s",
                               [pattern, pattern])
                cursor.fetchone()
                cursor.execute("SELECT item_id FROM search_searchdocument WHERE text LIKE %s OR title_seg LIKE %s "
                               "ORDER BY published_at DESC LIMIT 10", [pattern, pattern])
                cursor.fetchall()

        print(f"\n数据库: {connection.vendor}   条目: {args.items}   载入用时: {load_s:.1f} s   每词重复: {args.repeat}")
        print(f"{'查询词':<12}{'命中':>8}{'检索中位':>10}{'检索p95':>10}{'LIKE中位':>10}{'LIKE p95':>10}{'比值(中位)':>12}")
        all_search, all_like = [], []
        for word in QUERIES:
            hits = search(word).total
            search(word), like(word)  # warm caches
            s = timed(lambda w=word: search(w), args.repeat)
            b = timed(lambda w=word: like(w), args.repeat)
            all_search += s
            all_like += b
            print(f"{word:<12}{hits:>8}{statistics.median(s):>9.1f}ms{p95(s):>8.1f}ms"
                  f"{statistics.median(b):>8.1f}ms{p95(b):>8.1f}ms{statistics.median(s) / statistics.median(b):>12.2f}")
        ms, ps = statistics.median(all_search), p95(all_search)
        mb, pb = statistics.median(all_like), p95(all_like)
        print(f"\n全文检索  中位 {ms:.1f} ms  p95 {ps:.1f} ms")
        print(f"LIKE扫描  中位 {mb:.1f} ms  p95 {pb:.1f} ms")
        print(f"比值（检索/LIKE）  中位 {ms / mb:.3f}  p95 {ps / pb:.3f}")
        client = Client()
        for label, path in (("Atom /feeds/all/", "/feeds/all/"), ("Atom /feeds/zcwj/", "/feeds/zcwj/"),
                            ("首页 /", "/"), ("目录 /xxgk/mulu/", "/xxgk/mulu/")):
            client.get(path)
            samples = timed(lambda p=path: client.get(p), max(5, args.repeat // 2))
            print(f"{label:<18} 中位 {statistics.median(samples):.1f} ms  p95 {p95(samples):.1f} ms")
        if connection.vendor == "postgresql":
            print("目标：PostgreSQL 上检索 p95 < 100 ms —", "达到" if ps < 100 else "未达到")
    finally:
        drop()


if __name__ == "__main__":
    main()
