"""The procedures of the 条例 beyond the everyday path, each one service (atomic, permission-checked,
audited) with its letter, in the style of `services.py`:

- 第三十二条: a third party silent past its 15 working days — the clock resumes (`consultation_lapse`,
  run by the daily chase), unless the organ records that it still waits, with a reason
  (`consultation_keep_waiting`; the case is then chased every day); the written notice to a third
  party whose objection the organ overrides (`third_party_notify`).
- 第三十五条: asking the applicant for reasons before a 大量反复申请 refusal (`reasons_request`), and
  the organ's assessment (`reasons_assess`): unreasonable → 不予处理; reasonable but the period
  cannot be met → a 延迟答复的合理期限 with its 延迟答复告知书.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.core.events import is_system, record_event
from gongkai.core.exceptions import ApplicationError
from gongkai.core.models import EventType
from gongkai.core.permissions import require
from gongkai.organs.models import User

from . import selectors
from .clock import Kind, cn, mark
from .correspondence import LetterKind, letter_draft
from .models import Application, Status
from .outcomes import Outcome
from .permissions import can_handle_application
from .services import _clock_details, _lock, _require_status, _save, _today, outcome_decide

REASONS_DEFAULT_DAYS = 10  # a reasonable period for the applicant's reasons (the 条例 sets none)


# --- 第三十二条: the party's period is over ---------------------------------------------------------


@transaction.atomic
def consultation_keep_waiting(*, actor: User, application: Application, reason: str, version: int | None = None,
                              today: dt.date | None = None) -> Application:
    """The party's 15 working days are over, but the organ keeps waiting for its opinion (e.g. it asked
    for more time with reasons): the clock stays paused, and the case is chased every day."""
    today = today or _today()
    app = _lock(application, version)
    require(can_handle_application(actor, app))
    _require_status(app, Status.CONSULTING, action="记录继续等待意见")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("请填写继续等待被征求意见方意见的理由。", field="note")
    if app.waiting_until is None or app.waiting_until >= today:
        raise ApplicationError(
            f"被征求意见方的期限{'至' + cn(app.waiting_until) if app.waiting_until else '尚未开始计算'}，"
            "尚未届满，无需记录（第三十二条：15个工作日）。", code="bad_state")
    record_event(actor=actor, event_type=EventType.CONSULTATION_WAITING, obj=app,
                 details=_clock_details(Kind.CONSULTATION_WAITING, today, note=reason[:500]))
    return _save(app, today=today)


@transaction.atomic
def consultation_lapse(*, actor, application: Application, today: dt.date | None = None) -> Application | None:
    """第三十二条: the third party (or co-maker organ, 第三十四条: silence is consent) did not answer within
    its 15 working days, and the organ recorded no reason to wait: the consultation ends on the party's
    last day and the clock runs again. Run by the daily chase (actor SYSTEM); returns None
    when there is nothing to end (not lapsed, provisional, or the organ keeps waiting)."""
    today = today or _today()
    app = _lock(application, None)
    if not is_system(actor):
        require(can_handle_application(actor, app))
    if app.status != Status.CONSULTING:
        return None
    kinds = {e.kind for e in selectors.clock_events(app)}
    if Kind.CONSULTATION_SERVED not in kinds or Kind.CONSULTATION_WAITING in kinds or app.waiting_provisional \
            or app.waiting_until is None or app.waiting_until >= today:
        return None
    ended = app.waiting_until
    app.status = Status.PROCESSING
    record_event(actor=actor, event_type=EventType.CONSULTATION_LAPSED, obj=app, details=_clock_details(
        Kind.CONSULTATION_ENDED, ended,
        note=f"被征求意见方未在{cn(ended)}前提出意见（第三十二条、第三十四条），由本机关依法决定，恢复计算答复期限。"))
    return _save(app, "status", today=today)


# --- 第三十二条: the overridden third party is told in writing -------------------------------------------


@transaction.atomic
def third_party_notify(*, actor: User, application: Application, party: str, content: str, reasons: str,
                       objection: str = "", version: int | None = None, today: dt.date | None = None):
    """第三十二条: the organ decided to disclose although the third party objected, because not disclosing
    would seriously affect the public interest: it tells the party in writing what it discloses and why.
    Only after a decision to disclose (in whole or part), and only for a party that was consulted."""
    today = today or _today()
    app = _lock(application, version)
    require(can_handle_application(actor, app))
    if app.outcome not in (Outcome.DISCLOSED, Outcome.PARTLY_DISCLOSED):
        raise ApplicationError("只有决定予以公开（含部分公开）后，才需要书面告知第三方（第三十二条）。", code="bad_state")
    party, content, reasons = (party or "").strip(), (content or "").strip(), (reasons or "").strip()
    consulted = {e.details.get("party") for e in selectors.staff_timeline(app).filter(
        event_type=EventType.CONSULTATION_STARTED)}
    if party not in consulted:
        raise ApplicationError("请填写本申请已书面征求过意见的第三方名称（第三十二条）。", field="party")
    if not content or not reasons:
        raise ApplicationError("请写明决定公开的内容和理由（第三十二条）。", field="content")
    record_event(actor=actor, event_type=EventType.THIRD_PARTY_NOTIFIED, obj=app,
                 details={"party": party, "note": reasons[:500]})
    _save(app, today=today)
    return letter_draft(actor=actor, application=app, kind=LetterKind.THIRD_PARTY_DECISION, extra={
        "party": party, "party_kind": "third_party", "content": content, "reasons": reasons,
        "objection": (objection or "").strip()})


# --- 第三十五条: reasons, and a reasonable later date ------------------------------------------------


@transaction.atomic
def reasons_request(*, actor: User, application: Application, deadline_days: int = REASONS_DEFAULT_DAYS,
                    version: int | None = None, today: dt.date | None = None):
    """第三十五条: the number or frequency of the applicant's requests clearly exceeds a reasonable range;
    the organ asks for the reasons (说明理由告知书) before deciding. The clock keeps running."""
    today = today or _today()
    app = _lock(application, version)
    require(can_handle_application(actor, app))
    _require_status(app, Status.PROCESSING, action="要求说明理由")
    if app.letters.filter(kind=LetterKind.REASONS).exists():
        raise ApplicationError("本申请已要求申请人说明理由。", code="bad_state")
    if not 1 <= int(deadline_days) <= 30:
        raise ApplicationError("说明理由的期限应为1至30个工作日。", field="deadline_days")
    count = selectors.recent_count(app)
    record_event(actor=actor, event_type=EventType.REASONS_REQUESTED, obj=app,
                 details={"count": count, "deadline_days": int(deadline_days)})
    _save(app, today=today)
    return letter_draft(actor=actor, application=app, kind=LetterKind.REASONS, extra={
        "count": count, "period": f"近{selectors.EXCESSIVE_WINDOW_DAYS}日内", "deadline_days": int(deadline_days)})


@transaction.atomic
def reasons_assess(*, actor: User, application: Application, reasonable: bool, note: str,
                   due_on: dt.date | None = None, version: int | None = None, today: dt.date | None = None):
    """第三十五条, the organ's assessment of the reasons: not reasonable → 不予处理 (无正当理由大量反复申请,
    the 答复书 is drafted); reasonable but the 第三十三条 period cannot be met → `due_on`, a reasonable
    later date, with its 延迟答复告知书; reasonable and in time → recorded, the case goes on."""
    today = today or _today()
    app = _lock(application, version)
    require(can_handle_application(actor, app))
    _require_status(app, Status.PROCESSING, action="审查申请理由")
    if not app.letters.filter(kind=LetterKind.REASONS).exists():
        raise ApplicationError("请先要求申请人说明理由（第三十五条）。", code="bad_state")
    note = (note or "").strip()
    if not note:
        raise ApplicationError("请写明审查意见。", field="note")
    if not reasonable:
        record_event(actor=actor, event_type=EventType.REASONS_ASSESSED, obj=app,
                     details={"reasonable": False, "note": note[:500]})
        return outcome_decide(actor=actor, application=app, basis_code="excessive", reason=note, today=today,
                              version=app.version)
    current = selectors.clock_for(app, today=today).due
    if due_on is not None and (current is None or due_on <= current.due):
        raise ApplicationError(
            f"延迟答复的期限应晚于现在的答复期限{mark(current) if current else ''}（第三十五条）。", field="due_on")
    details = {"reasonable": True, "note": note[:500]}
    if due_on is not None:
        details.update(_clock_details(Kind.DUE_SET, today))
        details["clock"]["until"] = due_on.isoformat()
    record_event(actor=actor, event_type=EventType.REASONS_ASSESSED, obj=app, details=details)
    _save(app, today=today)
    if due_on is None:
        return app
    return letter_draft(actor=actor, application=app, kind=LetterKind.DELAYED_REPLY,
                        due=selectors.clock_for(app, today=today).due)
