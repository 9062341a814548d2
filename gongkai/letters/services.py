"""Writes on letters: draft, edit, sign off (numbering), serve; and the organ's templates."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.template import (
    Context,
    Engine,
    Library,
    Template,
    TemplateSyntaxError,
    defaultfilters,
    defaulttags,
)
from django.utils import timezone

from gongkai.applications import selectors as app_selectors
from gongkai.applications.clock import cn
from gongkai.applications.models import Application, Delivery
from gongkai.applications.outcomes import basis
from gongkai.applications.permissions import can_handle_application
from gongkai.applications.services import (
    check_letter_signable,
    on_letter_sent,
    on_letter_served,
)
from gongkai.catalogue.attachments import check_upload_in_slot, clean_name
from gongkai.core.events import PUBLIC_ACTOR_NAME, record_event
from gongkai.core.exceptions import ApplicationError
from gongkai.core.models import EventType
from gongkai.core.permissions import require
from gongkai.core.sequences import next_in_sequence
from gongkai.core.services import model_update
from gongkai.core.text import for_quoting, tidy_punctuation
from gongkai.organs.actors import Actor, user_of
from gongkai.organs.selectors import is_sysadmin

from . import budget, defaults
from .models import (
    PARTY_LETTERS,
    Letter,
    LetterKind,
    LetterSettings,
    LetterTemplate,
    ProvidedFile,
    ServiceMethod,
)
from .permissions import can_approve_letter, can_edit_letter, can_edit_letter_template, can_serve_letter


def _today() -> dt.date:
    return timezone.localdate()


def template_for(organ, kind: str, basis_code: str = "") -> tuple[str, str]:
    """The organ's own template for this kind (and 答复类型), else its own per-kind one, else the default."""
    for b in (basis_code, ""):
        row = LetterTemplate.objects.filter(organ=organ, kind=kind, basis=b).first()
        if row:
            return row.title, row.body
    title, body = defaults.DEFAULT_TEMPLATES[kind]
    return defaults.DEFAULT_BASIS_TITLES.get(basis_code, title) if kind == LetterKind.REPLY else title, body


def letter_context(app: Application, extra: dict, *, due=None) -> dict:
    """The facts a letter is drafted from. A letter under seal states one firm date: `due` is the date
    alone, never a software caveat; whether it was provisional is kept beside the letter
    (`letter_dates`), and the clerk confirms it before the reviewer can sign (`letter_confirm_dates`)."""
    due = due if due is not None else app_selectors.clock_for(app, today=_today()).due
    corrected_on = app_selectors.corrected_on(app) if app.corrected_description else None
    ctx = {
        "organ": app.organ.name, "applicant_name": app.applicant_name, "tracking_no": app.tracking_no,
        # 第三十条: after a 补正 the letter quotes the corrected request; quoted within a sentence, without
        # its own full stop (text.for_quoting).
        "received": cn(app.received_on), "description": for_quoting(app.requested), "doc_no": app.doc_no,
        "corrected_on": cn(corrected_on) if corrected_on else "",
        "due": cn(due.due) if due else "",
        **(extra or {}),
    }
    if app.outcome_basis:
        b = basis(app.outcome_basis)
        ctx.update(finding=b.finding, **(app.outcome_detail or {}))
    return ctx


# Templates edited by an organ run in a restricted engine: no loaders (no {% include %}/{% extends %}),
# no libraries (no {% load %}) and only the tags and filters a letter needs (the built-in templates in
# defaults.py use {% if %} and {% for %}); {% debug %}, {% include %}, {% load %}, {% url %}… are refused.
LETTER_TAGS = ("if", "for", "with", "comment", "firstof")
LETTER_FILTERS = ("default", "default_if_none", "date", "join", "length", "add", "yesno", "linebreaksbr")


def _letter_engine() -> Engine:
    engine = Engine(dirs=[], app_dirs=False, loaders=[], libraries={}, builtins=[], autoescape=False, debug=False)
    library = Library()
    library.tags.update({name: defaulttags.register.tags[name] for name in LETTER_TAGS})
    library.filters.update({name: defaultfilters.register.filters[name] for name in LETTER_FILTERS})
    # Bounded: loops count iterations and output, |add refuses huge values (budget.py).
    library.tags["for"] = budget.bounded_for
    library.filters["add"] = budget.bounded_add
    engine.template_builtins = [library]  # instead of Django's defaulttags, defaultfilters and loader_tags
    return engine


