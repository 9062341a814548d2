"""督办 → 整改 pages (/staff/supervision/notices/): the list, issuing a 督办通知 from a drill-down row, a
finding or an indicator, the notice with its answers, the clerk's answer and the supervisor's decision,
the numbered document as PDF and DOCX."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core.events import events_for
from gongkai.core.exceptions import ApplicationError
from gongkai.core.permissions import get_object_or_404_for

from . import references, selectors, services
from .documents import notice_docx, notice_pdf
from .forms import DecideForm, NoticeForm, ReplyForm
from .models import Notice, NoticeReply
from .permissions import can_decide_notice, can_reply_notice, can_view_notice

STATES = (("open", "未办结"), ("overdue", "逾期未整改"), ("review", "待审核"), ("closed", "已办结"), ("all", "全部"))


def _issuable(user):
    """The organs the user may 督办 (can_issue_notice): every active organ of the subtrees they supervise."""
    return selectors.supervised_subtrees(user).order_by("path")


@login_required
@require_GET
def notice_list(request):
    if selectors.scope_for(request.user) is None:
        raise Http404("未找到")
    today = timezone.localdate()
    state = request.GET.get("state", "open")
    if state not in dict(STATES):
        state = "open"
    return render(request, "supervision/notices.html", {
        "notices": selectors.notice_list(request.user, state="" if state == "all" else state, today=today)[:500],
        "state": state, "states": STATES, "today": today, "can_issue": _issuable(request.user).exists(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def notice_new(request):
    organs = _issuable(request.user)
    if not organs.exists():
        raise Http404("未找到")
    initial, refs = {}, []
    if request.method == "GET":
        organ = organs.filter(code=request.GET.get("organ", "")).first()
        refs = request.GET.getlist("ref")
        if organ is not None:
            initial = {"organ": organ, "items": "\n".join(text for _ref, text in references.describe(organ, refs))}
    else:
        refs = request.POST.getlist("ref")
    form = NoticeForm(request.POST or None, organs=organs, initial=initial)
    error, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            kept = [ref for ref, _text in references.describe(d["organ"], refs)]
            try:
                notice = services.notice_issue(actor=request.user, organ=d["organ"], items=form.item_lines(),
                                               deadline=d["deadline"], text=d["text"], sources=kept)
            except ApplicationError as exc:
                error, status = exc.message, 400
            else:
                messages.success(request, f"已签发督办通知（{notice.doc_no}）。")
                return redirect("supervision:notice", pk=notice.pk)
        else:
            error, status = "请检查标出的填写项。", 400
    return render(request, "supervision/notice_new.html", {"form": form, "refs": refs, "error": error},
                  status=status)


def _notice(request, pk: int) -> Notice:
    return get_object_or_404_for(request.user, Notice.objects.select_related("organ", "issuer", "issued_by"),
                                 can_view_notice, pk=pk)


def _detail(request, notice: Notice, *, reply_form=None, decide_form=None, error=None, status=200):
    today = timezone.localdate()
    return render(request, "supervision/notice.html", {
        "notice": notice, "today": today, "overdue": notice.is_overdue(today), "error": error,
        "replies": notice.replies.select_related("replied_by", "decided_by").order_by("created_at", "id"),
        "events": events_for(notice),
        "reply_form": (reply_form or ReplyForm()) if (can_reply_notice(request.user, notice)
                                                      and notice.status in Notice.AWAITING_ORGAN) else None,
        "decide_form": (decide_form or DecideForm()) if (can_decide_notice(request.user, notice)
                                                         and notice.status == Notice.Status.REPLIED) else None,
    }, status=status)


@login_required
@require_GET
def notice_detail(request, pk: int):
    return _detail(request, _notice(request, pk))


@login_required
@require_POST
def notice_reply(request, pk: int):
    notice = _notice(request, pk)
    if not can_reply_notice(request.user, notice):
        raise Http404("未找到")
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, notice, reply_form=form, error="请检查标出的填写项。", status=400)
    upload = form.cleaned_data.get("evidence")
    try:
        services.notice_reply(actor=request.user, notice=notice, text=form.cleaned_data["text"], evidence=upload,
                              evidence_name=upload.name if upload else "")
    except ApplicationError as exc:
        return _detail(request, notice, reply_form=form, error=exc.message,
                       status=409 if exc.code == "wrong_state" else 400)
    messages.success(request, "已报送整改情况，等待主管部门审核。")
    return redirect("supervision:notice", pk=notice.pk)


@login_required
@require_POST
def notice_decide(request, pk: int):
    notice = _notice(request, pk)
    if not can_decide_notice(request.user, notice):
        raise Http404("未找到")
    form = DecideForm(request.POST)
    if not form.is_valid():
        return _detail(request, notice, decide_form=form, error="请选择认可或退回。", status=400)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.notice_decide(actor=request.user, notice=notice, accept=accept, note=form.cleaned_data["note"])
    except ApplicationError as exc:
        return _detail(request, notice, decide_form=form, error=exc.message,
                       status=409 if exc.code == "wrong_state" else 400)
    messages.success(request, "已认可整改情况，督办办结。" if accept else "已退回，请被督办机关重新整改。")
    return redirect("supervision:notice", pk=notice.pk)


@login_required
@require_GET
def notice_document(request, pk: int, fmt: str):
    notice = _notice(request, pk)
    renderers = {"pdf": ("application/pdf", notice_pdf),
                 "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", notice_docx)}
    if fmt not in renderers:
        raise Http404("未找到")
    content_type, render_fn = renderers[fmt]
    response = HttpResponse(render_fn(notice), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="notice-{notice.pk}.{fmt}"'
    return response


@login_required
@require_GET
def reply_evidence(request, pk: int):
    reply = get_object_or_404_for(request.user, NoticeReply.objects.select_related("notice__organ"),
                                  lambda user, r: can_view_notice(user, r.notice), pk=pk)
    if not reply.evidence:
        raise Http404("未找到")
    return FileResponse(reply.evidence.open("rb"), as_attachment=True, filename=reply.evidence_name or "佐证材料")
