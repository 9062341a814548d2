"""Named reads of a 考评 period: which organs it covers, their facts, the 考评办法 in force, and the
result shown — the stored 定稿 of a locked period, else computed now.

A period is computed from what existed in it, so data entered later never rewrites it:
- organs of the subtree not deactivated before it began, and not created after it ended (unless they
  hold records of the period: an organ's imported history);
- columns that existed on its statistics day (selectors.column_freshness), items, cases, remedies and
  reports by their own dates (selectors.facts_for);
- plus, here, the days overdue cases have been overdue and the 督办 → 整改 facts.
An organ with no data in the period is 不参评 (indicators.has_data). A locked period shows its Result
rows as stored, whatever changes afterwards.

The query work stays in selectors.facts_for; this layer adds what it does not know and decides
existence, the scheme and participation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from gongkai.annual_reports.format import FIRST_REPORT_YEAR
from gongkai.organs.models import Organ
from gongkai.organs.selectors import subtree
from gongkai.workdays import calendar as wd_calendar
from gongkai.workdays.selectors import lookup_for

from . import selectors
from .indicators import BY_KEY, OrganFacts, Period, has_data
from .models import Evaluation, Notice, NoticeReply, Result, SchemeVersion
from .scoring import Score, rank, scheme, score, without_retired


def day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=timezone.get_current_timezone())


# --- which organs -------------------------------------------------------------------------------


def candidate_organs(root: Organ, period: Period) -> list[Organ]:
    """The subtree's organs not deactivated before the period began (those created after it ended are
    dropped once their facts show no record of the period: existed_in)."""
    return list(subtree(root).filter(Q(is_active=True) | Q(deactivated_at__gte=day_start(period.start)))
                .order_by("path", "name"))


def existed_in(organ: Organ, facts: OrganFacts, period: Period) -> bool:
    return organ.created_at < day_start(period.end + dt.timedelta(days=1)) or has_data(facts)


# --- the facts ----------------------------------------------------------------------------------


def _overdue_days(organs, facts: dict[int, OrganFacts], period: Period, today: dt.date) -> None:
    """Working days past the 答复期限 on the statistics day, summed over each organ's overdue cases."""
    as_of = period.as_of(today)
    by_organ = {o.pk: o for o in organs}
    lookups: dict = {}
    for r in (selectors.overdue_cases(list(facts), period, today=today).order_by()
              .values("organ_id", "due_on").annotate(n=Count("id"))):
        organ = by_organ[r["organ_id"]]
        lookup = lookups.setdefault(organ.region_code, lookup_for(organ))
        days = max(0, wd_calendar.working_days_between(r["due_on"], as_of, lookup))
        facts[organ.pk].overdue_days += days * r["n"]


def _rectification(facts: dict[int, OrganFacts], period: Period, today: dt.date) -> None:
    """督办 still open on the statistics day, and those whose 整改期限 fell in the period, passed, with no
    answer made by then that the supervisor accepted (条例第四十七条)."""
    as_of = period.as_of(today)
    ids = list(facts)
    open_then = (Notice.objects.filter(organ_id__in=ids, issued_on__lte=as_of)
                 .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=as_of)))
    for r in open_then.order_by().values("organ_id").annotate(n=Count("id")):
        facts[r["organ_id"]].rectification_open = r["n"]
    in_time = NoticeReply.objects.filter(notice=OuterRef("pk"), decision=NoticeReply.Decision.ACCEPTED,
                                         replied_on__lte=OuterRef("deadline"))
    for r in (overdue_notices(ids, period, today=today).exclude(Exists(in_time)).order_by()
              .values("organ_id").annotate(n=Count("id"))):
        facts[r["organ_id"]].rectification_overdue = r["n"]


def overdue_notices(organ_ids, period: Period, *, today: dt.date):
    """督办 whose 整改期限 fell in the period and had passed by its statistics day."""
    return Notice.objects.filter(organ_id__in=organ_ids, deadline__range=(period.start, period.end),
                                 deadline__lt=period.as_of(today))


def period_facts(organs, period: Period, *, today: dt.date) -> list[OrganFacts]:
    """Every indicator's facts for the organs over the period (selectors.facts_for and the facts it
    does not read)."""
    organs = list(organs)
    rows = selectors.facts_for(organs, period, today=today)
    by_id = {f.organ_id: f for f in rows}
    if by_id:
        _overdue_days(organs, by_id, period, today)
        _rectification(by_id, period, today)
    return rows


# --- the 考评办法 in force ---------------------------------------------------------------------------


@dataclass
class SchemeInForce:
    rules: dict
    version: SchemeVersion | None  # None: not yet saved for this period
    origin: str  # where it comes from, for the page: "本期第2版", "沿用2025年的考评办法（第3版）", "默认考评办法"


def evaluation_of(root: Organ | None, period: Period) -> Evaluation | None:
    if root is None:
        return None
    return Evaluation.objects.filter(organ=root, year=period.start.year, quarter=period.quarter_no).first()


