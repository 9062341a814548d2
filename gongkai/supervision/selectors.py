"""Named reads for 考评: who sees which organs, the facts behind every indicator, the cases and items
behind each number, and the monthly trend.

`facts_for` reads every organ's facts with a fixed number of aggregate queries (GROUP BY organ), never
one query per organ or per case: about 15 queries whatever the number of organs and cases. The rules
over the facts are in indicators.py (pure).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Cast, ExtractMonth
from django.utils import timezone

from gongkai.annual_reports.selectors import report_states
from gongkai.applications import selectors as app_selectors
from gongkai.applications.models import Application, Status
from gongkai.catalogue import selectors as cat_selectors
from gongkai.catalogue.freshness import PUBLISH_WITHIN_WORKING_DAYS, Freshness, freshness
from gongkai.catalogue.models import Column, Item
from gongkai.core.models import EventLog, EventType
from gongkai.interaction.selectors import unanswered_counts, unanswered_over_three_months
from gongkai.organs.models import Organ, Role
from gongkai.organs.selectors import grants_of, is_sysadmin, organs_overseen, organs_with_role, supervises
from gongkai.remedies.models import Lawsuit, Result, Review
from gongkai.workdays import calendar as wd_calendar
from gongkai.workdays.selectors import lookup_for

from .indicators import (
    LONG_STALE_DAYS,
    SHORT_CYCLE_MAX_DAYS,
    OrganFacts,
    Period,
    handling_stats,
)
from .models import Notice, ReportAudit

NORMATIVE_GENRE = "规范性文件"
# A report's lateness is its own indicator; the audit's error count leaves the lateness rule out.
LATENESS_RULES = frozenset({"published.late"})


# --- who sees what -----------------------------------------------------------------------------

def supervised_subtrees(user) -> QuerySet[Organ]:
    """Every active organ of the subtrees where the user holds 主管部门 (an administrator holds none: the
    organs a supervisor may 督办, lock and score)."""
    condition = Q(pk__in=[])
    for grant in grants_of(user):
        if grant.role == Role.SUPERVISOR:
            condition |= Q(path__startswith=grant.organ_path)
    return Organ.objects.filter(condition, is_active=True)


@dataclass
class Scope:
    """Whose 考评 a page shows: a 主管部门's subtree (`root`), or a clerk's or reviewer's own organs."""

    root: Organ | None
    roots: list[Organ]  # the subtrees the user may choose between
    organs: list[Organ]  # a clerk's own organs (root None)
    can_manage: bool  # lock, edit the scheme, 加分/扣分, issue 督办


def scope_for(user, code: str | None = None) -> Scope | None:
    """The scope of the 考评 pages for this user (None: nothing to see, the pages answer 404). A 主管部门
    chooses among the organs it supervises (any organ of its subtree by code), an administrator among the
    organs that have others below them (or the top-level organs where none has); a department's clerk or
    reviewer sees their own organs."""
    from .permissions import can_manage_evaluation

    supervised = [g.organ_id for g in grants_of(user) if g.role == Role.SUPERVISOR]
    if is_sysadmin(user):
        roots = list(Organ.objects.filter(is_active=True, children__isnull=False).distinct().order_by("path"))
        # An installation of single organs (no tree yet): the administrator still opens their 考评.
        roots = roots or list(Organ.objects.filter(is_active=True, parent__isnull=True).order_by("path"))
    else:
        roots = list(Organ.objects.filter(pk__in=supervised, is_active=True).order_by("path"))
    if roots:
        root = roots[0]
        if code:
            chosen = Organ.objects.filter(code=code, is_active=True).first()
            if chosen is None or not (is_sysadmin(user) or supervises(user, chosen)):
                return None
            root = chosen
        return Scope(root, roots, [], can_manage_evaluation(user, root))
    own = list(organs_with_role(user, Role.CLERK, Role.REVIEWER).filter(is_active=True).order_by("path"))
    return Scope(None, [], own, False) if own and not code else None


# --- helpers -----------------------------------------------------------------------------------

