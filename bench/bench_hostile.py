"""Hostile files against the public audit page under gunicorn (4 sync workers), 4 uploads at once, while a
second client fetches the portal home page: the attack of issue 15, measured.

    .venv/bin/python bench/bench_hostile.py [--rounds 2] [--port 18150] [--workers 4]

The files are made here (gongkai.core.hostile; nothing large is committed): the 500-page PDF sharing one
content stream, the DOCX holding 40 MB of paragraphs, the damaged-DOCX family (encrypted entry, unknown and
wrong compression method, corrupt deflate stream, offset past the end, negative seek), and one PDF whose
every page is expensive (under the page limit: it must be cut off by the time limit). A real report from the
shared corpus is uploaded too, to check the bounded reader still reads it right.

Phases, interleaved: home page alone (baseline) → attack → home page alone → attack (→ …). Prints, per upload,
the status, the answer time and the Chinese message; per worker, its peak RSS above its starting RSS (the
reading children are separate processes, bounded by RLIMIT_AS; their peak is printed too); the home page's
p50/p95 alone and during the attack, and their ratio. Goals (issue 15): every hostile upload answered with a
Chinese refusal within the read limit (20 s, plus up to 2 s waiting for one of the server's 2 read slots: 400
for a refused file, 503 "retry later" when both slots stay busy), each worker under +300 MB, home p95 < 1 s
during the attack.

Runs on a throwaway SQLite file (the demo's database) in a temporary folder; traffic goes to 127.0.0.1 only;
each phase is bounded in time; gunicorn is stopped by PID at the end.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(ROOT))

READ_SECONDS = 20.0  # settings.GONGKAI_READ_LIMITS["seconds"]
SLOT_WAIT = 2.0  # settings.GONGKAI_READ_LIMITS["slot_wait"]
RSS_BOUND_MB = 300
P95_GOAL_MS = 1000


def hostile_files() -> dict[str, tuple[str, bytes]]:
    from gongkai.core.hostile import damaged_docx_family, many_page_pdf, paragraph_bomb_docx

    files = {"500-page PDF": ("report.pdf", many_page_pdf()),
             "40 MB-paragraph DOCX": ("report.docx", paragraph_bomb_docx()),
             "60 heavy pages (time limit)": ("report.pdf", many_page_pdf(pages=60, ops=60_000))}
    for name, data in damaged_docx_family().items():
        files[f"damaged DOCX: {name}"] = ("report.docx", data)
    return files


def real_report() -> tuple[str, bytes] | None:
    path = ROOT.parent / "shared" / "corpus" / "pdf" / "js-huaian-hongze-2024.pdf"
    return (path.name, path.read_bytes()) if path.is_file() else None


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


class Monitor(threading.Thread):
    """Samples every 20 ms the RSS of each gunicorn worker and of the reading children they fork."""

    def __init__(self, workers: list[int]):
        super().__init__(daemon=True)
        self.workers = workers
        self.start_kb = {w: rss_kb(w) for w in workers}
        self.peak_kb = dict(self.start_kb)
        self.child_peak_kb = 0
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            for w in self.workers:
                self.peak_kb[w] = max(self.peak_kb[w], rss_kb(w))
                for child in children(w):
                    self.child_peak_kb = max(self.child_peak_kb, rss_kb(child))
            time.sleep(0.02)


def form_token(base: str) -> tuple[str, str]:
    with urllib.request.urlopen(f"{base}/ndbg/audit/", timeout=30) as resp:
        page = resp.read().decode()
        cookie = resp.headers.get("Set-Cookie", "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    csrf = re.search(r"csrftoken=([^;]+)", cookie).group(1)
    return token, csrf


def upload(base: str, filename: str, data: bytes, address: str) -> tuple[int, float, str]:
    """POST a file to the audit page from `address` (X-Forwarded-For): status, seconds, the page's message."""
    token, csrf = form_token(base)
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n{token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(f"{base}/ndbg/audit/", data=body, method="POST", headers={
        "Content-Type": f"multipart/form-data; boundary={boundary}", "Cookie": f"csrftoken={csrf}",
        "X-Forwarded-For": address})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=120) as resp:
            status, page = resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        status, page = exc.code, exc.read().decode()
    seconds = time.monotonic() - started
    found = re.search(r'<p class="error" role="alert">([^<]+)</p>', page)
    message = found.group(1) if found else ("审核结果" if "审核结果" in page else page[:80].replace("\n", " "))
    return status, seconds, message


