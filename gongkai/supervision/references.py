"""What a 督办 item says about the row it came from. A drill-down row, a batch-audit finding or an indicator
links to the new-notice page with a reference ("application:YS2026000012", "column:12", "item:40:late",
"remedy:review:3", "finding:7:2", "indicator:overdue_open:2026:0"); the sentence is written here from the
record itself (never from the link), and only for a record of the organ being 督办ed. A reference that names
nothing of that organ gives nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.annual_reports.format import valid_report_year
from gongkai.applications.clock import cn, mark
from gongkai.applications.models import Application, Status
from gongkai.catalogue.freshness import freshness
from gongkai.catalogue.models import Column, Item
from gongkai.organs.models import Organ
from gongkai.remedies.models import Lawsuit, Review

from .indicators import BY_KEY, Period, display
from .models import ReportAudit

MAX_REFS = 50


def _application(organ: Organ, tracking_no: str, today: dt.date) -> str | None:
    a = Application.objects.filter(organ=organ, tracking_no=tracking_no).first()
    if a is None:
        return None
    head = f"依申请公开：受理编号{a.tracking_no}的申请（{cn(a.received_on)}收到）"
    if a.status != Status.CLOSED and a.due_on and a.due_on < today:
        return f"{head}已超过答复期限{mark(a.due)}，至今未答复（《条例》第三十三条）。"
    if a.status == Status.CLOSED and a.on_time is False:
        return f"{head}于{cn(a.closed_on)}才答复，超过答复期限{mark(a.due)}（《条例》第三十三条）。"
    return f"{head}，请核查办理情况。"


def _column(organ: Organ, pk: str, today: dt.date) -> str | None:
    c = Column.objects.filter(organ=organ, pk=pk).first() if pk.isdigit() else None
    if c is None:
        return None
    last = (Item.objects.filter(column=c, status=Item.Status.PUBLISHED).order_by("-published_at")
            .values_list("published_at", flat=True).first())
    state = freshness(timezone.localdate(last) if last else None, c.update_every_days, today)
    if state.is_empty:
        return f"主动公开：栏目“{c.name}”没有任何已发布的信息（空白栏目，国办秘函〔2019〕19号）。"
    if state.is_stale:
        return (f"主动公开：栏目“{c.name}”更新周期{c.update_every_days}天，最近一次发布为{cn(state.last_published)}，"
                f"已超期{state.overdue_days}天未更新（国办秘函〔2019〕19号）。")
    return f"主动公开：栏目“{c.name}”请核查更新情况。"


ITEM_PROBLEMS = {
    "late": "自成文之日起超过20个工作日才发布（《条例》第二十六条）",
    "uninterpreted": "未配发政策解读（国办秘函〔2019〕19号）",
    "no_validity": "未标注有效性，或标为失效、废止却没有废止日期",
}


def _item(organ: Organ, pk: str, problem: str) -> str | None:
    i = Item.objects.filter(organ=organ, pk=pk).first() if pk.isdigit() else None
    if i is None or problem not in ITEM_PROBLEMS:
        return None
    delay = f"，用时{i.publish_delay_workdays}个工作日" if problem == "late" and i.publish_delay_workdays else ""
    return f"主动公开：“{i.title}”（索引号{i.index_no or '无'}）{ITEM_PROBLEMS[problem]}{delay}。"


def _remedy(organ: Organ, kind: str, pk: str) -> str | None:
    model = {"review": Review, "lawsuit": Lawsuit}.get(kind)
    r = model.objects.filter(organ=organ, pk=pk).first() if model and pk.isdigit() else None
    if r is None:
        return None
    done = f"{cn(r.redo_done_on)}才重新答复" if r.redo_done_on else "至今未重新答复"
    return (f"复议诉讼：{r.kind_label}{r.case_no or '（无案号）'}结果为纠正，重新答复期限{mark(r.redo_due)}，{done}"
            "（《行政复议法》第六十四条）。")


def _finding(organ: Organ, audit_pk: str, n: str, runs: dict) -> str | None:
    from .findings import run_findings

    audit = ReportAudit.objects.filter(organ=organ, pk=audit_pk).select_related("run", "organ").first() \
        if audit_pk.isdigit() and n.isdigit() else None
    if audit is None or audit.run is None:
        return None
    if audit.run_id not in runs:  # a run's findings are read once however many of them are referenced
        runs[audit.run_id] = run_findings(audit.run)
    found = next((f for f in runs[audit.run_id] if f.audit.pk == audit.pk and f.n == int(n)), None)
    if found is None:
        return None
    where = f"（{found.cell}" + (f"，印载{found.printed}" if found.printed else "") + "）" if found.cell else ""
    return f"{audit.year}年度报告{found.severity_label}：{found.message}{where}"


def _indicator(organ: Organ, key: str, year: str, quarter: str, scores: dict) -> str | None:
    from .periods import organ_score

    indicator = BY_KEY.get(key)
    if indicator is None or not year.isdigit() or not quarter.isdigit() or int(quarter) > 4 or \
            not valid_report_year(int(year), timezone.localdate()):
        return None
    period = Period.of(int(year), int(quarter))
    if period not in scores:  # one computation per period, however many indicators are referenced
        scores[period] = organ_score(organ, period)[0]
    score = scores[period]
    if score is None:
        return None
    return f"考评指标：{period.label}“{indicator.label}”为{display(indicator, score.values.get(key))}（{indicator.definition}）"


def describe(organ: Organ, refs: list[str], *, today: dt.date | None = None) -> list[tuple[str, str]]:
    """(ref, sentence) for each reference that names a record of `organ`."""
    today = today or timezone.localdate()
    out: list[tuple[str, str]] = []
    runs: dict = {}
    scores: dict = {}
    for ref in refs[:MAX_REFS]:
        kind, _, rest = str(ref).partition(":")
        parts = rest.split(":")
        text = None
        if kind == "application":
            text = _application(organ, rest, today)
        elif kind == "column":
            text = _column(organ, rest, today)
        elif kind == "item" and len(parts) == 2:
            text = _item(organ, *parts)
        elif kind == "remedy" and len(parts) == 2:
            text = _remedy(organ, *parts)
        elif kind == "finding" and len(parts) == 2:
            text = _finding(organ, *parts, runs)
        elif kind == "indicator" and len(parts) == 3:
            text = _indicator(organ, *parts, scores)
        if text:
            out.append((ref, text))
    return out

