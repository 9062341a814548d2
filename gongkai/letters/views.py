"""Staff pages for letters: preview, edit the draft, sign off, record 送达, download DOCX/PDF; templates."""

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.applications.models import Application
from gongkai.applications.outcomes import BASES
from gongkai.applications.permissions import can_view_personal_data
from gongkai.core import privacy
from gongkai.core.events import record_event
from gongkai.core.exceptions import ApplicationError
from gongkai.core.models import EventType
from gongkai.core.params import next_url
from gongkai.core.permissions import get_object_or_404_for
from gongkai.organs.models import Organ
from gongkai.organs.selectors import is_sysadmin

from . import rendering, services
from .forms import ConfirmDatesForm, SendForm, ServeForm
from .models import Letter, LetterKind
from .permissions import (
    can_approve_letter,
    can_edit_letter,
    can_edit_letter_template,
    can_serve_letter,
    can_view_letter,
)


def _letter(request, pk: int) -> Letter:
    return get_object_or_404_for(request.user, Letter.objects.select_related("application__organ"),
                                 can_view_letter, pk=pk)


PERSONAL_FIELDS = ["applicant_name", "id_number", "phone", "email", "address"]


def _masker(letter: Letter):
    """Replace the applicant's (and a consulted person's) personal data in a letter's text by the
    masked values (gongkai.core.privacy), for those who may read the letter but not the data."""
    app = letter.application
    pairs = [
        (app.applicant_name, privacy.mask_name(app.applicant_name, app.applicant_kind)),
        (app.contact_person, privacy.mask_name(app.contact_person)),
        (app.id_number, privacy.mask_id_number(app.id_number)),
        (app.phone, privacy.mask_phone(app.phone)),
        (app.email, privacy.mask_email(app.email)),
        (app.address, privacy.mask_address(app.address)),
    ]
    extra = letter.extra or {}
    if extra.get("party") and extra.get("party_kind") != "organ":
        pairs.append((extra["party"], privacy.mask_name(extra["party"])))
    pairs = sorted({(v.strip(), m) for v, m in pairs if v and v.strip() and v.strip() != m},
                   key=lambda pair: -len(pair[0]))

    def mask(text: str) -> str:
        for value, masked in pairs:
            text = text.replace(value, masked)
        return text

    return mask


def _record_personal_data_view(request, letter: Letter, **details) -> None:
    record_event(actor=request.user, event_type=EventType.PERSONAL_DATA_VIEWED, obj=letter.application,
                 details={"fields": PERSONAL_FIELDS, "letter": letter.pk, **details})


@login_required
@require_GET
def detail(request, pk: int):
    """Everyone who may see the case sees the letter; only the organ's clerks and reviewers see the
    applicant's personal data in it (and that view is recorded), the others a masked copy."""
    letter = _letter(request, pk)
    show_personal_data = can_view_personal_data(request.user, letter.application)
    if show_personal_data:
        _record_personal_data_view(request, letter)
        mask = str
    else:
        mask = _masker(letter)
    return render(request, "letters/detail.html", {
        "letter": letter, "show_personal_data": show_personal_data,
        "title": mask(letter.title), "recipient": mask(letter.recipient),
        "paragraphs": [mask(p) for p in letter.paragraphs],
        "can_edit": can_edit_letter(request.user, letter) and letter.status in Letter.UNSIGNED,
        "can_approve": can_approve_letter(request.user, letter) and letter.status == Letter.Status.DRAFT,
        "files": letter.files.all() if letter.kind == LetterKind.REPLY else [],
        "can_add_files": can_edit_letter(request.user, letter) and letter.kind == LetterKind.REPLY
        and letter.status in (*Letter.UNSIGNED, Letter.Status.APPROVED),
        "file_form": ProvidedFileForm(),
        "online_ok": letter.application.delivery == "online",
        "can_serve": can_serve_letter(request.user, letter) and letter.status in (Letter.Status.APPROVED,
                                                                                  Letter.Status.SENT),
        "can_confirm": can_edit_letter(request.user, letter) and letter.status in Letter.UNSIGNED
        and bool(letter.provisional_dates) and not letter.dates_confirmed,
        # Two forms on one page: their own ids, so that each label points at its own field.
        "serve_form": ServeForm(initial={"method": letter.served_method or "registered_mail"}, auto_id="serve_%s"),
        "send_form": SendForm(initial={"method": "registered_mail"}, auto_id="send_%s"),
        "confirm_form": ConfirmDatesForm(auto_id="confirm_%s"),
    })


