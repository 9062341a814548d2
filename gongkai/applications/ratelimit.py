"""Rate limits on Django's cache (per IP, per applicant) and the 验证码 shown after the first few."""

from __future__ import annotations

import math
import secrets
import time

from django.conf import settings
from django.core.cache import cache

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


def count(key: str) -> int:
    return int(cache.get(f"rl:{key}", 0))


def hit(key: str, window_seconds: int) -> int:
    """Count one more event under `key`; returns the new count."""
    cache.add(f"rl:{key}", 0, window_seconds)
    try:
        return cache.incr(f"rl:{key}")
    except ValueError:  # expired between add and incr
        cache.set(f"rl:{key}", 1, window_seconds)
        return 1


def _release(key: str) -> None:
    try:
        cache.decr(f"rl:{key}")
    except ValueError:  # expired meanwhile: nothing to give back
        pass


def ip_allowed(ip: str) -> bool:
    """A cheap early look (before the body is read); `reserve` is what holds the limit."""
    return count(f"ip:{ip}") < limits()["ip_per_hour"]


IP_REFUSED = "ip"
APPLICANT_REFUSED = "applicant"


def reserve(ip: str, identity_key: str) -> str | None:
    """Take a place under the address's and the applicant's limits *before* the write, with the cache's
    atomic increment (Redis INCR in production), so 60 simultaneous requests never get more than the
    limit through. Returns None when both places were taken, else which limit refused (its place given
    back). A submission that then fails gives its places back with `release`."""
    lim = limits()
    if hit(f"ip:{ip}", 3600) > lim["ip_per_hour"]:
        _release(f"ip:{ip}")
        return IP_REFUSED
    if hit(f"applicant:{identity_key}", 86400) > lim["applicant_per_day"]:
        _release(f"applicant:{identity_key}")
        _release(f"ip:{ip}")
        return APPLICANT_REFUSED
    return None


def release(ip: str, identity_key: str) -> None:
    """Give back the places of a submission that was refused (invalid input): only accepted ones count."""
    _release(f"ip:{ip}")
    _release(f"applicant:{identity_key}")


def captcha_needed(request) -> bool:
    return count(f"ip:{client_ip(request)}") >= limits()["captcha_after"]


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


def _track_window() -> tuple[int, int, int]:
    """(window index, window seconds, seconds left in it)."""
    seconds = track_limits()["window_minutes"] * 60
    now = time.time()
    return int(now // seconds), seconds, max(1, math.ceil(seconds - now % seconds))


def _track_keys(ip: str, tracking_no: str) -> tuple[str, str]:
    index, _seconds, _left = _track_window()
    return f"track:{index}:ip:{ip}", f"track:{index}:case:{ip}:{tracking_no.strip().upper()[:40]}"


def track_wait(ip: str, tracking_no: str) -> int | None:
    """Seconds this client must wait before looking up `tracking_no` again (its own wrong codes reached a
    limit), else None."""
    lim = track_limits()
    ip_key, case_key = _track_keys(ip, tracking_no)
    if count(ip_key) >= lim["wrong_per_ip"] or count(case_key) >= lim["wrong_per_case"]:
        return _track_window()[2]
    return None


def track_wrong(ip: str, tracking_no: str) -> None:
    """Count one wrong 查询码 (or unknown 受理编号) against the address and the address and case."""
    _index, seconds, _left = _track_window()
    for key in _track_keys(ip, tracking_no):
        hit(key, seconds)


def wait_text(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"{minutes}分钟"
