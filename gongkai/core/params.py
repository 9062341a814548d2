"""Reading query parameters that people type or edit in the address bar."""

MAX_DIGITS = 9  # no page takes a number longer than this; a longer one is treated as missing


def int_param(value, default=None, *, lo: int | None = None, hi: int | None = None):
    """`value` as an int, or `default` when it is missing, not a whole number or absurdly long; clamped to
    [lo, hi] when given (a huge ?page= or ?year= never reaches the database)."""
    text = str(value).strip() if value is not None else ""
    if len(text.lstrip("+-")) > MAX_DIGITS:
        return default
    try:
        number = int(text)
    except ValueError:
        return default
    if lo is not None:
        number = max(lo, number)
    if hi is not None:
        number = min(hi, number)
    return number


def next_url(request, default: str) -> str:
    """Where a staff POST goes back to: the posted `next` when it is a path of this site's workbench
    (the home page's queue sends its approvals through the objects' own endpoints and comes back),
    else `default`. Never another host (an open redirect) nor a public page."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = (request.POST.get("next") or "").strip()
    if (target.startswith("/staff/") and len(target) <= 200
            and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure())):
        return target
    return default
