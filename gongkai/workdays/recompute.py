"""Self-healing deadlines: when the calendar changes, every stored deadline that depended on it is
recomputed.

The apps that store deadlines (applications, remedies) sit above this one, so they register a
`Recomputer` here (the chaser-registry pattern): `candidates(scope)` names the rows that may have
used the changed year (or that carry an older calendar version), and `recompute(ids, context)`
recomputes a batch of them in one transaction, writes the change on each row's timeline and
stamps the new version. It returns how many rows' dates (or provisional marks) changed.

Two ways in:
- a calendar write (`services.calendar_year_enter`, `calendar_day_set`, `calendar_day_remove`)
  records a `CalendarRevision` and, on commit, runs `recompute_revision` — one Celery task per
  batch of `BATCH_SIZE` rows, the revision's `cases_done` showing progress on the calendar page;
- the nightly job (`manage.py recompute_deadlines`, beat task `gongkai.workdays.recompute_stale`)
  recomputes everything stored with an older version than the current one.

Tasks run eagerly (in the request, after the commit) when no broker is configured.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from celery import shared_task
from django.db import transaction
from django.db.models import F
from django.utils import timezone

BATCH_SIZE = 200


@dataclass(frozen=True)
class Scope:
    """Which stored deadlines may depend on a change.

    `years`: the calendar years changed (None: any). `region_code`: '' for a national change
    (every organ), a 2/4/6-digit prefix for a regional one (organs whose 行政区划代码 starts with
    it), None for any. `stale_before`: only rows stored with a calendar version below it.
    """

    years: frozenset[int] | None = None
    region_code: str | None = None
    stale_before: int | None = None


@dataclass(frozen=True)
class Context:
    version: int  # the calendar version the new dates are computed with
    reason: str  # shown on each case's timeline, e.g. "录入2027年放假安排（国办发明电〔2026〕…号）"
    revision_id: int | None = None


@dataclass(frozen=True)
class Recomputer:
    candidates: Callable[[Scope], list[int]]
    recompute: Callable[[list[int], Context], int]


_RECOMPUTERS: dict[str, Recomputer] = {}


def register_recomputer(name: str, *, candidates, recompute) -> None:
    """Called from an app's `ready()`: its stored deadlines take part in the recomputation."""
    _RECOMPUTERS[name] = Recomputer(candidates, recompute)


def region_filter(scope: Scope, field: str = "organ__region_code") -> dict:
    """The queryset filter for organs a regional change touches ({} for a national one)."""
    return {f"{field}__startswith": scope.region_code} if scope.region_code else {}


def _batches(scope: Scope) -> list[tuple[str, list[int]]]:
    out = []
    for name, r in sorted(_RECOMPUTERS.items()):
        ids = sorted(r.candidates(scope))
        out += [(name, ids[i:i + BATCH_SIZE]) for i in range(0, len(ids), BATCH_SIZE)]
    return out


@shared_task(name="gongkai.workdays.recompute_batch")
def recompute_batch(name: str, ids: list[int], version: int, reason: str, revision_id: int | None = None) -> int:
    """One batch, one transaction; the revision's progress moves with it."""
    from .models import CalendarRevision

    with transaction.atomic():
        changed = _RECOMPUTERS[name].recompute(ids, Context(version, reason, revision_id))
        if revision_id is not None:
            CalendarRevision.objects.filter(pk=revision_id).update(
                cases_done=F("cases_done") + len(ids), cases_changed=F("cases_changed") + changed)
            CalendarRevision.objects.filter(pk=revision_id, cases_done__gte=F("cases_total"),
                                            finished_at__isnull=True).update(finished_at=timezone.now())
    return changed


@shared_task(name="gongkai.workdays.recompute_revision")
def recompute_revision(revision_id: int) -> int:
    """After a calendar change: count the rows touching its year and region, then one task per batch."""
    from .models import CalendarRevision
    from .selectors import current_version

    revision = CalendarRevision.objects.get(pk=revision_id)
    scope = Scope(years=frozenset({revision.year}), region_code=revision.region_code)
    batches = _batches(scope)
    total = sum(len(ids) for _, ids in batches)
    CalendarRevision.objects.filter(pk=revision_id).update(
        cases_total=total, finished_at=None if total else timezone.now())
    version = current_version()
    for name, ids in batches:
        recompute_batch.delay(name, ids, version, revision.reason, revision_id)
    return total


def recompute_stale(*, dry_run: bool = False) -> tuple[int, int]:
    """The nightly job: every stored deadline computed with an older calendar version.
    Returns (rows looked at, rows whose dates changed); a dry run only counts."""
    from .selectors import current_version

    version = current_version()
    batches = _batches(Scope(stale_before=version))
    total = sum(len(ids) for _, ids in batches)
    if dry_run:
        return total, 0
    changed = 0
    for name, ids in batches:
        changed += recompute_batch(name, ids, version, "工作日历已更新（每日核对）")
    return total, changed


@shared_task(name="gongkai.workdays.recompute_stale")
def recompute_stale_task() -> int:
    return recompute_stale()[0]
