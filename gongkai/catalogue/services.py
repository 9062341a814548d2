"""Writes of the catalogue. Each is one atomic, permission-checked, audited action.

The review chain of 第十七条: draft → submitted → approved → published (→ withdrawn). The 发布日期 is
set by `item_publish` and nothing changes it afterwards (no backdating; the database refuses too);
the 索引号 is drawn at publication from the organ's scheme and never changes. Publishing and
withdrawing update the search index in the same transaction (through `indexing`, where search registers).

`actor=SYSTEM` (or None, still accepted) means the system (the demo loader, the import command run by the operator).
"""

import datetime as dt
import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.core.events import is_system, record_event
from gongkai.core.exceptions import ApplicationError
from gongkai.core.models import EventType
from gongkai.core.permissions import require
from gongkai.core.sequences import advance_sequence, next_in_sequence
from gongkai.core.services import model_update
from gongkai.organs.actors import Actor, user_of
from gongkai.organs.models import Organ, Role
from gongkai.organs.selectors import has_role
from gongkai.workdays import working_days_between

from . import indexno, stats
from .attachments import check_upload, check_upload_in_slot, clean_name
from .indexing import index_item, unindex_item  # search registers its index there
from .models import Attachment, Column, IndexNoScheme, Interpretation, Item
from .permissions import (
    can_draft_in_column,
    can_edit_item,
    can_manage_columns,
    can_publish_item,
    can_review_item,
    can_set_index_scheme,
    can_withdraw_item,
)
from .vocab import COLUMN_SPECS, GENRES, INTERPRETATION_COLUMN, INTERPRETATION_FORMS, is_topic

S = Item.Status
DRAFT_FIELDS = ("title", "doc_no", "topic", "genre", "publisher", "written_on", "issued_on", "keywords", "summary",
                "body", "validity", "effective_on", "repealed_on", "replaced_by")
# What may still be corrected after publication (audited): classification and 有效性, never the
# content, the 发布日期 or the 索引号.
PUBLISHED_FIELDS = ("topic", "genre", "keywords", "summary", "validity", "effective_on", "repealed_on",
                    "replaced_by")
IMMUTABLE_FIELDS = ("index_no", "published_at")


def _check(actor: Actor, allowed: bool, message: str) -> None:
    if not is_system(actor):
        require(allowed, message)


def _lock(item: Item) -> Item:
    return Item.objects.select_for_update().select_related("organ", "column").get(pk=item.pk)


def _display(value):
    if isinstance(value, Item):
        return value.index_no or value.title
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- fields ----------------------------------------------------------------------------------------

def clean_item_fields(fields: dict, *, organ: Organ, instance: Item | None = None) -> dict:
    """Validate item fields (Chinese messages naming the field); returns the cleaned values."""
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown & set(IMMUTABLE_FIELDS):
        raise ApplicationError("发布日期和索引号由系统在发布时生成，不能填写或修改。", field=sorted(unknown)[0])
    if unknown:
        raise TypeError(f"unknown item fields: {sorted(unknown)}")
    out: dict[str, Any] = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    if "title" in out:
        if not out["title"]:
            raise ApplicationError("请填写名称。", field="title")
        if len(out["title"]) > 200:
            raise ApplicationError("名称不能超过200个字。", field="title")
    if "publisher" in out and not out["publisher"]:
        out["publisher"] = organ.name
    if "written_on" in out:
        if not out["written_on"]:
            raise ApplicationError("请填写成文日期。", field="written_on")
        if out["written_on"] > timezone.localdate():
            raise ApplicationError("成文日期不能晚于今天。", field="written_on")
    merged = {f: getattr(instance, f) if instance else None for f in DRAFT_FIELDS} | out
    if merged.get("issued_on") and merged.get("written_on") and merged["issued_on"] < merged["written_on"]:
        raise ApplicationError("发文日期不能早于成文日期。", field="issued_on")
    if out.get("genre") and out["genre"] not in GENRES:
        raise ApplicationError("体裁分类无效。", field="genre")
    if out.get("topic") and not is_topic(out["topic"]):
        raise ApplicationError(f"主题分类“{out['topic']}”不在国务院公文主题分类中，请从列表中选择。", field="topic")
    if "validity" in out and out["validity"] not in Item.Validity.values:
        raise ApplicationError("有效性只能是有效、失效、废止或已修改。", field="validity")
    validity = merged.get("validity") or Item.Validity.VALID
    if validity in (Item.Validity.REPEALED, Item.Validity.EXPIRED) and not merged.get("repealed_on"):
        raise ApplicationError("失效或废止的文件须填写废止（失效）日期。", field="repealed_on")
    if validity == Item.Validity.VALID and merged.get("repealed_on"):
        raise ApplicationError("有效的文件不能有废止日期。", field="repealed_on")
    if merged.get("effective_on") and merged.get("repealed_on") and merged["repealed_on"] < merged["effective_on"]:
        raise ApplicationError("废止日期不能早于实施日期。", field="repealed_on")
    replaced_by = out.get("replaced_by")
    if replaced_by is not None:
        if instance is not None and replaced_by.pk == instance.pk:
            raise ApplicationError("文件不能被自己替代。", field="replaced_by")
        if replaced_by.status != S.PUBLISHED:
            raise ApplicationError("替代文件须是已发布的政府信息。", field="replaced_by")
    return out