def nearest_evaluation(organ: Organ, period: Period) -> Evaluation | None:
    """The period's evaluation of the organ's nearest 主管部门 (the deepest ancestor-or-self that has one):
    what a department's clerk sees of their own organ's 考评."""
    ancestors = [int(pk) for pk in organ.path.strip("/").split("/") if pk]
    return (Evaluation.objects.filter(organ_id__in=ancestors, year=period.start.year, quarter=period.quarter_no)
            .select_related("organ").order_by("-organ__depth").first())


def scheme_for(root: Organ | None, period: Period, evaluation: Evaluation | None = None) -> SchemeInForce:
    """The period's latest 考评办法; else the one most recently saved by this 主管部门 (or the nearest one
    above it) for another period; else the default (settings.GONGKAI_SCORING over DEFAULT_SCHEME)."""
    evaluation = evaluation or evaluation_of(root, period)
    if evaluation is not None:
        latest = evaluation.schemes.order_by("-version").first()
        if latest is not None:
            return SchemeInForce(without_retired(latest.rules), latest, f"本期第{latest.version}版")
    if root is not None:
        ancestors = [int(pk) for pk in root.path.strip("/").split("/") if pk]
        inherited = (SchemeVersion.objects.filter(evaluation__organ_id__in=ancestors)
                     .select_related("evaluation__organ").order_by("-evaluation__organ__depth", "-created_at", "-id")
                     .first())
        if inherited is not None:
            where = inherited.evaluation.organ.name if inherited.evaluation.organ_id != root.pk else ""
            return SchemeInForce(without_retired(inherited.rules), None,
                                 f"沿用{where}{inherited.evaluation.period.label}的考评办法（第{inherited.version}版）")
    return SchemeInForce(scheme(), None, "默认考评办法")


def adjustments_of(evaluation: Evaluation | None) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = defaultdict(list)
    if evaluation is not None:
        for a in evaluation.adjustments.filter(withdrawn_at__isnull=True).order_by("created_at", "id"):
            out[a.organ_id].append(a.as_rule_input())
    return out


# --- the result shown ---------------------------------------------------------------------------


def facts_to_json(f: OrganFacts) -> dict:
    out = {}
    for k, v in dataclasses.asdict(f).items():
        out[k] = v.isoformat() if isinstance(v, dt.date | dt.datetime) else v
    return out


def facts_from_json(data: dict) -> OrganFacts:
    names = {f.name: f for f in dataclasses.fields(OrganFacts)}
    kw = {}
    for k, v in data.items():
        if k not in names:
            continue
        if isinstance(v, str) and k in ("report_deadline", "report_first_published_on"):
            v = dt.date.fromisoformat(v)
        elif isinstance(v, str) and k == "report_audited_at":
            v = dt.datetime.fromisoformat(v)
        kw[k] = v
    return OrganFacts(**kw)


def score_of_row(row) -> Score:
    """A stored ResultRow as the Score the pages, exports and diff read."""
    rated = row.verdict != "不参评"
    return Score(facts_from_json(row.facts), row.values, row.score, row.verdict == "合格", list(row.vetoes),
                 dict(row.deductions), rank=row.rank, participating=rated, bonus=row.bonus, penalty=row.penalty,
                 adjustments=list(row.adjustments))


@dataclass
class Outcome:
    """What the dashboard shows for a scope and period."""

    period: Period
    as_of: dt.date
    scores: list[Score]
    scheme: SchemeInForce
    evaluation: Evaluation | None = None
    result: Result | None = None  # the 定稿 shown (locked periods)
    results: list[Result] = field(default_factory=list)  # every 定稿 version, newest first
    stale: list[str] = field(default_factory=list)  # what changed since the 定稿 (scheme, 加分/扣分)

    @property
    def locked(self) -> bool:
        return self.result is not None

    @property
    def rules(self) -> dict:
        """The 考评办法 the scores shown were computed with (a 定稿 keeps its own version)."""
        return without_retired(self.result.scheme.rules) if self.result is not None else self.scheme.rules

    @property
    def scheme_label(self) -> str:
        """Which 考评办法 the scores shown come from."""
        if self.result is not None:
            return f"定稿所用考评办法第{self.result.scheme.version}版"
        return self.scheme.origin


def compute(root: Organ, period: Period, *, rules: dict, adjustments: dict[int, list[dict]],
            today: dt.date) -> list[Score]:
    """Every organ of the root's subtree that existed in the period, scored and ranked now."""
    organs = candidate_organs(root, period)
    facts = period_facts(organs, period, today=today)
    kept = [(o, f) for o, f in zip(organs, facts, strict=True) if existed_in(o, f, period)]
    return rank([score(f, rules, adjustments=adjustments.get(o.pk, ())) for o, f in kept])


