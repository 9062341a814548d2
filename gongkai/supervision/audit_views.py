"""The batch audit from the browser (/staff/supervision/audits/): start one for the subtree's reports of a
year (a Celery task), watch its progress, read the consolidated findings (each with its 督办 link) and
download them as a workbook."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.annual_reports.format import FIRST_REPORT_YEAR
from gongkai.core.exceptions import ApplicationError
from gongkai.core.params import int_param
from gongkai.core.permissions import get_object_or_404_for
from gongkai.organs.selectors import subtree, supervises

from . import selectors, services
from .findings import findings_workbook, run_findings
from .models import AuditRun
from .permissions import can_issue_notice


def _can_view_run(user, run: AuditRun) -> bool:
    return supervises(user, run.organ)


def _missing(run: AuditRun) -> list[str]:
    audited = run.audits.values("organ_id")
    return list(subtree(run.organ).filter(is_active=True).exclude(pk__in=audited).order_by("path")
                .values_list("name", flat=True))


@login_required
@require_http_methods(["GET", "POST"])
def audit_runs(request):
    scope = selectors.scope_for(request.user, request.GET.get("root") or request.POST.get("root") or None)
    if scope is None or scope.root is None or not scope.can_manage:
        raise Http404("未找到")
    today = timezone.localdate()
    year = int_param(request.POST.get("year") or request.GET.get("year"), today.year - 1, lo=FIRST_REPORT_YEAR, hi=today.year)
    if request.method == "POST":
        try:
            run = services.audit_run_start(actor=request.user, organ=scope.root, year=year)
        except ApplicationError as exc:
            if exc.code == "running":
                messages.info(request, exc.message)
                return redirect("supervision:audit_run", pk=exc.extra["run"])
            messages.error(request, exc.message)
            return redirect(f"{request.path}?root={scope.root.code}")
        return redirect("supervision:audit_run", pk=run.pk)
    runs = AuditRun.objects.filter(organ__path__startswith=scope.root.path).select_related("organ", "requested_by")
    return render(request, "supervision/audit_runs.html", {
        "scope": scope, "year": year, "years": range(today.year, 2007, -1), "runs": runs[:50],
    })


@login_required
@require_GET
def audit_run(request, pk: int):
    run = get_object_or_404_for(request.user, AuditRun.objects.select_related("organ", "requested_by"),
                                _can_view_run, pk=pk)
    findings = run_findings(run) if run.status == AuditRun.Status.DONE else []
    return render(request, "supervision/audit_run.html", {
        "run": run, "findings": findings, "missing": _missing(run) if run.status == AuditRun.Status.DONE else [],
        "can_issue": {f.audit.organ_id for f in findings if can_issue_notice(request.user, f.audit.organ)},
    })


@login_required
@require_GET
def audit_run_workbook(request, pk: int):
    run = get_object_or_404_for(request.user, AuditRun.objects.select_related("organ"), _can_view_run, pk=pk)
    if run.status != AuditRun.Status.DONE:
        raise Http404("审核尚未完成。")
    response = HttpResponse(findings_workbook(run, missing=_missing(run)),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="findings-{run.organ.code}-{run.year}-{run.pk}.xlsx"'
    return response