def find_replacement(reference: str) -> Item | None:
    """A published item by 索引号 or 文号 (forms and the import name the replacing document this way)."""
    reference = (reference or "").strip()
    if not reference:
        return None
    return (Item.objects.filter(status=S.PUBLISHED).filter(index_no=reference).first()
            or Item.objects.filter(status=S.PUBLISHED, doc_no=reference).order_by("-published_at").first())


# --- columns ---------------------------------------------------------------------------------------

@transaction.atomic
def columns_seed(*, actor: Actor, organ: Organ) -> list[Column]:
    """Create the organ's missing default columns: 第二十条's fifteen items, 指南, 制度, 年报, 政策解读 …"""
    _check(actor, can_manage_columns(actor, organ), "您不能管理该机关的栏目。")
    existing = set(Column.objects.filter(organ=organ).values_list("slug", flat=True))
    created = []
    for position, spec in enumerate(COLUMN_SPECS, start=1):
        if spec.slug in existing:
            continue
        created.append(Column.objects.create(
            organ=organ, slug=spec.slug, name=spec.name, article=spec.article, position=position * 10,
            update_every_days=spec.update_every_days, needs_interpretation=spec.needs_interpretation,
            is_statutory=spec.is_statutory))
    if created:
        record_event(actor=actor, event_type=EventType.COLUMNS_SEEDED, obj=organ,
                     details={"columns": [c.slug for c in created]})
    return created


@transaction.atomic
def column_update(*, actor: Actor, column: Column, **fields) -> Column:
    """Change a column's owner, update cycle, name or state."""
    _check(actor, can_manage_columns(actor, column.organ), "您不能管理该机关的栏目。")
    allowed = {"name", "owner", "update_every_days", "needs_interpretation", "is_active"}
    if set(fields) - allowed:
        raise TypeError(f"unknown column fields: {sorted(set(fields) - allowed)}")
    column = Column.objects.select_for_update().get(pk=column.pk)
    if "name" in fields:
        fields["name"] = (fields["name"] or "").strip()
        if not fields["name"]:
            raise ApplicationError("请填写栏目名称。", field="name")
    owner = fields.get("owner")
    if owner is not None and not has_role(owner, column.organ, Role.COLUMN_OWNER, Role.CLERK):
        raise ApplicationError("栏目负责人须是本机关的栏目负责人或经办人。", field="owner")
    days = fields.get("update_every_days")
    if days is not None and not 1 <= days <= 3650:
        raise ApplicationError("更新周期应在1至3650天之间。", field="update_every_days")
    column, changes = model_update(column, fields, allowed, save=False)
    if "is_active" in changes:
        column.deactivated_at = None if column.is_active else timezone.now()
    if changes:
        column.save()
        record_event(actor=actor, event_type=EventType.COLUMN_UPDATED, obj=column, details={"changes": changes})
    return column


# --- 索引号 ----------------------------------------------------------------------------------------

def scheme_of(organ: Organ) -> indexno.IndexScheme:
    row = IndexNoScheme.objects.filter(organ=organ).first()
    return row.as_scheme() if row else indexno.DEFAULT_SCHEME


