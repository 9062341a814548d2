"""Public page: read and audit a published annual report (paste text or upload a file)."""

import base64
import json

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from gongkai.core.exceptions import ApplicationError
from gongkai.core.ratelimit import TOO_MANY_REQUESTS, limited
from gongkai.core.untrusted import BUSY, read_slot
from gongkai.core.untrusted import limits as read_limits
from gongkai.organs.models import Organ

from . import services
from .forms import AuditForm
from .presentation import layout
from .reading import MAX_BYTES, ReportReadError, audit_bounded
from .reading.sources import kind_of
from .selectors import organs_for_report_files

AUDIT_RATE = "20/m"  # per address; each file is read in a bounded worker (gongkai.core.untrusted)


def _organs_for(user):
    if not user.is_authenticated:
        return None
    organs = organs_for_report_files(user).order_by("path")
    return organs if organs.exists() else None


def read_upload(form, *, organ_kind: str | None, lim=None) -> tuple[bytes | str, str, dict]:
    """The pasted text or uploaded file of a valid AuditForm, read and audited in the bounded worker under
    a read slot: (data, name, result); ReportReadError (Chinese) when it cannot be read or the server is busy."""
    data, name = form.source()
    with read_slot(lim or read_limits(), error=ReportReadError):
        return data, name, audit_bounded(data, source=name, organ_kind=organ_kind)


@require_http_methods(["GET", "POST"])
def audit_page(request):
    posted = request.method == "POST"
    form = AuditForm(request.POST if posted else None, request.FILES if posted else None,
                     organs=_organs_for(request.user))
    lim = read_limits()
    context = {"form": form, "limits": lim, "max_mb": MAX_BYTES // (1024 * 1024)}
    if not posted:
        return render(request, "annual_reports/audit.html", context)
    if limited(request, group="ndbg-audit", rate=AUDIT_RATE):
        context["error"] = TOO_MANY_REQUESTS
        return render(request, "annual_reports/audit.html", context, status=429)
    if not form.is_valid():
        status = 413 if form.has_error("file", "too_large") else 400
        return render(request, "annual_reports/audit.html", context, status=status)

    try:
        data, name, result = read_upload(form, organ_kind=form.cleaned_data.get("organ_kind") or None, lim=lim)
    except ReportReadError as exc:
        context["error"] = str(exc)
        return render(request, "annual_reports/audit.html", context, status=503 if str(exc) == BUSY else 400)

    context.update(layout(result), report=result, source_name=name)
    context["json_href"] = "data:application/json;charset=utf-8;base64," + base64.b64encode(
        json.dumps(result, ensure_ascii=False, indent=2).encode("utf-8")).decode("ascii")
    context["json_name"] = f"{result.get('agency') or 'report'}-{result.get('year') or ''}.json"

    organ = form.cleaned_data.get("save_organ")
    if organ is not None:
        year = form.cleaned_data.get("save_year") or result.get("year")
        raw = data if isinstance(data, bytes) else data.encode("utf-8")
        try:
            if year is None:
                raise ApplicationError("没有识别出报告年度，请填写报告年度后再保存。", field="save_year")
            context["saved"] = services.report_file_save(
                actor=request.user, organ=organ, year=year, data=raw, original_name=name,
                kind="text" if isinstance(data, str) else kind_of(raw), result=result,
                published_on=form.cleaned_data.get("save_published_on"),
                reason=form.cleaned_data.get("save_reason") or "")
        except ApplicationError as exc:
            context["save_error"] = exc.message
    return render(request, "annual_reports/audit.html", context)


# ------------------------------------------------------------------ the portal's 年报 column


@require_http_methods(["GET"])
def report_list(request):
    """/ndbg/: every published report of the portal's organs, by year (the current version of each)."""
    from .selectors import published_reports

    reports = list(published_reports(request.site.organs))
    years: dict[int, list] = {}
    for report in reports:
        years.setdefault(report.year, []).append(report)
    return render(request, "annual_reports/list.html", {"years": sorted(years.items(), reverse=True)})


def _published_or_404(code: str, year: int, version: str | None):
    """A published version (the current one unless `version` is given) and all published versions."""
    from django.http import Http404

    from .selectors import published_versions

    organ = Organ.objects.filter(code=code).first()
    versions = list(published_versions(organ, year)) if organ else []
    if not versions:
        raise Http404("未找到该年度报告。")
    if version is None:
        return versions[0], versions
    chosen = next((v for v in versions if str(v.version) == version), None)
    if chosen is None:
        raise Http404("未找到该版本。")
    return chosen, versions


@require_http_methods(["GET"])
def report_page(request, code: str, year: int):
    """/ndbg/<code>/<year>/: the report laid out as the national format, with its downloads; every
    published version stays visible and the page says which one is current."""
    from .export import document_context

    report, versions = _published_or_404(code, year, request.GET.get("version"))
    context = document_context(report.content)
    context.update(shown=report, versions=versions, current=versions[0], first=versions[-1])
    return render(request, "annual_reports/page.html", context)


@require_http_methods(["GET"])
def report_download(request, code: str, year: int, fmt: str):
    from .staff_views import download_response

    report, _versions = _published_or_404(code, year, request.GET.get("version"))
    return download_response(report, fmt)