LETTER_ENGINE = _letter_engine()

_BAD_TAG = re.compile(r"Invalid block tag on line \d+: '([^']+)'")
_BAD_FILTER = re.compile(r"Invalid filter: '([^']+)'")


def _syntax_message(exc: TemplateSyntaxError) -> str:
    allowed = "、".join("{% " + t + " %}" for t in LETTER_TAGS)
    if m := _BAD_TAG.search(str(exc)):
        return f"文书模板不能使用“{{% {m.group(1)} %}}”标签，只能使用 {allowed} 和 {{{{ 变量 }}}}。"
    if m := _BAD_FILTER.search(str(exc)):
        return f"文书模板不能使用“{m.group(1)}”过滤器，只能使用：{'、'.join(LETTER_FILTERS)}。"
    return f"文书模板有语法错误：{exc}"


def _render(body: str, ctx: dict) -> str:
    if len(body) > budget.MAX_TEMPLATE_CHARS:
        raise ApplicationError(f"文书模板不能超过{budget.MAX_TEMPLATE_CHARS}字。", field="body")
    try:
        text = Template(body, engine=LETTER_ENGINE).render(Context(ctx, autoescape=False))
    except TemplateSyntaxError as exc:
        raise ApplicationError(_syntax_message(exc), field="body") from exc
    except budget.LetterTooLarge as exc:
        raise ApplicationError(str(exc), field="body") from None
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return tidy_punctuation("\n".join(lines).strip())


# The letters that state the 答复期限 as a date (the others count in working days from 送达).
DATED_LETTERS: dict[str, str] = {LetterKind.RECEIPT: "答复期限", LetterKind.EXTENSION: "延长后的答复期限"}


def letter_dates(kind: str, due) -> list[dict]:
    """The dates a letter states, each with its provisional mark and why (kept in `extra["dates"]`)."""
    if kind not in DATED_LETTERS or due is None:
        return []
    return [{"label": DATED_LETTERS[kind], "date": due.due.isoformat(), "text": cn(due.due),
             "provisional": due.provisional, "note": due.warning or ""}]


@transaction.atomic
def letter_draft(*, actor: Actor, application: Application, kind: str, extra: dict | None = None, due=None,
                 decided_by=None) -> Letter:
    """Draft a letter from the organ's template and the case's facts. `due` overrides the clock's
    答复期限 (the date an extension will give). `decided_by` is who made the decision the letter carries
    (default: `actor`); they may not sign it (`letter_approve`)."""
    require(can_handle_application(actor, application))
    if kind == LetterKind.REPLY and not application.outcome_basis:
        raise ApplicationError("尚未作出答复决定，不能起草答复书。", code="bad_state")
    extra = dict(extra or {})
    due = due if due is not None else app_selectors.clock_for(application, today=_today()).due
    extra["dates"] = letter_dates(kind, due)
    title, body = template_for(application.organ, kind, application.outcome_basis if kind == LetterKind.REPLY else "")
    to_party = kind in PARTY_LETTERS
    ctx = letter_context(application, extra, due=due)
    letter = Letter.objects.create(
        application=application, kind=kind, title=_render(title, ctx),
        recipient="" if to_party else application.applicant_name, body=_render(body, ctx), extra=extra,
        basis_text=defaults.basis_text(kind, outcome_basis=application.outcome_basis,
                                       party_kind=extra.get("party_kind", "")),
        remedy_text=defaults.remedy_text(kind, organ=application.organ, outcome=application.outcome),
        decided_by=decided_by if decided_by is not None else user_of(actor),
    )
    record_event(actor=actor, event_type=EventType.LETTER_DRAFTED, obj=application,
                 details={"letter": letter.pk, "title": letter.title})
    return letter


def _lock(letter: Letter) -> Letter:
    return Letter.objects.select_for_update().select_related("application__organ").get(pk=letter.pk)


@transaction.atomic
def letter_edit(*, actor: Actor, letter: Letter, body: str) -> Letter:
    letter = _lock(letter)
    require(can_edit_letter(actor, letter))
    _require_unsigned(letter, "修改")
    if not body.strip():
        raise ApplicationError("正文不能为空。", field="body")
    resubmitted = letter.status == Letter.Status.RETURNED
    letter.body = body.strip().replace("\r\n", "\n")
    letter.status, letter.returned_note = Letter.Status.DRAFT, ""  # amended: back to the reviewer
    letter.save(update_fields=["body", "status", "returned_note", "updated_at"])
    record_event(actor=actor, event_type=EventType.LETTER_EDITED, obj=letter.application,
                 details={"letter": letter.pk, "title": letter.title, "resubmitted": resubmitted})
    return letter


