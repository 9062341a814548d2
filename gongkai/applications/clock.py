"""The statutory clock of one application: pure functions over the case's events.

Nothing here touches the database. The caller passes the case's clock events (read from its
EventLog, see `selectors.clock_events`) and a working-day `lookup` (gongkai.workdays); the result
says when the reply is due, how many working days are left and why.

The rules, article by article (《中华人民共和国政府信息公开条例》):
- 第三十一条: the day of receipt follows the channel (see `received_on_for`).
- 第三十三条: the reply is due within 20 working days of receipt, counted from the next day; an
  extension approved by the 工作机构负责人 and notified to the applicant adds at most 20 more.
- 第三十条: a 补正 notice must go out within 7 working days of receipt, once; the period then
  runs afresh from the day the corrected application is received. While the organ waits for the
  correction the clock is stopped; the applicant's deadline runs from the notice's 送达.
- 第三十二条、第三十四条: time spent consulting a third party or another organ is not counted;
  the third party has 15 working days from receiving the 征求意见书.
- 第四十二条 and 国办函〔2020〕109号: the applicant pays within 20 working days from the day after
  receiving the fee notice; the time from the notice's 送达 to payment is not counted here
  (`fee_pauses`; the 办法's own text on this is unverified, so the pause can be switched off).
- 第三十二条: a third party that does not answer within its 15 working days leaves the decision to
  the organ, so the consultation pause ends on the party's last day and the clock runs again —
  unless the organ records that it is still waiting, with a reason (`CONSULTATION_WAITING`; the
  case is then chased every day). A provisional party deadline never ends the pause by itself.
- 第三十五条: where the applicant's reasons are reasonable but the period cannot be met, the organ
  sets a reasonable later date (`DUE_SET`).
- 行政复议法 第六十四条: after a 纠正 the organ replies again within the period the decision sets,
  from the day it received the decision (`REOPENED`; 20 working days where it sets none).

Every date the clock gives is a `gongkai.workdays.Deadline`: the date with its provisional mark.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from gongkai.workdays import calendar as wd

BASE_DAYS = 20  # 第三十三条第二款
MAX_EXTENSION_DAYS = 20  # 第三十三条第二款
CORRECTION_NOTICE_DAYS = 7  # 第三十条
CONSULTATION_DAYS = 15  # 第三十二条、第三十四条
FEE_PAYMENT_DAYS = 20  # 国办函〔2020〕109号
DUE_SOON_DAYS = 3  # 督办: due within 3 working days


class Kind(StrEnum):
    RECEIVED = "received"
    CORRECTION_REQUESTED = "correction_requested"
    CORRECTION_SERVED = "correction_served"  # the 补正告知书 reached the applicant: `days` to correct
    CORRECTION_RECEIVED = "correction_received"
    CONSULTATION_STARTED = "consultation_started"
    CONSULTATION_SERVED = "consultation_served"
    CONSULTATION_ENDED = "consultation_ended"
    EXTENSION_GRANTED = "extension_granted"  # `days` more
    FEE_NOTICE_SERVED = "fee_notice_served"
    FEE_PAID = "fee_paid"
    CONSULTATION_WAITING = "consultation_waiting"  # party's period over, the organ still waits (reason recorded)
    DUE_SET = "due_set"  # 第三十五条: a reasonable later date set by the organ (`until`)
    REOPENED = "reopened"  # 纠正: a new reply due `days` working days after `on`, or on `until`
    CLOSED = "closed"  # the reply made and sent (发出), or the day the case ended
    CLOSE_WITHDRAWN = "close_withdrawn"  # an ending (逾期不补正、逾期未缴费) withdrawn before its letter was signed


class State(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    CLOSED = "closed"


PAUSE_LABELS = {
    "correction": "等待申请人补正",
    "consultation": "征求意见中",
    "fee": "等待申请人缴纳信息处理费",
}


@dataclass(frozen=True)
class ClockEvent:
    kind: Kind
    on: dt.date
    days: int = 0
    until: dt.date | None = None  # DUE_SET, and REOPENED with a date the decision fixes


@dataclass
class Clock:
    received_on: dt.date
    start_on: dt.date  # the day the period counts from (receipt, the correction, a 纠正 decision)
    state: State
    due: wd.Deadline | None  # None while paused
    pause_reason: str | None = None
    extension_days: int = 0
    paused_days: int = 0  # working days not counted (consultation, fee)
    correction_notice: wd.Deadline | None = None  # 第三十条: the 补正 notice is signed and sent by then
    correction_used: bool = False
    applicant: wd.Deadline | None = None  # the applicant's 补正 or 缴费 deadline
    party: wd.Deadline | None = None  # the consulted party's 15 working days
    still_waiting: bool = False  # the party's period is over and the organ recorded it still waits
    closed_on: dt.date | None = None
    on_time: bool | None = None
    days_left: int | None = None  # working days from today to the due date; negative when overdue
    reopened_on: dt.date | None = None
    explanation: list[str] = field(default_factory=list)

    @property
    def due_on(self) -> dt.date | None:
        return self.due.due if self.due else None

    @property
    def correction_notice_by(self) -> dt.date | None:
        return self.correction_notice.due if self.correction_notice else None

    @property
    def applicant_deadline(self) -> dt.date | None:
        return self.applicant.due if self.applicant else None

    @property
    def party_deadline(self) -> dt.date | None:
        return self.party.due if self.party else None

    @property
    def waiting(self) -> wd.Deadline | None:
        """The applicant's or the consulted party's deadline (cached on the case as `waiting_until`)."""
        return self.applicant or self.party

    @property
    def deadlines(self) -> list[wd.Deadline]:
        return [d for d in (self.due, self.waiting) if d is not None]

    @property
    def provisional_note(self) -> str:
        """Why any of the case's dates is provisional (the years without a notice), or ''."""
        years = sorted({y for d in self.deadlines for y in d.years_without_data})
        return wd.no_data_warning(years) or ""

    @property
    def overdue(self) -> bool:
        return self.state == State.RUNNING and self.days_left is not None and self.days_left < 0

    @property
    def due_soon(self) -> bool:
        return self.state == State.RUNNING and self.days_left is not None and 0 <= self.days_left <= DUE_SOON_DAYS

    @property
    def pause_label(self) -> str:
        return PAUSE_LABELS.get(self.pause_reason or "", "")

    @property
    def summary(self) -> str:
        """One Chinese line for lists and the case page."""
        if self.state == State.CLOSED:
            timely = "" if self.on_time is None else ("（按期）" if self.on_time else "（逾期）")
            return f"已于{cn(self.closed_on)}办结{timely}"
        if self.state == State.PAUSED:
            until = f"，期限{mark(self.waiting)}" if self.waiting else ""
            waiting = "（被征求意见方期限已过，仍在等待）" if self.still_waiting else ""
            return f"计时暂停：{self.pause_label}{waiting}{until}"
        if self.days_left is None:
            return ""
        if self.days_left < 0:
            return f"已逾期{-self.days_left}个工作日（期限{mark(self.due)}）"
        if self.days_left == 0:
            return f"今日到期（{mark(self.due)}）"
        return f"剩余{self.days_left}个工作日（期限{mark(self.due)}）"


