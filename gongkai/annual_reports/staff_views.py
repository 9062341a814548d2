"""The workbench for annual reports: every organ's status by year, and one report's workspace."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from gongkai.core.exceptions import ApplicationError
from gongkai.core.params import next_url
from gongkai.core.permissions import get_object_or_404_for
from gongkai.core.untrusted import BUSY
from gongkai.organs.models import Organ, Role
from gongkai.organs.selectors import grants_of, is_sysadmin, organs_with_role

from . import export, renditions, services
from .arithmetic import COUNTING_RULES
from .corrections import changed_cells, grid
from .deadlines import days_left, publication_deadline
from .format import valid_report_year
from .forms import EnteredFiguresForm, ReportFileForm, SectionsForm
from .models import AnnualReport, ReportFile, warning_key
from .permissions import (
    can_accept_contradicting_file,
    can_draft_report,
    can_manage_report_file,
    can_review_report,
    can_save_report_file,
    can_view_organ_reports,
    can_view_report,
    can_view_report_file,
)
from .presentation import layout
from .selectors import changes_since_publication, open_version, report_states


def _report_organs(user):
    """Organs whose reports the user may open: own clerk/reviewer organs, supervised subtrees."""
    from django.db.models import Q

    if is_sysadmin(user):
        return Organ.objects.filter(is_active=True).order_by("path")
    condition = Q(pk__in=organs_with_role(user, Role.CLERK, Role.REVIEWER).values("pk"))
    for grant in grants_of(user):
        if grant.role == Role.SUPERVISOR:
            condition |= Q(path__startswith=grant.organ_path)
    return Organ.objects.filter(condition, is_active=True).order_by("path")


@login_required
@require_GET
def index(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year - 1))
    except ValueError:
        year = today.year - 1
    if not valid_year(year):
        year = today.year - 1
    rows = report_states(list(_report_organs(request.user)), year, today=today)
    return render(request, "annual_reports/staff_index.html", {
        "year": year, "rows": rows, "years": range(today.year, today.year - 6, -1),
        "missing": sum(1 for r in rows if not r.is_published),
    })


def valid_year(year: int) -> bool:
    """A report year Gongkai can hold (format.valid_report_year, today)."""
    return valid_report_year(year, timezone.localdate())


def _organ(request, code: str, year: int | None = None) -> Organ:
    if year is not None and not valid_year(year):
        raise Http404("报告年度无效。")
    return get_object_or_404_for(request.user, Organ, can_view_organ_reports, code=code)


def _workspace(request, organ: Organ, year: int, *, error: str | None = None, status: int = 200,
               entered_form=None, sections_form=None, file_form=None, contradictions=None):
    versions = list(AnnualReport.objects.filter(organ=organ, year=year).order_by("-version"))
    working = open_version(organ, year)
    published = [v for v in versions if v.is_published]
    shown = working or (published[0] if published else None)
    context = {
        "organ": organ, "year": year, "versions": versions, "working": working, "shown": shown,
        "error": error, "counting_rules": COUNTING_RULES,
        "deadline": publication_deadline(year, organ.kind),
        "days_left": days_left(year, organ.kind, timezone.localdate()),
        "can_draft": can_draft_report(request.user, organ), "can_review": can_review_report(request.user, organ),
        "files": ReportFile.objects.filter(organ=organ, year=year).select_related(
            "saved_by", "accepted_by", "withdrawn_by").order_by("-created_at", "-id"),
        "can_save_file": can_save_report_file(request.user, organ),
        "can_manage_files": can_manage_report_file(request.user, organ),
        "contradictions": contradictions or [],
    }
    current = published[0] if published else None
    context["changes_since_publication"] = changes_since_publication(current) if working is None else []
    if shown is not None and shown.correction_of_id:
        # The comparison with the corrected version, cell by cell, with each cell's reason.
        context["diff"] = [{"change": c, "reason": (shown.cell_reasons or {}).get(c.path, "")}
                           for c in changed_cells(shown.correction_of.content, shown.content)]
        if shown is working and working.status == AnnualReport.Status.DRAFT and context["can_draft"]:
            context["grid"] = grid(working.content)
    if context["can_save_file"]:
        context["file_form"] = file_form or ReportFileForm(
            can_accept=can_accept_contradicting_file(request.user, organ))
    if shown is not None and shown.content:
        context.update(layout(shown.content))
        context["warnings"] = [{**f, "key": warning_key(f), "reason": shown.warning_reasons.get(warning_key(f), "")}
                               for f in shown.findings_of("warning")]
    if (working is not None and working.status == AnnualReport.Status.DRAFT and context["can_draft"]
            and not working.correction_of_id):
        context["entered_form"] = entered_form or EnteredFiguresForm(initial=EnteredFiguresForm.initial_from(
            working.entered))
        context["sections_form"] = sections_form or SectionsForm(initial=working.sections)
    return render(request, "annual_reports/staff_report.html", context, status=status)


@login_required
@require_GET
def report(request, code: str, year: int):
    return _workspace(request, _organ(request, code, year), year)


def _act(request, organ, year, action):
    """Run a service; on a rule violation show the workspace again with the Chinese message."""
    try:
        result = action()
    except ApplicationError as exc:
        status = {"wrong_state": 409, "permission_denied": 403}.get(exc.code, 400)
        return _workspace(request, organ, year, error=exc.message, status=status)
    return result


def _working_or_404(organ, year):
    working = open_version(organ, year)
    if working is None:
        raise Http404("没有正在办理的版本。")
    return working


@login_required
@require_POST
def start(request, code: str, year: int):
    organ = _organ(request, code, year)
    done = _act(request, organ, year, lambda: services.report_start(actor=request.user, organ=organ, year=year))
    if isinstance(done, HttpResponse):
        return done
    messages.success(request, f"已根据本系统数据生成{year}年度报告初稿。")
    return redirect("annual_reports_staff:report", code=code, year=year)


@login_required
@require_POST
def save(request, code: str, year: int):
    organ = _organ(request, code, year)
    working = _working_or_404(organ, year)
    entered_form, sections_form = EnteredFiguresForm(request.POST), SectionsForm(request.POST)
    if not (entered_form.is_valid() and sections_form.is_valid()):
        return _workspace(request, organ, year, error="请检查标出的填写项。", status=400,
                          entered_form=entered_form, sections_form=sections_form)
    done = _act(request, organ, year, lambda: services.report_update(
        actor=request.user, report=working, entered=entered_form.entered(), sections=sections_form.cleaned_data))
    if isinstance(done, HttpResponse):
        return done
    messages.success(request, "已保存并重新计算。")
    return redirect("annual_reports_staff:report", code=code, year=year)


@login_required
@require_POST
def transition(request, code: str, year: int, action: str):
    organ = _organ(request, code, year)
    user = request.user
    reason = request.POST.get("reason", "")
    if action in ("cells", "refresh"):
        working = _working_or_404(organ, year)
        if action == "refresh":
            run = lambda: services.report_refresh_from_data(actor=user, report=working)  # noqa: E731
        else:
            values = {k[len("cell:"):]: v for k, v in request.POST.items() if k.startswith("cell:")}
            why = {k[len("why:"):]: v for k, v in request.POST.items() if k.startswith("why:")}
            run = lambda: services.report_cells_correct(actor=user, report=working, values=values,  # noqa: E731
                                                        reasons=why)
    elif action == "correct":
        from .selectors import current_published

        target = current_published(organ, year)
        if target is None:
            raise Http404("没有已发布的版本。")
        run = lambda: services.report_correct(actor=user, report=target, reason=reason)  # noqa: E731
    else:
        working = _working_or_404(organ, year)
        reasons = {k[len("reason:"):]: v for k, v in request.POST.items() if k.startswith("reason:")}
        run = {
            "submit": lambda: services.report_submit(actor=user, report=working, warning_reasons=reasons),
            "return": lambda: services.report_return(actor=user, report=working, reason=reason),
            "approve": lambda: services.report_approve(actor=user, report=working),
            "publish": lambda: services.report_publish(actor=user, report=working, late_reason=reason),
        }.get(action)
        if run is None:
            raise Http404()
    done = _act(request, organ, year, run)
    if isinstance(done, HttpResponse):
        return done
    labels = {"submit": "已提交审核。", "return": "已退回经办人修改。", "approve": "已审核通过。",
              "publish": "已发布到门户网站。", "correct": "已创建更正版本（以已发布版本的数据为起点），请逐格更正并写明理由。",
              "cells": "已保存更正的数据和理由。", "refresh": "已按本系统当前数据重新计算统计表，请为每处改动写明理由。"}
    messages.success(request, f"{organ.name}{year}年度报告：{labels[action]}")
    return redirect(next_url(request, reverse("annual_reports_staff:report", args=[code, year])))


@login_required
@require_GET
def preview(request, code: str, year: int, version: int, fmt: str):
    """Staff download of any version they may see (drafts included), as PDF, DOCX or JSON."""
    organ = _organ(request, code, year)
    report = get_object_or_404_for(request.user, AnnualReport.objects.filter(organ=organ, year=year),
                                   can_view_report, version=version)
    return download_response(report, fmt)


def download_response(report: AnnualReport, fmt: str) -> HttpResponse:
    """A version's PDF, DOCX or JSON. A published version's PDF and DOCX come from storage (rendered once,
    renditions.py); a draft's are rendered for this request."""
    renderers = {
        "pdf": ("application/pdf", export.render_pdf),
        "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", export.render_docx),
        "json": ("application/json; charset=utf-8", export.render_json),
    }
    if fmt not in renderers or not report.content:
        raise Http404()
    content_type, render_fn = renderers[fmt]
    suffix = f"-v{report.version}" if report.version > 1 else ""
    filename = f"{report.organ.code}-{report.year}{suffix}.{fmt}"
    if report.is_published and fmt in renditions.RENDERERS:
        from django.http import FileResponse

        rendition = renditions.stored(report, fmt)
        return FileResponse(rendition.file.open("rb"), as_attachment=True, filename=filename,
                            content_type=content_type)
    response = HttpResponse(render_fn(report.content), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ------------------------------------------------------------------ report files published elsewhere


@login_required
@require_POST
def file_save(request, code: str, year: int):
    """Save (or replace) the organ's report file for the year: read first, then checked against the organ,
    year and publication date (services.report_file_save)."""
    from .reading import ReportReadError
    from .reading.sources import kind_of
    from .views import read_upload

    organ = _organ(request, code, year)
    if not can_save_report_file(request.user, organ):
        raise Http404("未找到")
    form = ReportFileForm(request.POST, request.FILES,
                          can_accept=can_accept_contradicting_file(request.user, organ))
    if not form.is_valid():
        status = 413 if form.has_error("file", "too_large") else 400
        return _workspace(request, organ, year, error="请检查报告文件一栏的填写。", status=status, file_form=form)
    try:
        data, name, result = read_upload(form, organ_kind=organ.kind)
    except ReportReadError as exc:
        return _workspace(request, organ, year, error=f"报告文件无法读取：{exc}", file_form=form,
                          status=503 if str(exc) == BUSY else 400)
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    try:
        saved = services.report_file_save(
            actor=request.user, organ=organ, year=year, data=raw, original_name=name,
            kind="text" if isinstance(data, str) else kind_of(raw), result=result,
            published_on=form.cleaned_data.get("published_on"), reason=form.cleaned_data.get("reason") or "")
    except ApplicationError as exc:
        status = {"permission_denied": 403, "contradiction": 409}.get(exc.code, 400)
        return _workspace(request, organ, year, error=exc.message, status=status, file_form=form,
                          contradictions=exc.extra.get("contradictions"))
    messages.success(request, f"已保存报告文件“{saved.original_name}”（发布日期{saved.published_on:%Y-%m-%d}）。")
    return redirect("annual_reports_staff:report", code=code, year=year)


@login_required
@require_POST
def file_withdraw(request, code: str, year: int, pk: int):
    organ = _organ(request, code, year)
    report_file = get_object_or_404_for(request.user, ReportFile.objects.filter(organ=organ, year=year),
                                        lambda user, f: can_manage_report_file(user, f.organ), pk=pk)
    done = _act(request, organ, year, lambda: services.report_file_withdraw(
        actor=request.user, report_file=report_file, reason=request.POST.get("reason", "")))
    if isinstance(done, HttpResponse):
        return done
    messages.success(request, f"已撤回报告文件“{report_file.original_name}”。")
    return redirect("annual_reports_staff:report", code=code, year=year)


@login_required
@require_GET
def file_download(request, code: str, year: int, pk: int):
    """The stored copy, as saved (an attachment, never rendered inline)."""
    from django.http import FileResponse

    organ = _organ(request, code, year)
    report_file = get_object_or_404_for(request.user, ReportFile.objects.filter(organ=organ, year=year),
                                        can_view_report_file, pk=pk)
    suffix = report_file.file.name.rsplit(".", 1)[-1] if "." in report_file.file.name else "bin"
    return FileResponse(report_file.file.open("rb"), as_attachment=True,
                        filename=f"{organ.code}-{year}-{report_file.pk}.{suffix}")
