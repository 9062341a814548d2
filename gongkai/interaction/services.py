"""Writes of 互动交流: one function per action, each atomic, permission-checked and audited.

`message_submit` is the public's (actor None, "公众"); the others are the receiving organ's clerks' and
reviewers'. Mail to the asker goes out on commit.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.applications.intake import phone_problem
from gongkai.applications.services import new_query_code
from gongkai.core.events import PUBLIC_ACTOR_NAME, record_event
from gongkai.core.exceptions import ApplicationError
from gongkai.core.mail import queue_mail, render_mail
from gongkai.core.models import EventType
from gongkai.core.permissions import require
from gongkai.core.sequences import next_in_sequence
from gongkai.organs.actors import Actor, user_of
from gongkai.organs.models import Organ
from gongkai.workdays import deadline

from .models import NUMBER_PREFIX, ErrorType, Kind, Message, Status
from .permissions import can_handle_message

# Reply deadlines in working days after receipt. 政务咨询: 10 (a common local rule; the 国办 checks fail a
# site only past three months). 我为政府网站找错: 3 (the 国办 找错 platform's 3 working days to answer [mem]).
DEFAULT_REPLY_WORKDAYS: dict[str, int] = {Kind.CONSULTATION: 10, Kind.SITE_ERROR: 3}
MAX_CONTENT = 3000


class MessageError(ApplicationError):
    """Several fields are wrong at once: `errors` maps each field to its Chinese message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("留言内容有误，请按提示修改。", code="invalid", extra={"errors": errors})
        self.errors = errors


def reply_workdays(kind: str) -> int:
    names: dict[str, str] = {Kind.CONSULTATION: "GONGKAI_CONSULTATION_REPLY_WORKDAYS",
                             Kind.SITE_ERROR: "GONGKAI_SITE_ERROR_REPLY_WORKDAYS"}
    setting = names[kind]
    return int(getattr(settings, setting, DEFAULT_REPLY_WORKDAYS[kind]))


def clean_message(kind: str, data: dict, *, organs) -> dict:
    """Check what the public sent; every problem at once (MessageError)."""
    out = {k: (data.get(k) or "").strip() for k in ("organ", "title", "content", "page_url", "error_type", "name",
                                                      "phone", "email")}
    out["consent_publish"] = bool(data.get("consent_publish")) and kind == Kind.CONSULTATION
    errors: dict[str, str] = {}
    # A consultation names the organ asked; a 找错 report goes to the organ that runs the site.
    organ = organs.filter(code=out["organ"]).first() if out["organ"] and kind == Kind.CONSULTATION else None
    if kind == Kind.CONSULTATION and organ is None:
        errors["organ"] = "请选择咨询的机关。" if not out["organ"] else "机关不存在，请从列表中选择。"
    out["organ"] = organ
    if not out["title"]:
        errors["title"] = "请填写标题。"
    elif len(out["title"]) > 100:
        errors["title"] = "标题不能超过100个字。"
    if len(out["content"]) < 5:
        errors["content"] = "请写明咨询的问题（至少5个字）。" if kind == Kind.CONSULTATION else "请描述发现的问题（至少5个字）。"
    elif len(out["content"]) > MAX_CONTENT:
        errors["content"] = f"内容不能超过{MAX_CONTENT}字。"
    if kind == Kind.SITE_ERROR:
        if out["error_type"] not in ErrorType.values:
            errors["error_type"] = "请选择问题类型。"
        if len(out["page_url"]) > 500:
            errors["page_url"] = "网页地址过长。"
    else:
        out["page_url"], out["error_type"] = "", ""
        if not out["name"]:
            errors["name"] = "请填写姓名（不会公开）。"
        if not (out["phone"] or out["email"]):
            errors["phone"] = "请至少填写一种联系方式（电话或电子邮箱），以便答复。"
    if len(out["name"]) > 50:
        errors["name"] = "姓名不能超过50个字。"
    if out["phone"] and (problem := phone_problem(out["phone"])):
        errors["phone"] = problem
    if out["email"] and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", out["email"]):
        errors["email"] = "电子邮箱格式不正确。"
    if errors:
        raise MessageError(errors)
    return out


@transaction.atomic
def message_submit(*, kind: str, data: dict, organs, default_organ: Organ,
                   now: dt.datetime | None = None) -> tuple[Message, str]:
    """A 政务咨询 or a 找错 report from the portal. Returns the message and its 查询码 (shown once).

    `organs` are those the portal serves (a consultation names one of them); a 找错 report goes to the
    portal's own organ, which runs the site. The reply deadline counts working days from the day after receipt.
    """
    cleaned = clean_message(kind, data, organs=organs)
    organ = cleaned.pop("organ") or default_organ
    now = now or timezone.now()
    received_on = timezone.localdate(now)
    due = deadline(received_on, reply_workdays(kind), region=organ)
    code = new_query_code()
    message = Message.objects.create(
        kind=kind, organ=organ, number=f"{NUMBER_PREFIX[kind]}{received_on.year}"
        f"{next_in_sequence(f'message:{kind}:{received_on.year}'):06d}",
        query_code_hash=Message.hash_query_code(code), received_on=received_on, due_on=due.due,
        due_provisional=due.provisional, provisional_note=(due.warning or "")[:300], **cleaned)
    record_event(actor=None, actor_name=PUBLIC_ACTOR_NAME, event_type=EventType.MESSAGE_RECEIVED, obj=message,
                 details={"kind": kind, "due_on": due.due.isoformat(), "provisional": due.provisional})
    return message, code


