"""Gongkai settings, read from the environment (django-environ).

Every value a deployment changes comes from an environment variable (or a `.env` file beside
manage.py); the defaults run the demo on an embedded SQLite file with no other service.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# DJANGO_ENV=production turns on the settings of a real deployment behind a TLS proxy (docs/deploy.md):
# secure cookies, HSTS, HTTPS redirect, hashed static files, JSON request logs. Each stays overridable.
PRODUCTION = env.str("DJANGO_ENV", default="development") == "production"
DEBUG = env.bool("DEBUG", default=False)
# The development key serves the demo and the tests only; `manage.py check --deploy` refuses it
# (gongkai.core.checks), so a production deployment must set SECRET_KEY.
DEVELOPMENT_SECRET_KEY = "django-insecure-gongkai-development-only"
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "gongkai.core.admin_site.GongkaiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "gongkai.core",
    "gongkai.organs",
    "gongkai.workdays",
    "gongkai.annual_reports",
    "gongkai.catalogue",
    "gongkai.search",
    "gongkai.portal",
    "gongkai.applications",
    "gongkai.letters",
    "gongkai.remedies",
    "gongkai.interaction",
    "gongkai.subscriptions",
    "gongkai.supervision",
    "gongkai.zhuanqu",
]

MIDDLEWARE = [
    "gongkai.core.middleware.RequestLogMiddleware",
    "gongkai.core.middleware.ForwardedForMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "gongkai.core.middleware.ContentSecurityPolicyMiddleware",
    "gongkai.core.middleware.PublicPageCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # request.site: the portal serving the request, for the public views of apps that may not import portal.
    "gongkai.portal.middleware.SiteMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # NUL and control characters anywhere in the input: a Chinese 400 before any view runs.
    "gongkai.core.middleware.InputHygieneMiddleware",
    "gongkai.core.middleware.NoStoreMiddleware",
    "gongkai.core.middleware.DatabaseBusyMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gongkai.core.otp.StaffOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Lock-out after repeated failed logins; must stay last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gongkai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.portal.context_processors.site",
                "gongkai.organs.context_processors.staff",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the portal read while a command writes. Every transaction takes the write lock when it
    # begins (BEGIN IMMEDIATE): a deferred one that reads, then writes, fails at once with "database is
    # locked" when another writer got there first, whatever the busy timeout. Taken up front, concurrent
    # writers queue for up to SQLITE_BUSY_SECONDS instead, then see each other's changes (a stale page is
    # refused with the same Chinese conflict message as on PostgreSQL).
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "timeout": env.int("SQLITE_BUSY_SECONDS", default=20),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    })
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One process keeps its own memory cache; several app servers must share one (CACHE_URL=redis://…),
# so that rate limits and the working-day calendar's cache invalidation reach every process.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

AUTH_USER_MODEL = "organs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "gongkai.organs.backends.LockOutModelBackend",
    "gongkai.organs.backends.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "portal:home"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True  # no script reads it: every form carries the token

# Optional TOTP second factor (gongkai.core.otp): staff set it up at /staff/otp/setup/; REQUIRE_STAFF_OTP
# makes it compulsory for every staff user.
GONGKAI_OTP_REQUIRED = env.bool("REQUIRE_STAFF_OTP", default=False)
OTP_TOTP_ISSUER = "Gongkai 政府信息公开"

# Security headers. Behind the TLS proxy (nginx sets X-Forwarded-Proto), HTTPS is enforced and HSTS sent;
# /healthz stays answerable over plain HTTP for the load balancer's probe.
if env.bool("BEHIND_TLS_PROXY", default=PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (gongkai.core.middleware): no inline script or style anywhere on the site.
GONGKAI_CSP = env.str("GONGKAI_CSP", default=(
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"))
# The reverse proxies whose X-Forwarded-For is believed (the client's address for rate limits and the
# log-in lock-out): nginx on the same machine in production; list the proxies' addresses otherwise.
GONGKAI_TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1", "::1"] if PRODUCTION else [])
# Read-only public pages cached for anonymous visitors in the shared cache (gongkai.core.middleware).
GONGKAI_PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=60 if PRODUCTION else 0)
# Pages no cache may keep (Cache-Control: no-store): personal data and 查询码 answers.
GONGKAI_NO_STORE_PREFIXES = ("/staff/", "/ysqgk/", "/api/v1/applications", "/hudong/done/", "/hudong/chaxun/",
                             "/dingyue/")
# Chinese error pages in the portal's chrome; the CSRF page never mentions DEBUG.
CSRF_FAILURE_VIEW = "gongkai.core.views.csrf_failure"
# Limits on reading untrusted files (gongkai.core.untrusted; docs/deploy.md lists them): PDF pages,
# uncompressed size of a DOCX/XLSX and of its text part, characters, seconds and extra memory per file.
GONGKAI_READ_LIMITS = {
    "pages": env.int("READ_MAX_PAGES", default=60),
    "unzipped_mb": env.int("READ_MAX_UNZIPPED_MB", default=50),
    "xml_mb": env.int("READ_MAX_XML_MB", default=16),
    "chars": env.int("READ_MAX_CHARS", default=2_000_000),
    "seconds": env.float("READ_MAX_SECONDS", default=20.0),
    "memory_mb": env.int("READ_MAX_MEMORY_MB", default=300),
}
# Search result pages for anonymous visitors, per normalised query (0 turns it off).
GONGKAI_SEARCH_CACHE_SECONDS = env.int("SEARCH_CACHE_SECONDS", default=30 if PRODUCTION else 0)
# One JSON line per request on the "gongkai.request" logger (method, path without query, status, ms).
GONGKAI_REQUEST_LOG = env.bool("REQUEST_LOG", default=PRODUCTION)

# django-axes: lock a username + address out after repeated failed logins.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "staff/locked_out.html"
AXES_VERBOSE = False
# Beside axes' per-address rule: after this many failures from any address (since the last success) the
# account itself is locked, its user told by mail, until a system administrator unlocks it.
GONGKAI_ACCOUNT_FAILURE_LIMIT = env.int("ACCOUNT_LOCK_FAILURES", default=20)

# Chinese only: no LocaleMiddleware and one language, so a browser that prefers English still gets every page,
# form message and error in Chinese (an English fallback beside Chinese text is worse than none).
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "gongkai" / "static"]
# WhiteNoise serves static files in every mode; finders let it serve them before collectstatic.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Uploaded files on a configurable storage (any Django storage class; the file system by default).
# Hashed, compressed static files in production (run collectstatic first); plain ones otherwise.
STORAGES = {
    "default": {"BACKEND": env.str("MEDIA_STORAGE", default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": env.str("STATIC_STORAGE", default=(
        "whitenoise.storage.CompressedManifestStaticFilesStorage" if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"))},
}

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="gongkai@localhost")

# Background work: Celery with Redis in production; eager (in-process) when no broker is configured.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Every scheduled job (celery beat; each is also a management command). The daily chase runs every
# registered chaser: applications due soon/overdue (reminders), stale columns, annual-report deadline
# warnings, 复议/诉讼 deadlines. The search upkeep re-indexes published items missing from the index
# and drops entries of withdrawn ones. The last run of each shows on /staff/ops/.


def _crontab(**fields):
    """A beat schedule; only its description in a process started without Celery (config/__init__.py)."""
    if env.bool("GONGKAI_WITHOUT_CELERY", default=False):
        return "<crontab: " + " ".join(f"{k}={v}" for k, v in fields.items()) + ">"
    from celery.schedules import crontab

    return crontab(**fields)


CELERY_BEAT_SCHEDULE = {
    "chase-overdue": {"task": "gongkai.chase_overdue", "schedule": _crontab(hour=7, minute=30),
                      "options": {"expires": 3600}},
    # Deadlines computed with an older working-day calendar (a change's own recomputation failed or
    # was interrupted) are recomputed: `manage.py recompute_deadlines`.
    "recompute-deadlines": {"task": "gongkai.workdays.recompute_stale", "schedule": _crontab(hour=2, minute=45),
                            "options": {"expires": 3600}},
    # 精准推送: the daily and weekly digests of what was published (`manage.py send_digests`).
    "subscription-digests": {"task": "gongkai.subscriptions.send_digests", "schedule": _crontab(hour=8, minute=0),
                             "options": {"expires": 3600}},
    "search-index-upkeep": {"task": "gongkai.search_index_upkeep", "schedule": _crontab(hour=3, minute=15),
                            "options": {"expires": 3600}},
}

# An identical online application from the same applicant to the same organ within these minutes is the same
# submission (a refresh, a second click): pointed to the first case, never a second one.
GONGKAI_DUPLICATE_MINUTES = env.int("DUPLICATE_SUBMISSION_MINUTES", default=10)
# Tracking (/ysqgk/track/ and the API): only wrong 查询码 count, per address and per address and case, in
# fixed windows; the wait is stated (gongkai.applications.ratelimit).
GONGKAI_TRACK_LIMITS = {
    "window_minutes": env.int("TRACK_WINDOW_MINUTES", default=15),
    "wrong_per_ip": env.int("TRACK_WRONG_PER_IP", default=20),
    "wrong_per_case": env.int("TRACK_WRONG_PER_CASE", default=5),
}

# 互动交流: reply deadlines in working days after receipt. 政务咨询 10 (a common local rule; 国办秘函〔2019〕19号
# fails a site only when one is left unanswered past three months); 我为政府网站找错 3 (the 国办 找错 platform).
GONGKAI_CONSULTATION_REPLY_WORKDAYS = env.int("CONSULTATION_REPLY_WORKDAYS", default=10)
GONGKAI_SITE_ERROR_REPLY_WORKDAYS = env.int("SITE_ERROR_REPLY_WORKDAYS", default=3)
# 精准推送: the portal's address for links in mail the worker sends (the demo's http://127.0.0.1:8000 if unset).
GONGKAI_SITE_URL = env.str("SITE_URL", default="")
# 政务公开专区 (/zhuanqu/): seconds without a touch before the screen returns to its start page.
GONGKAI_KIOSK_IDLE_SECONDS = env.int("KIOSK_IDLE_SECONDS", default=120)

# Site identity shown in the portal footer until an administrator sets it on the organ's portal
# record (政府网站标识码, ICP 备案号, 公安机关备案号): placeholders, never real numbers.
GONGKAI_SITE_DEFAULTS = {
    "site_code": env.str("GONGKAI_SITE_CODE", default="0000000000"),
    "icp": env.str("GONGKAI_ICP", default="ICP备案号（待填写）"),
    "police_record": env.str("GONGKAI_POLICE_RECORD", default="公安机关备案号（待填写）"),
    # 党政机关网站标识 (中央编办): the site's id on the verification page; empty shows a placeholder badge.
    "conac_id": env.str("GONGKAI_CONAC_ID", default=""),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "gongkai.core.logging.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "json": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        # One JSON line per request, and every failed Celery task (gongkai.core.signals).
        "gongkai.request": {"handlers": ["json"], "level": "INFO", "propagate": False},
        "gongkai.tasks": {"handlers": ["json"], "level": "INFO", "propagate": False},
    },
}
FORMS_URLFIELD_ASSUME_HTTPS = True

# 按件 (国办函〔2020〕109号 第四条): count an applicant's applications of the natural month per organ (the
# default: the organ that answers is the one that charges) or across the whole platform ("platform").
GONGKAI_FEE_PER_ITEM_SCOPE = env.str("FEE_PER_ITEM_SCOPE", default="organ")

# 第四十九条's publication deadlines live in gongkai/annual_reports/deadlines.py; a region that sets
# another date for 乡镇、街道 or 派出机构 may override it with GONGKAI_REPORT_DEADLINES =
# {"dispatched": (2, 28)} here (read in deadlines.py only).