@transaction.atomic
def index_scheme_set(*, actor: Actor, organ: Organ, code_kind: str = indexno.CODE_ORG9, hyphenate_org_code: bool = False,
                     separator: str = "/", period: str = indexno.PERIOD_YEAR, serial_width: int = 5) -> IndexNoScheme:
    """Choose how the organ's new 索引号 look. Numbers already given never change."""
    _check(actor, can_set_index_scheme(actor, organ), "只有系统管理员可以设置索引号规则。")
    try:
        scheme = indexno.IndexScheme(code_kind, hyphenate_org_code, separator, period, serial_width)
        indexno.prefix(scheme, organ.code)
    except ValueError as exc:
        raise ApplicationError(str(exc) if "机关" in str(exc) else "索引号规则无效。") from exc
    row, _ = IndexNoScheme.objects.update_or_create(
        organ=organ, defaults={"code_kind": code_kind, "hyphenate_org_code": hyphenate_org_code,
                               "separator": separator, "period": period, "serial_width": serial_width})
    record_event(actor=actor, event_type=EventType.INDEX_SCHEME_SET, obj=row, organ=organ,
                 details={"example": indexno.format_index_no(scheme, organ.code, year=2026, month=1, serial=1)})
    return row


def next_index_no(organ: Organ, when: dt.datetime) -> str:
    """Draw the next 索引号 (call inside a transaction): the counter row (core's one sequence service) is
    locked until the transaction ends, taken numbers skipped."""
    scheme = scheme_of(organ)
    local = timezone.localtime(when)
    key = _counter_key(organ, indexno.counter_key(scheme, year=local.year, month=local.month))
    while True:
        candidate = indexno.format_index_no(scheme, organ.code, year=local.year, month=local.month,
                                            serial=next_in_sequence(key))
        if not Item.objects.filter(index_no=candidate).exists():
            return candidate


def _counter_key(organ: Organ, period: str) -> str:
    """The `core.sequences` key of an organ's 索引号 serial in one period (the scheme's year or month)."""
    return f"indexno:{organ.pk}:{period}"


def note_taken_index_no(organ: Organ, index_no: str) -> None:
    """After importing an existing number that follows the organ's scheme, move its counter past it."""
    scheme = scheme_of(organ)
    parsed = indexno.parse_serial(scheme, organ.code, index_no)
    if parsed is None:
        return
    period, serial = parsed
    advance_sequence(_counter_key(organ, period), serial)


# --- items -----------------------------------------------------------------------------------------

@transaction.atomic
def item_create(*, actor: Actor, column: Column, **fields) -> Item:
    """Draft a new item in a column."""
    _check(actor, can_draft_in_column(actor, column), "您不能在该栏目中起草政府信息。")
    if not column.is_active:
        raise ApplicationError("该栏目已停用。", field="column")
    fields.setdefault("publisher", column.organ.name)
    fields = clean_item_fields(fields, organ=column.organ)
    for required in ("title", "written_on"):
        if not fields.get(required):
            raise ApplicationError({"title": "请填写名称。", "written_on": "请填写成文日期。"}[required], field=required)
    item = Item.objects.create(organ=column.organ, column=column, status=S.DRAFT, created_by=user_of(actor), **fields)
    record_event(actor=actor, event_type=EventType.ITEM_CREATED, obj=item, details={"column": column.slug})
    return item


@transaction.atomic
def item_update(*, actor: Actor, item: Item, column: Column | None = None, **fields) -> Item:
    """Change a draft (any field); after publication only the classification and 有效性 (audited).
    The 发布日期 and 索引号 are never accepted."""
    item = _lock(item)
    _check(actor, can_edit_item(actor, item) or (item.status == S.PUBLISHED and can_review_item(actor, item)),
           "您不能修改该政府信息。")
    if set(fields) & set(IMMUTABLE_FIELDS):
        raise ApplicationError("发布日期和索引号在发布后不能修改。", field=sorted(set(fields) & set(IMMUTABLE_FIELDS))[0])
    allowed: tuple[str, ...]
    if item.status in (S.DRAFT,):
        allowed = DRAFT_FIELDS
    elif item.status == S.PUBLISHED:
        allowed = PUBLISHED_FIELDS
        if column is not None and column != item.column:
            raise ApplicationError("已发布的政府信息不能移动栏目。", field="column")
    else:
        raise ApplicationError(f"{item.get_status_display()}的政府信息不能修改。", code="conflict")
    locked = set(fields) - set(allowed)
    if locked:
        label = "、".join(str(getattr(Item._meta.get_field(f), "verbose_name", f)) for f in sorted(locked))
        raise ApplicationError(f"已发布的政府信息不能修改{label}；如需更正内容，请撤回后重新发布。",
                               field=sorted(locked)[0], code="conflict")
    fields = clean_item_fields(fields, organ=item.organ, instance=item)
    item, changes = model_update(item, fields, allowed, save=False, display=_display)
    if column is not None and column != item.column:
        if column.organ_id != item.organ_id:
            raise ApplicationError("不能把政府信息移到其他机关的栏目。", field="column")
        _check(actor, can_draft_in_column(actor, column), "您不能在该栏目中起草政府信息。")
        changes["column"] = [item.column.slug, column.slug]
        item.column = column
    if changes:
        item.save()
        if item.status == S.PUBLISHED:
            index_item(item)
        record_event(actor=actor, event_type=EventType.ITEM_UPDATED, obj=item, details={"changes": changes})
    return item