def home_loop(base: str, stop: threading.Event, out: list[float]) -> None:
    while not stop.is_set():
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"{base}/", timeout=60) as resp:
                resp.read()
            out.append((time.monotonic() - started) * 1000)
        except OSError:
            out.append(60_000.0)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="attack rounds (each: every file, 4 at once)")
    parser.add_argument("--port", type=int, default=18150)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--baseline-seconds", type=float, default=5.0)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="gongkai-hostile-"))
    base = f"http://127.0.0.1:{args.port}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
           "MEDIA_ROOT": str(tmp / "media"), "STATIC_ROOT": str(tmp / "static"), "TRUSTED_PROXIES": "127.0.0.1",
           "DEBUG": "false", "REQUEST_LOG": "false", "EMAIL_URL": "dummymail://", "CACHE_URL": "locmemcache://"}
    subprocess.run([str(VENV_BIN / "python"), "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True,
                   timeout=300)
    subprocess.run([str(VENV_BIN / "python"), "manage.py", "load_demo"], cwd=ROOT, env=env, check=True,
                   timeout=600, stdout=subprocess.DEVNULL)
    log = open(tmp / "gunicorn.log", "wb")  # noqa: SIM115
    server = subprocess.Popen([str(VENV_BIN / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
                               "--workers", str(args.workers), "--timeout", "60", "--forwarded-allow-ips", "127.0.0.1"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not answer /healthz within 60 s") from None
                time.sleep(0.5)
        for _ in range(args.workers * 4):  # warm every worker (imports, templates)
            urllib.request.urlopen(f"{base}/", timeout=30).read()
            urllib.request.urlopen(f"{base}/ndbg/audit/", timeout=30).read()
        workers = children(server.pid)
        print(f"gunicorn {server.pid}, {len(workers)} workers: {workers}; database {tmp / 'db.sqlite3'}")

        files = hostile_files()
        sizes = ", ".join(f"{name} {len(data) // 1024} KB" for name, (_f, data) in files.items())
        print(f"hostile files: {sizes}\n")
        monitor = Monitor(workers)
        monitor.start()
        alone: list[float] = []
        attacked: list[float] = []
        answers: list[tuple[str, int, float, str]] = []
        addresses = iter(f"10.{i // 250}.{i % 250}.1" for i in range(100_000))
        for _round in range(args.rounds):
            stop = threading.Event()
            home = threading.Thread(target=home_loop, args=(base, stop, alone))
            home.start()
            time.sleep(args.baseline_seconds)
            stop.set()
            home.join()
            stop = threading.Event()
            during: list[float] = []
            home = threading.Thread(target=home_loop, args=(base, stop, during))
            home.start()
            with ThreadPoolExecutor(max_workers=4) as pool:
                for name, (filename, data) in files.items():
                    jobs = [pool.submit(upload, base, filename, data, next(addresses)) for _ in range(4)]
                    for job in jobs:
                        answers.append((name, *job.result()))
            stop.set()
            home.join()
            attacked += during
        report = real_report()
        real = upload(base, *report, next(addresses)) if report else None
        monitor.stop.set()
        monitor.join()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()

    print(f"{'upload':<44}{'status':>7}{'seconds':>9}  answer")
    for name, status, seconds, message in answers:
        print(f"{name:<44}{status:>7}{seconds:>9.2f}  {message[:70]}")
    if real:
        print(f"{'real report ' + report[0]:<44}{real[0]:>7}{real[1]:>9.2f}  {real[2][:70]}")
    # 400: the file refused; 503: no free read slot (at most 2 files read at once per server), "retry later".
    refused = [a for a in answers if a[1] in (400, 503) and re.search(r"[\u4e00-\u9fff]", a[3])]
    busy = sum(a[1] == 503 for a in answers)
    slowest = max(a[2] for a in answers)
    print(f"\nChinese refusals: {len(refused)}/{len(answers)} ({busy} of them 503 busy: no free read slot); "
          f"slowest answer {slowest:.2f} s (limit {READ_SECONDS:.0f} s + {SLOT_WAIT:.0f} s waiting for a slot)")
    growth = {w: (monitor.peak_kb[w] - monitor.start_kb[w]) / 1024 for w in monitor.workers}
    for w, mb in growth.items():
        print(f"worker {w}: start {monitor.start_kb[w] / 1024:.0f} MB, peak +{mb:.0f} MB")
    print(f"reading children: peak {monitor.child_peak_kb / 1024:.0f} MB RSS (address space capped at +300 MB)")
    p95_alone, p95_attack = pct(alone, 0.95), pct(attacked, 0.95)
    print(f"home page alone: {len(alone)} requests, p50 {pct(alone, 0.5):.0f} ms, p95 {p95_alone:.0f} ms")
    print(f"home page during the attack: {len(attacked)} requests, p50 {pct(attacked, 0.5):.0f} ms, "
          f"p95 {p95_attack:.0f} ms (ratio {p95_attack / p95_alone:.1f}×)")
    goals = {
        "every hostile upload a Chinese refusal (400, or 503 busy)": len(refused) == len(answers),
        f"every answer within {READ_SECONDS + SLOT_WAIT:.0f} s (+1 s)": slowest <= READ_SECONDS + SLOT_WAIT + 1,
        f"each worker under +{RSS_BOUND_MB} MB": max(growth.values()) < RSS_BOUND_MB,
        f"home p95 under {P95_GOAL_MS} ms during the attack": p95_attack < P95_GOAL_MS,
        "the real report still read": real is None or (real[0] == 200 and real[2] == "审核结果"),
    }
    for goal, met in goals.items():
        print(f"  [{'x' if met else ' '}] {goal}")
    sys.exit(0 if all(goals.values()) else 1)


if __name__ == "__main__":
    main()
