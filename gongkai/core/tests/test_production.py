"""Production settings, security headers, /healthz, request logs, scheduled-job records and /staff/ops/."""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client

from gongkai.core.models import EventLog, EventType
from gongkai.core.testing import client_for

ROOT = Path(__file__).resolve().parents[3]
TEMPLATE_DIRS = [ROOT / "gongkai"]
# Rendered to PDF by WeasyPrint only, never served to a browser: the CSP does not apply to them
# (by name: these, and any template whose file name ends in "pdf.html").
PDF_ONLY = {"letters/letter_document.html"}


def _templates():
    for path in sorted(TEMPLATE_DIRS[0].rglob("templates/**/*.html")):
        rel = path.as_posix().split("/templates/", 1)[1]
        if rel not in PDF_ONLY and not rel.endswith("pdf.html") and "/tests/" not in path.as_posix():
            yield rel, path.read_text()


# --- settings ---------------------------------------------------------------------------------------


def _clean_environ() -> dict:
    """The environment without what the test run itself sets (Playwright's DJANGO_ALLOW_ASYNC_UNSAFE)."""
    return {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")}


def _production_settings(**extra) -> dict:
    env = {**_clean_environ(), "DJANGO_ENV": "production", "SECRET_KEY": "x" * 60 + "production-test-key",
           "ALLOWED_HOSTS": "gongkai.example.gov.cn", **extra}
    code = ("import django, json; django.setup(); from django.conf import settings as s; print(json.dumps({k: "
            "getattr(s, k, None) for k in ['SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
            "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_PROXY_SSL_HEADER', 'X_FRAME_OPTIONS', "
            "'SECURE_REFERRER_POLICY', 'GONGKAI_REQUEST_LOG', 'STORAGES']}, default=str))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": os.environ.get(
        "DJANGO_SETTINGS_MODULE", "config.settings")}, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.pure
def test_production_switch_turns_on_secure_cookies_hsts_and_the_proxy_header():
    s = _production_settings()
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"] and s["SESSION_COOKIE_HTTPONLY"]
    assert s["SECURE_SSL_REDIRECT"] and s["SECURE_HSTS_SECONDS"] >= 31536000
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["X_FRAME_OPTIONS"] == "DENY" and s["SECURE_REFERRER_POLICY"] == "same-origin"
    assert s["GONGKAI_REQUEST_LOG"] is True
    assert "CompressedManifest" in s["STORAGES"]["staticfiles"]["BACKEND"]
    # Every value stays overridable from the environment.
    assert _production_settings(SECURE_SSL_REDIRECT="false")["SECURE_SSL_REDIRECT"] is False


REAL_FOOTER = {"GONGKAI_SITE_CODE": "2305020001", "GONGKAI_ICP": "黑ICP备12345678号",
               "GONGKAI_POLICE_RECORD": "黑公网安备23050202000001号", "SITE_URL": "https://gongkai.example.gov.cn"}


@pytest.mark.pure
def test_check_deploy_is_clean_with_production_settings_and_refuses_the_development_key():
    base = {**_clean_environ(), "DJANGO_ENV": "production", "ALLOWED_HOSTS": "gongkai.example.gov.cn",
            **REAL_FOOTER}
    cmd = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    ok = subprocess.run(cmd, cwd=ROOT, env={**base, "SECRET_KEY": "kV9#qz-production-test-" * 3}, capture_output=True, text=True,
                        timeout=120)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    refused = subprocess.run(cmd, cwd=ROOT, env={k: v for k, v in base.items() if k != "SECRET_KEY"},
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0 and "gongkai.E001" in refused.stdout + refused.stderr


# --- headers, CSP, CSRF --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_page_carries_the_security_headers_and_a_csp_without_inline_code(world, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    for client, url in ((Client(), "/"), (Client(), "/ysqgk/apply/"), (Client(), "/staff/login/"),
                        (client_for(world.district_clerk), "/staff/applications/")):
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    # HSTS only over TLS (behind the proxy: X-Forwarded-Proto), never on plain HTTP.
    assert "Strict-Transport-Security" not in Client().get("/")


@pytest.mark.pure
def test_no_template_holds_inline_script_style_or_event_handlers():
    offenders = []
    for rel, text in _templates():
        for pattern in (r"<script(?![^>]*\bsrc=)", r"<style", r"\sstyle\s*=", r"\son[a-z]+\s*=\s*[\"']",
                        r"javascript:"):
            if re.search(pattern, text, re.IGNORECASE):
                offenders.append(f"{rel}: {pattern}")
    assert offenders == []


@pytest.mark.pure
def test_every_post_form_carries_the_csrf_token():
    missing = []
    for rel, text in _templates():
        for form in re.findall(r"<form\b[^>]*>.*?</form>", text, re.IGNORECASE | re.DOTALL):
            opening = form.split(">", 1)[0].lower()
            if "portal:elder_mode" in opening:  # csrf_exempt on purpose: see portal.views.toggle_elder_mode
                continue
            if 'method="post"' in opening and "{% csrf_token %}" not in form:
                missing.append(f"{rel}: {opening[:80]}")
    assert missing == []


@pytest.mark.django_db
def test_csrf_is_enforced_on_the_public_form_and_staff_login(world):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/ysqgk/apply/", {"applicant_name": "张三"}).status_code == 403
    assert client.post("/staff/login/", {"username": "x", "password": "y"}).status_code == 403
    page = client.get("/staff/login/")
    cookie = page.cookies["csrftoken"]
    assert cookie["httponly"] and "csrfmiddlewaretoken" in page.content.decode()


# --- /healthz -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers_and_no_broker_is_configured(settings):
    settings.CELERY_BROKER_URL = ""
    response = Client().get("/healthz")
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    body = response.json()
    assert body["status"] == "ok" and body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["broker"]["status"] == "eager"


@pytest.mark.django_db
def test_healthz_answers_503_naming_the_broker_when_it_does_not_answer(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error" and body["checks"]["broker"]["status"] == "error"
    assert body["checks"]["database"]["status"] == "ok"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails(monkeypatch):
    from gongkai.core import views

    def broken():
        raise OSError("connection refused")

    monkeypatch.setattr(views, "check_database", broken)
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["checks"]["database"] == {
        "status": "error", "error": "OSError", "ms": response.json()["checks"]["database"]["ms"]}


def _redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=0.5).ping())
    except Exception:  # noqa: BLE001
        return False


