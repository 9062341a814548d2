"""Column freshness (栏目更新): pure rules, no database.

国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》 (evaluation-and-prior-art.md §1.3): 动态·要闻
columns not updated for 2 weeks, 通知公告·政策文件 for 6 months, count as 栏目不更新; the 2015 普查
sheet adds 人事·规划计划 for 1 year. A column with no item at all is a 空白栏目; five of them, or
five stale columns, fail a site outright (单项否决).
"""

import datetime as dt
from dataclasses import dataclass

CYCLE_NEWS = 14  # 动态/要闻: 2 weeks
CYCLE_NOTICE = 183  # 通知公告/政策文件: 6 months
CYCLE_PLAN = 365  # 人事/规划: 1 year

SITE_FAIL_STALE = 5  # ≥5 columns not updated
SITE_FAIL_EMPTY = 5  # ≥5 空白栏目


@dataclass(frozen=True)
class Freshness:
    last_published: dt.date | None
    update_every_days: int | None
    today: dt.date

    @property
    def is_empty(self) -> bool:
        return self.last_published is None

    @property
    def days_since(self) -> int | None:
        return None if self.last_published is None else (self.today - self.last_published).days

    @property
    def is_stale(self) -> bool:
        """Not updated within its cycle. Columns without a cycle (e.g. the generated 指南) never go stale;
        an empty column is reported as empty, not as stale."""
        if self.update_every_days is None or self.last_published is None:
            return False
        return self.days_since > self.update_every_days

    @property
    def due_on(self) -> dt.date | None:
        """The last day by which a new item keeps the column fresh."""
        if self.update_every_days is None or self.last_published is None:
            return None
        return self.last_published + dt.timedelta(days=self.update_every_days)

    @property
    def overdue_days(self) -> int:
        return max(0, (self.today - self.due_on).days) if self.due_on else 0


def freshness(last_published: dt.date | None, update_every_days: int | None, today: dt.date) -> Freshness:
    return Freshness(last_published, update_every_days, today)


# 第二十六条: proactive information is published within 20 working days of being made or changed.
PUBLISH_WITHIN_WORKING_DAYS = 20


def is_published_late(delay_working_days: int) -> bool:
    return delay_working_days > PUBLISH_WITHIN_WORKING_DAYS
