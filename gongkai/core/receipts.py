"""One-time secrets shown on a receipt page after POST/redirect/GET.

A public form that creates a record with a 查询码 redirects to a receipt page whose address holds no secret;
the code is kept in the submitting browser's session for a few minutes, so a refresh shows the same receipt
(and never submits again) while another browser, or the same one later, sees no code.
"""

from __future__ import annotations

import time

DEFAULT_MINUTES = 30


def remember(request, key: str, number: str, code: str, *, minutes: int = DEFAULT_MINUTES) -> None:
    kept = {k: v for k, v in request.session.get(key, {}).items() if v["until"] > time.time()}
    kept[number] = {"code": code, "until": time.time() + minutes * 60}
    request.session[key] = kept


def code_for(request, key: str, number: str) -> str | None:
    """The code of `number` if this browser created it within its minutes, else None (and forgotten)."""
    kept = request.session.get(key, {})
    entry = kept.get(number)
    if entry is None:
        return None
    if entry["until"] <= time.time():
        kept.pop(number)
        request.session[key] = kept
        return None
    return entry["code"]


def see_other(to, *args, **kwargs):
    """A 303 redirect (the next page is fetched with GET, so a refresh never posts the form again)."""
    from django.shortcuts import redirect

    response = redirect(to, *args, **kwargs)
    response.status_code = 303
    return response