def _require_unsigned(letter: Letter, action: str) -> None:
    if letter.status == Letter.Status.WITHDRAWN:
        raise ApplicationError(f"该文书已撤回，不能再{action}。", code="bad_state")
    if letter.status not in Letter.UNSIGNED:
        raise ApplicationError(f"文书已签发，不能再{action}。", code="bad_state")


@transaction.atomic
def letter_return(*, actor: Actor, letter: Letter, note: str) -> Letter:
    """The reviewer sends an unsigned letter back to the clerk, saying why (wrong outcome, wording, date).
    The clerk amends it (`letter_edit` sends it back) or withdraws its decision
    (`applications.services.outcome_withdraw`)."""
    letter = _lock(letter)
    require(can_approve_letter(actor, letter), "只有本机关的审核人可以退回文书。")
    if letter.status != Letter.Status.DRAFT:
        raise ApplicationError(f"该文书当前为“{letter.get_status_display()}”，只有待签发的文书可以退回。",
                               code="bad_state")
    note = (note or "").strip()
    if not note:
        raise ApplicationError("请填写退回理由。", field="note")
    letter.status, letter.returned_note = Letter.Status.RETURNED, note[:500]
    letter.save(update_fields=["status", "returned_note", "updated_at"])
    record_event(actor=actor, event_type=EventType.LETTER_RETURNED, obj=letter.application,
                 details={"letter": letter.pk, "title": letter.title, "note": letter.returned_note})
    return letter


@transaction.atomic
def letter_approve(*, actor: Actor, letter: Letter, today: dt.date | None = None) -> Letter:
    """The reviewer signs the letter off; it gets its 文号, e.g. 岭政公开答〔2026〕3号 (GB/T 9704: no 第,
    no leading zeros; one series per kind's 机关代字 and year). The person who made the decision the letter
    carries does not sign it — four eyes — unless the organ is a one-person office (audited)."""
    today = today or _today()
    letter = _lock(letter)
    require(can_approve_letter(actor, letter), "只有本机关的审核人可以签发文书。")
    if letter.status == Letter.Status.RETURNED:
        raise ApplicationError("该文书已退回经办人修改，修改后才能签发。", code="bad_state")
    if letter.status != Letter.Status.DRAFT:
        raise ApplicationError(f"该文书当前为“{letter.get_status_display()}”，不能签发。", code="bad_state")
    organ = letter.application.organ
    self_signed = letter.decided_by_id is not None and letter.decided_by_id == actor.pk
    if self_signed and not settings_of(organ).one_person_office:
        raise ApplicationError(
            "该文书载明的决定由您本人作出，须由本机关其他审核人签发（决定与签发分离）。"
            "如本机关只有一名工作人员，请系统管理员在“文书设置”中开启“一人办理”。", code="self_sign")
    if letter.provisional_dates and not letter.dates_confirmed:
        dates = "、".join(f"{d['label']}{d['text']}" for d in letter.provisional_dates)
        raise ApplicationError(
            f"文书载明的{dates}是按暂定日历推算的（{letter.provisional_dates[0]['note']}）。盖章文书只写一个确定的日期："
            "请经办人核实并确认该日期（记录理由）后再签发。", code="dates_unconfirmed")
    check_letter_signable(letter, today=today)
    letter.doc_no = next_doc_no(organ, letter.kind, today.year)
    letter.status, letter.approved_by, letter.approved_on = Letter.Status.APPROVED, user_of(actor), today
    letter.save(update_fields=["doc_no", "status", "approved_by", "approved_on", "updated_at"])
    record_event(actor=actor, event_type=EventType.LETTER_APPROVED, obj=letter.application,
                 details={"letter": letter.pk, "title": letter.title, "doc_no": letter.doc_no})
    if self_signed:  # the one-person office's exception, on the audit trail each time it is used
        record_event(actor=actor, event_type=EventType.LETTER_SELF_APPROVED, obj=letter.application,
                     details={"letter": letter.pk, "title": letter.title, "doc_no": letter.doc_no})
    return letter


def settings_of(organ) -> LetterSettings:
    """The organ's letter settings (an unsaved default row when it has none)."""
    return LetterSettings.objects.filter(organ=organ).first() or LetterSettings(organ=organ)