def _run(request, letter, fn, done: str):
    """Run a service; back to the letter (or to `next`, e.g. the home page's queue) with its message."""
    who = f"{letter.application.tracking_no} {letter.title}："
    try:
        fn()
    except ApplicationError as exc:
        if exc.code == "permission_denied":
            raise Http404("未找到") from exc
        messages.error(request, who + exc.message)
    else:
        messages.success(request, who + done)
    return redirect(next_url(request, reverse("letters:detail", args=[letter.pk])))


@login_required
@require_POST
def edit(request, pk: int):
    letter = _letter(request, pk)
    return _run(request, letter, lambda: services.letter_edit(actor=request.user, letter=letter,
                                                              body=request.POST.get("body", "")), "正文已保存。")


@login_required
@require_POST
def approve(request, pk: int):
    letter = _letter(request, pk)
    return _run(request, letter, lambda: services.letter_approve(actor=request.user, letter=letter), "已签发。")


@login_required
@require_POST
def return_letter(request, pk: int):
    """The reviewer sends an unsigned letter back to the clerk with a note."""
    letter = _letter(request, pk)
    return _run(request, letter, lambda: services.letter_return(actor=request.user, letter=letter,
                                                                note=request.POST.get("note", "")),
                "已退回经办人修改。")


def _posted(request, letter, form_class):
    form = form_class(request.POST)
    if not form.is_valid():
        for field, errs in form.errors.items():
            messages.error(request, f"{form.fields[field].label}：{'；'.join(errs)}")
        return None
    return form.cleaned_data


@login_required
@require_POST
def serve(request, pk: int):
    letter = _letter(request, pk)
    d = _posted(request, letter, ServeForm)
    if d is None:
        return redirect("letters:detail", pk=letter.pk)
    return _run(request, letter, lambda: services.letter_serve(
        actor=request.user, letter=letter, method=d["method"], served_on=d["served_on"], sent_on=d["sent_on"],
        registered_no=d["registered_no"]), "送达已登记。")


@login_required
@require_POST
def send(request, pk: int):
    """发出 (交邮) recorded before the 送达 is known: a reply mailed by its last day is on time."""
    letter = _letter(request, pk)
    d = _posted(request, letter, SendForm)
    if d is None:
        return redirect("letters:detail", pk=letter.pk)
    return _run(request, letter, lambda: services.letter_send(
        actor=request.user, letter=letter, method=d["method"], sent_on=d["sent_on"],
        registered_no=d["registered_no"]), "发出已登记。")


@login_required
@require_POST
def confirm_dates(request, pk: int):
    """The clerk confirms a provisional date the draft states, with the reason, before signing."""
    letter = _letter(request, pk)
    d = _posted(request, letter, ConfirmDatesForm)
    if d is None:
        return redirect("letters:detail", pk=letter.pk)
    return _run(request, letter, lambda: services.letter_confirm_dates(
        actor=request.user, letter=letter, reason=d["reason"]), "日期已确认，可以送审核人签发。")


@login_required
@require_GET
def download(request, pk: int, fmt: str):
    """The DOCX/PDF carry the applicant's personal data in full: the organ's clerks and reviewers
    only (recorded); supervisors and administrators get the same 404 as for a missing letter."""
    letter = get_object_or_404_for(request.user, Letter.objects.select_related("application__organ"),
                                   lambda u, x: can_view_personal_data(u, x.application), pk=pk)
    if fmt not in ("pdf", "docx"):
        raise Http404("未找到")
    _record_personal_data_view(request, letter, download=fmt)
    data = rendering.letter_pdf(letter) if fmt == "pdf" else rendering.letter_docx(letter)
    return _file(data, fmt, f"{letter.application.tracking_no}-{letter.get_kind_display()}")