def _day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, end+1 00:00) in local time, for DateTimeField ranges."""
    tz = timezone.get_current_timezone()
    return (dt.datetime.combine(start, dt.time(), tzinfo=tz),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=tz))


def _by_organ(rows, value: str = "n") -> dict[int, int]:
    return {r["organ_id"]: r[value] for r in rows}


def _correction_requested() -> Exists:
    """The case's EventLog holds a 告知补正 (第三十条) — read through the (content_type, object_id) index."""
    ct = ContentType.objects.get_for_model(Application)
    return Exists(EventLog.objects.filter(content_type=ct, event_type=EventType.CORRECTION_REQUESTED,
                                          object_id=Cast(OuterRef("pk"), CharField())))


# --- columns -----------------------------------------------------------------------------------

def column_freshness(organ_ids, as_of: dt.date) -> list[tuple[dict, Freshness]]:
    """Every column of the organs that existed on `as_of`, with its freshness then, counting only items
    published by then (catalogue.selectors.column_states reads today only; the 考评 of a past year needs
    31 December). A column existed if it was created by then or already held a published item (an organ's
    imported history), and was not deactivated by then: columns created later never turn a past period's
    result (a 空白栏目 veto) after the fact."""
    _, cutoff = _day_bounds(as_of, as_of)
    published_by = Q(items__status=Item.Status.PUBLISHED, items__published_at__lt=cutoff)
    rows = (Column.objects.filter(organ_id__in=organ_ids)
            .filter(Q(is_active=True) | Q(deactivated_at__gte=cutoff)).order_by()
            .values("id", "organ_id", "name", "update_every_days")
            .annotate(last=Max("items__published_at", filter=published_by))
            .filter(Q(created_at__lt=cutoff) | Q(last__isnull=False)))
    out = []
    for row in rows:
        last = timezone.localdate(row["last"]) if row["last"] else None
        out.append((row, freshness(last, row["update_every_days"], as_of)))
    return out


def is_long_stale(state: Freshness) -> bool:
    return (state.update_every_days is not None and not state.is_empty
            and state.days_since > LONG_STALE_DAYS)


def is_counted_empty(state: Freshness) -> bool:
    """空白栏目, as catalogue.selectors.empty_columns: no published item, and a column with a cycle."""
    return state.is_empty and state.update_every_days is not None


# --- the facts ---------------------------------------------------------------------------------

