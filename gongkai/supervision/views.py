"""考评 pages (/staff/supervision/): the dashboard, one organ's numbers with what is behind them, the
Excel and PDF exports. Thin: the facts come from selectors, the scores from scoring."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from gongkai.applications.outcomes import Outcome
from gongkai.core.permissions import get_object_or_404_for
from gongkai.organs.models import Organ

from . import selectors
from .chart import trend_svg
from .export import workbook
from .indicators import (
    BY_KEY,
    GROUP_APPLICATIONS,
    GROUP_INTERACTION,
    GROUP_PROACTIVE,
    GROUP_REMEDIES,
    GROUP_REPORT,
    INDICATORS,
    Period,
    display,
)
from .permissions import can_view_supervision
from .scoring import ranked, scheme

# Columns of the dashboard table that can be sorted (?sort=key ascending, ?sort=-key descending).
TABLE_KEYS = ("stale_short", "empty", "late_items", "policies_without_interpretation", "on_time_rate", "avg_days",
              "overdue_open", "remedies_corrected_rate", "report_late", "report_errors")
SORT_KEYS = ("rank", "score", "name", *TABLE_KEYS)


def _year(request) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if 2008 <= year <= today.year else today.year


def _organs(request):
    organs = list(selectors.supervision_organs(request.user).order_by("path", "name"))
    if not organs:
        raise Http404("未找到")
    return organs


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
        v = s.values[key]
        return float(v) if v is not None else None

    present = [s for s in scores if value(s) is not None]
    absent = [s for s in scores if value(s) is None]  # undefined values ("—") always last
    return sorted(present, key=value, reverse=reverse) + absent, sort


def _table(scores) -> list[dict]:
    """The dashboard's rows: each score with its TABLE_KEYS cells as shown."""
    return [{"score": s, "cells": [display(BY_KEY[k], s.values[k]) for k in TABLE_KEYS]} for s in scores]


@login_required
@require_GET
def dashboard(request):
    year = _year(request)
    period = Period.year(year)
    organs = _organs(request)
    scores = ranked(selectors.facts_for(organs, period))
    rows, sort = _sorted(scores, request.GET.get("sort", "rank"))
    columns = [{"key": k, "indicator": BY_KEY[k], "next": f"-{k}" if sort == k else k} for k in TABLE_KEYS]
    table = _table(rows)
    months = selectors.monthly([o.pk for o in organs], year)
    return render(request, "supervision/dashboard.html", {
        "year": year, "years": range(timezone.localdate().year, 2019, -1), "period": period,
        "table": table, "columns": columns, "sort": sort,
        "score_next": "score" if sort == "-score" else "-score",
        "name_next": "-name" if sort == "name" else "name",
        "indicators": INDICATORS, "rules": scheme(),
        "chart": trend_svg(months, title=f"{year}年各月办结件数和按期答复率（{len(organs)}个机关）"),
    })


@login_required
@require_GET
def organ_detail(request, code: str):
    organ = get_object_or_404_for(request.user, Organ, can_view_supervision, code=code)
    year = _year(request)
    period = Period.year(year)
    score = ranked(selectors.facts_for([organ], period))[0]
    groups = []
    for group in (GROUP_PROACTIVE, GROUP_APPLICATIONS, GROUP_REMEDIES, GROUP_REPORT, GROUP_INTERACTION):
        groups.append({"name": group, "rows": [
            {"indicator": i, "value": display(i, score.values[i.key]), "deduction": score.deductions.get(i.key)}
            for i in INDICATORS if i.group == group]})
    outcomes = [(Outcome(k).label if k in Outcome.values else k, n)
                for k, n in sorted(score.facts.outcomes.items(), key=lambda kv: -kv[1])]
    return render(request, "supervision/organ.html", {
        "organ": organ, "year": year, "years": range(timezone.localdate().year, 2019, -1), "period": period,
        "score": score, "groups": groups, "outcomes": outcomes,
        "d": selectors.drilldown(organ, period),
        "chart": trend_svg(selectors.monthly([organ.pk], year), title=f"{organ.name}{year}年各月办结件数和按期答复率"),
    })


@login_required
@require_GET
def export_xlsx(request):
    year = _year(request)
    period = Period.year(year)
    scores = ranked(selectors.facts_for(_organs(request), period))
    response = HttpResponse(workbook(scores, period_label=period.label),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="supervision-{year}.xlsx"'
    return response


@login_required
@require_GET
def export_pdf(request):
    """The ranked table and the indicator definitions as a PDF (WeasyPrint); the same organs as the dashboard."""
    from weasyprint import HTML

    year = _year(request)
    period = Period.year(year)
    scores = ranked(selectors.facts_for(_organs(request), period))
    html = render_to_string("supervision/export_pdf.html", {
        "period": period, "table": _table(scores), "columns": [BY_KEY[k] for k in TABLE_KEYS],
        "indicators": INDICATORS, "rules": scheme(), "generated": timezone.localtime(),
    })
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="supervision-{year}.pdf"'
    return response
