"""Every EventLog row as one Chinese sentence: what the case, item and report timelines print.

Each EventType has a sentence template (TEMPLATES: a test checks there is one for every member). A
template names details with `{key}`; a part in `[…]` is printed only when every key in it has a value,
so a missing detail leaves no dangling words. Values are never printed raw:

- dates (ISO text or date objects) print as 2026年11月25日, times as 2026-11-25 10:00;
- lists are joined with 、; booleans and coded values (an outcome, a channel, a role …) print their
  label, registered by the app that owns the code (`register_value_labels`, in `AppConfig.ready`);
- a "changes" dict prints each changed field by its label (`register_model_fields`) with old → new;
- any other dict, and any key no template names, is not printed at all.

Core knows no app: the labels come from the apps, the templates only from EventType.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from .models import EventType

T = EventType

TEMPLATES: dict[str, str] = {
    # organs, users and log-in
    T.ORGAN_CREATED: "新建机关[（代码{code}）]",
    T.ORGAN_UPDATED: "修改机关信息[：{changes}]",
    T.OFFICE_UPDATED: "修改政府信息公开工作机构信息[：{changes}]",
    T.USER_CREATED: "新建用户[{username}]",
    T.USER_DEACTIVATED: "停用用户",
    T.USER_UPDATED: "修改用户信息[：{changes}]",
    T.USER_LOCKED: "账号因连续登录失败被锁定[（连续失败{failures}次）]",
    T.USER_UNLOCKED: "解除账号锁定",
    T.TOTP_STARTED: "开始设置两步验证",
    T.TOTP_CONFIRMED: "启用两步验证",
    T.TOTP_REMOVED: "移除两步验证设备[（{devices}个）]",
    T.ROLE_GRANTED: "授予[用户{user}][“{role}”]角色",
    T.ROLE_REVOKED: "撤销[用户{user}][“{role}”]角色",
    T.LOGIN_SUCCEEDED: "登录成功[（来自{ip}）]",
    T.LOGIN_FAILED: "登录失败[（来自{ip}）]",
    T.LOGGED_OUT: "退出登录",
    # workdays
    T.CALENDAR_YEAR_ENTERED: "录入[{year}年]全年放假安排[（依据：{source_document}）]",
    T.CALENDAR_DAY_SET: "设置[{date}]为[{kind}][：{name}]",
    T.CALENDAR_DAY_REMOVED: "删除[{date}的][{kind}]设置",
    # annual reports
    T.REPORT_FILE_SAVED: "保存外部发布的[{year}年度]年度报告[（错误{errors}条，警告{warnings}条）]",
    T.REPORT_FILE_REPLACED: "替换已保存的[{year}年度]年度报告文件[“{original_name}”]",
    T.REPORT_FILE_WITHDRAWN: "撤回已保存的[{year}年度]年度报告文件[“{original_name}”][：{reason}]",
    T.REPORT_DRAFTED: "根据本系统数据起草[{year}年度]年度报告[第{version}版]",
    T.REPORT_UPDATED: "修改年度报告[（{changed}）]并重新计算",
    T.REPORT_SUBMITTED: "提交年度报告审核[，{warnings}条警告已写明理由]",
    T.REPORT_RETURNED: "退回年度报告修改[：{reason}]",
    T.REPORT_APPROVED: "审核通过年度报告",
    T.REPORT_PUBLISHED: "发布年度报告[第{version}版][，发布日期{published_on}]",
    T.REPORT_CORRECTION_STARTED: "创建更正版本[，更正第{corrects_version}版][：{reason}]",
    T.REPORT_REMINDED: "提醒按时公布[{year}年度]年度报告[（公布期限{deadline}）]",
    T.REPORT_CELLS_CORRECTED: "更正年度报告数据[（{source}）][：{cells}]",
    T.REPORT_RENDERED: "生成年度报告下载文件[（{format}）]",
    # 考评 and 督办 → 整改
    T.AUDIT_RUN_STARTED: "发起[{year}年度]年度报告批量审核[（{organs}个机关）]",
    T.SCHEME_SAVED: "修改考评办法[（第{version}版）][：{reason}]",
    T.ADJUSTMENT_ADDED: "人工加分或扣分[：{item}][ {points}分][（{reason}）]",
    T.ADJUSTMENT_WITHDRAWN: "撤销人工加分或扣分[：{reason}]",
    T.EVALUATION_LOCKED: "考评定稿[（第{version}版，{organs}个机关）]",
    T.EVALUATION_RELOCKED: "考评重新定稿[（第{version}版）][：{reason}]",
    T.NOTICE_ISSUED: "签发督办通知[{doc_no}][，整改期限{deadline}]",
    T.NOTICE_REPLIED: "报送整改情况[（附佐证材料：{evidence}）]",
    T.NOTICE_ACCEPTED: "认可整改，督办办结[：{note}]",
    T.NOTICE_RETURNED: "退回整改情况，重新整改[：{note}]",
    T.NOTICE_REMINDED: "提醒按期整改",
    T.WEBSITE_REPORT_SAVED: "填报[{year}年度]政府网站工作年度报表",
    # 互动交流 and 精准推送
    T.MESSAGE_RECEIVED: "收到留言[，答复期限{due_on}]",
    T.MESSAGE_TRANSFERRED: "留言转办[：{from} → {to}][（{reason}）]",
    T.MESSAGE_ANSWERED: "答复留言",
    T.MESSAGE_PUBLISHED: "经留言人同意公开答复",
    T.MESSAGE_INVALIDATED: "认定为无效留言[：{reason}]",
    T.MESSAGE_REMINDED: "督办提醒[：{kind}]",
    T.SUBSCRIPTION_REQUESTED: "申请订阅[{targets}项内容]",
    T.SUBSCRIPTION_CONFIRMED: "确认订阅[{confirmed}项内容]",
    T.SUBSCRIPTION_CANCELLED: "退订[全部{subscriptions}项内容]",
    T.DIGESTS_SENT: "发送订阅推送邮件[{digests}封]",
    # portal
    T.PORTAL_UPDATED: "修改门户网站设置[（{hostname}）]",
    # catalogue
    T.ITEM_CREATED: "起草政府信息[，栏目：{column}]",
    T.ITEM_UPDATED: "修改政府信息[：{changes}]",
    T.ITEM_SUBMITTED: "提交审核",
    T.ITEM_RETURNED: "退回修改[：{note}]",
    T.ITEM_APPROVED: "审核通过[：{note}]",
    T.ITEM_PUBLISHED: "发布[，索引号{index_no}][，发布日期{published_at}][，成文至发布用时{delay_workdays}个工作日][{late}]",
    T.ITEM_WITHDRAWN: "撤回[：{reason}]",
    T.ITEMS_IMPORTED: "批量导入政府信息[{count}条][（来源：{source}）]",
    T.ATTACHMENT_ADDED: "上传附件[“{name}”]",
    T.ATTACHMENT_REMOVED: "删除附件[“{name}”]",
    T.INTERPRETATION_LINKED: "关联为[索引号{policy}的][{form}]解读",
    T.INTERPRETATION_CREATED: "为本文件添加[{form}]解读[《{title}》]",
    T.COLUMNS_SEEDED: "创建默认栏目[{count}个]",
    T.COLUMN_UPDATED: "修改栏目[：{changes}]",
    T.COLUMN_REMINDED: "提醒栏目负责人更新[：{kind}]",
    T.INDEX_SCHEME_SET: "设置索引号规则[，示例：{example}]",
    # search, operations
    T.SEARCH_INDEX_REBUILT: "重建全文索引[，共{documents}条]",
    T.JOB_SUCCEEDED: "定时任务完成[：{job}]",
    T.JOB_FAILED: "定时任务失败[：{job}]",
    T.PERSONAL_DATA_VIEWED: "查看申请人个人信息[（{fields}）][{download}]",
    # applications
    T.APPLICATION_SUBMITTED: "收到网上申请[，收到日期{on}]",
    T.APPLICATION_REGISTERED: "登记申请[（{channel}）][，收到日期{on}]",
    T.APPLICATION_IMPORTED: "导入申请[（{channel}）][，收到日期{on}]",
    T.APPLICATION_ASSIGNED: "分配经办人[：{assignee}]",
    T.APPLICATION_TRANSFERRED: "转办[：{from} → {to}][，理由：{note}]",
    T.CORRECTION_REQUESTED: "发出补正告知书[（{on}）][，补正期限{deadline_days}个工作日][：{items}]",
    T.CORRECTION_RECEIVED: "收到补正[（{on}）][，补正后的内容：{corrected}][，{note}]",
    T.CORRECTION_LAPSED: "申请人逾期未补正，终止办理[（{on}）]",
    T.CONSULTATION_STARTED: "征求[{party_kind}][{party}的]意见[（{on}）]",
    T.CONSULTATION_ENDED: "征求意见结束[（{on}）][：{note}]",
    T.CONSULTATION_WAITING: "被征求意见方期限已过，继续等待意见[（{on}）][：{note}]",
    T.CONSULTATION_LAPSED: "被征求意见方逾期未提出意见，恢复计时[（{on}）]",
    T.EXTENSION_REQUESTED: "申请延期答复[{days}个工作日][，理由：{note}]",
    T.EXTENSION_APPROVED: "批准延期答复[{days}个工作日]",
    T.EXTENSION_REFUSED: "不批准延期答复[：{note}]",
    T.EXTENSION_NOTIFIED: "发出延期答复告知书[（{on}）]，延期[{days}个工作日]生效",
    T.FEE_NOTICE_ISSUED: "拟收取信息处理费[（{method}）][{amount}元][：{working}]",
    T.FEE_PAID: "申请人缴纳信息处理费[（{on}）]",
    T.FEE_LAPSED: "申请人逾期未缴费，终止办理[（{on}）]",
    T.OUTCOME_DECIDED: "作出答复决定[：{basis}][，依据{article}]",
    T.OUTCOME_WITHDRAWN: "撤回答复决定[“{basis}”][，{title}作废][，理由：{note}]",
    T.APPLICATION_CLOSED: "办结[（{on}）][：{outcome}]",
    T.APPLICATION_NOTE_ADDED: "内部备注[：{note}]",
    T.APPLICATION_REMINDED: "督办提醒[：{kind}]",
    T.DEADLINES_RECOMPUTED: "工作日历更新，期限重新计算[：{before} → {after}]",
    T.REASONS_REQUESTED: "要求申请人说明理由[（近期共{count}件申请）][，期限{deadline_days}个工作日]",
    T.REASONS_ASSESSED: "审查申请人说明的理由[：{reasonable}][，{note}]",
    T.THIRD_PARTY_NOTIFIED: "书面告知第三方[{party}]决定公开[：{note}]",
    T.APPLICATION_REOPENED: "复议或诉讼纠正，重新答复[（{case_no}）][：收到决定{on}][，{period_days}个工作日内重新答复]"
                            "[，于{due_on}前重新答复]",
    # letters
    T.LETTER_DRAFTED: "起草[{title}]",
    T.LETTER_EDITED: "修改[{title}][{resubmitted}]",
    T.LETTER_APPROVED: "签发[{title}][，文号{doc_no}]",
    T.LETTER_SELF_APPROVED: "一人办理：决定人签发本人决定的[{title}][（{doc_no}）]",
    T.LETTER_RETURNED: "审核人退回[{title}]修改[：{note}]",
    T.LETTER_SENT: "发出[{title}][（{method}）][，发出日期{sent_on}][，挂号单号{registered_no}]",
    T.LETTER_SERVED: "送达[{title}][（{method}）][，送达日期{on}]",
    T.LETTER_DATES_CONFIRMED: "确认[{title}载明的][{dates}][，理由：{note}]",
    T.LETTER_TEMPLATE_SAVED: "修改[{kind}]文书模板",
    T.LETTER_SETTINGS_SAVED: "修改文书设置[：{changes}]",
    T.RECEIPT_PRINTED: "打印受理回执[{with_code}]",
    T.PROVIDED_FILE_ADDED: "随[{title}]上传提供的政府信息[“{name}”]",
    T.PROVIDED_FILE_REMOVED: "删除随[{title}]提供的政府信息[“{name}”]",
    T.DELIVERY_DOWNLOADED: "申请人在查询页面下载[{title}][“{name}”]",
    # remedies
    T.REVIEW_RECORDED: "登记行政复议[（{body}）][，申请日期{filed_on}][，涉及申请{application}]",
    T.LAWSUIT_RECORDED: "登记行政诉讼[（{body}）][，起诉日期{filed_on}][，涉及申请{application}]",
    T.REMEDY_ACCEPTED: "复议受理或诉讼立案[（{accepted_on}）][，收到副本{copy_received_on}][，答复或答辩期限{answer_due_on}]",
    T.REMEDY_ANSWERED: "提交复议答复或诉讼答辩[（{answered_on}）][，{on_time}]",
    T.REMEDY_DECIDED: "复议决定或裁判[（{decided_on}）][：{result}][，重新答复期限{redo_due_on}]",
    T.REMEDY_REDONE: "纠正后重新答复[（{done_on}）][，{on_time}]",
    T.REMEDY_PROCEDURE_CHANGED: "行政复议转为普通程序[（{changed_on}）][，期限{before} → {after}]",
    T.REMEDY_DEADLINES_RECOMPUTED: "工作日历更新，期限重新计算[：{before} → {after}]",
    T.REMEDY_REMINDED: "提醒复议诉讼期限[：{kind}]",
    T.REMEDIES_IMPORTED: "导入复议诉讼记录[（复议{reviews}件、诉讼{lawsuits}件）][，来源：{source}]",
    # supervision
    T.REPORT_AUDITED: "批量审核年度报告[（{year}年度）][：错误{errors}条，警告{warnings}条]",
}

# Coded values shown by their labels; apps add theirs (outcome, channel, role …) in AppConfig.ready.
_VALUE_LABELS: dict[str, dict] = {
    "on_time": {True: "按期", False: "逾期"},
    "late": {True: "（超过20个工作日，第二十六条）", False: ""},
    "reasonable": {True: "理由合理", False: "理由不合理"},
    "resubmitted": {True: "，重新送审核人签发", False: ""},
    "with_code": {True: "（含查询码）", False: "（不含查询码）"},
    "download": {"pdf": "，下载PDF", "docx": "，下载Word"},
    "source": {"manual": "逐格修改", "data": "按本系统当前数据重新计算"},
    "party_kind": {"third_party": "第三方", "organ": "共同制作机关"},
}
_FIELD_LABELS: dict[str, str] = {}


def register_value_labels(key: str, labels: Mapping) -> None:
    """Labels for the coded values of one detail key (e.g. "outcome" → {"disclosed": "予以公开", …})."""
    _VALUE_LABELS.setdefault(key, {}).update({k: str(v) for k, v in labels.items()})


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def human(key: str, value) -> str:
    """One detail value as a person reads it ('' when it should not be printed)."""
    labels = _VALUE_LABELS.get(key)
    if labels is not None and not isinstance(value, (list, dict)):
        try:
            if value in labels:
                return labels[value]
        except TypeError:
            pass
    if value is None or value == "" or isinstance(value, dict):
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else \
            value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return _cn(value)
    if isinstance(value, (list, tuple)):
        return "、".join(text for text in (human(key, v) for v in value) if text)
    text = str(value)
    if _ISO_DATE.match(text):
        return _cn(dt.date.fromisoformat(text))
    if _ISO_TIME.match(text):
        try:
            return human(key, dt.datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            return text
    return text


def _changes(changes) -> str:
    if not isinstance(changes, dict):
        return ""
    parts = []
    for field, pair in changes.items():
        label = _FIELD_LABELS.get(field, "")
        if not label:
            continue  # an internal field with no label is not printed
        if isinstance(pair, (list, tuple)) and len(pair) == 2:
            old, new = (human(field, v) or "（空）" for v in pair)
            parts.append(f"{label}：{old} → {new}")
        else:
            parts.append(label)
    return "；".join(parts)


def _cells(cells) -> str:
    if not isinstance(cells, list):
        return ""
    return "；".join(f"{c.get('label', '')}：{human('', c.get('old')) or '空白'} → {human('', c.get('new')) or '空白'}"
                     for c in cells[:20] if isinstance(c, dict) and c.get("label"))


def flatten(details: dict | None) -> dict[str, str]:
    """The details as printable text per key: the clock's date and days lifted out, dicts never raw."""
    d = dict(details or {})
    clock = d.pop("clock", None)
    if isinstance(clock, dict):
        d.setdefault("on", clock.get("on"))
        d.setdefault("days", clock.get("days") or None)
    out = {}
    for key, value in d.items():
        if key == "changes":
            out[key] = _changes(value)
        elif key == "cells":
            out[key] = _cells(value)
        else:
            out[key] = human(key, value)
    return out


_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_FIELD = re.compile(r"\{(\w+)\}")


def render(template: str, values: dict[str, str]) -> str:
    def fill(text: str) -> str:
        return _FIELD.sub(lambda m: values.get(m.group(1), ""), text)

    def optional(match) -> str:
        part = match.group(1)
        keys = _FIELD.findall(part)
        return fill(part) if all(values.get(k) for k in keys) else ""

    return fill(_OPTIONAL.sub(optional, template)).strip()


def describe(event) -> str:
    """The event's sentence (its EventType label when the type is no longer defined)."""
    template = TEMPLATES.get(event.event_type)
    if template is None:
        return event.event_label
    return render(template, flatten(event.details))


def register_model_fields(*models) -> None:
    """The verbose names of the models' fields as the labels of "changes" (a field of two models keeps the
    first one registered)."""
    for model in models:
        for f in model._meta.get_fields():
            label = getattr(f, "verbose_name", None)
            if label and not f.auto_created:
                _FIELD_LABELS.setdefault(f.name, str(label))


def register_choices(key: str, choices) -> None:
    """A TextChoices class (or (value, label) pairs) as the labels of one detail key."""
    pairs = choices.choices if hasattr(choices, "choices") else choices
    register_value_labels(key, dict(pairs))