@pytest.mark.django_db
@pytest.mark.skipif(not _redis_answers(), reason="no Redis at 127.0.0.1:6379")
def test_healthz_and_ops_page_read_a_real_redis_broker(settings, world):
    import redis

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/13"
    client = redis.Redis(host="127.0.0.1", port=6379, db=13)
    client.delete("celery")
    client.rpush("celery", "a", "b", "c")
    try:
        assert Client().get("/healthz").json()["checks"]["broker"]["status"] == "ok"
        page = client_for(world.sysadmin).get("/staff/ops/").content.decode()
        assert re.search(r'id="queue-celery">3<', page)
    finally:
        client.delete("celery")


# --- request log ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_json_line_per_request_with_timing_and_without_query_or_personal_data(settings, caplog, world):
    from gongkai.core.logging import JsonFormatter

    settings.GONGKAI_REQUEST_LOG = True
    caplog.set_level(logging.INFO, logger="gongkai.request")
    Client().get("/search/?q=230502199001011232&code=SECRET")
    client_for(world.district_clerk).get("/staff/applications/")
    records = [r for r in caplog.records if r.name == "gongkai.request"]
    assert len(records) == 2
    lines = [json.loads(JsonFormatter().format(r)) for r in records]
    assert lines[0]["method"] == "GET" and lines[0]["path"] == "/search/" and lines[0]["status"] == 200
    assert isinstance(lines[0]["ms"], float) and lines[0]["user_id"] is None
    assert lines[1]["user_id"] == world.district_clerk.pk
    text = "\n".join(JsonFormatter().format(r) for r in records)
    assert "230502199001011232" not in text and "SECRET" not in text and world.district_clerk.username not in text


@pytest.mark.django_db
def test_request_log_is_off_unless_asked(settings, caplog):
    settings.GONGKAI_REQUEST_LOG = False
    caplog.set_level(logging.INFO, logger="gongkai.request")
    Client().get("/")
    assert not [r for r in caplog.records if r.name == "gongkai.request"]


# --- scheduled jobs, task failures, /staff/ops/ ------------------------------------------------------


@pytest.mark.django_db
def test_every_scheduled_job_is_a_registered_task():
    from config.celery import app

    app.loader.import_default_modules()
    tasks = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"gongkai.chase_overdue", "gongkai.search_index_upkeep"} <= tasks
    assert tasks <= set(app.tasks)


