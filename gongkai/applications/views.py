"""The staff workbench for applications (/staff/applications/): inbox, 督办 lists, registration,
the case page with its clock and timeline, and one POST endpoint per action. Thin: each action
view parses a form and calls one service."""

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core.events import record_event
from gongkai.core.exceptions import ApplicationError
from gongkai.core.forms import show_errors
from gongkai.core.models import EventType
from gongkai.core.params import int_param, next_url
from gongkai.core.permissions import get_object_or_404_for
from gongkai.core.published import published_period_warnings
from gongkai.organs.models import Role, User
from gongkai.organs.selectors import organs_with_role

from . import fees, forms, pending, procedures, selectors, services
from .correspondence import UNSIGNED, LetterStatus, settings_of
from .intake import IntakeError
from .models import Application, Attachment, Status
from .outcomes import BASES, Outcome
from .permissions import (
    can_approve_extension,
    can_handle_application,
    can_view_application,
    can_view_personal_data,
    may_list_applications,
)


def _case(request, tracking_no: str) -> Application:
    return get_object_or_404_for(request.user, Application.objects.select_related("organ", "assigned_to"),
                                 can_view_application, tracking_no=tracking_no)


@login_required
@require_GET
def inbox(request):
    if not may_list_applications(request.user):
        raise Http404("未找到")  # a column owner handles no applications: the list is not theirs to open
    today = timezone.localdate()
    status = request.GET.get("status", "open")
    q = request.GET.get("q", "")[:100]
    mine = request.GET.get("mine") == "1"
    visible = selectors.applications_visible_to(request.user)
    cases = selectors.inbox(request.user, status=status, q=q, mine=mine)[:200]
    # A worklist of the home page (?list=overdue …): the same selector the home page counts.
    listed = selectors.WORKLIST_BY_NAME.get(request.GET.get("list", ""))
    listed_cases = (selectors.worklist(request.user, listed.name, today=today).select_related("organ", "assigned_to")
                    .order_by("due_on", "waiting_until", "received_on", "id") if listed else None)
    return render(request, "applications/inbox.html", {
        "listed": listed, "listed_cases": listed_cases[:500] if listed else None,
        "listed_count": listed_cases.count() if listed else 0,
        "cases": cases, "status": status, "q": q, "mine": mine, "statuses": Status.choices,
        "overdue": selectors.overdue(today=today, queryset=visible).order_by("due_on")[:50],
        "due_soon": selectors.due_soon(today=today, queryset=visible).order_by("due_on")[:50],
        "my_organs": organs_with_role(request.user, Role.CLERK, Role.REVIEWER),
        "today": today,
    })


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    organs = organs_with_role(request.user, Role.CLERK, Role.REVIEWER)
    if not organs.exists():
        raise Http404("未找到")
    # Bound whenever the method is POST, even with no fields at all: an empty POST is a bad request,
    # not an unbound form (whose cleaned_data does not exist).
    posted = request.method == "POST"
    form = forms.RegisterForm(request.POST if posted else None, request.FILES if posted else None, organs=organs,
                              initial={"organ": organs.first()})
    status = 200
    if posted:
        data = {name: request.POST.get(name, "") for name in form.fields}
        form.is_valid()  # parses the dates; the service decides
        received_on = form.cleaned_data.get("received_on")
        uploads = pending.uploads_from(request)
        try:
            if received_on is None:
                raise IntakeError({"received_on": "请填写有效的收到日期（如 2026-01-31）。"})
            app, code = services.application_register(
                actor=request.user, data=data, channel=data.get("channel", ""), received_on=received_on,
                arrived_on=form.cleaned_data.get("arrived_on"), uploads=uploads)
        except IntakeError as exc:
            show_errors(form, exc.errors)
            status = 400
        except ApplicationError as exc:
            show_errors(form, {exc.field or "__all__": exc.message})
            status = 400
        else:
            pending.clear(request)
            messages.success(request, f"已登记，受理编号 {app.tracking_no}，查询码 {code}（请告知申请人，只显示这一次）。")
            # The case page offers the 受理回执 with the 查询码 once, right now (the code is kept only hashed).
            request.session[RECEIPT_SESSION_KEY] = {"tracking_no": app.tracking_no, "code": code}
            for warning in published_period_warnings(app.organ, app.received_on, what="申请"):
                messages.warning(request, warning)  # a back-dated case in a year already reported
            return redirect("applications:detail", tracking_no=app.tracking_no)
        if status != 200:
            pending.keep(request, uploads)
    return render(request, "applications/register.html", {"form": form, "kept_files": pending.kept_files(request)},
                  status=status)


