#!/usr/bin/env python
"""Load test: gunicorn (production settings, 4 workers) + a Celery worker on PostgreSQL and Redis, driven by
Locust at increasing concurrency over loopback. Writes, under the folder given with --out, a table of
throughput, p50/p95/p99 latency and errors per step and per page (load_test.json), a plot (load_test.svg) and
the raw samples; prints the table.

    make bench-install                      # Locust (the [bench] extra)
    make load-test OUT=/tmp/gongkai-load    # 100k items, 50 users, the five-page mix, 4 workers
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/load_test.py \
        --out /tmp/gongkai-load --items 100000 --users 10,25,50,100 --seconds 60 [--mix full] [--search-workers 2]

Creates a throwaway PostgreSQL database (dropped at the end), loads N published catalogue items of the
realistic search corpus (bench/search_corpus.py, with their search index) and N applications, starts
gunicorn on 127.0.0.1 (a free port) and a worker, runs one Locust step per user count (bench/locustfile.py;
think time 0.5–2 s per visitor; --mix five: home, item, column, 目录, search; portal: also a published
report's page and the 咨询 column (20,000 咨询 and 10,000 subscribers are loaded in every mix); full: also feeds, tracking and
submissions), and stops every process by PID. With --search-workers N, /search/ goes to a second gunicorn of
N workers (as nginx would route it; docs/deploy.md). Redis databases 10 and 11 (--redis-dbs) are emptied and
used. Traffic goes to loopback only; each step is bounded in time.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PAGES = ("home", "item", "column", "mulu", "search", "report", "hudong")
sys.path[:0] = [str(ROOT), str(BENCH)]
VENV_BIN = Path(sys.executable).parent
WARMUP_S = 5  # samples of a step's first seconds (ramp-up) are left out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(ordered: list[float], q: float) -> float | None:
    if not ordered:
        return None  # no request of this kind in the mix
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def prepare(args) -> dict:
    """Migrate and load the throwaway database in this process; return what the Locust users need."""
    import django

    django.setup()
    from bench_applications import LOAD_SQL
    from bench_search import GOVERNMENT, load
    from django.core.management import call_command
    from django.db import connection
    from search_corpus import TOPICS

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    corpus = load(args.items, 7)
    from gongkai.applications import services
    from gongkai.applications.models import Applicant
    from gongkai.catalogue.models import Column, Item
    from gongkai.catalogue.selectors import published_years
    from gongkai.organs.models import Organ

    organ = Organ.objects.get(name=GOVERNMENT)
    applicant = Applicant.objects.create(identity_key="bench", kind="natural_person", name="申请人")
    from django.utils import timezone

    with connection.cursor() as cur:
        cur.execute(LOAD_SQL, {"organs": [organ.pk], "n_organs": 1, "today": timezone.localdate(),
                               "applicant": applicant.pk, "rows": args.cases})
        cur.execute("VACUUM ANALYZE")
    cases = []
    for n in range(20):
        app, code = services.application_submit(data={
            "organ": organ.code, "applicant_kind": "commercial", "applicant_name": f"基准公司{n}",
            "contact_person": "王经理", "id_type": "uscc", "id_number": f"91230502MA1C4Q{n:03d}K",
            "phone": "", "email": "", "address": "基准区中山路1号", "description": "请公开本区2025年度财政预算执行情况。",
            "info_form": "electronic", "delivery": "post"})
        cases.append({"tracking_no": app.tracking_no, "code": code})
    report_year = add_report_messages_and_subscribers(organ, args)
    index_nos = list(Item.objects.filter(status="published").order_by("?").values_list("index_no", flat=True)[:3000])
    columns = sorted({c.slug for c in Column.objects.filter(organ=organ, items__isnull=False)})
    # What visitors search for, commonest first: the corpus's planted queries, then its topics.
    queries = [n.query for n, _ in corpus.needles] + list(TOPICS)
    print(f"loaded {Item.objects.count()} items, {args.cases + len(cases)} cases in {time.perf_counter() - t0:.0f} s",
          flush=True)
    years = published_years(Organ.objects.all())
    from django.db import connections

    connections.close_all()
    return {"organ": organ.code, "items": index_nos, "columns": columns, "cases": cases, "queries": queries,
            "years": years, "report_year": report_year}


def add_report_messages_and_subscribers(organ, args) -> int:
    """The parts issue 18 adds, at a real site's scale: a published 年度报告 computed from the 100,000 cases
    (its page is in the mix), --messages 政务咨询 (a third answered and published, the rest open) and
    --subscribers confirmed e-mail subscribers with three subscriptions each (columns, the organ, a term)."""
    import datetime as dt

    from django.utils import timezone

    from gongkai.annual_reports.compute import compute_report
    from gongkai.annual_reports.models import AnnualReport
    from gongkai.interaction.models import Kind, Message, Status
    from gongkai.subscriptions.models import Subscriber, Subscription

    year = timezone.localdate().year - 1
    content = compute_report(organ, year, entered={}, sections={}, published_on=dt.date(year + 1, 1, 20))
    AnnualReport.objects.create(organ=organ, year=year, status=AnnualReport.Status.PUBLISHED, content=content,
                                published_on=dt.date(year + 1, 1, 20), published_at=timezone.now())
    now, today = timezone.now(), timezone.localdate()
    messages = []
    for n in range(args.messages):
        received = today - dt.timedelta(days=n % 700)
        answered = n % 3 == 0
        messages.append(Message(
            kind=Kind.CONSULTATION, organ=organ, number=f"ZX{n:010d}", query_code_hash="x",
            title=f"关于{('供暖', '义务教育', '营商环境', '最低生活保障')[n % 4]}的咨询{n}", content="请问相关政策和办理流程。",
            name="网友", consent_publish=answered, received_on=received, due_on=received + dt.timedelta(days=14),
            status=Status.ANSWERED if answered else Status.OPEN, reply="已答复。" if answered else "",
            replied_at=now if answered else None, replied_on=received + dt.timedelta(days=5) if answered else None,
            published_at=now - dt.timedelta(minutes=n) if answered else None))
    Message.objects.bulk_create(messages, batch_size=5000)
    subscribers = Subscriber.objects.bulk_create(
        [Subscriber(email=f"reader{n}@example.com", confirmed_at=now) for n in range(args.subscribers)], batch_size=5000)
    Subscription.objects.bulk_create([s for sub in subscribers for s in (
        Subscription(subscriber=sub, target="column", value="zcwj", label="规范性文件", confirmed=True),
        Subscription(subscriber=sub, target="organ", value=organ.code, label=organ.name, confirmed=True),
        Subscription(subscriber=sub, target="term", value="供暖", label="供暖", confirmed=True))], batch_size=5000)
    return year


def summarise(path: Path, users: int, seconds: float) -> dict:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    start = min((r["t"] for r in rows), default=0)
    rows = [r for r in rows if r["t"] >= start + WARMUP_S]
    span = max(seconds - WARMUP_S, 1)
    out = {"users": users, "requests": len(rows), "rps": len(rows) / span,
           "errors": sum(1 for r in rows if not r["ok"])}
    every = sorted(r["ms"] for r in rows)
    out.update(p50=percentile(every, 0.5), p95=percentile(every, 0.95), p99=percentile(every, 0.99))
    for group in ("portal", "search", "tracking", "submit"):
        times = sorted(r["ms"] for r in rows if r["g"] == group)
        out[f"{group}_p95"] = percentile(times, 0.95)
        out[f"{group}_p50"] = percentile(times, 0.5)
    for page in PAGES:
        times = sorted(r["ms"] for r in rows if r["n"] == page)
        out[f"{page}_p95"] = percentile(times, 0.95)
    out["error_kinds"] = sorted({f"{r['n']}:{r['s']}" for r in rows if not r["ok"]})
    return out


def svg_plot(results: list[dict], path: Path) -> None:
    """Latency (p50, p95, p99, portal p95) and throughput against concurrent users, as a small SVG."""
    w, h, left, right, top, bottom = 720, 360, 60, 60, 30, 40
    xs = [r["users"] for r in results]
    ymax = max(max(r["p99"] for r in results), 1000) * 1.1
    tmax = max(r["rps"] for r in results) * 1.2

    def x(u):
        return left + (w - left - right) * (xs.index(u) / max(len(xs) - 1, 1))

    def y(v, top_v):
        return top + (h - top - bottom) * (1 - v / top_v)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" '
             f'font-size="11"><rect width="{w}" height="{h}" fill="white"/>',
             f'<text x="{left}" y="18" font-size="13">Gongkai load test: latency (ms, left) and throughput '
             f'(req/s, right) by concurrent users</text>',
             f'<line x1="{left}" y1="{y(1000, ymax):.1f}" x2="{w - right}" y2="{y(1000, ymax):.1f}" stroke="#c00" '
             f'stroke-dasharray="4 3"/><text x="{left + 4}" y="{y(1000, ymax) - 3:.1f}" fill="#c00">1 s</text>',
             f'<line x1="{left}" y1="{y(300, ymax):.1f}" x2="{w - right}" y2="{y(300, ymax):.1f}" stroke="#999" '
             f'stroke-dasharray="2 3"/><text x="{left + 4}" y="{y(300, ymax) - 3:.1f}" fill="#666">300 ms</text>']
    for i in range(6):
        v = ymax * i / 5
        parts.append(f'<text x="{left - 6}" y="{y(v, ymax) + 4:.1f}" text-anchor="end">{v:.0f}</text>')
        t = tmax * i / 5
        parts.append(f'<text x="{w - right + 6}" y="{y(t, tmax) + 4:.1f}">{t:.0f}</text>')
    for u in xs:
        parts.append(f'<text x="{x(u):.1f}" y="{h - bottom + 16}" text-anchor="middle">{u}</text>')
    series = [("p50", "#1f77b4", "p50", ymax), ("p95", "#ff7f0e", "p95", ymax), ("p99", "#d62728", "p99", ymax),
              ("portal_p95", "#2ca02c", "portal p95", ymax), ("rps", "#555", "req/s", tmax)]
    for i, (key, color, label, top_v) in enumerate(series):
        pts = " ".join(f"{x(r['users']):.1f},{y(r[key], top_v):.1f}" for r in results)
        dash = ' stroke-dasharray="6 3"' if key == "rps" else ""
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2"{dash}/>')
        parts.append(f'<text x="{left + 10 + i * 110}" y="{h - 6}" fill="{color}">■ {label}</text>')
    parts.append("</svg>")
    path.write_text("\n".join(parts), encoding="utf-8")


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def table(results: list[dict]) -> str:
    lines = ["| users | requests | req/s | p50 ms | p95 ms | p99 ms | " + " | ".join(f"{p} p95" for p in PAGES)
             + " | errors |", "|" + " ---: |" * (7 + len(PAGES))]
    for r in results:
        lines.append(f"| {r['users']} | {r['requests']} | {r['rps']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} | "
                     f"{r['p99']:.0f} | " + " | ".join(_ms(r[f"{p}_p95"]) for p in PAGES) + f" | {r['errors']} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--users", default="50")
    parser.add_argument("--seconds", type=int, default=60, help="length of each step")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--search-workers", type=int, default=0,
                        help="a second gunicorn of N workers for /search/ (0: the same workers serve it)")
    parser.add_argument("--mix", choices=("five", "portal", "full"), default="five",
                        help="five: home, item, column, 目录, search; portal: also the report page and the 咨询 column")
    parser.add_argument("--messages", type=int, default=20_000, help="政务咨询 messages (a third published)")
    parser.add_argument("--subscribers", type=int, default=10_000, help="confirmed e-mail subscribers")
    parser.add_argument("--redis-dbs", default="10,11", help="Redis databases for the cache and the broker")
    parser.add_argument("--out", required=True, help="folder for the results (created if missing)")
    args = parser.parse_args()
    steps = [int(u) for u in args.users.split(",")]

    from bench_search import throwaway_database

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("请用 DATABASE_URL 指向 PostgreSQL，例如 postgresql://postgres@127.0.0.1:5432/test")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    url, drop = throwaway_database()
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-load-"))
    port, search_port = free_port(), free_port()
    cache_db, broker_db = (int(d) for d in args.redis_dbs.split(","))
    env = {**os.environ, "DJANGO_ENV": "production", "DJANGO_SETTINGS_MODULE": "config.settings",
           "SECRET_KEY": "load-test-" + "x" * 60, "DATABASE_URL": url, "ALLOWED_HOSTS": "127.0.0.1",
           "CELERY_BROKER_URL": f"redis://127.0.0.1:6379/{broker_db}",
           "CACHE_URL": f"redis://127.0.0.1:6379/{cache_db}",
           "EMAIL_URL": "dummymail://", "STATIC_ROOT": str(tmp / "static"), "MEDIA_ROOT": str(tmp / "media"),
           "WHITENOISE_USE_FINDERS": "false", "REQUEST_LOG": "true"}
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "CACHE_URL", "MEDIA_ROOT",
                                           "SECRET_KEY")})
    os.environ["EMAIL_URL"] = "dummymail://"
    procs = []
    try:
        import redis

        for db in (cache_db, broker_db):
            redis.Redis(host="127.0.0.1", port=6379, db=db, socket_timeout=5).flushdb()
        data = prepare(args)
        data_file = tmp / "data.json"
        data_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        subprocess.run([str(VENV_BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT,
                       env=env, check=True, timeout=300)

        def start(name, *cmd):
            log = open(out / f"{name}.log", "wb")  # noqa: SIM115
            procs.append((name, subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                                 start_new_session=True)))

        def gunicorn(name, bind_port, workers):
            start(name, str(VENV_BIN / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{bind_port}",
                  "--workers", str(workers), "--timeout", "60", "--forwarded-allow-ips", "127.0.0.1",
                  "--backlog", "2048")

        gunicorn("gunicorn", port, args.workers)
        if args.search_workers:
            gunicorn("gunicorn-search", search_port, args.search_workers)
        start("worker", str(VENV_BIN / "celery"), "-A", "config", "worker", "--pool=solo", "--loglevel=WARNING",
              "--without-gossip", "--without-mingle", "--without-heartbeat")
        for answering in (port, search_port) if args.search_workers else (port,):
            deadline = time.monotonic() + 60
            while True:
                try:
                    req = urllib.request.Request(f"http://127.0.0.1:{answering}/healthz",
                                                 headers={"X-Forwarded-Proto": "https"})
                    if urllib.request.urlopen(req, timeout=5).status == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not answer /healthz within 60 s")
                time.sleep(0.5)
        results = []
        for users in steps:
            samples = out / f"samples-{users}.jsonl"
            samples.unlink(missing_ok=True)
            cmd = [str(VENV_BIN / "locust"), "-f", str(BENCH / "locustfile.py"), "--headless", "--only-summary",
                   "-u", str(users), "-r", str(max(users // 2, 1)), "-t", f"{args.seconds}s",
                   "--host", f"http://127.0.0.1:{port}", "--stop-timeout", "5", "--loglevel", "WARNING"]
            search_host = f"http://127.0.0.1:{search_port}" if args.search_workers else ""
            subprocess.run(cmd, cwd=BENCH, env={**env, "GONGKAI_BENCH_DATA": str(data_file),
                                                "GONGKAI_BENCH_SAMPLES": str(samples), "GONGKAI_BENCH_MIX": args.mix,
                                                "GONGKAI_BENCH_SEARCH_HOST": search_host},
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=args.seconds + 60)
            result = summarise(samples, users, args.seconds)
            results.append(result)
            print(f"{users:>4} users: {result['rps']:.1f} req/s  p50 {result['p50']:.0f}  p95 {result['p95']:.0f}  "
                  f"p99 {result['p99']:.0f} ms  portal p95 {_ms(result['portal_p95'])} ms  "
                  f"search p95 {_ms(result['search_p95'])} ms  errors {result['errors']} "
                  f"{result['error_kinds'][:5]}", flush=True)
        (out / "load_test.json").write_text(json.dumps({"args": vars(args), "results": results}, indent=1))
        svg_plot(results, out / "load_test.svg")
        crossing = next((r["users"] for r in results if r["p95"] > 1000), None)
        print()
        print(table(results))
        print(f"\np95 passes 1 s at: {crossing if crossing else f'not reached (up to {steps[-1]} users)'}")
        print(f"written: {out / 'load_test.json'}, {out / 'load_test.svg'}")
        return 0
    finally:
        for _name, proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for _name, proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        drop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