def doc_no_code(organ, kind: str) -> str:
    """The 机关代字 of a kind's 文号: the organ's own (LetterSettings.doc_no_codes) or the default."""
    code = (settings_of(organ).doc_no_codes or {}).get(kind, "").strip()
    return code or defaults.default_doc_no_code(organ, kind)


def next_doc_no(organ, kind: str, year: int) -> str:
    """GB/T 9704 §7.2.4: 机关代字〔年份〕顺序号号 — 六角括号, the year in full, no 第 and no leading zeros.
    The number comes from the gap-free counter of the 代字 and year (kinds sharing a 代字 share it)."""
    code = doc_no_code(organ, kind)
    n = next_in_sequence(f"docno:{organ.pk}:{code}:{year}")
    return f"{code}〔{year}〕{n}号"


@transaction.atomic
def letter_confirm_dates(*, actor: Actor, letter: Letter, reason: str) -> Letter:
    """The clerk confirms the provisional date(s) a draft states, with the reason (e.g. "已核对国务院办公厅
    2027年放假通知" or "按法定节假日计算，放假通知公布后如有变化另行告知"). Only then may the reviewer
    sign: a sealed letter states one firm date and carries no software caveat."""
    letter = _lock(letter)
    require(can_edit_letter(actor, letter))
    _require_unsigned(letter, "确认日期")
    if not letter.provisional_dates:
        raise ApplicationError("该文书没有需要确认的暂定日期。", code="bad_state")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写确认该日期的理由。", field="reason")
    letter.extra = {**(letter.extra or {}), "dates_confirmed": {
        "by": actor.display_name, "on": _today().isoformat(), "reason": reason[:300],
        "dates": [d["date"] for d in letter.provisional_dates]}}
    letter.save(update_fields=["extra", "updated_at"])
    record_event(actor=actor, event_type=EventType.LETTER_DATES_CONFIRMED, obj=letter.application, details={
        "letter": letter.pk, "title": letter.title, "note": reason[:300],
        "dates": [f"{d['label']}{d['text']}" for d in letter.provisional_dates]})
    return letter


def _check_dispatch(letter: Letter, *, method: str, day: dt.date, label: str, registered_no: str,
                    today: dt.date) -> None:
    if method not in ServiceMethod.values:
        raise ApplicationError("请选择送达方式。", field="method")
    if day > today:
        raise ApplicationError(f"{label}不能晚于今天。", field="served_on" if label == "送达日期" else "sent_on")
    if day < letter.approved_on:
        raise ApplicationError(f"{label}不能早于签发日期。", field="served_on" if label == "送达日期" else "sent_on")
    if method == ServiceMethod.REGISTERED_MAIL and not registered_no.strip():
        raise ApplicationError("邮寄的，请填写挂号单号。", field="registered_no")


@transaction.atomic
def letter_send(*, actor: Actor, letter: Letter, method: str, sent_on: dt.date, registered_no: str = "",
                today: dt.date | None = None) -> Letter:
    """Record the 发出 (交邮 for mail, with the 挂号 number), before the 送达 is known. The case acts on
    it (`applications.services.on_letter_sent`): a reply mailed by its last day is on time and counts
    in the year it was mailed (民事诉讼法第八十五条 by analogy); late notices are refused."""
    today = today or _today()
    letter = _lock(letter)
    require(can_serve_letter(actor, letter))
    if letter.status in (*Letter.UNSIGNED, Letter.Status.WITHDRAWN):
        raise ApplicationError("文书须经审核人签发后才能发出。", code="bad_state")
    if letter.status in (Letter.Status.SENT, Letter.Status.SERVED):
        raise ApplicationError("该文书的发出已登记。", code="bad_state")
    _check_dispatch(letter, method=method, day=sent_on, label="发出日期", registered_no=registered_no, today=today)
    letter.status, letter.served_method, letter.sent_on = Letter.Status.SENT, method, sent_on
    letter.registered_no = registered_no.strip()
    letter.save(update_fields=["status", "served_method", "sent_on", "registered_no", "updated_at"])
    on_letter_sent(actor=actor, letter=letter, today=today)
    return letter