def facts_for(organs, period: Period, *, today: dt.date | None = None) -> list[OrganFacts]:
    """Every indicator's facts for each organ in `organs` (an iterable of Organ) over `period`."""
    today = today or timezone.localdate()
    organs = list(organs)
    ids = [o.pk for o in organs]
    facts = {o.pk: OrganFacts(o.pk, o.code, o.name, o.kind, o.path) for o in organs}
    if not ids:
        return []
    as_of = period.as_of(today)

    # 主动公开: columns on the statistics day (国办秘函〔2019〕19号 栏目不更新).
    for row, state in column_freshness(ids, as_of):
        f = facts[row["organ_id"]]
        f.columns_total += 1
        if state.is_stale:
            f.stale_any += 1
            if state.update_every_days <= SHORT_CYCLE_MAX_DAYS:
                f.stale_short += 1
        f.long_stale += is_long_stale(state)
        f.empty += is_counted_empty(state)

    # 主动公开: items published in the period.
    lo, hi = _day_bounds(period.start, period.end)
    window = Q(published_at__gte=lo, published_at__lt=hi)
    in_period = cat_selectors.published(ids, active_organs=False).filter(window).order_by()
    for r in in_period.values("organ_id").annotate(n=Count("id")):
        facts[r["organ_id"]].items_published = r["n"]
    for r in normative_without_validity(ids).filter(window).order_by().values("organ_id").annotate(n=Count("id")):
        facts[r["organ_id"]].normative_without_validity = r["n"]
    for r in cat_selectors.late_items(ids, active_organs=False).filter(window).order_by().values("organ_id").annotate(n=Count("id")):
        facts[r["organ_id"]].late_items = r["n"]
    for r in (cat_selectors.policies_without_interpretation(ids, active_organs=False).filter(window).order_by()
              .values("organ_id").annotate(n=Count("id"))):
        facts[r["organ_id"]].policies_without_interpretation = r["n"]

    # 依申请公开: cases closed in the period (a case spanning two years counts in the year it closed).
    apps = Application.objects.filter(organ_id__in=ids)
    for organ_id, n in _by_organ(apps.filter(received_on__range=(period.start, period.end)).order_by()
                                 .values("organ_id").annotate(n=Count("id"))).items():
        facts[organ_id].received = n
    # One pass over the closed cases: grouped by organ, outcome and the two dates the handling time needs,
    # every count a FILTER of the same scan; the organ's totals, outcomes and spans are summed from the groups.
    spans = defaultdict(lambda: defaultdict(int))
    for r in closed_in(ids, period).order_by().values("organ_id", "outcome", "received_on", "closed_on").annotate(
            n=Count("id"), timed=Count("id", filter=Q(on_time__isnull=False)),
            on_time=Count("id", filter=Q(on_time=True)), ext=Count("id", filter=Q(extension_days__gt=0)),
            corrections=Count("id", filter=Q(_correction_requested()))):
        f = facts[r["organ_id"]]
        f.closed += r["n"]
        f.timed += r["timed"]
        f.on_time += r["on_time"]
        f.extensions += r["ext"]
        f.corrections += r["corrections"]
        f.outcomes[r["outcome"]] = f.outcomes.get(r["outcome"], 0) + r["n"]
        spans[r["organ_id"]][(r["received_on"], r["closed_on"])] += r["n"]
    spans = {organ_id: [(received, closed, n) for (received, closed), n in by_span.items()]
             for organ_id, by_span in spans.items()}
    lookups = {}
    for organ in organs:
        if organ.pk in spans:
            lookup = lookups.setdefault(organ.region_code, lookup_for(organ))
            total, longest, spot = handling_stats(
                spans[organ.pk], lambda a, b, lk=lookup: wd_calendar.working_days_between(a, b, lk))
            f = facts[organ.pk]
            f.handling_days_total, f.handling_days_max, f.on_the_spot = total, longest, spot
    for organ_id, n in _by_organ(overdue_cases(ids, period, today=today).order_by().values("organ_id")
                                 .annotate(n=Count("id"))).items():
        facts[organ_id].overdue_open = n

    # 复议/诉讼 decided (or filed) in the period.
    for model in (Review, Lawsuit):
        for r in (model.objects.filter(organ_id__in=ids, decided_on__range=(period.start, period.end))
                  .exclude(result=Result.PENDING).order_by().values("organ_id")
                  .annotate(n=Count("id"), corrected=Count("id", filter=Q(result=Result.CORRECTED)))):
            facts[r["organ_id"]].remedies_decided += r["n"]
            facts[r["organ_id"]].remedies_corrected += r["corrected"]
        for organ_id, n in _by_organ(model.objects.filter(organ_id__in=ids, filed_on__range=(period.start, period.end))
                                     .order_by().values("organ_id").annotate(n=Count("id"))).items():
            facts[organ_id].remedies_filed += n
        for organ_id, n in _by_organ(redo_late(model, ids, period, today=today).order_by().values("organ_id")
                                     .annotate(n=Count("id"))).items():
            facts[organ_id].redo_late += n

    # 互动交流 (国办秘函〔2019〕19号 互动回应差) on the statistics day.
    for organ_id, n in unanswered_counts(ids, as_of=as_of).items():
        facts[organ_id].consultations_unanswered = n

    _report_facts(organs, facts, period.end.year - 1, today=today)
    return [facts[o.pk] for o in organs]