@transaction.atomic
def item_submit(*, actor: Actor, item: Item) -> Item:
    """Send a draft for review (第十七条)."""
    item = _lock(item)
    _check(actor, can_edit_item(actor, item), "您不能提交该政府信息。")
    if item.status != S.DRAFT:
        raise ApplicationError("只有草稿可以提交审核。", code="conflict")
    if not item.body.strip() and not item.attachments.exists():
        raise ApplicationError("请填写正文或上传附件后再提交审核。", field="body")
    item.status, item.submitted_by, item.submitted_at = S.SUBMITTED, user_of(actor), timezone.now()
    item.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    record_event(actor=actor, event_type=EventType.ITEM_SUBMITTED, obj=item)
    return item


@transaction.atomic
def item_return(*, actor: Actor, item: Item, note: str) -> Item:
    """The reviewer sends a submitted item back to its drafter, saying why."""
    item = _lock(item)
    _check(actor, can_review_item(actor, item), "您不能审核该政府信息。")
    if item.status != S.SUBMITTED:
        raise ApplicationError("只有待审核的政府信息可以退回。", code="conflict")
    note = (note or "").strip()
    if not note:
        raise ApplicationError("请填写退回理由。", field="note")
    item.status, item.review_note = S.DRAFT, note
    item.save(update_fields=["status", "review_note", "updated_at"])
    record_event(actor=actor, event_type=EventType.ITEM_RETURNED, obj=item, details={"note": note})
    return item


@transaction.atomic
def item_approve(*, actor: Actor, item: Item, note: str = "", publish: bool = False) -> Item:
    """The reviewer approves a submitted item (保密审查 and content review done); optionally publishes it now."""
    item = _lock(item)
    _check(actor, can_review_item(actor, item), "您不能审核该政府信息。")
    if item.status != S.SUBMITTED:
        raise ApplicationError("只有待审核的政府信息可以审核通过。", code="conflict")
    if actor is not None and item.submitted_by_id == actor.pk:
        raise ApplicationError("提交人不能审核自己提交的政府信息，请由其他审核人审核。", code="conflict")
    item.status, item.approved_by, item.approved_at = S.APPROVED, user_of(actor), timezone.now()
    item.review_note = (note or "").strip()
    item.save(update_fields=["status", "approved_by", "approved_at", "review_note", "updated_at"])
    record_event(actor=actor, event_type=EventType.ITEM_APPROVED, obj=item, details={"note": item.review_note})
    if publish:
        item = item_publish(actor=actor, item=item)
    return item


def _delay_workdays(item: Item, published_on: dt.date) -> int:
    return working_days_between(item.written_on, published_on, region=item.organ)


@transaction.atomic
def item_publish(*, actor: Actor, item: Item) -> Item:
    """Publish an approved item: the 发布日期 is now, the 索引号 is drawn; both are final.
    Flags publication more than 20 working days after the 成文日期 (第二十六条)."""
    item = _lock(item)
    _check(actor, can_publish_item(actor, item), "您不能发布该政府信息。")
    if item.status != S.APPROVED:
        raise ApplicationError("只有审核通过的政府信息可以发布。", code="conflict")
    now = timezone.now()
    item.published_at = now
    item.index_no = item.index_no or next_index_no(item.organ, now)
    item.publish_delay_workdays = _delay_workdays(item, timezone.localdate(now))
    item.status = S.PUBLISHED
    item.save(update_fields=["status", "published_at", "index_no", "publish_delay_workdays", "updated_at"])
    index_item(item)
    stats.refresh([item.column_id])
    record_event(actor=actor, event_type=EventType.ITEM_PUBLISHED, obj=item, details={
        "index_no": item.index_no, "published_at": item.published_at,
        "delay_workdays": item.publish_delay_workdays, "late": item.published_late})
    return item