@transaction.atomic
def letter_serve(*, actor: Actor, letter: Letter, method: str = "", served_on: dt.date, registered_no: str = "",
                 sent_on: dt.date | None = None, today: dt.date | None = None) -> Letter:
    """Record the 送达: method and date (挂号 number for mail). The date starts the applicant's (or the
    party's) periods. A letter not yet recorded as sent is sent on `sent_on` (default: the 送达 day,
    as when handed over in person or delivered online)."""
    today = today or _today()
    letter = _lock(letter)
    require(can_serve_letter(actor, letter))
    if letter.status in (*Letter.UNSIGNED, Letter.Status.WITHDRAWN):
        raise ApplicationError("文书须经审核人签发后才能送达。", code="bad_state")
    if letter.status == Letter.Status.SERVED:
        raise ApplicationError("该文书的送达已登记。", code="bad_state")
    if (method or letter.served_method) == ServiceMethod.ONLINE:
        _check_online(letter, served_on=served_on, today=today)
        sent_on = sent_on or served_on
    if letter.status == Letter.Status.APPROVED:
        sent_on = sent_on or served_on
        _check_dispatch(letter, method=method, day=sent_on, label="发出日期", registered_no=registered_no,
                        today=today)
        if served_on < sent_on:
            raise ApplicationError("送达日期不能早于发出日期。", field="served_on")
        letter.served_method, letter.sent_on = method, sent_on
        letter.registered_no = registered_no.strip()
        letter.status = Letter.Status.SENT
        letter.save(update_fields=["status", "served_method", "sent_on", "registered_no", "updated_at"])
        on_letter_sent(actor=actor, letter=letter, today=today)
    _check_dispatch(letter, method=letter.served_method, day=served_on, label="送达日期",
                    registered_no=letter.registered_no, today=today)
    if served_on < letter.sent_on:
        raise ApplicationError("送达日期不能早于发出日期。", field="served_on")
    letter.status, letter.served_on = Letter.Status.SERVED, served_on
    letter.save(update_fields=["status", "served_on", "updated_at"])
    on_letter_served(actor=actor, letter=letter, today=today)
    return letter


@transaction.atomic
def template_save(*, actor: Actor, organ, kind: str, basis_code: str = "", title: str, body: str) -> LetterTemplate:
    require(can_edit_letter_template(actor, organ))
    if kind not in LetterKind.values:
        raise ApplicationError("文书类型无效。", field="kind")
    if not title.strip() or not body.strip():
        raise ApplicationError("标题和正文都不能为空。", field="body")
    _render(title, {})  # syntax check (the restricted engine refuses other tags and filters)
    _render(body, {})
    row, _created = LetterTemplate.objects.update_or_create(
        organ=organ, kind=kind, basis=basis_code, defaults={"title": title.strip(), "body": body.strip()})
    record_event(actor=actor, event_type=EventType.LETTER_TEMPLATE_SAVED, obj=organ,
                 details={"kind": kind, "basis": basis_code})
    return row


# --- 网上送达 (第四十条: in the form the applicant asked for) -----------------------------------------------


def _check_online(letter: Letter, *, served_on: dt.date, today: dt.date) -> None:
    """网上送达 is for a letter to an applicant who chose 网上获取; it is served the day it is made available
    for download on the tracking page — the day the clerk records it, so that date is today."""
    if letter.kind in PARTY_LETTERS:
        raise ApplicationError("寄给第三方或其他机关的文书不能网上送达。", field="method")
    if letter.application.delivery != Delivery.ONLINE:
        raise ApplicationError(
            f"申请人选择的获取方式是“{letter.application.get_delivery_display()}”，不能网上送达"
            "（第四十条：按照申请人要求的形式提供）。", field="method")
    if served_on != today:
        raise ApplicationError(
            f"网上送达的送达日期是文书在查询页面可供下载之日，即今天（{cn(today)}），不能填写其他日期。",
            field="served_on")


def online_letters(application: Application):
    """The letters served online to the applicant of a case, with their files (the tracking page lists them)."""
    return (application.letters.filter(status=Letter.Status.SERVED, served_method=ServiceMethod.ONLINE)
            .exclude(kind__in=PARTY_LETTERS).prefetch_related("files").order_by("served_on", "id"))


def provided_file_add(*, actor: Actor, letter: Letter, name: str, data: bytes) -> ProvidedFile:
    """Attach a file of the information provided to an unsigned reply, through the checked upload
    (type by content, size and structure limits, read in the bounded worker) before any transaction."""
    require(can_edit_letter(actor, letter))
    name = clean_name(name, "文件")
    checked = check_upload_in_slot(name, data)
    return _provided_file_save(actor=actor, letter=letter, name=name, data=data, kind=checked.kind)