def _report_facts(organs, facts: dict[int, OrganFacts], year: int, *, today: dt.date) -> None:
    """年度报告 on `year` (due in year + 1, 第四十九条), as annual_reports.selectors.report_states says
    (Gongkai's published versions, else the current saved file: the state /staff/reports/ and the chase
    read too); errors and warnings from the latest ReportAudit, else the source's own."""
    ids = list(facts)
    audits = {}
    for r in (ReportAudit.objects.filter(organ_id__in=ids, year=year).order_by("organ_id", "-checked_at", "-id")
              .values("organ_id", "errors", "warnings", "checked_at")):
        audits.setdefault(r["organ_id"], r)
    for state in report_states(organs, year, today=today):
        f = facts[state.organ.pk]
        f.report_year, f.report_deadline = year, state.deadline
        f.report_published, f.report_source = state.is_published, state.source
        f.report_first_published_on = state.first_published_on
        if state.published is not None:
            f.report_errors, f.report_warnings = count_findings(state.published.findings)
        elif state.file is not None:
            f.report_errors, f.report_warnings = state.file.errors, state.file.warnings
        if state.organ.pk in audits:
            a = audits[state.organ.pk]
            f.report_errors, f.report_warnings, f.report_audited_at = a["errors"], a["warnings"], a["checked_at"]
        f.report_late = state.late


def count_findings(findings) -> tuple[int, int]:
    """(errors, warnings), leaving out the lateness rule (its own indicator)."""
    kept = [f for f in findings if f.get("rule") not in LATENESS_RULES]
    return (sum(f.get("severity") == "error" for f in kept), sum(f.get("severity") == "warning" for f in kept))


# --- the cases and items behind the numbers -----------------------------------------------------

def closed_in(organ_ids, period: Period) -> QuerySet[Application]:
    return Application.objects.filter(organ_id__in=organ_ids, status=Status.CLOSED,
                                      closed_on__range=(period.start, period.end))


def overdue_cases(organ_ids, period: Period, *, today: dt.date) -> QuerySet[Application]:
    """Open past their 答复期限 on the statistics day. Today: the 督办 list (applications.selectors.overdue,
    running cases only). A past period: received by 31 December, due before it and not closed by then."""
    base = Application.objects.filter(organ_id__in=organ_ids)
    as_of = period.as_of(today)
    if as_of == today:
        return app_selectors.overdue(today=today, queryset=base)
    return base.filter(received_on__lte=as_of, due_on__lt=as_of).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=as_of))


def redo_late(model, organ_ids, period: Period, *, today: dt.date) -> QuerySet:
    """纠正后未按期重新答复 (行政复议法 第六十四条): a corrected 复议/诉讼 whose new reply was due in the
    period, before the statistics day, and was not made by then (or not yet)."""
    as_of = period.as_of(today)
    return model.objects.filter(organ_id__in=organ_ids, result=Result.CORRECTED,
                                redo_due_on__range=(period.start, period.end), redo_due_on__lt=as_of).filter(
        Q(redo_done_on__isnull=True) | Q(redo_done_on__gt=F("redo_due_on")))


def normative_without_validity(organ_ids) -> QuerySet[Item]:
    """Published 规范性文件 whose 有效性 is missing, or 失效/废止 without a 废止日期."""
    bad = ~Q(validity__in=Item.Validity.values) | Q(
        validity__in=[Item.Validity.EXPIRED, Item.Validity.REPEALED], repealed_on__isnull=True)
    return cat_selectors.published(organ_ids, active_organs=False).filter(genre=NORMATIVE_GENRE).filter(bad)


def drilldown(organ: Organ, period: Period, *, today: dt.date | None = None) -> dict:
    """For the organ page: the lists behind each number."""
    today = today or timezone.localdate()
    as_of = period.as_of(today)
    lo, hi = _day_bounds(period.start, period.end)
    window = Q(published_at__gte=lo, published_at__lt=hi)
    states = column_freshness([organ.pk], as_of)
    stale = sorted(((r, s) for r, s in states if s.is_stale or is_long_stale(s)), key=lambda rs: -rs[1].overdue_days)
    closed = closed_in([organ.pk], period)
    remedies = [*Review.objects.filter(organ=organ, decided_on__range=(period.start, period.end))
                .exclude(result=Result.PENDING),
                *Lawsuit.objects.filter(organ=organ, decided_on__range=(period.start, period.end))
                .exclude(result=Result.PENDING)]
    return {
        "as_of": as_of,
        "stale": stale,
        "empty": [(r, s) for r, s in states if is_counted_empty(s)],
        "late": cat_selectors.late_items([organ.pk]).filter(window).select_related("column"),
        "uninterpreted": cat_selectors.policies_without_interpretation([organ.pk]).filter(window)
        .select_related("column"),
        "no_validity": normative_without_validity([organ.pk]).filter(window).select_related("column"),
        "overdue": overdue_cases([organ.pk], period, today=today).select_related("assigned_to").order_by(
            "due_on", "id"),
        "late_replies": closed.filter(on_time=False).order_by("closed_on", "id"),
        "remedies": sorted(remedies, key=lambda r: (r.decided_on, r.pk)),
        "redo_late": sorted([*redo_late(Review, [organ.pk], period, today=today).select_related("application"),
                             *redo_late(Lawsuit, [organ.pk], period, today=today).select_related("application")],
                            key=lambda r: (r.redo_due_on, r.pk)),
        "audit": ReportAudit.objects.filter(organ=organ, year=period.end.year - 1).first(),
        "unanswered": unanswered_over_three_months([organ.pk], as_of=as_of).order_by("received_on", "id"),
    }


