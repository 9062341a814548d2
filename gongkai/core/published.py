"""Records entered into a year whose statistics are already published (a back-dated case, a policy
document made that year): the app that publishes the statistics (annual_reports) registers a check in its
`AppConfig.ready`; the apps where records are entered ask it at entry and show the clerk the warning.
Core knows no app: it only holds the registry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Check = Callable[..., "str | None"]  # fn(organ, day, *, what: str) -> a Chinese warning, or None

_CHECKS: list[Check] = []


def register_published_period_check(fn: Check) -> Check:
    if fn not in _CHECKS:
        _CHECKS.append(fn)
    return fn


def published_period_warnings(organ, day: dt.date | None, *, what: str) -> list[str]:
    """Warnings for a record of `organ` dated `day` (what: "申请", "政府信息" …) entered now."""
    if day is None:
        return []
    return [w for fn in _CHECKS if (w := fn(organ, day, what=what))]
