"""考评 pages (/staff/supervision/): the dashboard of a period (locked or computed now), one organ's numbers
with what is behind them and its years compared, the 考评办法 edited per period, 定稿 and its versions,
manual 加分/扣分, and the Excel and PDF exports. Thin: the reads are in periods/selectors, the writes in
services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.annual_reports.format import FIRST_REPORT_YEAR, valid_report_year
from gongkai.applications.outcomes import Outcome as CaseOutcome
from gongkai.core.exceptions import ApplicationError
from gongkai.core.params import int_param
from gongkai.core.permissions import get_object_or_404_for
from gongkai.organs.models import Organ
from gongkai.organs.selectors import subtree

from . import periods, selectors, services
from .chart import trend_svg, yearly_svg
from .export import workbook
from .forms import AdjustmentForm, SchemeForm
from .indicators import BY_KEY, GROUPS, INDICATORS, QUARTER_NAMES, Period, display
from .models import Adjustment, Result
from .permissions import can_issue_notice, can_view_supervision
from .scoring import in_use, scheme_lines, scheme_summary

# Columns of the dashboard table that can be sorted (?sort=key ascending, ?sort=-key descending).
TABLE_KEYS = ("stale_short", "empty", "late_items", "policies_without_interpretation", "on_time_rate",
              "late_replies", "overdue_open", "remedies_corrected", "report_late", "report_errors",
              "rectification_overdue")
SORT_KEYS = ("rank", "score", "name", *TABLE_KEYS)


# --- request parameters ------------------------------------------------------------------------------


def _period(request) -> Period:
    """?year= (2008 to this year, default this year) and ?q= (1–4 for a quarter, default the year)."""
    today = timezone.localdate()
    year = int_param(request.GET.get("year"), today.year)
    if not valid_report_year(year, today):
        year = today.year
    quarter = int_param(request.GET.get("q"), 0)
    return Period.of(year, quarter if 1 <= quarter <= 4 else 0)


def _scope(request, code: str | None = None):
    scope = selectors.scope_for(request.user, code if code is not None else request.GET.get("root") or None)
    if scope is None:
        raise Http404("未找到")
    return scope


def _query(root: Organ | None, period: Period) -> str:
    """The query string that keeps a page's scope (the 主管部门 whose 考评 it is) and period."""
    params = {"year": period.start.year}
    if period.quarter_no:
        params["q"] = period.quarter_no
    if root is not None:
        params["root"] = root.code
    return "&".join(f"{k}={v}" for k, v in params.items())


def _outcome(scope, period: Period) -> periods.Outcome:
    if scope.root is not None:
        return periods.outcome(scope.root, period)
    return periods.own_outcome(scope.organs, period)


def _sorted(scores, sort: str):
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        return scores, "rank"
    reverse = sort.startswith("-")

    def value(s):
        if key == "rank":
            return s.rank
        if key == "score":
            return s.score
        if key == "name":
            return s.facts.path + s.facts.name
        v = s.values.get(key)
        return float(v) if v is not None else None

    present = [s for s in scores if value(s) is not None]
    absent = [s for s in scores if value(s) is None]  # undefined values ("—", 不参评) always last
    return sorted(present, key=value, reverse=reverse) + absent, sort


def _table(scores, previous: dict | None = None) -> list[dict]:
    """The dashboard's rows: each score with its TABLE_KEYS cells as shown, and last year's score."""
    rows = []
    for s in scores:
        before = (previous or {}).get(s.facts.organ_id)
        change = None
        if before is not None and before.score is not None and s.score is not None:
            change = round(s.score - before.score, 1)
        rows.append({"score": s, "cells": [display(BY_KEY[k], s.values.get(k)) for k in TABLE_KEYS],
                     "previous": before, "change": change})
    return rows


