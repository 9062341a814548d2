"""The answering organ's own deadlines in a 行政复议 or 行政诉讼. Pure functions, no database.

- 行政复议法（2023）第四十八条: the 被申请人 gives its written 答复, with the evidence, basis and other
  materials, within **10 日** of receiving the copy of the application (申请书副本).
- 行政诉讼法 第六十七条: the 被告 submits the evidence and normative documents and its 答辩状 within
  **15 日** of receiving the copy of the complaint (起诉状副本).
- These are calendar days counted from the next day; a period whose last day is a holiday ends on
  the first working day after it (民事诉讼法 第八十五条, applied through 行政诉讼法 第一百零一条 and
  行政复议法 第八十八条).
- 纠正 (撤销、责令重新答复): the organ replies again within the 条例's 20 working days
  (《政府信息公开条例》第三十三条), counted from the day it receives the decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

REVIEW_ANSWER_DAYS = 10  # 行政复议法 第四十八条
LAWSUIT_ANSWER_DAYS = 15  # 行政诉讼法 第六十七条
REDO_WORKING_DAYS = 20  # 条例 第三十三条
DUE_SOON_DAYS = 3  # 督办: due within 3 calendar days


def period_end(start: dt.date, days: int, is_working_day: Callable[[dt.date], bool]) -> dt.date:
    """The last day of a period of `days` calendar days counted from the day after `start`,
    moved to the next working day when it falls on a holiday or rest day."""
    if days < 0:
        raise ValueError("days must not be negative")
    end = start + dt.timedelta(days=days)
    while not is_working_day(end):
        end += dt.timedelta(days=1)
    return end


def review_answer_due(copy_received_on: dt.date, is_working_day: Callable[[dt.date], bool]) -> dt.date:
    """行政复议法 第四十八条: 10 days from receiving the copy of the application."""
    return period_end(copy_received_on, REVIEW_ANSWER_DAYS, is_working_day)


def lawsuit_answer_due(copy_received_on: dt.date, is_working_day: Callable[[dt.date], bool]) -> dt.date:
    """行政诉讼法 第六十七条: 15 days from receiving the copy of the complaint."""
    return period_end(copy_received_on, LAWSUIT_ANSWER_DAYS, is_working_day)
