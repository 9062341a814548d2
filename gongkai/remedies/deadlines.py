"""The answering organ's own deadlines in a 行政复议 or 行政诉讼. Pure functions, no database.

- 行政复议法（2023）第四十八条: the 被申请人 gives its written 答复, with the evidence, basis and other
  materials, within **10 日** of receiving the copy of the application (申请书副本); 第八十八条第二款
  makes the 三日、五日、七日、十日 of that law **working days** (不含法定休假日).
- 行政复议法 第五十四条: under the 简易程序 — which 政府信息公开 cases may use (第五十三条第一款第（四）项)
  — the answer is due within **5 working days**; 第五十五条 lets the 复议机关 switch a case to 普通程序
  (10 working days again, counted from the copy).
- 行政诉讼法 第六十七条: the 被告 submits the evidence and normative documents and its 答辩状 within
  **15 日** of receiving the copy of the complaint (起诉状副本): calendar days counted from the next day,
  a last day on a holiday moving to the first working day after it (民事诉讼法 第八十五条, applied
  through 行政诉讼法 第一百零一条).
- 纠正 (撤销、责令重新答复): the organ replies again within the period the decision sets
  (行政复议法 第六十四条; 2011 规定 第九条), counted from the day it receives the decision;
  20 working days (条例 第三十三条) where it sets none.

`review_answer_due` and `lawsuit_answer_due` keep their signatures: external checks call them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

REVIEW_ANSWER_DAYS = 10  # 行政复议法 第四十八条 (working days, 第八十八条第二款)
REVIEW_SIMPLE_ANSWER_DAYS = 5  # 行政复议法 第五十四条 (简易程序)
LAWSUIT_ANSWER_DAYS = 15  # 行政诉讼法 第六十七条 (calendar days)
REDO_WORKING_DAYS = 20  # 条例 第三十三条, where the decision sets no period
DUE_SOON_DAYS = 3  # 督办: due within 3 calendar days

WORKING, CALENDAR = "working", "calendar"

_MAX_REST_RUN = 400


def period_end(start: dt.date, days: int, is_working_day: Callable[[dt.date], bool]) -> dt.date:
    """The last day of a period of `days` calendar days counted from the day after `start`,
    moved to the next working day when it falls on a holiday or rest day."""
    if days < 0:
        raise ValueError("days must not be negative")
    end = start + dt.timedelta(days=days)
    while not is_working_day(end):
        end += dt.timedelta(days=1)
    return end


def working_period_end(start: dt.date, days: int, is_working_day: Callable[[dt.date], bool]) -> dt.date:
    """The `days`-th working day after `start` (`start` not counted): always a working day."""
    if days < 0:
        raise ValueError("days must not be negative")
    d, counted, rest = start, 0, 0
    while counted < days:
        d += dt.timedelta(days=1)
        if is_working_day(d):
            counted, rest = counted + 1, 0
        else:
            rest += 1
            if rest > _MAX_REST_RUN:
                raise ValueError("no working day found: calendar data is wrong")
    return d


def review_answer_due(copy_received_on: dt.date, is_working_day: Callable[[dt.date], bool], *,
                      simple: bool = False) -> dt.date:
    """行政复议法 第四十八条: 10 working days from receiving the copy of the application; under the
    简易程序 5 (第五十四条). Working days by 第八十八条第二款."""
    days = REVIEW_SIMPLE_ANSWER_DAYS if simple else REVIEW_ANSWER_DAYS
    return working_period_end(copy_received_on, days, is_working_day)


def lawsuit_answer_due(copy_received_on: dt.date, is_working_day: Callable[[dt.date], bool]) -> dt.date:
    """行政诉讼法 第六十七条: 15 days from receiving the copy of the complaint."""
    return period_end(copy_received_on, LAWSUIT_ANSWER_DAYS, is_working_day)


def redo_due(decision_received_on: dt.date, is_working_day: Callable[[dt.date], bool], *,
             days: int | None = None, unit: str = WORKING) -> dt.date:
    """行政复议法 第六十四条: the new reply within the period the decision sets, from its receipt —
    `days` working (or calendar) days; 20 working days (条例 第三十三条) where it sets none."""
    if days is None:
        return working_period_end(decision_received_on, REDO_WORKING_DAYS, is_working_day)
    if unit == CALENDAR:
        return period_end(decision_received_on, days, is_working_day)
    return working_period_end(decision_received_on, days, is_working_day)