@transaction.atomic
def item_withdraw(*, actor: Actor, item: Item, reason: str) -> Item:
    """Take a published item off the portal, saying why. The record, its 索引号 and 发布日期 stay."""
    item = _lock(item)
    _check(actor, can_withdraw_item(actor, item), "您不能撤回该政府信息。")
    if item.status != S.PUBLISHED:
        raise ApplicationError("只有已发布的政府信息可以撤回。", code="conflict")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写撤回原因。", field="reason")
    item.status, item.withdrawn_at, item.withdrawn_reason = S.WITHDRAWN, timezone.now(), reason
    item.save(update_fields=["status", "withdrawn_at", "withdrawn_reason", "updated_at"])
    unindex_item(item)
    stats.refresh([item.column_id])
    record_event(actor=actor, event_type=EventType.ITEM_WITHDRAWN, obj=item, details={"reason": reason})
    return item


# --- attachments and 解读 ---------------------------------------------------------------------------

def attachment_add(*, actor: Actor, item: Item, name: str, data: bytes) -> Attachment:
    """Attach a PDF, DOCX or image to a draft; its text is extracted for search. The file is read first, in
    the bounded worker and one of the server's read slots (gongkai.core.untrusted), before any transaction:
    a slow or hostile file never holds the draft's lock (nor, on SQLite, the database's write lock)."""
    _check(actor, can_edit_item(actor, item), "您不能修改该政府信息。")
    name = clean_name(name)
    checked = check_upload_in_slot(name, data)
    return _attachment_save(actor=actor, item=item, name=name, data=data, checked=checked)


@transaction.atomic
def _attachment_save(*, actor: Actor, item: Item, name: str, data: bytes, checked) -> Attachment:
    item = _lock(item)
    _check(actor, can_edit_item(actor, item), "您不能修改该政府信息。")
    if item.status != S.DRAFT:
        raise ApplicationError("只能为草稿上传附件。", code="conflict")
    attachment = Attachment(item=item, name=name, kind=checked.kind, size=len(data),
                            sha256=hashlib.sha256(data).hexdigest(), text=checked.text)
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    record_event(actor=actor, event_type=EventType.ATTACHMENT_ADDED, obj=item,
                 details={"name": name, "kind": checked.kind, "size": len(data)})
    return attachment


@transaction.atomic
def attachment_remove(*, actor: Actor, attachment: Attachment) -> None:
    item = _lock(attachment.item)
    _check(actor, can_edit_item(actor, item), "您不能修改该政府信息。")
    if item.status != S.DRAFT:
        raise ApplicationError("只能删除草稿的附件。", code="conflict")
    name, storage, path = attachment.name, attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(path))
    record_event(actor=actor, event_type=EventType.ATTACHMENT_REMOVED, obj=item, details={"name": name})


@transaction.atomic
def interpretation_link(*, actor: Actor, item: Item, policy: Item, form: str = "文字") -> Interpretation:
    """Make `item` the 解读 of `policy` (linked both ways; the policy page shows it once it is published)."""
    item = _lock(item)
    _check(actor, can_edit_item(actor, item), "您不能修改该政府信息。")
    if form not in INTERPRETATION_FORMS:
        raise ApplicationError("解读形式无效。", field="form")
    if policy.pk == item.pk:
        raise ApplicationError("政府信息不能解读它自己。", field="policy")
    if policy.status != S.PUBLISHED:
        raise ApplicationError("被解读的文件须是已发布的政府信息。", field="policy")
    if item.status not in (S.DRAFT, S.SUBMITTED, S.APPROVED):
        raise ApplicationError("只能为尚未发布的解读关联文件。", code="conflict")
    if Interpretation.objects.filter(item=item).exists():
        raise ApplicationError("该解读已关联了文件。", code="conflict")
    if hasattr(policy, "interpretation"):
        raise ApplicationError("解读本身不能再被解读，请关联原文件。", field="policy")
    link = Interpretation.objects.create(item=item, policy=policy, form=form)
    record_event(actor=actor, event_type=EventType.INTERPRETATION_LINKED, obj=item,
                 details={"policy": policy.index_no, "form": form})
    return link