# --- the trend ----------------------------------------------------------------------------------

def monthly(organ_ids, year: int) -> list[dict]:
    """Per month of `year`: cases closed (and on time) and items published (and late), for the chart."""
    months = {m: {"month": m, "closed": 0, "timed": 0, "on_time": 0, "items": 0, "late": 0} for m in range(1, 13)}
    period = Period.year(year)
    for r in (closed_in(organ_ids, period).annotate(m=ExtractMonth("closed_on")).order_by().values("m")
              .annotate(n=Count("id"), timed=Count("id", filter=Q(on_time__isnull=False)),
                        on_time=Count("id", filter=Q(on_time=True)))):
        months[r["m"]].update(closed=r["n"], timed=r["timed"], on_time=r["on_time"])
    lo, hi = _day_bounds(period.start, period.end)
    tz = timezone.get_current_timezone()
    for r in (cat_selectors.published(organ_ids).filter(published_at__gte=lo, published_at__lt=hi)
              .annotate(m=ExtractMonth("published_at", tzinfo=tz)).order_by().values("m")
              .annotate(n=Count("id"), late=Count("id", filter=Q(publish_delay_workdays__gt=PUBLISH_WITHIN_WORKING_DAYS)))):
        months[r["m"]].update(items=r["n"], late=r["late"])
    return list(months.values())


# --- 督办 → 整改 --------------------------------------------------------------------------------------


def notices_visible_to(user) -> QuerySet[Notice]:
    """The 督办 `can_view_notice` allows: to organs the user supervises, or their own organs as a clerk or
    reviewer; all for an administrator."""
    organs = organs_overseen(user, Role.CLERK, Role.REVIEWER)
    return Notice.objects.filter(organ__in=organs).select_related("organ", "issuer", "issued_by")


def notices_due(*, today: dt.date, within_days: int) -> QuerySet[Notice]:
    """督办 awaiting the organ's answer whose 整改期限 is within `within_days` or has passed (the chase)."""
    return (Notice.objects.filter(status__in=Notice.AWAITING_ORGAN, deadline__lte=today + dt.timedelta(days=within_days))
            .select_related("organ").order_by("deadline", "pk"))


def notices_awaiting(user) -> QuerySet[Notice]:
    """For a clerk's home page: the 督办 to their own organs that await their answer, earliest deadline first."""
    return (Notice.objects.filter(organ__in=organs_with_role(user, Role.CLERK), status__in=Notice.AWAITING_ORGAN)
            .select_related("organ", "issuer").order_by("deadline", "pk"))


def notice_list(user, *, state: str = "", today: dt.date) -> QuerySet[Notice]:
    """The 督办 list: all, open, overdue (awaiting the organ past the 整改期限), awaiting review, closed."""
    qs = notices_visible_to(user)
    if state == "open":
        qs = qs.filter(status__in=Notice.OPEN_STATUSES)
    elif state == "overdue":
        qs = qs.filter(status__in=Notice.AWAITING_ORGAN, deadline__lt=today)
    elif state == "review":
        qs = qs.filter(status=Notice.Status.REPLIED)
    elif state == "closed":
        qs = qs.filter(status=Notice.Status.ACCEPTED)
    return qs.order_by("status", "deadline", "-pk")
