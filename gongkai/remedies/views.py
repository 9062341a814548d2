"""Staff pages for 复议/诉讼 (/staff/remedies/): list, record, the case page, one POST per action."""

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.applications.models import Application
from gongkai.applications.permissions import can_view_personal_data, may_list_applications
from gongkai.core import privacy
from gongkai.core.events import events_for, record_event
from gongkai.core.exceptions import ApplicationError
from gongkai.core.models import EventType
from gongkai.core.permissions import get_object_or_404_for
from gongkai.organs.models import Role
from gongkai.organs.selectors import organs_with_role

from . import forms, selectors, services
from .models import Review
from .permissions import can_change_remedy, can_view_remedy


def _remedy(request, kind: str, pk: int):
    model = selectors.MODELS.get(kind)
    if model is None:
        raise Http404("未找到")
    return get_object_or_404_for(request.user, model.objects.select_related("organ", "application"),
                                 can_view_remedy, pk=pk)


@login_required
@require_GET
def index(request):
    if not may_list_applications(request.user):
        raise Http404("未找到")  # 复议诉讼 follow applications: the same people list them
    today = timezone.localdate()
    rows = selectors.remedies_visible_to(request.user)
    overdue = [r for m in selectors.MODELS.values()
               for r in selectors.answer_overdue(today=today, queryset=selectors.visible(request.user, m))]
    redo = [r for m in selectors.MODELS.values()
            for r in selectors.redo_overdue(today=today, queryset=selectors.visible(request.user, m))]
    return render(request, "remedies/index.html", {
        "rows": rows, "overdue": overdue, "redo": redo,
        "can_record": organs_with_role(request.user, Role.CLERK, Role.REVIEWER).exists(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def record(request):
    organs = organs_with_role(request.user, Role.CLERK, Role.REVIEWER)
    if not organs.exists():
        raise Http404("未找到")
    form = forms.RecordForm(request.POST or None, organs=organs, initial={"organ": organs.first()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                application = Application.objects.filter(organ=d["organ"], tracking_no=d["tracking_no"].strip()).first()
                if application is None:
                    raise ApplicationError("本机关没有该受理编号的申请。", field="tracking_no")
                common = {"actor": request.user, "organ": d["organ"], "application": application,
                          "body": d["body"], "filed_on": d["filed_on"], "case_no": d["case_no"], "note": d["note"]}
                if d["kind"] == "review":
                    obj = services.review_record(**common, procedure=d["procedure"] or Review.Procedure.SIMPLE)
                else:
                    review = Review.objects.filter(pk=d["review"]).first() if d["review"] else None
                    obj = services.lawsuit_record(**common, kind=forms.LAWSUIT_KINDS[d["kind"]], review=review)
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, f"已登记{obj.kind_label}。")
                return redirect("remedies:detail", obj.url_kind, obj.pk)
        status = 400
    return render(request, "remedies/record.html", {"form": form}, status=status)


@login_required
@require_GET
def detail(request, kind: str, pk: int):
    return _render_detail(request, _remedy(request, kind, pk))


def _claimant(request, obj) -> str:
    """The 申请人/原告 is the applicant's personal data: in full to the organ's clerks and reviewers
    (recorded on the case, like its page), masked for supervisors and administrators."""
    app = obj.application
    if not obj.claimant:
        return ""
    if app is not None and can_view_personal_data(request.user, app):
        record_event(actor=request.user, event_type=EventType.PERSONAL_DATA_VIEWED, obj=app,
                     details={"fields": ["claimant"], "remedy": obj.url_kind, "remedy_id": obj.pk})
        return obj.claimant
    if app is None and can_change_remedy(request.user, obj):
        return obj.claimant
    kind = app.applicant_kind if app is not None and obj.claimant == app.applicant_name else privacy.NATURAL_PERSON
    return privacy.mask_name(obj.claimant, kind)


def _render_detail(request, obj, status: int = 200):
    kind = obj.url_kind
    can_act = can_change_remedy(request.user, obj)
    return render(request, "remedies/detail.html", {
        "r": obj, "claimant": _claimant(request, obj), "can_act": can_act, "timeline": events_for(obj).select_related("actor"),
        "accept_form": forms.AcceptForm(), "answer_form": forms.AnswerForm(),
        "decide_form": forms.DecideForm(), "redo_form": forms.RedoForm(), "procedure_form": forms.ProcedureForm(),
        "redo_period": services.redo_period_label(obj) if obj.redo_due_on else "",
        "lawsuits": obj.lawsuits.all() if kind == "review" else (),
    }, status=status)


ACTIONS = {
    "accept": (forms.AcceptForm, lambda u, r, d, v, f: services.remedy_accept(
        actor=u, remedy=r, accepted_on=d["accepted_on"], copy_received_on=d["copy_received_on"], version=v)),
    "answer": (forms.AnswerForm, lambda u, r, d, v, f: services.remedy_answer(
        actor=u, remedy=r, answered_on=d["answered_on"], version=v)),
    "decide": (forms.DecideForm, lambda u, r, d, v, f: services.remedy_decide(
        actor=u, remedy=r, decided_on=d["decided_on"], result=d["result"], document=f.get("document"),
        decision_received_on=d.get("decision_received_on"), redo_period_days=d.get("redo_period_days"),
        redo_period_unit=d.get("redo_period_unit") or "working", version=v)),
    "procedure": (forms.ProcedureForm, lambda u, r, d, v, f: services.review_procedure_change(
        actor=u, review=r, changed_on=d["changed_on"], version=v)),
    "redo": (forms.RedoForm, lambda u, r, d, v, f: services.remedy_redo(
        actor=u, remedy=r, done_on=d["done_on"], version=v)),
}


@login_required
@require_GET
def document(request, kind: str, pk: int):
    """The 决定书/裁判文书 as a download, for those who may see the case (never a public media URL)."""
    obj = _remedy(request, kind, pk)
    if not obj.decision_document:
        raise Http404("未找到")
    try:
        handle = obj.decision_document.open("rb")
    except FileNotFoundError as exc:
        raise Http404("未找到") from exc
    return FileResponse(handle, as_attachment=True, filename=os.path.basename(obj.decision_document.name))


@login_required
@require_POST
def action(request, kind: str, pk: int, name: str):
    obj = _remedy(request, kind, pk)
    if name not in ACTIONS or not can_change_remedy(request.user, obj):
        raise Http404("未找到")
    form_class, run = ACTIONS[name]
    form = form_class(request.POST, request.FILES)
    version_form = forms.VersionForm(request.POST)
    if not version_form.is_valid():
        messages.error(request, "；".join(e for errs in version_form.errors.values() for e in errs))
        return _render_detail(request, obj, 400)
    version = version_form.cleaned_data["version"]
    if not form.is_valid():
        errors = "；".join(f"{form.fields[f].label if f in form.fields else ''}：{' '.join(e)}"
                          for f, e in form.errors.items())
        messages.error(request, f"输入有误：{errors}")
        return redirect("remedies:detail", kind, pk)
    try:
        run(request.user, obj, form.cleaned_data, version, request.FILES)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        status = 409 if exc.code in ("conflict", "bad_state") else 400
        return _render_detail(request, obj, status)
    messages.success(request, "已保存。")
    return redirect("remedies:detail", kind, pk)


@login_required
@require_http_methods(["GET", "POST"])
def import_records(request):
    """The command's import (`manage.py import_remedies`) in the browser: all or nothing, every bad row
    (line, column, Chinese message) listed on the page, an optional check-only run."""
    from .importing import HEADERS, ImportFileError, read_upload

    organs = organs_with_role(request.user, Role.CLERK, Role.REVIEWER)
    if not organs.exists():
        raise Http404("未找到")
    form = forms.ImportForm(request.POST or None, request.FILES or None, organs=organs,
                            initial={"organ": organs.first()})
    context = {"form": form, "headers": list(dict.fromkeys(HEADERS))}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "remedies/import.html", context, status=400)
        d = form.cleaned_data
        upload = d["file"]
        try:
            outcome = services.remedies_import_table(
                actor=request.user, organ=d["organ"], table=read_upload(upload.name, upload.read()),
                source=os.path.basename(upload.name)[:200], dry_run=d["dry_run"])
        except (ImportFileError, ApplicationError) as exc:
            context["error"] = str(exc)
            return render(request, "remedies/import.html", context, status=400)
        if outcome.errors:
            context["errors"] = outcome.errors
            return render(request, "remedies/import.html", context, status=400)
        reviews = sum(r.url_kind == "review" for r in outcome.created)
        counts = f"行政复议 {reviews} 件，行政诉讼 {len(outcome.created) - reviews} 件"
        if outcome.dry_run:
            context["checked"] = f"检查通过：{len(outcome.created)} 条记录可以导入（{counts}）。未写入，取消勾选“只检查”后再次提交即导入。"
            return render(request, "remedies/import.html", context)
        messages.success(request, f"已为{d['organ'].name}导入 {len(outcome.created)} 条记录（{counts}）。")
        return redirect("remedies:index")
    return render(request, "remedies/import.html", context)