@transaction.atomic
def interpretation_create(*, actor: Actor, policy: Item, form: str = "文字", title: str = "") -> Item:
    """为本文件添加解读, in one step: a draft 解读 in the organ's 政策解读 column, linked to the published
    policy (both ways), with the policy's 主题分类 and the organ as 发布机构; the clerk then writes it,
    attaches its 图解 or video, and sends it for review like any item."""
    policy = _lock(policy)
    if form not in INTERPRETATION_FORMS:
        raise ApplicationError("解读形式无效。", field="form")
    if hasattr(policy, "interpretation") or policy.genre == "解读":
        raise ApplicationError("解读本身不能再被解读，请在原文件上添加解读。", code="conflict")
    if policy.status != S.PUBLISHED:
        raise ApplicationError("只能为已发布的文件添加解读。", code="conflict")
    column = Column.objects.filter(organ=policy.organ, slug=INTERPRETATION_COLUMN, is_active=True).first()
    if column is None:
        raise ApplicationError(f"{policy.organ.name}尚未设置“政策解读”栏目，请先在栏目管理中创建默认栏目。",
                               code="conflict")
    _check(actor, can_draft_in_column(actor, column), "您不能在“政策解读”栏目中起草政府信息。")
    title = (title or "").strip() or f"《{policy.title}》{'解读' if form == '文字' else form + '解读'}"
    item = Item.objects.create(
        organ=policy.organ, column=column, status=S.DRAFT, created_by=user_of(actor), title=title[:200], genre="解读",
        topic=policy.topic, publisher=policy.organ.name, written_on=timezone.localdate(),
        keywords=policy.keywords, summary=f"对《{policy.title}》{f'（{policy.doc_no}）' if policy.doc_no else ''}的解读。")
    Interpretation.objects.create(item=item, policy=policy, form=form)
    record_event(actor=actor, event_type=EventType.INTERPRETATION_CREATED, obj=item,
                 details={"policy": policy.index_no, "form": form, "title": policy.title})
    return item


# --- bulk import of an existing catalogue -----------------------------------------------------------

class ImportRejected(ApplicationError):
    """The file has bad rows; `errors` lists each (line, field, message). Nothing was written."""

    def __init__(self, errors):
        super().__init__(f"文件中有 {len(errors)} 处错误，未导入任何数据。", code="import_rejected")
        self.errors = errors


def _at_nine(day: dt.date) -> dt.datetime:
    """The 发布日期 of an item whose old catalogue gave only the day: 09:00 of that day, but never later
    than now (an import at 08:00 of the day would otherwise show a time still to come — 伪造发稿日期)."""
    return min(dt.datetime.combine(day, dt.time(9, 0), tzinfo=timezone.get_current_timezone()), timezone.now())