@transaction.atomic
def _provided_file_save(*, actor: Actor, letter: Letter, name: str, data: bytes, kind: str) -> ProvidedFile:
    import hashlib

    from django.core.files.base import ContentFile

    letter = _lock(letter)
    require(can_edit_letter(actor, letter))
    if letter.kind != LetterKind.REPLY:
        raise ApplicationError("只能随答复书上传提供的政府信息。", code="bad_state")
    if letter.status not in (*Letter.UNSIGNED, Letter.Status.APPROVED):
        raise ApplicationError("答复书已发出或送达，不能再添加文件。", code="bad_state")
    row = ProvidedFile(letter=letter, name=name, kind=kind, size=len(data), uploaded_by=user_of(actor),
                       sha256=hashlib.sha256(data).hexdigest())
    row.file.save(name, ContentFile(data), save=False)
    row.save()
    record_event(actor=actor, event_type=EventType.PROVIDED_FILE_ADDED, obj=letter.application,
                 details={"letter": letter.pk, "title": letter.title, "name": name, "size": len(data)})
    return row


@transaction.atomic
def provided_file_remove(*, actor: Actor, provided: ProvidedFile) -> None:
    letter = _lock(provided.letter)
    require(can_edit_letter(actor, letter))
    if letter.status not in (*Letter.UNSIGNED, Letter.Status.APPROVED):
        raise ApplicationError("答复书已发出或送达，不能再删除文件。", code="bad_state")
    name, storage, path = provided.name, provided.file.storage, provided.file.name
    provided.delete()
    transaction.on_commit(lambda: storage.delete(path))
    record_event(actor=actor, event_type=EventType.PROVIDED_FILE_REMOVED, obj=letter.application,
                 details={"letter": letter.pk, "title": letter.title, "name": name})


def record_download(*, application: Application, what: str, letter: Letter | None = None,
                    provided: ProvidedFile | None = None) -> None:
    """Each download by the applicant from the tracking page is on the audit trail."""
    record_event(actor=None, actor_name=PUBLIC_ACTOR_NAME, event_type=EventType.DELIVERY_DOWNLOADED,
                 obj=application, details={"what": what, "letter": letter.pk if letter else None,
                                           "title": letter.title if letter else "",
                                           "name": provided.name if provided else ""})


# --- the organ's letter settings ------------------------------------------------------------------------


@transaction.atomic
def letter_settings_save(*, actor: Actor, organ, doc_no_codes: dict[str, str] | None = None, fee: dict | None = None,
                         one_person_office: bool | None = None) -> LetterSettings:
    """Save an organ's 文号 代字 per kind and its 缴纳方式 (its clerks and reviewers); the one-person office
    setting is the system administrator's (it lets the decider sign their own letters)."""
    require(can_edit_letter_template(actor, organ) or is_sysadmin(actor), "您不能修改该机关的文书设置。")
    row = LetterSettings.objects.select_for_update().filter(organ=organ).first() or LetterSettings(organ=organ)
    changes: dict[str, list] = {}
    if doc_no_codes is not None:
        codes = {}
        for kind, code in doc_no_codes.items():
            if kind not in LetterKind.values:
                raise ApplicationError("文书类型无效。", field="doc_no_codes")
            code = (code or "").strip()
            if len(code) > 20 or any(ch in code for ch in "〔〕[]（）()第号 "):
                raise ApplicationError(f"“{LetterKind(kind).label}”的发文机关代字“{code}”无效：只写代字（如“岭政公开答”），"
                                       "年份和序号由系统按GB/T 9704生成。", field=f"code_{kind}")
            if code:
                codes[kind] = code
        if codes != row.doc_no_codes:
            changes["doc_no_codes"] = [row.doc_no_codes, codes]
            row.doc_no_codes = codes
    row, fee_changes = model_update(row, {name: (value or "").strip() for name, value in (fee or {}).items()},
                                    FEE_FIELDS, save=False)
    changes.update(fee_changes)
    if one_person_office is not None and one_person_office != row.one_person_office:
        require(is_sysadmin(actor), "只有系统管理员可以设置“一人办理”。")
        changes["one_person_office"] = [row.one_person_office, one_person_office]
        row.one_person_office = one_person_office
    if changes:
        row.full_clean(exclude=["organ", "doc_no_codes"])
        row.save()
        record_event(actor=actor, event_type=EventType.LETTER_SETTINGS_SAVED, obj=organ,
                     details={"changes": changes})
    return row


FEE_FIELDS = ("fee_payment_method", "fee_payee", "fee_bank", "fee_account", "fee_note")