@pytest.mark.django_db
def test_a_scheduled_job_run_is_recorded_and_shown_on_the_ops_page(world, frozen_today):
    from gongkai.core.tasks import chase_overdue
    from gongkai.search.tasks import search_index_upkeep

    chase_overdue.delay()
    search_index_upkeep.delay()
    runs = EventLog.objects.filter(event_type=EventType.JOB_SUCCEEDED).order_by("id")
    assert [r.details["job"] for r in runs] == ["chase-overdue", "search-index-upkeep"]
    assert all(isinstance(r.details["ms"], int) for r in runs)
    page = client_for(world.sysadmin).get("/staff/ops/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "chase-overdue" in body and "search-index-upkeep" in body and "成功" in body
    assert "未配置消息队列" in body  # the tests run without a broker
    assert client_for(world.district_clerk).get("/staff/ops/").status_code == 404
    assert Client().get("/staff/ops/").status_code == 302


@pytest.mark.django_db
def test_a_failed_task_is_logged_and_a_failed_job_recorded(world, caplog, monkeypatch, settings):
    from gongkai.core import tasks

    settings.CELERY_TASK_EAGER_PROPAGATES = False
    monkeypatch.setattr(tasks, "run_chase", lambda **kw: (_ for _ in ()).throw(RuntimeError("mail server down")))
    caplog.set_level(logging.INFO, logger="gongkai.tasks")
    from config.celery import app

    app.conf.task_eager_propagates = False
    try:
        result = tasks.chase_overdue.apply()
    finally:
        app.conf.task_eager_propagates = True
    assert result.failed()
    failures = [r for r in caplog.records if r.name == "gongkai.tasks" and r.levelno == logging.ERROR]
    assert failures and failures[0].task == "gongkai.chase_overdue" and "mail server down" in failures[0].error
    run = EventLog.objects.get(event_type=EventType.JOB_FAILED)
    assert run.details["job"] == "chase-overdue" and "mail server down" in run.details["error"]
    body = client_for(world.sysadmin).get("/staff/ops/").content.decode()
    assert "失败：RuntimeError: mail server down" in body


@pytest.mark.django_db
def test_search_index_upkeep_adds_missing_and_drops_withdrawn(world, settings, tmp_path):
    from gongkai.catalogue.tests.factories import published
    from gongkai.search.models import SearchDocument
    from gongkai.search.upkeep import search_index_upkeep

    settings.MEDIA_ROOT = tmp_path
    kept, lost = published(world.district, title="保留"), published(world.district, title="漏建")
    SearchDocument.objects.filter(item=lost).delete()
    kept.status = "withdrawn"
    kept.save(update_fields=["status"])
    assert search_index_upkeep() == (1, 1)
    assert list(SearchDocument.objects.values_list("item_id", flat=True)) == [lost.pk]
    assert search_index_upkeep() == (0, 0)


@pytest.mark.django_db
def test_online_application_sends_an_acknowledgement_without_secrets_or_personal_data(
        world, settings, tmp_path, django_capture_on_commit_callbacks):
    from gongkai.applications import services
    from gongkai.applications.tests.factories import ID_CARD, applicant_data

    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        app, code = services.application_submit(data=applicant_data(world.district))
    assert mail.outbox == [] and len(callbacks) == 1  # queued for after the commit, not sent inside it
    callbacks[0]()
    (message,) = mail.outbox
    assert message.to == ["zhangsan@example.com"] and app.tracking_no in message.subject + message.body
    assert code not in message.body and ID_CARD not in message.body and "13800000000" not in message.body
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(data=applicant_data(world.district, email="", delivery="post", phone="13800000001",
                                                                  description="2026年岭东区城市道路维修计划"))
    assert len(mail.outbox) == 1  # no address, no mail


@pytest.mark.django_db
def test_client_address_comes_from_x_forwarded_for_only_through_a_trusted_proxy(settings):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from gongkai.core.middleware import ForwardedForMiddleware

    seen = []

    def view(request):
        seen.append(request.META["REMOTE_ADDR"])
        return HttpResponse()

    settings.GONGKAI_TRUSTED_PROXIES = ["127.0.0.1"]
    middleware = ForwardedForMiddleware(view)
    rf = RequestFactory()
    middleware(rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="127.0.0.1"))
    middleware(rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="198.51.100.7"))  # not a proxy
    middleware(rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 127.0.0.1", REMOTE_ADDR="127.0.0.1"))
    middleware(rf.get("/", REMOTE_ADDR="127.0.0.1"))
    assert seen == ["203.0.113.9", "198.51.100.7", "203.0.113.9", "127.0.0.1"]


@pytest.mark.django_db
def test_public_pages_are_cached_for_anonymous_visitors_only(world, settings):
    from gongkai.portal.services import portal_set

    portal_set(actor=None, organ=world.district, is_default=True)
    settings.GONGKAI_PUBLIC_CACHE_SECONDS = 60
    first, second = Client().get("/xxgk/"), Client().get("/xxgk/")
    assert first["X-Cache"] == "MISS" and second["X-Cache"] == "HIT" and first.content == second.content
    assert not first.cookies and "csrfmiddlewaretoken" not in first.content.decode()
    assert second["Content-Security-Policy"] and second["X-Frame-Options"] == "DENY"
    elder = Client()
    elder.cookies["gongkai_elder"] = "1"
    assert elder.get("/xxgk/")["X-Cache"] == "MISS"  # its own key
    assert 'class="elder"' in elder.get("/xxgk/").content.decode()
    staff = client_for(world.district_clerk)
    for client, url in ((staff, "/xxgk/"), (Client(), "/ysqgk/apply/"), (Client(), "/search/?q=公开"),
                        (Client(), "/healthz"), (staff, "/staff/applications/")):
        client.get(url)
        assert "X-Cache" not in client.get(url), url
    settings.GONGKAI_PUBLIC_CACHE_SECONDS = 0
    assert "X-Cache" not in Client().get("/xxgk/")


@pytest.mark.django_db
def test_a_publication_shows_at_once_despite_the_public_cache(world, settings, django_capture_on_commit_callbacks):
    from gongkai.organs.services import office_update
    from gongkai.portal.services import portal_set

    portal_set(actor=None, organ=world.district, is_default=True)
    settings.GONGKAI_PUBLIC_CACHE_SECONDS = 60
    Client().get("/xxgk/")
    assert Client().get("/xxgk/")["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        office_update(actor=world.district_clerk, organ=world.district, phone="0469-9999999")
    fresh = Client().get("/xxgk/")
    assert fresh["X-Cache"] == "MISS" and "0469-9999999" in fresh.content.decode()
    assert Client().get("/xxgk/")["X-Cache"] == "HIT"


# --- TOTP second factor -------------------------------------------------------------------------------


def _code(device) -> str:
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.django_db
def test_staff_with_a_totp_device_must_enter_the_code_after_the_password(world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=world.district_clerk, name="phone", confirmed=True)
    client = client_for(world.district_clerk)
    response = client.get("/staff/applications/")
    assert response.status_code == 302 and response["Location"].startswith("/staff/otp/?next=/staff/applications/")
    wrong = client.post("/staff/otp/", {"token": "12345", "next": "/staff/applications/"})
    assert wrong.status_code == 400 and "请输入6位数字验证码" in wrong.content.decode()
    bad = client.post("/staff/otp/", {"token": f"{(int(_code(device)) + 1) % 1000000:06d}",
                                      "next": "/staff/applications/"})
    assert bad.status_code in (400, 429) and "验证码" in bad.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None
    device.save()
    ok = client.post("/staff/otp/", {"token": _code(device), "next": "/staff/applications/"})
    assert ok.status_code == 302 and ok["Location"] == "/staff/applications/"
    assert client.get("/staff/applications/").status_code == 200
    # An open redirect through ?next= is refused.
    other = client_for(world.district_clerk)
    device.refresh_from_db()
    assert other.post("/staff/otp/", {"token": "000000", "next": "https://evil.example/"}).status_code in (400, 429)


@pytest.mark.django_db
def test_staff_set_up_totp_by_confirming_a_first_code_and_it_can_be_required(world, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = client_for(world.fgj_clerk)
    assert client.get("/staff/applications/").status_code == 200  # optional by default
    settings.GONGKAI_OTP_REQUIRED = True
    assert client.get("/staff/applications/")["Location"] == "/staff/otp/setup/"
    page = client.get("/staff/otp/setup/")
    assert page.status_code == 200 and "otp-secret" in page.content.decode()
    device = TOTPDevice.objects.get(user=world.fgj_clerk, confirmed=False)
    wrong = "000001" if _code(device) == "000000" else "000000"
    assert client.post("/staff/otp/setup/", {"token": wrong}).status_code == 400
    device.refresh_from_db()
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None  # django-otp's 1 s back-off
    device.save()
    response = client.post("/staff/otp/setup/", {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/staff/applications/").status_code == 200  # verified in this session
