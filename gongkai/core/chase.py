"""督办: the overdue chase. Each app registers a chaser; `manage.py chase_overdue` (and the Celery
beat task) runs them all.

A chaser looks at its own records (applications due soon or overdue, stale columns, …) and returns
what it found as `ChaseItem`s; unless `dry_run`, it also sends its reminders (mail goes out
`on_commit`). Chasers must be idempotent within a day: running the chase twice sends nothing twice.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ChaseItem:
    kind: str  # e.g. "application.overdue", "column.stale"
    organ: str  # the organ's name
    subject: str  # what is late: a 受理编号, a column's name
    detail: str  # a Chinese sentence for the person chased
    recipients: tuple[str, ...] = field(default=())  # usernames or e-mail addresses reminded


Chaser = Callable[..., list[ChaseItem]]  # chaser(*, today: date, dry_run: bool) -> list[ChaseItem]

_CHASERS: dict[str, Chaser] = {}


def register_chaser(name: str) -> Callable[[Chaser], Chaser]:
    """Decorator: `@register_chaser("applications")` on a function `(*, today, dry_run) -> list[ChaseItem]`."""

    def decorator(fn: Chaser) -> Chaser:
        _CHASERS[name] = fn
        return fn

    return decorator


def chasers() -> dict[str, Chaser]:
    return dict(_CHASERS)


def run_chase(*, today: dt.date, dry_run: bool = False, only: str | None = None) -> dict[str, list[ChaseItem]]:
    """Run every registered chaser (or only one) and return what each found."""
    selected = {name: fn for name, fn in _CHASERS.items() if only is None or name == only}
    return {name: fn(today=today, dry_run=dry_run) for name, fn in sorted(selected.items())}