def outcome(root: Organ, period: Period, *, today: dt.date | None = None, live: bool = False) -> Outcome:
    """The root's 考评 for the period: the latest 定稿 when locked (unless `live`), else computed now."""
    today = today or timezone.localdate()
    evaluation = evaluation_of(root, period)
    in_force = scheme_for(root, period, evaluation)
    results = list(evaluation.results.order_by("-version")) if evaluation is not None else []
    if results and not live:
        shown = results[0]
        rows = shown.rows.select_related("organ").order_by("rank", "organ__path")
        scores = rank([score_of_row(r) for r in rows])
        stale = []
        if in_force.version is not None and in_force.version.pk != shown.scheme_id:
            stale.append(f"考评办法已修改为第{in_force.version.version}版")
        changed = evaluation.adjustments.filter(Q(created_at__gt=shown.locked_at) | Q(withdrawn_at__gt=shown.locked_at))
        if changed.exists():
            stale.append(f"定稿后人工加分扣分变动{changed.count()}项")
        return Outcome(period, shown.as_of, scores, in_force, evaluation, shown, results, stale)
    scores = compute(root, period, rules=in_force.rules, adjustments=adjustments_of(evaluation), today=today)
    return Outcome(period, period.as_of(today), scores, in_force, evaluation, None, results)


def own_outcome(organs: list[Organ], period: Period, *, today: dt.date | None = None) -> Outcome:
    """A department's own organs (a clerk's or reviewer's view): their rows of their 主管部门's 定稿 when
    it is locked; else computed now with its 考评办法 (no rank: ranking needs the whole subtree)."""
    today = today or timezone.localdate()
    evaluation = nearest_evaluation(organs[0], period) if organs else None
    results = list(evaluation.results.order_by("-version")) if evaluation is not None else []
    in_force = scheme_for(evaluation.organ if evaluation else None, period, evaluation)
    ids = {o.pk for o in organs}
    if results:
        shown = results[0]
        rows = shown.rows.filter(organ_id__in=ids).select_related("organ").order_by("rank", "organ__path")
        return Outcome(period, shown.as_of, [score_of_row(r) for r in rows], in_force, evaluation, shown, results)
    adjustments = adjustments_of(evaluation)
    facts = period_facts(organs, period, today=today)
    scores = [score(f, in_force.rules, adjustments=adjustments.get(o.pk, ()))
              for o, f in zip(organs, facts, strict=True) if existed_in(o, f, period)]
    return Outcome(period, period.as_of(today), scores, in_force, evaluation, None, results)


# --- what changed between two 定稿 versions ---------------------------------------------------------


def result_diff(older: Result, newer: Result) -> list[dict]:
    """Per organ whose result changed: score, verdict and rank before and after, and each indicator whose
    value or deduction changed (the page of a recomputation shows this under its reason)."""
    before = {r.organ_id: r for r in older.rows.select_related("organ")}
    out = []
    for row in newer.rows.select_related("organ").order_by("rank", "organ__path"):
        old = before.pop(row.organ_id, None)
        if old is None:
            out.append({"organ": row.organ, "added": True, "after": row})
            continue
        changes = []
        for key in BY_KEY:
            a, b = old.values.get(key), row.values.get(key)
            da, db = old.deductions.get(key, 0), row.deductions.get(key, 0)
            if a != b or da != db:
                changes.append({"indicator": BY_KEY[key], "before": a, "after": b, "deduction_before": da,
                                "deduction_after": db})
        if changes or (old.score, old.verdict, old.rank, old.bonus, old.penalty, old.adjustments) != (
                row.score, row.verdict, row.rank, row.bonus, row.penalty, row.adjustments):
            out.append({"organ": row.organ, "before": old, "after": row, "changes": changes})
    for old in before.values():
        out.append({"organ": old.organ, "removed": True, "before": old})
    return out


# --- one organ -----------------------------------------------------------------------------------


def organ_score(organ: Organ, period: Period, *, root: Organ | None = None,
                today: dt.date | None = None) -> tuple[Score | None, Outcome]:
    """The organ's score in the period under `root`'s 考评 (default: its nearest 主管部门's): its row of
    the 定稿 when locked, else computed now (unranked). None when the organ did not exist in the period."""
    today = today or timezone.localdate()
    evaluation = evaluation_of(root, period) if root is not None else nearest_evaluation(organ, period)
    results = list(evaluation.results.order_by("-version")) if evaluation is not None else []
    in_force = scheme_for(evaluation.organ if evaluation else root, period, evaluation)
    if results:
        row = results[0].rows.filter(organ=organ).first()
        shown = Outcome(period, results[0].as_of, [], in_force, evaluation, results[0], results)
        return (score_of_row(row) if row else None), shown
    facts = period_facts([organ], period, today=today)[0]
    shown = Outcome(period, period.as_of(today), [], in_force, evaluation, None, results)
    if not existed_in(organ, facts, period):
        return None, shown
    return score(facts, in_force.rules, adjustments=adjustments_of(evaluation).get(organ.pk, ())), shown


def organ_history(organ: Organ, period: Period, *, years: int = 5, root: Organ | None = None,
                  today: dt.date | None = None) -> list[tuple[Period, Score | None]]:
    """The same period of the last `years` years, oldest first: the year-on-year comparison."""
    periods = [period]
    for _ in range(years - 1):
        periods.insert(0, periods[0].previous_year)
    return [(p, organ_score(organ, p, root=root, today=today)[0]) for p in periods if p.start.year >= FIRST_REPORT_YEAR]
