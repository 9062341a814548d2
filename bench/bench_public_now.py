#!/usr/bin/env python
"""What the trust rules of issue 18 cost the portal's reads, as ratios against the reads before them, in the same
run, interleaved, on N items:

- search: `backend().match` with the `published_at <= now` filter against the same match without it;
- column list: count + first page of `public(organs)` for a column against `published(organs)`;
- home page counts: `public_column_counts` (one grouped query, the scope of the lists) against
  `column_states` (a subquery per column, the organ's own columns only — what the home page read before);
- 咨询 column: count + first page of `published_consultations` with a search word, over M messages.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_public_now.py \
        --items 100000 --messages 20000

Checks that each pair returns the same rows (no item is in the future here), prints median and p95 of each and
the ratio; the throwaway database is dropped at the end. Not part of `make test`; no timing is asserted.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
QUERIES = ("公开", "营商环境", "最低生活保障", "应急预案", "义务教育", "供暖")


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def stats(samples: list[float]) -> str:
    ordered = sorted(samples)
    return f"median {statistics.median(ordered):6.1f} ms  p95 {ordered[int(0.95 * (len(ordered) - 1))]:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    from bench_search import throwaway_database

    url, drop = throwaway_database()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        run(args)
    finally:
        drop()


def run(args) -> None:
    import datetime as dt

    from bench_search import load
    from django.utils import timezone

    from gongkai.catalogue import selectors as cat
    from gongkai.interaction.models import Kind, Message, Status
    from gongkai.interaction.selectors import published_consultations
    from gongkai.organs.models import Organ
    from gongkai.search.backends import Filters, backend
    from gongkai.search.segment import query_words

    load(args.items, random.Random(7))
    organ = Organ.objects.get(name="基准测试区人民政府")
    organs = Organ.objects.filter(pk=organ.pk)
    now, today = timezone.now(), timezone.localdate()
    Message.objects.bulk_create([Message(
        kind=Kind.CONSULTATION, organ=organ, number=f"ZX{n:010d}", query_code_hash="x",
        title=f"关于{QUERIES[n % len(QUERIES)]}的咨询{n}", content="请问相关政策和办理流程。", consent_publish=True,
        received_on=today - dt.timedelta(days=n % 700), due_on=today, status=Status.ANSWERED, reply="已答复。",
        replied_at=now, replied_on=today, published_at=now - dt.timedelta(minutes=n)) for n in range(args.messages)],
        batch_size=5000)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    engine = backend()
    ids = (organ.pk,)
    slugs = list(cat.columns_of([organ]).values_list("slug", flat=True))

    def search(q, with_now):
        filters = Filters(ids, published_before=timezone.now() if with_now else None)
        return engine.match(query_words(q), filters, limit=10, offset=0)

    def column(slug, with_now):
        qs = (cat.public(organs) if with_now else cat.published(organs)).filter(column__slug=slug)
        return qs.count(), list(qs.values_list("pk", flat=True)[:20])

    def counts(with_now):
        if with_now:
            return {k: v[0] for k, v in cat.public_column_counts(organs).items()}
        return {s.column.slug: s.count for s in cat.column_states([organ]) if s.count}

    def consultations(q):
        qs = published_consultations(organs, q=q)
        return qs.count(), list(qs.values_list("pk", flat=True)[:20])

    pairs = {
        "search": [(lambda q=q, w=w: search(q, w)) for q in QUERIES for w in (False, True)],
        "column list": [(lambda s=s, w=w: column(s, w)) for s in slugs[:6] for w in (False, True)],
        "home counts": [(lambda w=w: counts(w)) for w in (False, True)],
    }
    print(f"{args.items} items, {args.messages} 咨询, {connection.vendor}, {args.repeat} rounds, interleaved")
    for name, calls in pairs.items():
        before, after = [], []
        for _ in range(args.repeat):
            for i in range(0, len(calls), 2):
                t0, r0 = timed(calls[i])
                t1, r1 = timed(calls[i + 1])
                assert r0 == r1, f"{name}: results differ"
                before.append(t0)
                after.append(t1)
        ratio = statistics.median(after) / statistics.median(before)
        print(f"{name:12} before: {stats(before)}   with issue 18: {stats(after)}   ratio {ratio:.2f}")
    samples = []
    for _ in range(args.repeat):
        for q in ("", *QUERIES[:3]):
            t, _r = timed(lambda q=q: consultations(q))
            samples.append(t)
    print(f"{'咨询 column':12} {stats(samples)} (count + first page, with and without a search word)")


if __name__ == "__main__":
    main()