QUARTERS = ((0, "全年"), (1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度"))


def _periods_menu(today) -> dict:
    return {"years": range(today.year, FIRST_REPORT_YEAR - 1, -1), "quarters": QUARTERS}


# --- the dashboard -----------------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request):
    scope = _scope(request)
    period = _period(request)
    outcome = _outcome(scope, period)
    previous = {s.facts.organ_id: s for s in _outcome(scope, period.previous_year).scores}
    rows, sort = _sorted(outcome.scores, request.GET.get("sort", "rank"))
    columns = [{"key": k, "indicator": BY_KEY[k], "next": f"-{k}" if sort == k else k} for k in TABLE_KEYS]
    organ_ids = [s.facts.organ_id for s in outcome.scores]
    today = timezone.localdate()
    diff = None
    if outcome.result is not None and len(outcome.results) > 1:
        diff = periods.result_diff(outcome.results[1], outcome.result)
    return render(request, "supervision/dashboard.html", {
        "scope": scope, "period": period, "outcome": outcome, "query": _query(scope.root, period),
        "table": _table(rows, previous), "columns": columns, "sort": sort,
        "score_next": "score" if sort == "-score" else "-score", "name_next": "-name" if sort == "name" else "name",
        "indicators": INDICATORS, "rules": outcome.rules, "lines": scheme_lines(outcome.rules),
        "summary": scheme_summary(outcome.rules), "diff": diff,
        "can_lock": scope.can_manage and period.end < today,
        "chart": trend_svg(selectors.monthly(organ_ids, period.start.year),
                           title=f"{period.start.year}年各月办结件数和按期答复率（{len(organ_ids)}个机关）"),
        **_periods_menu(today),
    })


# --- one organ ---------------------------------------------------------------------------------------


def _ref(kind: str, value) -> str:
    return f"{kind}:{value}"


@login_required
@require_GET
def organ_detail(request, code: str):
    organ = get_object_or_404_for(request.user, Organ, can_view_supervision, code=code)
    period = _period(request)
    root = None
    if request.GET.get("root"):
        scope = _scope(request)
        root = scope.root if scope.root is not None and organ.path.startswith(scope.root.path) else None
    score, shown = periods.organ_score(organ, period, root=root)
    groups = []
    if score is not None:
        scored = in_use(shown.rules)
        for group in GROUPS:
            groups.append({"name": group, "rows": [
                {"indicator": i, "value": display(i, score.values.get(i.key)), "deduction": score.deductions.get(i.key),
                 "scored": i.key in scored} for i in INDICATORS if i.group == group]})
    history = periods.organ_history(organ, period, root=root)
    outcomes = [(CaseOutcome(k).label if k in CaseOutcome.values else k, n)
                for k, n in sorted(score.facts.outcomes.items(), key=lambda kv: -kv[1])] if score else []
    from .models import Notice

    return render(request, "supervision/organ.html", {
        "organ": organ, "period": period, "score": score, "shown": shown, "groups": groups, "outcomes": outcomes,
        "d": selectors.drilldown(organ, period), "query": _query(root, period),
        "can_issue": can_issue_notice(request.user, organ), "issue_url": reverse("supervision:notice_new"),
        "history": [{"period": p, "score": s, "cells": [display(BY_KEY[k], s.values.get(k)) for k in TABLE_KEYS]
                     if s else []} for p, s in history],
        "history_keys": [BY_KEY[k] for k in TABLE_KEYS],
        "notices": Notice.objects.filter(organ=organ).order_by("-issued_on", "-pk")[:20],
        "chart": trend_svg(selectors.monthly([organ.pk], period.start.year),
                           title=f"{organ.name}{period.start.year}年各月办结件数和按期答复率"),
        "yearly": yearly_svg([(p.label, s.score if s else None) for p, s in history],
                             title=f"{organ.name}各年同期（{QUARTER_NAMES.get(period.quarter_no, '全年')}）考评得分"),
        **_periods_menu(timezone.localdate()),
    })


# --- exports -----------------------------------------------------------------------------------------


def _unit(scope) -> str:
    """制表单位: the 主管部门 whose 考评 it is (a department's own view: its own name)."""
    if scope.root is not None:
        return scope.root.name
    return "、".join(o.name for o in scope.organs)


@login_required
@require_GET
def export_xlsx(request):
    scope = _scope(request)
    period = _period(request)
    outcome = _outcome(scope, period)
    response = HttpResponse(workbook(outcome, unit=_unit(scope), generated=timezone.localtime()),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="supervision-{period.key}.xlsx"'
    return response


@login_required
@require_GET
def export_pdf(request):
    """The ranked table, each indicator's deductions and the 评分细则 as an A4 PDF (WeasyPrint)."""
    from weasyprint import HTML

    scope = _scope(request)
    period = _period(request)
    outcome = _outcome(scope, period)
    rules = outcome.rules
    html = render_to_string("supervision/export_pdf.html", {
        "period": period, "outcome": outcome, "table": _table(outcome.scores), "columns": [BY_KEY[k] for k in TABLE_KEYS],
        "scored": [BY_KEY[k] for k in in_use(rules)], "indicators": INDICATORS, "rules": rules,
        "lines": scheme_lines(rules), "summary": scheme_summary(rules), "unit": _unit(scope),
        "generated": timezone.localtime(),
    })
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="supervision-{period.key}.pdf"'
    return response


# --- the 考评办法, 定稿, 加分/扣分 -------------------------------------------------------------------------


def _managed(request):
    scope = _scope(request)
    if scope.root is None or not scope.can_manage:
        raise Http404("未找到")
    return scope


@login_required
@require_http_methods(["GET", "POST"])
def scheme_edit(request):
    scope = _managed(request)
    period = _period(request)
    in_force = periods.scheme_for(scope.root, period)
    evaluation = periods.evaluation_of(scope.root, period)
    form = SchemeForm(request.POST or None, rules=in_force.rules)
    error, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                version = services.scheme_save(actor=request.user, root=scope.root, period=period, rules=form.rules(),
                                               reason=form.cleaned_data["reason"])
            except ApplicationError as exc:
                error, status = exc.message, 400
            else:
                messages.success(request, f"已保存{period.label}考评办法第{version.version}版。")
                return redirect(reverse("supervision:dashboard") + "?" + _query(scope.root, period) + "#rules")
        else:
            error, status = "请检查标出的填写项。", 400
    return render(request, "supervision/scheme.html", {
        "scope": scope, "period": period, "form": form, "in_force": in_force, "error": error,
        "versions": evaluation.schemes.select_related("created_by").order_by("-version") if evaluation else [],
        "query": _query(scope.root, period), "locked": bool(evaluation and evaluation.is_locked),
    }, status=status)


@login_required
@require_POST
def lock(request):
    scope = _managed(request)
    period = _period(request)
    try:
        result = services.evaluation_lock(actor=request.user, root=scope.root, period=period,
                                          reason=request.POST.get("reason", ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("supervision:dashboard") + "?" + _query(scope.root, period))
    messages.success(request, f"{period.label}考评已定稿（第{result.version}版）。")
    return redirect(reverse("supervision:result", args=[result.pk]))


def _can_view_result(user, result: Result) -> bool:
    scope = selectors.scope_for(user, result.evaluation.organ.code)
    return scope is not None and scope.root == result.evaluation.organ


@login_required
@require_GET
def result_detail(request, pk: int):
    """One 定稿 version: who locked it when, with which 考评办法, why; what changed against the version before."""
    result = get_object_or_404_for(request.user, Result.objects.select_related("evaluation__organ", "scheme",
                                                                               "locked_by"), _can_view_result, pk=pk)
    previous = result.evaluation.results.filter(version__lt=result.version).order_by("-version").first()
    return render(request, "supervision/result.html", {
        "result": result, "previous": previous,
        "diff": periods.result_diff(previous, result) if previous else None,
        "rows": result.rows.select_related("organ").order_by("rank", "organ__path"),
        "versions": result.evaluation.results.select_related("locked_by").order_by("-version"),
        "lines": scheme_lines(result.scheme.rules), "period": result.evaluation.period,
        "query": _query(result.evaluation.organ, result.evaluation.period),
    })


@login_required
@require_http_methods(["GET", "POST"])
def adjustments(request):
    scope = _managed(request)
    period = _period(request)
    in_force = periods.scheme_for(scope.root, period)
    organs = subtree(scope.root).filter(is_active=True).order_by("path")
    form = AdjustmentForm(request.POST or None, request.FILES or None, organs=organs, bonus=in_force.rules["bonus"])
    error, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            upload = d.get("attachment")
            try:
                services.adjustment_add(actor=request.user, root=scope.root, period=period, organ=d["organ"],
                                        kind=d["kind"], points=d["points"], reason=d["reason"], item=d.get("item") or "",
                                        attachment=upload, attachment_name=upload.name if upload else "")
            except ApplicationError as exc:
                error, status = exc.message, 400
            else:
                messages.success(request, "已记录。定稿的考评期须重新定稿后才计入。")
                return redirect(reverse("supervision:adjustments") + "?" + _query(scope.root, period))
        else:
            error, status = "请检查标出的填写项。", 400
    evaluation = periods.evaluation_of(scope.root, period)
    return render(request, "supervision/adjustments.html", {
        "scope": scope, "period": period, "form": form, "error": error, "query": _query(scope.root, period),
        "bonus": {b["key"]: b["label"] for b in in_force.rules["bonus"]},
        "items": evaluation.adjustments.select_related("organ", "created_by", "withdrawn_by").order_by(
            "organ__path", "created_at") if evaluation else [],
    }, status=status)


def _can_manage_adjustment(user, adjustment: Adjustment) -> bool:
    from .permissions import can_manage_evaluation

    return can_manage_evaluation(user, adjustment.evaluation.organ)


@login_required
@require_POST
def adjustment_withdraw(request, pk: int):
    adjustment = get_object_or_404_for(request.user, Adjustment.objects.select_related("evaluation__organ"),
                                       _can_manage_adjustment, pk=pk)
    try:
        services.adjustment_withdraw(actor=request.user, adjustment=adjustment, reason=request.POST.get("reason", ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已撤销该项加分或扣分。")
    e = adjustment.evaluation
    return redirect(reverse("supervision:adjustments") + "?" + _query(e.organ, e.period))


@login_required
@require_GET
def adjustment_attachment(request, pk: int):
    adjustment = get_object_or_404_for(
        request.user, Adjustment.objects.select_related("evaluation__organ"),
        lambda user, a: selectors.scope_for(user, a.evaluation.organ.code) is not None, pk=pk)
    if not adjustment.attachment:
        raise Http404("未找到")
    return FileResponse(adjustment.attachment.open("rb"), as_attachment=True,
                        filename=adjustment.attachment_name or "附件")


@login_required
@require_GET
def home(request):
    """A 主管部门's home: what needs acting on across its subtree, with counts and links."""
    from .home import supervisor_home

    data = supervisor_home(request.user)
    if data is None:
        raise Http404("未找到")
    return render(request, "supervision/home.html", data)