RECEIPT_SESSION_KEY = "gongkai_receipt_code"


@login_required
@require_GET
def detail(request, tracking_no: str):
    app = _case(request, tracking_no)
    fresh = request.session.get(RECEIPT_SESSION_KEY) or {}
    receipt_code = ""
    if fresh.get("tracking_no") == app.tracking_no:  # shown once, on the first view after registration
        receipt_code = request.session.pop(RECEIPT_SESSION_KEY)["code"]
    today = timezone.localdate()
    clock = selectors.clock_for(app, today=today)
    v = {"version": app.version}
    can_act = can_handle_application(request.user, app)
    show_personal_data = can_view_personal_data(request.user, app)
    if show_personal_data:  # every staff view of an applicant's personal data is on the audit trail
        record_event(actor=request.user, event_type=EventType.PERSONAL_DATA_VIEWED, obj=app,
                     details={"fields": ["applicant_name", "id_number", "phone", "email", "address"]})
    assignees = User.objects.filter(memberships__organ=app.organ, memberships__role__in=[Role.CLERK, Role.REVIEWER],
                                    is_active=True).distinct()
    reply = app.letters.filter(kind="reply").exclude(status=LetterStatus.WITHDRAWN).order_by("-id").first()
    return render(request, "applications/detail.html", {
        "app": app, "clock": clock, "can_act": can_act, "show_personal_data": show_personal_data,
        "receipt_code": receipt_code if show_personal_data else "",
        "can_approve_extension": can_approve_extension(request.user, app),
        "timeline": selectors.staff_timeline(app),
        "letters": app.letters.order_by("created_at", "id"),
        "attachments": app.attachments.all(),
        "fee_notice": getattr(app, "fee_notice", None),
        "similar": selectors.similar_earlier(app)[:5] if can_act else [],
        "recent_count": selectors.recent_count(app) if can_act else 0,
        "excessive_threshold": selectors.EXCESSIVE_THRESHOLD,
        "month_count": selectors.applicant_count_in_month(app) if can_act else 0,
        "per_item_scope": selectors.per_item_scope(),
        "bases": BASES,
        "warnings": deadline_warnings(app, clock, today),
        "third_party_ok": bool(consulted_parties(app)) and app.outcome in (Outcome.DISCLOSED, Outcome.PARTLY_DISCLOSED),
        "reply_letter": reply,
        "can_withdraw": can_act and bool(app.outcome) and reply is not None and reply.status in UNSIGNED,
        "forms": {
            "assign": forms.AssignForm(initial={**v, "assignee": app.assigned_to}, assignees=assignees),
            "transfer": forms.TransferForm(initial=v),
            "note": forms.NoteForm(),
            "correction": forms.CorrectionForm(initial=v),
            "correction_receive": forms.CorrectionReceiveForm(initial={**v, "on": today, "corrected_description":
                                                                       app.corrected_description or app.description}),
            "withdraw": forms.WithdrawForm(initial=v),
            "consultation": forms.ConsultationForm(initial=v),
            "consultation_end": forms.DateForm(initial={**v, "on": today}),
            "extension": forms.ExtensionForm(initial=v),
            "fee": forms.FeeForm(initial={**v, **fee_defaults(app)}),
            "fee_paid": forms.DateForm(initial={**v, "on": today}),
            "decide": forms.DecideForm(initial=v),
            "version": forms.VersionForm(initial=v),
            "extension_refuse": ExtensionRefuseForm(initial=v),
            "wait": forms.WaitForm(initial=v),
            "reasons": forms.ReasonsForm(initial=v),
            "reasons_assess": forms.ReasonsAssessForm(initial=v),
            "third_party": forms.ThirdPartyForm(initial=v),
        },
    })


def fee_defaults(app: Application) -> dict:
    """The fee form starts from the organ's 缴纳方式 (letters.LetterSettings)."""
    row = settings_of(app.organ)
    return {field: getattr(row, default) for field, default in services.PAYMENT_DEFAULTS.items() if default}


