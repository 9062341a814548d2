"""Rate limits through django-ratelimit (per IP, per applicant, wrong 查询码) and the 验证码 shown after the first few."""

from __future__ import annotations

import math
import secrets

from django.conf import settings
from django.core.cache import cache
from django_ratelimit.core import ALL, _get_window, _make_cache_key, _split_rate, get_usage

DEFAULT_LIMITS = {
    "ip_per_hour": 20,  # submissions from one address per hour (form and API together)
    "applicant_per_day": 10,  # submissions by one applicant (ID number, or name + contact) per day
    "captcha_after": 2,  # the public form asks a 验证码 from the third submission on
}
_DIGITS = "零一二三四五六七八九十"


def limits() -> dict:
    return {**DEFAULT_LIMITS, **getattr(settings, "GONGKAI_APPLY_LIMITS", {})}


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


# Every count below is django-ratelimit's (`get_usage`: fixed windows, an atomic cache increment — Redis
# INCR in production); only giving a place back (`_release`) is ours, as django-ratelimit never decrements.


def _usage(group: str, value: str, rate: str, *, increment: bool) -> dict:
    usage = get_usage(None, group=group, key=lambda _group, _request: value, rate=rate, increment=increment)
    return usage or {"count": 0, "limit": 0, "should_limit": False, "time_left": 0}  # None: limits switched off


def _release(group: str, value: str, rate: str) -> None:
    _limit, period = _split_rate(rate)
    try:
        cache.decr(_make_cache_key(group, _get_window(value, period), rate, value, ALL))
    except ValueError:  # expired meanwhile: nothing to give back
        pass


def _ip_rate() -> str:
    return f"{limits()['ip_per_hour']}/h"


def _applicant_rate() -> str:
    return f"{limits()['applicant_per_day']}/d"


def ip_allowed(ip: str) -> bool:
    """A cheap early look (before the body is read); `reserve` is what holds the limit."""
    return _usage("apply-ip", ip, _ip_rate(), increment=False)["count"] < limits()["ip_per_hour"]


IP_REFUSED = "ip"
APPLICANT_REFUSED = "applicant"


def reserve(ip: str, identity_key: str) -> str | None:
    """Take a place under the address's and the applicant's limits *before* the write, with the cache's
    atomic increment, so 60 simultaneous requests never get more than the limit through. Returns None
    when both places were taken, else which limit refused (its place given back). A submission that then
    fails gives its places back with `release`."""
    if _usage("apply-ip", ip, _ip_rate(), increment=True)["should_limit"]:
        _release("apply-ip", ip, _ip_rate())
        return IP_REFUSED
    if _usage("apply-applicant", identity_key, _applicant_rate(), increment=True)["should_limit"]:
        _release("apply-applicant", identity_key, _applicant_rate())
        _release("apply-ip", ip, _ip_rate())
        return APPLICANT_REFUSED
    return None


def release(ip: str, identity_key: str) -> None:
    """Give back the places of a submission that was refused (invalid input): only accepted ones count."""
    _release("apply-ip", ip, _ip_rate())
    _release("apply-applicant", identity_key, _applicant_rate())


def captcha_needed(request) -> bool:
    return _usage("apply-ip", client_ip(request), _ip_rate(), increment=False)["count"] >= limits()["captcha_after"]


def new_captcha(request, key: str = "apply_captcha") -> str:
    """A Chinese arithmetic question; the answer stays in the session under `key`."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    request.session[key] = a + b
    return f"{_DIGITS[a]}加{_DIGITS[b]}等于几？（请填阿拉伯数字）"


def captcha_ok(request, answer: str, key: str = "apply_captcha") -> bool:
    expected = request.session.pop(key, None)
    return expected is not None and (answer or "").strip() == str(expected)


# --- tracking (/ysqgk/track/ and the API) ----------------------------------------------------------
# Only wrong 查询码 count, per address and per address and case, in fixed windows: a client is held back
# by its own wrong guesses, never by other clients' (nor is a right code ever counted). A shared address
# (an office, a mobile carrier's NAT) that reaches the address limit can still go on through the form's
# 验证码. The wait is stated: the minutes left in the window.

TRACK_DEFAULTS = {
    "window_minutes": 15,
    "wrong_per_ip": 20,  # wrong codes from one address per window
    "wrong_per_case": 5,  # wrong codes for one 受理编号 from one address per window
}


def track_limits() -> dict:
    return {**TRACK_DEFAULTS, **getattr(settings, "GONGKAI_TRACK_LIMITS", {})}


def _track_rates() -> tuple[str, str]:
    lim = track_limits()
    return f"{lim['wrong_per_ip']}/{lim['window_minutes']}m", f"{lim['wrong_per_case']}/{lim['window_minutes']}m"


def _case(ip: str, tracking_no: str) -> str:
    return f"{ip}:{tracking_no.strip().upper()[:40]}"


def track_wait(ip: str, tracking_no: str) -> int | None:
    """Seconds this client must wait before looking up `tracking_no` again (its own wrong codes reached a
    limit), else None."""
    lim = track_limits()
    ip_rate, case_rate = _track_rates()
    by_ip = _usage("track-ip", ip, ip_rate, increment=False)
    by_case = _usage("track-case", _case(ip, tracking_no), case_rate, increment=False)
    held = [u for u, most in ((by_ip, lim["wrong_per_ip"]), (by_case, lim["wrong_per_case"])) if u["count"] >= most]
    return max(1, max(u["time_left"] for u in held)) if held else None


def track_wrong(ip: str, tracking_no: str) -> None:
    """Count one wrong 查询码 (or unknown 受理编号) against the address and the address and case."""
    ip_rate, case_rate = _track_rates()
    _usage("track-ip", ip, ip_rate, increment=True)
    _usage("track-case", _case(ip, tracking_no), case_rate, increment=True)


def wait_text(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"{minutes}分钟"