def cn(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def mark(d: wd.Deadline | None) -> str:
    """A deadline as pages and e-mails print it: the date, and （暂定） when it is provisional."""
    return d.text if d else ""


def received_on_for(channel: str, day: dt.date) -> dt.date:
    """第三十一条: the day of receipt by channel, given the day the channel's rule names.

    - in person (当面提交): the day the applicant hands it in;
    - registered mail (挂号信等需签收的邮件): the day the organ signs for it;
    - ordinary mail needing no signature: the day the 工作机构 confirms with the applicant;
    - internet, e-mail, the 工作机构's fax: the day both sides confirm. For the online form the
      platform's immediate acknowledgement with the 受理编号 is that confirmation, so an online
      application is received on the day it is submitted.

    Every channel's rule names one day, so the function is the identity on that day; it exists so
    callers say which day they mean, and so the rule is written down once.
    """
    return day


def compute(
    received_on: dt.date,
    events: list[ClockEvent],
    lookup: wd.Lookup,
    *,
    today: dt.date,
    fee_pauses: bool = True,
) -> Clock:
    """The clock after `events` (any order; sorted by date, stable), as seen on `today`."""
    get = wd.memoised(lookup)
    dl = lambda start, n: wd.deadline(start, n, get)  # noqa: E731
    between = lambda a, b: wd.working_days_between(a, b, get)  # noqa: E731

    start = received_on
    base = BASE_DAYS
    fixed_due: dt.date | None = None  # a date set by the organ (第三十五条) or by a 纠正 decision
    extension = 0
    paused_days = 0
    pause_reason: str | None = None
    pause_since: dt.date | None = None
    correction_used = False
    applicant: wd.Deadline | None = None
    party: wd.Deadline | None = None
    still_waiting = False
    closed_on = None
    reopened_on = None
    why = [f"{cn(received_on)}收到申请（第三十一条），答复期限自次日起算{BASE_DAYS}个工作日（第三十三条）。"]

    def party_lapsed_before(day: dt.date) -> bool:
        """第三十二条: the party's period ended before `day` and nobody recorded waiting on."""
        return (party is not None and not party.provisional and not still_waiting and party.due < day)

    def end_consultation(end: dt.date) -> None:
        nonlocal paused_days, pause_reason, pause_since, party, still_waiting
        used = max(between(pause_since, end), 0)
        paused_days += used
        why.append(f"征求意见用时{used}个工作日，不计入答复期限。")
        pause_reason = pause_since = party = None
        still_waiting = False

    for ev in sorted(events, key=lambda e: e.on):
        if ev.kind == Kind.RECEIVED:
            continue
        if pause_reason == "consultation" and ev.kind != Kind.CONSULTATION_WAITING and party_lapsed_before(ev.on):
            why.append(f"被征求意见方未在{cn(party.due)}前提出意见，由本机关依法决定（第三十二条），自次日起恢复计算。")
            end_consultation(party.due)
        if ev.kind == Kind.CORRECTION_REQUESTED:
            correction_used = True
            pause_reason, pause_since = "correction", ev.on
            why.append(f"{cn(ev.on)}发出补正告知书，答复期限暂停，待收到补正后重新计算（第三十条）。")
        elif ev.kind == Kind.CORRECTION_SERVED:
            applicant = dl(ev.on, ev.days)
            why.append(f"补正告知书于{cn(ev.on)}送达，申请人应于{mark(applicant)}前补正。")
        elif ev.kind == Kind.CORRECTION_RECEIVED:
            # 第三十条: the period runs afresh from the day the corrected application arrives.
            start, base, fixed_due, extension, paused_days = ev.on, BASE_DAYS, None, 0, 0
            pause_reason = pause_since = applicant = None
            why.append(f"{cn(ev.on)}收到补正，答复期限自该日次日起重新计算{BASE_DAYS}个工作日（第三十条）。")
        elif ev.kind == Kind.CONSULTATION_STARTED:
            pause_reason, pause_since, still_waiting = "consultation", ev.on, False
            why.append(f"{cn(ev.on)}开始征求意见，征求意见所需时间不计算在答复期限内（第三十二条、第三十四条）。")
        elif ev.kind == Kind.CONSULTATION_SERVED:
            party = dl(ev.on, CONSULTATION_DAYS)
            why.append(f"征求意见书于{cn(ev.on)}送达，被征求意见方应于{mark(party)}前提出意见。")
        elif ev.kind == Kind.CONSULTATION_WAITING and pause_reason == "consultation":
            still_waiting = True
            why.append(f"{cn(ev.on)}记录：被征求意见方期限已过，本机关仍在等待意见，计时继续暂停（每日督办）。")
        elif ev.kind == Kind.CONSULTATION_ENDED and pause_reason == "consultation":
            why.append(f"{cn(ev.on)}征求意见结束。")
            end_consultation(ev.on)
        elif ev.kind == Kind.EXTENSION_GRANTED:
            granted = min(ev.days, MAX_EXTENSION_DAYS - extension)
            extension += granted
            why.append(f"经政府信息公开工作机构负责人同意并于{cn(ev.on)}发出延期答复告知书，延期{granted}个工作日"
                       "（第三十三条第二款）。")
        elif ev.kind == Kind.FEE_NOTICE_SERVED:
            applicant = dl(ev.on, FEE_PAYMENT_DAYS)
            if fee_pauses:
                pause_reason, pause_since = "fee", ev.on
            why.append(f"收费通知于{cn(ev.on)}送达，申请人应于{mark(applicant)}前缴费"
                       + ("，其间不计入答复期限。" if fee_pauses else "。"))
        elif ev.kind == Kind.FEE_PAID:
            if pause_reason == "fee":
                used = max(between(pause_since, ev.on), 0)
                paused_days += used
                why.append(f"{cn(ev.on)}申请人缴费，缴费期间{used}个工作日不计入答复期限。")
                pause_reason = pause_since = None
            else:
                why.append(f"{cn(ev.on)}申请人缴费。")
            applicant = None
        elif ev.kind == Kind.DUE_SET and ev.until:
            fixed_due = ev.until
            why.append(f"{cn(ev.on)}确定延迟答复的合理期限至{cn(ev.until)}（第三十五条）。")
        elif ev.kind == Kind.REOPENED:
            # 行政复议法 第六十四条: a new reply within the period the decision sets, from its receipt.
            start, reopened_on, closed_on = ev.on, ev.on, None
            base, fixed_due = (ev.days or BASE_DAYS), ev.until
            extension = paused_days = 0
            pause_reason = pause_since = applicant = party = None
            period = f"至{cn(ev.until)}" if ev.until else f"自次日起{base}个工作日"
            why.append(f"{cn(ev.on)}收到纠正决定（撤销或责令重新答复），重新答复期限{period}（行政复议法第六十四条）。")
        elif ev.kind == Kind.CLOSED:
            closed_on = ev.on
        elif ev.kind == Kind.CLOSE_WITHDRAWN:
            closed_on = None
            why.append(f"{cn(ev.on)}撤回终止办理的决定（告知书签发前），恢复原状态。")

    clock = Clock(
        received_on=received_on, start_on=start, state=State.RUNNING, due=None,
        extension_days=extension, paused_days=paused_days,
        correction_notice=dl(received_on, CORRECTION_NOTICE_DAYS), correction_used=correction_used,
        applicant=applicant, party=party, still_waiting=still_waiting, reopened_on=reopened_on,
        explanation=why,
    )

    def due_now() -> wd.Deadline:
        total = base + extension + paused_days
        if fixed_due is None:
            return dl(start, total)
        # A date set by the organ or a decision is firm; time later excluded (consultation, fee) is
        # added to it in working days, and only that count can be provisional.
        if not extension + paused_days:
            return wd.Deadline(due=fixed_due)
        return wd.span_deadline(fixed_due, wd.add_working_days(fixed_due, extension + paused_days, get), get)

    if closed_on is not None:
        clock.state, clock.closed_on = State.CLOSED, closed_on
        if pause_reason is None or pause_reason == "consultation":
            if pause_reason == "consultation":  # replied while consulting: the pause ends with the reply
                paused_days += max(between(pause_since, closed_on), 0)
            clock.due = due_now()
            # 民事诉讼法第八十五条 (by analogy): a reply made and sent by the last day is on time.
            clock.on_time = closed_on <= clock.due.due
        why.append(f"{cn(closed_on)}答复发出，办结。")
        return clock
    if pause_reason == "consultation" and party_lapsed_before(today):
        why.append(f"被征求意见方未在{cn(party.due)}前提出意见，由本机关依法决定（第三十二条），自次日起恢复计算。")
        end_consultation(party.due)
        clock.party, clock.paused_days = None, paused_days
    if pause_reason is not None:
        clock.state, clock.pause_reason = State.PAUSED, pause_reason
        if pause_reason == "consultation" and party is not None and party.due < today:
            why.append(f"被征求意见方的期限{mark(party)}已过"
                       + ("（暂定日期，放假安排公布前不据此恢复计时）。" if party.provisional else "。"))
        return clock
    clock.due = due_now()
    clock.days_left = between(today, clock.due.due)
    parts = [f"{base}个工作日"] if fixed_due is None else [f"确定的期限{cn(fixed_due)}"]
    if extension:
        parts.append(f"延期{extension}个工作日")
    if paused_days:
        parts.append(f"不计入的{paused_days}个工作日")
    why.append(f"答复期限：自{cn(start)}次日起算{'＋'.join(parts)}，至{mark(clock.due)}。")
    if clock.due.warning:
        why.append(clock.due.warning)
    return clock