def deadline_warnings(app: Application, clock, today) -> list[str]:
    """What the organ is warned of when a date it acts on is provisional (never a refusal)."""
    out = []
    notice = clock.correction_notice
    if app.status == "processing" and not clock.correction_used and notice.provisional and today > notice.due:
        out.append(f"按暂定日历，告知补正的期限{notice.text}已过；该日期可能因调休变化，本机关仍可告知补正，"
                   "但请核实（第三十条）。")
    if clock.due and clock.due.provisional and today > clock.due.due:
        out.append(f"按暂定日历，答复期限{clock.due.text}已过，请尽快答复；延期、收费等不因暂定日期被拒绝。")
    waiting = clock.waiting
    if waiting and waiting.provisional and today > waiting.due:
        out.append(f"{'申请人' if clock.applicant else '被征求意见方'}的期限{waiting.text}是暂定日期，已过；"
                   "在放假安排录入前不据此终止办理或恢复计时。")
    return out


def consulted_parties(app: Application) -> list[str]:
    return [p for p in selectors.staff_timeline(app).filter(event_type=EventType.CONSULTATION_STARTED)
            .values_list("details__party", flat=True) if p]


def _withheld(text: str) -> list[dict]:
    rows = []
    for line in text.splitlines():
        if line.strip():
            part, _sep, reason = line.replace("：", ":").partition(":")
            rows.append({"part": part.strip(), "reason": reason.strip()})
    return rows


class ExtensionRefuseForm(forms.VersionForm):
    reason = djforms.CharField(label="不批准的理由", max_length=500, widget=djforms.Textarea(attrs={"rows": 3}),
                               error_messages={"required": "请填写不批准延期的理由。"})


ACTIONS = {
    "assign": (forms.AssignForm, lambda u, a, d: services.application_assign(
        actor=u, application=a, assignee=d["assignee"], version=d["version"]), "已分配经办人。"),
    "transfer": (forms.TransferForm, lambda u, a, d: services.application_transfer(
        actor=u, application=a, to_organ=d["to_organ"], reason=d["reason"], version=d["version"]), "已转办。"),
    "note": (forms.NoteForm, lambda u, a, d: services.application_note(actor=u, application=a, note=d["note"]),
             "备注已添加。"),
    "correction": (forms.CorrectionForm, lambda u, a, d: services.correction_request(
        actor=u, application=a, items=d["items"].splitlines(), deadline_days=d["deadline_days"],
        version=d["version"]), "已起草补正告知书，请送审核人签发。"),
    "correction_receive": (forms.CorrectionReceiveForm, lambda u, a, d: services.correction_receive(
        actor=u, application=a, received_on=d["on"], note=d["note"], corrected_description=d["corrected_description"],
        version=d["version"]), "已登记收到补正，答复期限重新计算。"),
    "correction_lapse": (forms.VersionForm, lambda u, a, d: services.correction_lapse(
        actor=u, application=a, version=d["version"]), "已按逾期未补正终止办理。"),
    "consultation": (forms.ConsultationForm, lambda u, a, d: services.consultation_start(
        actor=u, application=a, party=d["party"], party_kind=d["party_kind"], matters=d["matters"],
        version=d["version"]), "已起草征求意见书。"),
    "consultation_end": (forms.DateForm, lambda u, a, d: services.consultation_end(
        actor=u, application=a, ended_on=d["on"], opinion=d["note"], version=d["version"]), "征求意见已结束。"),
    "extension": (forms.ExtensionForm, lambda u, a, d: services.extension_request(
        actor=u, application=a, days=d["days"], reason=d["reason"], version=d["version"]), "延期申请已提交审核人。"),
    "extension_approve": (forms.VersionForm, lambda u, a, d: services.extension_approve(
        actor=u, application=a, version=d["version"]), "已批准延期，并起草延期答复告知书。"),
    "extension_refuse": (ExtensionRefuseForm, lambda u, a, d: services.extension_refuse(
        actor=u, application=a, reason=d["reason"], version=d["version"]), "已不批准延期。"),
    "fee": (forms.FeeForm, lambda u, a, d: services.fee_notice_issue(
        actor=u, application=a, method=d["method"], pages=d["pages"], payment={
            k: d[k] for k in forms.FeeForm.PAYMENT_FIELDS}, version=d["version"]), "已起草收费通知书。"),
    "fee_paid": (forms.DateForm, lambda u, a, d: services.fee_paid(
        actor=u, application=a, paid_on=d["on"], version=d["version"]), "已登记缴费。"),
    "fee_lapse": (forms.VersionForm, lambda u, a, d: services.fee_lapse(
        actor=u, application=a, version=d["version"]), "已按逾期未缴费终止办理。"),
    "decide": (forms.DecideForm, lambda u, a, d: services.outcome_decide(
        actor=u, application=a, basis_code=d["basis"], reason=d["reason"], withheld=_withheld(d["withheld"]),
        responsible_organ=d["responsible_organ"], responsible_contact=d["responsible_contact"],
        version=d["version"]), "已作出答复决定并起草答复书，请送审核人签发。"),
    "withdraw": (forms.WithdrawForm, lambda u, a, d: services.outcome_withdraw(
        actor=u, application=a, reason=d["reason"], version=d["version"]), "已撤回答复决定，申请恢复到决定前的状态。"),
    "consultation_wait": (forms.WaitForm, lambda u, a, d: procedures.consultation_keep_waiting(
        actor=u, application=a, reason=d["note"], version=d["version"]), "已记录继续等待意见的理由，计时继续暂停。"),
    "reasons": (forms.ReasonsForm, lambda u, a, d: procedures.reasons_request(
        actor=u, application=a, deadline_days=d["deadline_days"], version=d["version"]), "已起草说明理由告知书。"),
    "reasons_assess": (forms.ReasonsAssessForm, lambda u, a, d: procedures.reasons_assess(
        actor=u, application=a, reasonable=d["reasonable"], note=d["note"], due_on=d["due_on"],
        version=d["version"]), "已记录审查意见。"),
    "third_party": (forms.ThirdPartyForm, lambda u, a, d: procedures.third_party_notify(
        actor=u, application=a, party=d["party"], objection=d["objection"], content=d["content"],
        reasons=d["reasons"], version=d["version"]), "已起草给第三方的告知书。"),
}


