"""Locust users for the load test (run by bench/load_test.py, which prepares the data and the server).

GONGKAI_BENCH_MIX picks the traffic:

- "five" (the default, the goal's mix): the five public pages people read — the portal home, item pages,
  column lists (with paging), the 目录 (with year filters and paging) and search (a Zipf-like spread of
  real queries: a few common ones often, many rare ones once);
- "portal": the five plus the two pages issue 18 added to the portal's load — a published 年度报告's page and
  the 政务咨询 column (/hudong/, with its search) — read while 咨询 and subscribers are present;
- "full": the portal mix plus Atom feeds, the subscription form, the tracking form, tracking look-ups
  (the 查询码 in its header) and application submissions through the API.

Every request goes as nginx would pass it on: X-Forwarded-Proto https and a client address in
X-Forwarded-For (the server trusts 127.0.0.1 as its proxy), so per-address rate limits apply per simulated
visitor, as in production. Each response time is recorded with its page into GONGKAI_BENCH_SAMPLES (JSON
lines) for exact percentiles. GONGKAI_BENCH_SEARCH_HOST sends /search/ to a separate server (as an nginx
`location /search/` would route it to its own gunicorn pool).
"""

import bisect
import itertools
import json
import os
import random
import time

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

DATA = json.loads(open(os.environ["GONGKAI_BENCH_DATA"], encoding="utf-8").read())  # noqa: SIM115
SAMPLES = open(os.environ["GONGKAI_BENCH_SAMPLES"], "a", encoding="utf-8")  # noqa: SIM115
MIX = os.environ.get("GONGKAI_BENCH_MIX", "five")
SEARCH_HOST = os.environ.get("GONGKAI_BENCH_SEARCH_HOST", "")
GROUPS = {"home": "portal", "column": "portal", "mulu": "portal", "item": "portal", "feed": "portal",
          "report": "portal", "hudong": "portal", "subscribe form": "portal", "search": "search", "track form": "tracking", "track api": "tracking", "submit": "submit"}
# Search words by popularity (rank^-1): the corpus's queries first, then its topics.
QUERIES = DATA["queries"]
_CUMULATIVE = list(itertools.accumulate(1 / (r + 1) for r in range(len(QUERIES))))


def query() -> str:
    return QUERIES[bisect.bisect_left(_CUMULATIVE, random.random() * _CUMULATIVE[-1])]


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception, response=None, **kwargs):
    status = getattr(response, "status_code", 0) if response is not None else 0
    SAMPLES.write(json.dumps({"t": time.time(), "g": GROUPS.get(name, "other"), "n": name, "ms": round(response_time, 2),
                              "ok": exception is None, "s": status}) + "\n")


@events.quitting.add_listener
def _flush(environment, **kwargs):
    SAMPLES.flush()


class Visitor(FastHttpUser):
    wait_time = between(0.5, 2.0)  # a reader's think time between pages

    def on_start(self):
        self.ip = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
        self.headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": self.ip}

    def _get(self, url, name, expect=200, headers=None):
        with self.client.get(url, headers={**self.headers, **(headers or {})}, name=name,
                             catch_response=True) as resp:
            if resp.status_code != expect:
                resp.failure(f"{resp.status_code}")

    # --- the five pages ---------------------------------------------------------------------------------

    @task(15)
    def home(self):
        self._get("/", "home")

    @task(35)
    def item(self):
        self._get(f"/xxgk/{random.choice(DATA['items'])}/", "item")

    @task(15)
    def column(self):
        page = random.choice((1, 1, 1, 2, 3, random.randint(4, 50)))
        self._get(f"/xxgk/lm/{random.choice(DATA['columns'])}/?page={page}", "column")

    @task(10)
    def mulu(self):
        year = random.choice(["", "", *DATA["years"]])
        page = random.choice((1, 1, 2, random.randint(3, 20)))
        self._get(f"/xxgk/mulu/?year={year}&page={page}", "mulu")

    @task(25)
    def search(self):
        url = f"/search/?q={query()}" + (f"&page={random.randint(2, 5)}" if random.random() < 0.1 else "")
        self._get(SEARCH_HOST + url if SEARCH_HOST else url, "search")

    # --- issue 18's pages ("portal", "full") --------------------------------------------------------------

    @task(5 if MIX in ("portal", "full") else 0)
    def report(self):
        self._get(f"/ndbg/{DATA['organ']}/{DATA['report_year']}/", "report")

    @task(4 if MIX in ("portal", "full") else 0)
    def hudong(self):
        self._get(random.choice(["/hudong/", "/hudong/?q=供暖", "/hudong/?page=2"]), "hudong")

    # --- the rest of the public traffic ("full") -------------------------------------------------------

    @task(1 if MIX == "full" else 0)
    def subscribe_form(self):
        self._get("/dingyue/", "subscribe form")

    @task(5 if MIX == "full" else 0)
    def feed(self):
        self._get(random.choice(["/feeds/all/"] + [f"/feeds/{c}/" for c in DATA["columns"]]), "feed")

    @task(3 if MIX == "full" else 0)
    def track_form(self):
        self._get("/ysqgk/track/", "track form")

    @task(4 if MIX == "full" else 0)
    def track_api(self):
        case = random.choice(DATA["cases"])
        self._get(f"/api/v1/applications/{case['tracking_no']}", "track api", headers={"X-Query-Code": case["code"]})

    @task(2 if MIX == "full" else 0)
    def submit(self):
        n = random.randrange(10**9)
        body = {"organ": DATA["organ"], "applicant_kind": "natural_person", "applicant_name": f"压测{n % 1000}",
                "id_type": "passport", "id_number": f"E{n:09d}", "phone": f"139{n % 10**8:08d}",
                "email": f"load{n}@example.com", "description": "请公开本区2025年道路维修工程的招标文件和中标结果。",
                "info_form": "electronic", "delivery": "email"}
        with self.client.post("/api/v1/applications", json=body, headers=self.headers, name="submit",
                              catch_response=True) as resp:
            if resp.status_code != 201:
                resp.failure(f"{resp.status_code}")