def _lock(message: Message, version: int | None) -> Message:
    locked = Message.objects.select_for_update().select_related("organ").get(pk=message.pk)
    if version is not None and int(version) != locked.version:
        raise ApplicationError("该留言已被他人处理，页面内容已过时，请刷新后重试。", code="conflict")
    return locked


def _open(message: Message, action: str) -> None:
    if message.status != Status.OPEN:
        raise ApplicationError(f"该留言{message.get_status_display()}，不能{action}。", code="bad_state")


@transaction.atomic
def message_answer(*, actor: Actor, message: Message, reply: str, publish: bool = False,
                   version: int | None = None) -> Message:
    """Answer a message; with the asker's consent a consultation's reply may be published in the 咨询 column
    at once. The asker is told by mail when they left an address."""
    message = _lock(message, version)
    require(can_handle_message(actor, message), "您不能办理该留言。")
    _open(message, "答复")
    reply = (reply or "").strip()
    if len(reply) < 2:
        raise ApplicationError("请填写答复内容。", field="reply")
    if len(reply) > MAX_CONTENT:
        raise ApplicationError(f"答复不能超过{MAX_CONTENT}字。", field="reply")
    if publish and not message.consent_publish:
        raise ApplicationError("留言人未同意公开，答复不能在咨询栏目公开。", field="publish")
    now = timezone.now()
    message.reply, message.replied_at, message.replied_on, message.replied_by = reply, now, timezone.localdate(now), user_of(actor)
    message.status = Status.ANSWERED
    fields = ["reply", "replied_at", "replied_on", "replied_by", "status"]
    if publish and message.kind == Kind.CONSULTATION:
        message.published_at = now
        fields.append("published_at")
    message.version += 1
    message.save(update_fields=[*fields, "version", "updated_at"])
    record_event(actor=actor, event_type=EventType.MESSAGE_ANSWERED, obj=message,
                 details={"on_time": message.replied_on <= message.due_on})
    if message.published_at:
        record_event(actor=actor, event_type=EventType.MESSAGE_PUBLISHED, obj=message)
    if message.email:
        queue_mail([message.email], *answer_mail(message))
    return message


def answer_mail(message: Message) -> tuple[str, str]:
    return render_mail("interaction/emails/answer", {"message": message})


@transaction.atomic
def message_publish(*, actor: Actor, message: Message, version: int | None = None) -> Message:
    """Publish an answered consultation's reply in the 咨询 column (the asker consented)."""
    message = _lock(message, version)
    require(can_handle_message(actor, message), "您不能办理该留言。")
    if message.kind != Kind.CONSULTATION or message.status != Status.ANSWERED:
        raise ApplicationError("只有已答复的政务咨询可以公开。", code="bad_state")
    if not message.consent_publish:
        raise ApplicationError("留言人未同意公开，答复不能在咨询栏目公开。", code="no_consent")
    if message.published_at:
        raise ApplicationError("该答复已公开。", code="bad_state")
    message.published_at = timezone.now()
    message.version += 1
    message.save(update_fields=["published_at", "version", "updated_at"])
    record_event(actor=actor, event_type=EventType.MESSAGE_PUBLISHED, obj=message)
    return message


@transaction.atomic
def message_transfer(*, actor: Actor, message: Message, to_organ: Organ, reason: str,
                     version: int | None = None) -> Message:
    """Route a message to the organ that should answer it. The deadline keeps counting from receipt."""
    message = _lock(message, version)
    require(can_handle_message(actor, message), "您不能办理该留言。")
    _open(message, "转办")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写转办理由。", field="reason")
    if to_organ.pk == message.organ_id or not to_organ.is_active:
        raise ApplicationError("请选择其他在用的机关。", field="to_organ")
    from_name = message.organ.name
    message.organ = to_organ
    message.version += 1
    message.save(update_fields=["organ", "version", "updated_at"])
    record_event(actor=actor, event_type=EventType.MESSAGE_TRANSFERRED, obj=message, organ=to_organ,
                 details={"from": from_name, "to": to_organ.name, "reason": reason})
    return message


@transaction.atomic
def message_invalidate(*, actor: Actor, message: Message, reason: str, version: int | None = None) -> Message:
    """无效留言 (advertising, abuse, a duplicate, nothing to answer): closed without a reply and left out of
    the 单项否决 count; the reason stays on the record."""
    message = _lock(message, version)
    require(can_handle_message(actor, message), "您不能办理该留言。")
    _open(message, "认定为无效留言")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写认定为无效留言的原因。", field="reason")
    message.status, message.invalid_reason = Status.INVALID, reason[:300]
    message.version += 1
    message.save(update_fields=["status", "invalid_reason", "version", "updated_at"])
    record_event(actor=actor, event_type=EventType.MESSAGE_INVALIDATED, obj=message, details={"reason": reason})
    return message