@login_required
@require_POST
def action(request, tracking_no: str, name: str):
    app = _case(request, tracking_no)
    if name not in ACTIONS:
        raise Http404("未找到")
    form_class, run, done = ACTIONS[name]
    kwargs = {}
    if form_class is forms.AssignForm:
        kwargs["assignees"] = User.objects.filter(memberships__organ=app.organ).distinct()
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{'；'.join(errs)}" if label else "；".join(errs))
        return redirect(next_url(request, reverse("applications:detail", args=[app.tracking_no])))
    back = next_url(request, reverse("applications:detail", args=[app.tracking_no]))
    try:
        run(request.user, app, form.cleaned_data)
    except ApplicationError as exc:
        if exc.code == "permission_denied":
            raise Http404("未找到") from exc
        messages.error(request, f"{app.tracking_no}：{exc.message}")
        return redirect(back)
    messages.success(request, f"{app.tracking_no}：{done}")
    return redirect(back)


@login_required
@require_GET
def attachment(request, pk: int):
    """An attachment (an ID copy, supporting documents) is the applicant's personal data: only the
    organ's clerks and reviewers get it, and each download is on the audit trail. Supervisors and
    system administrators get the same 404 as for a missing file."""
    att = get_object_or_404_for(request.user, Attachment.objects.select_related("application__organ"),
                                lambda u, a: can_view_personal_data(u, a.application), pk=pk)
    record_event(actor=request.user, event_type=EventType.PERSONAL_DATA_VIEWED, obj=att.application,
                 details={"fields": ["attachment"], "attachment": att.pk, "kind": att.kind})
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.original_name)


@login_required
@require_GET
def fee_calculator(request):
    """The calculator shows its working (国办函〔2020〕109号)."""
    method = request.GET.get("method", fees.PER_PAGE)
    quote, error = None, None
    raw = request.GET.get("n", "").strip()
    if raw:
        try:
            n = int_param(raw, lo=0, hi=1_000_000)
            if n is None:
                raise ValueError("invalid literal")
            quote = fees.quote(method, nth=n) if method == fees.PER_ITEM else fees.quote(method, pages=n)
        except ValueError as exc:
            error = str(exc) if "invalid literal" not in str(exc) else "请输入整数。"
    return render(request, "applications/fees.html", {"method": method, "n": raw, "quote": quote, "error": error})