class TemplateForm(djforms.Form):
    kind = djforms.ChoiceField(label="文书类型", choices=LetterKind.choices)
    basis = djforms.ChoiceField(label="答复类型（答复书适用，可留空表示所有答复书）", required=False,
                                choices=[("", "（全部）")] + [(b.code, b.label) for b in BASES])
    title = djforms.CharField(label="标题", max_length=100)
    body = djforms.CharField(label="正文模板", widget=djforms.Textarea(attrs={"rows": 12}))


@login_required
@require_http_methods(["GET", "POST"])
def templates(request, code: str):
    """The organ's own letter templates. Legal basis and remedy notice are added by the system."""
    from .defaults import DEFAULT_TEMPLATES

    organ = get_object_or_404_for(request.user, Organ, can_edit_letter_template, code=code)
    kind = request.GET.get("kind", LetterKind.REPLY)
    kind = kind if kind in LetterKind.values else LetterKind.REPLY
    basis = request.GET.get("basis", "")
    title, body = services.template_for(organ, kind, basis)
    form = TemplateForm(request.POST or None, initial={"kind": kind, "basis": basis, "title": title, "body": body})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.template_save(actor=request.user, organ=organ, kind=form.cleaned_data["kind"],
                                       basis_code=form.cleaned_data["basis"], title=form.cleaned_data["title"],
                                       body=form.cleaned_data["body"])
            except ApplicationError as exc:
                form.add_error("body", exc.message)
            else:
                messages.success(request, "文书模板已保存。")
                return redirect(f"{request.path}?kind={form.cleaned_data['kind']}&basis={form.cleaned_data['basis']}")
        status = 400
    return render(request, "letters/templates.html", {"organ": organ, "form": form, "kinds": LetterKind.choices,
                                                      "defaults": DEFAULT_TEMPLATES}, status=status)


# --- the clerk's letter lists (the home page's counts link here) ----------------------------------------


@login_required
@require_GET
def letter_list(request):
    from . import selectors

    listed = selectors.WORKLIST_BY_NAME.get(request.GET.get("list", "")) or selectors.WORKLISTS[0]
    rows = (selectors.worklist(request.user, listed.name)
            .select_related("application__organ", "application__assigned_to", "decided_by")
            .order_by("updated_at", "id"))
    return render(request, "letters/list.html", {
        "listed": listed, "worklists": selectors.WORKLISTS, "letters": rows[:500], "count": rows.count()})


# --- 提供的政府信息 (files served with the reply) ------------------------------------------------------


class ProvidedFileForm(djforms.Form):
    file = djforms.FileField(label="提供的政府信息（PDF、DOCX、PNG、JPG、GIF）", error_messages={
        "required": "请选择要上传的文件。", "empty": "文件是空的。", "invalid": "上传的不是文件。"})


@login_required
@require_POST
def provided_file_upload(request, pk: int):
    letter = _letter(request, pk)
    form = ProvidedFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "".join(e for errors in form.errors.values() for e in errors))
        return redirect("letters:detail", pk=letter.pk)
    upload = form.cleaned_data["file"]
    return _run(request, letter, lambda: services.provided_file_add(actor=request.user, letter=letter,
                                                                    name=upload.name, data=upload.read()),
                f"已上传“{upload.name}”。")


def _provided(request, pk: int):
    from .models import ProvidedFile

    return get_object_or_404_for(request.user, ProvidedFile.objects.select_related("letter__application__organ"),
                                 lambda u, f: can_view_personal_data(u, f.letter.application), pk=pk)


@login_required
@require_GET
def provided_file(request, pk: int):
    from django.http import FileResponse

    provided = _provided(request, pk)
    return FileResponse(provided.file.open("rb"), as_attachment=True, filename=provided.name)


