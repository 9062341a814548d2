"""Test base shared by every app: fast hashing, a frozen "today", and the `world` fixture.

`world` is a small tree — 双鸭山市人民政府 → 岭东区人民政府 → 发改局 / 教育局 — with one user
per role, built with the factories (no demo loader, so tests stay independent of demo data).
"""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest

SHANGHAI = ZoneInfo("Asia/Shanghai")
# "Today" in tests unless a test travels elsewhere: a working Wednesday in late 2026.
FROZEN_NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On SQLite the tests use a file, as the demo does, not a shared-cache in-memory database: threads then
    lock it the way concurrent requests do (WAL, BEGIN IMMEDIATE, the busy timeout)."""
    import os
    import tempfile
    from pathlib import Path

    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        folder = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())  # memory-backed
        db.setdefault("TEST", {})["NAME"] = str(folder / f"gongkai-test-{os.getpid()}.sqlite3")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    """Uploaded and generated files go to a temporary folder, never the working tree's var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _clear_caches():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen_today():
    """Freeze the clock at FROZEN_NOW (time-machine); yields the traveller for further moves."""
    import time_machine

    with time_machine.travel(FROZEN_NOW, tick=False) as traveller:
        yield traveller


@dataclass
class World:
    city: object
    district: object
    fgj: object
    jyj: object
    users: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["users"][name]
        except KeyError:
            raise AttributeError(name) from None


@pytest.fixture
def world(db):
    """Organs and one user per role. Users: `sysadmin`, `city_supervisor`, `district_supervisor`,
    `district_clerk`, `district_reviewer`, `district_column_owner`, `fgj_clerk`, `fgj_reviewer`,
    `jyj_clerk`, `nobody` (active, no role). Every password is TEST_PASSWORD."""
    from gongkai.organs.models import Organ, Role
    from gongkai.organs.tests.factories import (
        DisclosureOfficeFactory,
        OrganFactory,
        UserFactory,
        user_with_role,
    )

    city = OrganFactory(name="双鸭山市人民政府", kind=Organ.Kind.GOVERNMENT, region_code="230500", short_name="双政")
    district = OrganFactory(name="岭东区人民政府", kind=Organ.Kind.GOVERNMENT, parent=city, short_name="岭政")
    fgj = OrganFactory(name="岭东区发展和改革局", parent=district, short_name="岭发改")
    jyj = OrganFactory(name="岭东区教育局", parent=district, short_name="岭教")
    for organ in (city, district, fgj, jyj):
        DisclosureOfficeFactory(organ=organ)
    w = World(city=city, district=district, fgj=fgj, jyj=jyj)
    w.users.update(
        sysadmin=user_with_role(city, Role.SYSADMIN, username="sysadmin"),
        city_supervisor=user_with_role(city, Role.SUPERVISOR, username="city_supervisor"),
        district_supervisor=user_with_role(district, Role.SUPERVISOR, username="district_supervisor"),
        district_clerk=user_with_role(district, Role.CLERK, username="district_clerk"),
        district_reviewer=user_with_role(district, Role.REVIEWER, username="district_reviewer"),
        district_column_owner=user_with_role(district, Role.COLUMN_OWNER, username="district_column_owner"),
        fgj_clerk=user_with_role(fgj, Role.CLERK, username="fgj_clerk"),
        fgj_reviewer=user_with_role(fgj, Role.REVIEWER, username="fgj_reviewer"),
        jyj_clerk=user_with_role(jyj, Role.CLERK, username="jyj_clerk"),
        nobody=UserFactory(username="nobody"),
    )
    return w


# --- markers and the browser --------------------------------------------------------------------

_DB_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server", "world", "client", "admin_client",
                "django_user_model", "browser_page"}


def pytest_collection_modifyitems(config, items):
    """Mark tests that touch no database as `pure`: the PostgreSQL run skips them (they ran on SQLite)."""
    for item in items:
        uses_db = item.get_closest_marker("django_db") or _DB_FIXTURES & set(getattr(item, "fixturenames", ()))
        if not uses_db:
            item.add_marker(pytest.mark.pure)


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def _chromium():
    """Debian's Chromium driven by Playwright's Python package (no browser download).

    Skips with the reason when no browser is installed, except under GONGKAI_REQUIRE_BROWSER=1 (CI),
    where a missing browser is a failure.
    """
    import os
    import shutil

    if not shutil.which(CHROMIUM):
        if os.environ.get("GONGKAI_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is required (GONGKAI_REQUIRE_BROWSER=1): apt-get install chromium")
        pytest.skip(f"no browser: {CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls in the test body are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(_chromium, live_server):
    """A fresh browser context (own cookies) with a page; `page.base_url` is the live server."""
    context = _chromium.new_context(base_url=live_server.url, locale="zh-CN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()