@transaction.atomic
def items_import(*, actor: Actor, organ: Organ, rows: list[tuple[int, dict]], source: str = "", progress=None) -> list[Item]:
    """Import published items of an existing catalogue, all or nothing.

    Their 发布日期 come from the old catalogue (recorded as an import, not as a publication); a given
    索引号 is kept, a missing one drawn from the organ's scheme by the 发布日期.
    """
    from .importing import LABELS, RowError

    _check(actor, can_manage_columns(actor, organ), "您不能向该机关导入政府信息。")
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    by_reference: dict[str, int] = {}
    for line, row in rows:
        if row["column"].organ_id != organ.pk:
            errors.append(RowError(line, LABELS["column"], "栏目不属于该机关。"))
        index_no = row.get("index_no")
        if index_no:
            if index_no in seen:
                errors.append(RowError(line, LABELS["index_no"], f"索引号与第 {seen[index_no]} 行重复。"))
            elif Item.objects.filter(index_no=index_no).exists():
                errors.append(RowError(line, LABELS["index_no"], "索引号已被其他政府信息使用。"))
            seen[index_no] = line
            by_reference.setdefault(index_no, line)
        if row.get("doc_no"):
            by_reference.setdefault(row["doc_no"], line)
    for line, row in rows:
        for name in ("interprets", "replaced_by"):
            ref = row.get(name)
            if ref and ref not in by_reference and find_replacement(ref) is None:
                errors.append(RowError(line, LABELS[name], f"未找到文号或索引号为“{ref}”的文件。"))
            if ref and by_reference.get(ref) == line:
                errors.append(RowError(line, LABELS[name], "不能引用本行自己。"))
    if errors:
        raise ImportRejected(errors)

    created: dict[int, Item] = {}
    ordered = sorted(rows, key=lambda pair: (pair[1]["published_on"], pair[0]))
    for done, (line, row) in enumerate(ordered, start=1):
        published_at = _at_nine(row["published_on"])
        item = Item(
            organ=organ, column=row["column"], status=S.PUBLISHED, imported=True, created_by=user_of(actor),
            title=row["title"], doc_no=row.get("doc_no", ""), topic=row.get("topic", ""),
            genre=row.get("genre", ""), publisher=row.get("publisher") or organ.name,
            written_on=row["written_on"], issued_on=row.get("issued_on"), keywords=row.get("keywords", ""),
            summary=row.get("summary", ""), body=row.get("body", ""), validity=row["validity"],
            effective_on=row.get("effective_on"), repealed_on=row.get("repealed_on"), published_at=published_at,
        )
        if row.get("index_no"):
            item.index_no = row["index_no"]
            note_taken_index_no(organ, item.index_no)
        else:
            item.index_no = next_index_no(organ, published_at)
        item.publish_delay_workdays = _delay_workdays(item, row["published_on"])
        item.save()
        created[line] = item
        if progress:
            progress(done, len(rows) * 2)

    def resolve(ref: str) -> Item:
        line = by_reference.get(ref)
        return created[line] if line is not None else find_replacement(ref)

    for done, (line, row) in enumerate(rows, start=len(rows) + 1):
        item = created[line]
        if row.get("replaced_by"):
            item.replaced_by = resolve(row["replaced_by"])
            item.save(update_fields=["replaced_by"])
        if row.get("interprets"):
            Interpretation.objects.create(item=item, policy=resolve(row["interprets"]),
                                          form=row.get("interpretation_form") or "文字")
        index_item(item)
        if progress:
            progress(done, len(rows) * 2)
    items = list(created.values())
    stats.refresh({item.column_id for item in items})
    record_event(actor=actor, event_type=EventType.ITEMS_IMPORTED, obj=organ, details={
        "source": source, "count": len(items),
        "index_nos": [items[0].index_no, items[-1].index_no] if items else []})
    return items


@transaction.atomic
def attachment_import(*, actor: Actor, item: Item, name: str, data: bytes) -> Attachment:
    """Attach a file to an imported, already published item (the import and the demo loader; system only)."""
    _check(actor, can_manage_columns(actor, item.organ), "您不能修改该政府信息。")
    if not item.imported:
        raise ApplicationError("只能为导入的政府信息补充附件。", code="conflict")
    checked = check_upload(name, data)
    attachment = Attachment(item=item, name=name, kind=checked.kind, size=len(data),
                            sha256=hashlib.sha256(data).hexdigest(), text=checked.text)
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    index_item(item)
    record_event(actor=actor, event_type=EventType.ATTACHMENT_ADDED, obj=item,
                 details={"name": name, "kind": checked.kind, "size": len(data), "imported": True})
    return attachment


@transaction.atomic
def item_publish_annual_report(*, actor: Actor, organ: Organ, title: str, summary: str, body: str,
                               published_on: dt.date) -> Item | None:
    """Enter a just-published 年度报告 in the organ's 政府信息公开工作年度报告 column (第四十九条):
    published at once with its own 索引号, indexed for search. The report itself was reviewed and
    published by the organ's reviewer (gongkai.annual_reports.services.report_publish), who is
    `actor` here. None when the organ has no such column."""
    column = Column.objects.filter(organ=organ, slug="gknb", is_active=True).first()
    if column is None:
        return None
    now = timezone.now()
    published_at = now if published_on == timezone.localdate(now) else _at_nine(published_on)
    item = Item.objects.create(
        organ=organ, column=column, status=S.PUBLISHED, title=title, publisher=organ.name, genre="其他",
        topic="综合政务", written_on=published_on, issued_on=published_on, keywords="政府信息公开 年度报告",
        summary=summary, body=body, validity=Item.Validity.VALID, published_at=published_at,
        index_no=next_index_no(organ, published_at), publish_delay_workdays=0, created_by=user_of(actor),
    )
    index_item(item)
    stats.refresh([item.column_id])
    record_event(actor=actor, event_type=EventType.ITEM_PUBLISHED, obj=item,
                 details={"index_no": item.index_no, "published_at": item.published_at, "annual_report": True})
    return item