@login_required
@require_POST
def provided_file_delete(request, pk: int):
    provided = _provided(request, pk)
    letter = provided.letter
    return _run(request, letter, lambda: services.provided_file_remove(actor=request.user, provided=provided),
                f"已删除“{provided.name}”。")


# --- 受理回执 -------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def receipt(request, tracking_no: str, fmt: str):
    """The printable 受理回执 of a case, A4 PDF or DOCX, for the organ's clerks and reviewers. Posted with the
    查询码 (shown once, right after registration) it prints the code — checked against the case, never
    put in a URL; fetched later without it, it says the code was given at intake. Each print is audited."""
    from .rendering import receipt_docx, receipt_pdf

    app = get_object_or_404_for(request.user, Application.objects.select_related("organ"),
                                can_view_personal_data, tracking_no=tracking_no)
    if fmt not in ("pdf", "docx"):
        raise Http404("未找到")
    code = request.POST.get("query_code", "").strip()[:40] if request.method == "POST" else ""
    if code and not app.check_query_code(code):
        raise Http404("未找到")
    record_event(actor=request.user, event_type=EventType.RECEIPT_PRINTED, obj=app,
                 details={"format": fmt, "with_code": bool(code)})
    data = receipt_pdf(app, query_code=code) if fmt == "pdf" else receipt_docx(app, query_code=code)
    return _file(data, fmt, f"{app.tracking_no}-受理回执")


def _file(data: bytes, fmt: str, name: str) -> HttpResponse:
    from urllib.parse import quote

    types = {"pdf": "application/pdf",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    response = HttpResponse(data, content_type=types[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.{fmt}"
    return response


# --- the organ's letter settings: 文号, 缴纳方式, one-person office -------------------------------------


class SettingsForm(djforms.Form):
    fee_payment_method = djforms.CharField(label="缴纳方式", max_length=100, required=False,
                                           help_text="如：银行转账；非税收入统一缴款；到本机关窗口缴纳。")
    fee_payee = djforms.CharField(label="收款单位", max_length=100, required=False)
    fee_bank = djforms.CharField(label="开户银行", max_length=100, required=False)
    fee_account = djforms.CharField(label="账号", max_length=40, required=False)
    fee_note = djforms.CharField(label="缴费说明", max_length=300, required=False)

    def __init__(self, *args, organ=None, sysadmin: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        from . import defaults

        for kind, label in LetterKind.choices:
            self.fields[f"code_{kind}"] = djforms.CharField(
                label=f"{label}的发文机关代字", max_length=20, required=False,
                help_text=f"留空使用“{defaults.default_doc_no_code(organ, kind)}”；文号形如“代字〔2026〕1号”。")
        if sysadmin:
            self.fields["one_person_office"] = djforms.BooleanField(
                label="一人办理（本机关只有一名工作人员：决定人可签发本人决定的文书，每次均记入操作日志）",
                required=False)


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request, code: str):
    organ = get_object_or_404_for(request.user, Organ,
                                  lambda u, o: can_edit_letter_template(u, o) or is_sysadmin(u), code=code)
    row = services.settings_of(organ)
    sysadmin = is_sysadmin(request.user)
    initial = {name: getattr(row, name) for name in services.FEE_FIELDS}
    initial.update({f"code_{k}": v for k, v in (row.doc_no_codes or {}).items()})
    initial["one_person_office"] = row.one_person_office
    form = SettingsForm(request.POST or None, organ=organ, sysadmin=sysadmin, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.letter_settings_save(
                    actor=request.user, organ=organ,
                    doc_no_codes={k: d[f"code_{k}"] for k in LetterKind.values},
                    fee={name: d[name] for name in services.FEE_FIELDS},
                    one_person_office=d["one_person_office"] if sysadmin else None)
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "文书设置已保存。")
                return redirect("letters:settings", code=organ.code)
        status = 400
    return render(request, "letters/settings.html", {"organ": organ, "form": form,
                                                     "example": services.doc_no_code(organ, LetterKind.REPLY)},
                  status=status)
