"""Staff pages for letters: preview, edit the draft, sign off, record 送达, download DOCX/PDF; templates."""

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.applications.forms import ConfirmDatesForm, SendForm, ServeForm
from gongkai.applications.outcomes import BASES
from gongkai.applications.permissions import can_view_personal_data
from gongkai.core import privacy
from gongkai.core.events import record_event
from gongkai.core.exceptions import ApplicationError
from gongkai.core.models import EventType
from gongkai.core.permissions import get_object_or_404_for
from gongkai.organs.models import Organ

from . import rendering, services
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
        "can_edit": can_edit_letter(request.user, letter) and letter.status == Letter.Status.DRAFT,
        "can_approve": can_approve_letter(request.user, letter) and letter.status == Letter.Status.DRAFT,
        "can_serve": can_serve_letter(request.user, letter) and letter.status in (Letter.Status.APPROVED,
                                                                                  Letter.Status.SENT),
        "can_confirm": can_edit_letter(request.user, letter) and letter.status == Letter.Status.DRAFT
        and bool(letter.provisional_dates) and not letter.dates_confirmed,
        # Two forms on one page: their own ids, so that each label points at its own field.
        "serve_form": ServeForm(initial={"method": letter.served_method or "registered_mail"}, auto_id="serve_%s"),
        "send_form": SendForm(initial={"method": "registered_mail"}, auto_id="send_%s"),
        "confirm_form": ConfirmDatesForm(auto_id="confirm_%s"),
    })


def _run(request, letter, fn, done: str):
    try:
        fn()
    except ApplicationError as exc:
        if exc.code == "permission_denied":
            raise Http404("未找到") from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("letters:detail", pk=letter.pk)


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
    name = f"{letter.application.tracking_no}-{letter.get_kind_display()}"
    if fmt == "pdf":
        response = HttpResponse(rendering.letter_pdf(letter), content_type="application/pdf")
    elif fmt == "docx":
        response = HttpResponse(
            rendering.letter_docx(letter),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    else:
        raise Http404("未找到")
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.{fmt}"
    return response


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
