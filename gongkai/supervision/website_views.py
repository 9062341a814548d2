"""The 政府网站工作年度报表 of an organ and year: the figures Gongkai computes, the form for the rest (each
value with its source), and the Excel sheet."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.core.exceptions import ApplicationError
from gongkai.core.permissions import get_object_or_404_for
from gongkai.organs.models import Organ

from . import services
from .models import WebsiteReport
from .permissions import can_edit_website_report, can_view_supervision
from .website_report import MESSAGE_KEYS, enterable, sheet_rows, workbook

FIRST_YEAR = 2017  # 国办发〔2017〕47号


def _organ_year(request, code: str, year: int) -> Organ:
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404("年度无效。")
    return get_object_or_404_for(request.user, Organ, can_view_supervision, code=code)


def _entered(organ, year) -> dict:
    report = WebsiteReport.objects.filter(organ=organ, year=year).first()
    return report.entered if report else {}


@login_required
@require_http_methods(["GET", "POST"])
def website_report(request, code: str, year: int):
    organ = _organ_year(request, code, year)
    can_edit = can_edit_website_report(request.user, organ)
    error, status, raw = None, 200, None
    if request.method == "POST":
        if not can_edit:
            raise Http404("未找到")
        raw = {r.key: (request.POST.get(f"v_{r.key}", "")[:1000], request.POST.get(f"s_{r.key}", "")[:1000])
               for r in enterable(organ, year)}
        try:
            services.website_report_save(actor=request.user, organ=organ, year=year, raw=raw)
        except ApplicationError as exc:
            error, status = exc.message, 400
        else:
            messages.success(request, f"已保存{year}年度政府网站工作年度报表。")
            return redirect("supervision:website_report", code=code, year=year)
    entered = _entered(organ, year)
    rows = sheet_rows(organ, year, entered)
    if raw is not None:  # show what was typed, not what is stored, next to the error
        for r in rows:
            if r["row"].key in raw:
                r["value"], r["source"] = raw[r["row"].key]
    return render(request, "supervision/website_report.html", {
        "organ": organ, "year": year, "rows": rows, "can_edit": can_edit, "error": error,
        "message_keys": MESSAGE_KEYS, "years": range(timezone.localdate().year, FIRST_YEAR - 1, -1),
    }, status=status)


@login_required
@require_GET
def website_report_xlsx(request, code: str, year: int):
    organ = _organ_year(request, code, year)
    response = HttpResponse(workbook(organ, year, _entered(organ, year), generated=timezone.localtime()),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="website-report-{organ.code}-{year}.xlsx"'
    return response
