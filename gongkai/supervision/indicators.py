"""考评 indicators: the facts of one organ in one period, and the rules over them. Pure, no database.

`selectors.facts_for(organs, period)` reads `OrganFacts` from the database with aggregate queries;
everything here is arithmetic over those facts, so tests can hand-count it.

Sources (shared/spec/evaluation-and-prior-art.md):
- 国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》 (§1.3): 栏目不更新 and 空白栏目 (单项否决),
  items without 发布日期 count as not updated (2015 普查), 解读 linked to its document;
- 《政府信息公开条例》第二十六条 (publish within 20 working days), 第三十条 (补正), 第三十三条
  (reply within 20 working days, extension up to 20), 第四十九条 (annual report deadline);
- CASS 2015: 规范性文件 must show their 有效性;
- 国办秘函〔2019〕19号 互动回应差 (单项否决): a valid message in the 政务咨询 column left unanswered for more
  than three months within the past year.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from gongkai.annual_reports.deadlines import DEFAULT_DEADLINES
from gongkai.annual_reports.deadlines import is_late as report_is_late  # noqa: F401 (第四十九条, one rule)
from gongkai.annual_reports.format import T4_COLUMN_LABELS

# 国办秘函〔2019〕19号 栏目不更新 (a): columns that must update every 2 weeks (动态/要闻) or every 6 months
# (通知公告/政策文件), counted together; a column with a cycle up to 183 days is one of these.
SHORT_CYCLE_MAX_DAYS = 183
# (b) 应更新但长期未更新: a column with a cycle whose newest item is older than one year (the 2015 普查
# sheet's longest window, 人事/规划计划 1 year).
LONG_STALE_DAYS = 365
# 当场或次日答复: closed no later than the first working day after receipt (0 or 1 working day).
ON_THE_SPOT_MAX_WORKING_DAYS = 1


QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


@dataclass(frozen=True)
class Period:
    """A closed range of days: a calendar year (年度考评), a quarter (季度通报), or whole months of one
    (for trends)."""

    start: dt.date
    end: dt.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if quarter not in QUARTER_NAMES:
            raise ValueError(f"quarter {quarter}")
        return cls.months(year, 3 * quarter - 2, 3 * quarter)

    @classmethod
    def months(cls, year: int, first: int, last: int) -> Period:
        return cls(dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1]))

    @classmethod
    def of(cls, year: int, quarter: int = 0) -> Period:
        """The year (quarter 0) or one of its quarters (1–4)."""
        return cls.quarter(year, quarter) if quarter else cls.year(year)

    @property
    def quarter_no(self) -> int:
        """1–4 for a calendar quarter, 0 for anything else."""
        q = (self.start.month + 2) // 3
        return q if self.start.month % 3 == 1 and self == Period.quarter(self.start.year, q) else 0

    @property
    def is_year(self) -> bool:
        return self == Period.year(self.start.year)

    @property
    def key(self) -> str:
        """"2025" for a year, "2025Q3" for a quarter: the stored key of a 考评 period."""
        if self.is_year:
            return str(self.start.year)
        if self.quarter_no:
            return f"{self.start.year}Q{self.quarter_no}"
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"

    @property
    def report_year(self) -> int:
        """The 年度报告 due in the period (第四十九条: last year's, by 31 January or 31 March)."""
        return self.end.year - 1

    @property
    def previous_year(self) -> Period:
        """The same period one year earlier (the year-on-year comparison)."""
        return Period(self.start.replace(year=self.start.year - 1), self.end.replace(year=self.end.year - 1)) \
            if not (self.is_year or self.quarter_no) else Period.of(self.start.year - 1, self.quarter_no)

    def as_of(self, today: dt.date) -> dt.date:
        """The day the snapshot indicators (columns, open cases) are read on: today in the current
        period, the last day of a past one."""
        return min(today, self.end)

    @property
    def label(self) -> str:
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) \
                and self.start.year == self.end.year:
            return f"{self.start.year}年"
        if self.quarter_no:
            return f"{self.start.year}年{QUARTER_NAMES[self.quarter_no]}"
        return f"{self.start:%Y-%m-%d}至{self.end:%Y-%m-%d}"


@dataclass
class OrganFacts:
    """What the database says about one organ in one period (filled by selectors.facts_for)."""

    organ_id: int
    code: str
    name: str
    kind: str
    path: str = "/"
    # 主动公开 — columns as of Period.as_of
    columns_total: int = 0
    stale_short: int = 0  # 栏目不更新 (a): stale columns with a cycle ≤ 183 days
    stale_any: int = 0  # every stale column (any cycle)
    long_stale: int = 0  # 栏目不更新 (b): newest item older than 365 days
    empty: int = 0  # 空白栏目 (c)
    # 主动公开 — items published in the period
    items_published: int = 0
    policies_without_interpretation: int = 0
    normative_without_validity: int = 0
    late_items: int = 0
    # 依申请公开
    received: int = 0
    closed: int = 0
    timed: int = 0  # closed cases with an on-time verdict
    on_time: int = 0
    handling_days_total: int = 0
    handling_days_max: int | None = None
    on_the_spot: int = 0
    corrections: int = 0  # closed cases in which a 补正 was requested
    extensions: int = 0  # closed cases whose reply period was extended (第三十三条第二款)
    overdue_open: int = 0
    overdue_days: int = 0  # working days past the 答复期限, summed over the overdue_open cases (periods.py)
    outcomes: dict[str, int] = field(default_factory=dict)
    # 复议/诉讼 decided in the period
    remedies_decided: int = 0
    remedies_corrected: int = 0
    remedies_filed: int = 0
    redo_late: int = 0  # 纠正 whose new reply was due in the period and not made by then (行政复议法 第六十四条)
    # 年度报告 on year (period year − 1), due in the period (第四十九条)
    report_year: int | None = None
    report_deadline: dt.date | None = None
    report_published: bool = False
    report_source: str = ""  # "gongkai", "file" or ""
    report_first_published_on: dt.date | None = None
    report_late: bool = False
    report_errors: int = 0
    report_warnings: int = 0
    report_audited_at: dt.datetime | None = None
    # 互动交流 on the statistics day: valid 政务咨询 of the past year unanswered for more than three months
    consultations_unanswered: int = 0
    # 督办 → 整改 (条例第四十七条), read by periods.py
    rectification_open: int = 0  # 督办通知 not yet accepted on the statistics day
    rectification_overdue: int = 0  # 整改期限 in the period, passed, and no accepted reply made by then


def has_data(f: OrganFacts) -> bool:
    """Whether the organ did anything the 考评 can judge in the period: a column that existed, an item
    published, a case received, closed or overdue, a 复议/诉讼, a 年度报告, a 督办, a 政务咨询 left unanswered. An organ with none is
    不参评 (shown, never ranked, never 合格): a score of "no deductions" would reward having no records."""
    return any((f.columns_total, f.items_published, f.received, f.closed, f.overdue_open, f.remedies_filed,
                f.remedies_decided, f.redo_late, f.report_published, f.rectification_open,
                f.rectification_overdue, f.consultations_unanswered))


# --- derived numbers ---------------------------------------------------------------------------

def rate(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide (shown as "—", never as 0% or 100%)."""
    return None if not whole else part / whole


def handling_stats(spans: Iterable[tuple[dt.date, dt.date, int]],
                   working_days_between: Callable[[dt.date, dt.date], int]) -> tuple[int, int | None, int]:
    """(total working days, longest, cases answered within ON_THE_SPOT_MAX_WORKING_DAYS) over
    (received_on, closed_on, number of cases) rows. Working days are counted in (received, closed],
    so a reply on the day of receipt takes 0 and one on the next working day takes 1."""
    total, longest, spot = 0, None, 0
    for received, closed, n in spans:
        days = max(0, working_days_between(received, closed))
        total += days * n
        longest = days if longest is None else max(longest, days)
        if days <= ON_THE_SPOT_MAX_WORKING_DAYS:
            spot += n
    return total, longest, spot


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    group: str
    definition: str
    source: str
    kind: str = "count"  # count, rate, days, flag
    drill: str = ""  # the drill-down section listing the cases or items behind the number
    unit: str = "项"  # what one unit of a count is (个栏目, 条信息, 件申请), for the 评分细则


GROUP_PROACTIVE, GROUP_APPLICATIONS, GROUP_REMEDIES, GROUP_REPORT = "主动公开", "依申请公开", "复议诉讼", "年度报告"
GROUP_INTERACTION, GROUP_RECTIFICATION = "互动交流", "督办整改"
GROUPS = (GROUP_PROACTIVE, GROUP_APPLICATIONS, GROUP_REMEDIES, GROUP_REPORT, GROUP_INTERACTION, GROUP_RECTIFICATION)

INDICATORS: tuple[Indicator, ...] = (
    Indicator("stale_short", "未按期更新栏目", GROUP_PROACTIVE,
              "统计日（本年为今日，往年为12月31日）动态要闻类（更新周期≤14天）和通知公告、政策文件类（≤183天）"
              "栏目超过更新周期未发布新信息的个数，合并计算；≥5个单项否决。",
              "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》栏目不更新（一）", drill="stale", unit="个"),
    Indicator("long_stale", "长期未更新栏目", GROUP_PROACTIVE,
              "有更新周期、最新一条信息发布已超过365天的栏目个数；≥10个单项否决。",
              "国办秘函〔2019〕19号 栏目不更新（二）；2015年全国政府网站普查 人事、规划计划类1年", drill="stale", unit="个"),
    Indicator("empty", "空白栏目", GROUP_PROACTIVE,
              "有更新周期而没有任何已发布信息的栏目个数（自动生成的指南栏目除外）；≥5个单项否决。",
              "国办秘函〔2019〕19号 栏目不更新（三）", drill="empty", unit="个"),
    Indicator("policies_without_interpretation", "政策文件未配解读", GROUP_PROACTIVE,
              "本期发布、所在栏目要求配解读、至今没有已发布解读的政策文件条数。",
              "国办秘函〔2019〕19号 政策解读（解读与文件关联）", drill="uninterpreted", unit="条"),
    Indicator("normative_without_validity", "规范性文件未标有效性", GROUP_PROACTIVE,
              "本期发布的规范性文件中有效性缺失，或标为失效、废止却没有废止日期的条数。",
              "中国社会科学院法学研究所 2015年政府透明度评估（规范性文件有效性）", drill="no_validity", unit="条"),
    Indicator("late_items", "超期发布信息", GROUP_PROACTIVE,
              "本期发布、自形成（成文）之日起超过20个工作日才发布的信息条数。",
              "《政府信息公开条例》第二十六条", drill="late", unit="条"),
    Indicator("on_time_rate", "按期答复率", GROUP_APPLICATIONS,
              "本期办结（以办结日期计，跨年案件计入办结年度）且有按期判断的申请中，在答复期限内答复的比例。",
              "《政府信息公开条例》第三十三条", kind="rate"),
    Indicator("late_replies", "逾期答复", GROUP_APPLICATIONS,
              "本期办结且有按期判断的申请中，超过答复期限才答复的件数（按件扣分，不按比例：一件逾期答复不因办结总数少而扣满分）。",
              "《政府信息公开条例》第三十三条", drill="late-replies", unit="件"),
    Indicator("avg_days", "平均办理用时（工作日）", GROUP_APPLICATIONS,
              "本期办结申请自收到之日至办结之日的工作日数（收到当日不计）的平均值，含补正、征求意见等暂停时间。",
              "《政府信息公开条例》第三十一条、第三十三条；工作日按中国节假日安排", kind="days", unit="个工作日"),
    Indicator("max_days", "最长办理用时（工作日）", GROUP_APPLICATIONS,
              "本期办结申请中办理用时最长的一件的工作日数。", "同上", kind="days", unit="个工作日"),
    Indicator("overdue_open", "超期未答复", GROUP_APPLICATIONS,
              "统计日仍未答复且已过答复期限的申请件数（本年按当前状态，往年按12月31日时的期限和办结日期）。",
              "《政府信息公开条例》第三十三条", drill="overdue", unit="件"),
    Indicator("overdue_days", "超期未答复累计天数", GROUP_APPLICATIONS,
              "统计日超期未答复的申请，各自超过答复期限的工作日数之和：仍未答复的每多拖一天多扣一分，"
              "使“超期未答复”始终重于“逾期答复”。",
              "《政府信息公开条例》第三十三条；工作日按中国节假日安排", drill="overdue", unit="个工作日"),
    Indicator("on_the_spot_rate", "当场或次日答复率", GROUP_APPLICATIONS,
              "本期办结申请中，收到当日或下一个工作日内办结（用时0或1个工作日）的比例。",
              "国办发〔2017〕47号 政府网站工作年度报表 平均办理时间", kind="rate"),
    Indicator("correction_rate", "告知补正比例", GROUP_APPLICATIONS,
              "本期办结申请中办理过程告知过补正的比例。", "《政府信息公开条例》第三十条", kind="rate"),
    Indicator("extension_rate", "延期答复比例", GROUP_APPLICATIONS,
              "本期办结申请中经批准延长答复期限的比例。", "《政府信息公开条例》第三十三条第二款", kind="rate"),
    Indicator("remedies_decided", "复议诉讼审结", GROUP_REMEDIES,
              "本期作出复议决定或裁判（决定/裁判日期在本期内）的行政复议和行政诉讼件数。",
              "《政府信息公开条例》第五十条；年度报告表四", drill="remedies", unit="件"),
    Indicator("remedies_corrected", "复议诉讼被纠错", GROUP_REMEDIES,
              "本期审结的复议诉讼中结果为纠正的件数（按件扣分，有上限：一件纠错不因审结总数少而扣满分）。",
              f"《政府信息公开条例》第五十条；年度报告表四“{T4_COLUMN_LABELS['corrected']}”", drill="remedies", unit="件"),
    Indicator("remedies_corrected_rate", "复议诉讼被纠错率", GROUP_REMEDIES,
              "本期审结的复议诉讼中结果为纠正的比例。", f"年度报告表四“{T4_COLUMN_LABELS['corrected']}”", kind="rate", drill="remedies"),
    Indicator("redo_late", "纠正后未按期重新答复", GROUP_REMEDIES,
              "复议决定或判决纠正（撤销、责令重新答复）后，重新答复期限在本期内届满、而未在期限内重新答复的件数"
              "（至统计日仍未答复的也计入）。期限为决定确定的期限，未确定的为收到决定之日起20个工作日。",
              "《中华人民共和国行政复议法》第六十四条；《政府信息公开条例》第三十三条", drill="redo_late", unit="件"),
    Indicator("report_published", "年度报告已发布", GROUP_REPORT,
              "本考评年度应发布的上一年度报告是否已发布（本平台发布，或保存了外部发布的报告文件）。",
              "《政府信息公开条例》第四十九条", kind="flag"),
    Indicator("report_late", "年度报告逾期", GROUP_REPORT,
              "以首次发布的版本判断：部门{}月{}日、本级政府{}月{}日前未发布即为逾期；期限已过仍未发布也算逾期。".format(
                  *DEFAULT_DEADLINES["department"], *DEFAULT_DEADLINES["government"]),
              "《政府信息公开条例》第四十九条", kind="flag"),
    Indicator("report_errors", "年度报告错误", GROUP_REPORT,
              "最近一次批量审核（check_reports）发现的错误条数；未审核时取发布时的检查结果。逾期另计，不在此重复。",
              "gongkai/annual_reports/RULES.md（勾稽关系、格式、内容）", drill="report", unit="条"),
    Indicator("report_warnings", "年度报告警告", GROUP_REPORT, "同上，警告条数。",
              "gongkai/annual_reports/RULES.md", drill="report", unit="条"),
    Indicator("consultations_unanswered", "政务咨询超过3个月未答复", GROUP_INTERACTION,
              "统计日前一年内收到、未被认定为无效的政务咨询留言中，超过3个月未答复（至统计日仍未答复，或答复晚于收到后3个月）"
              "的件数；≥1件单项否决。",
              "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》互动回应差", drill="unanswered", unit="件"),
    Indicator("rectification_overdue", "整改逾期", GROUP_RECTIFICATION,
              "主管部门督办通知的整改期限在本期内届满、至统计日已过，而期限内没有提交后被认可的整改回复的件数。",
              "《政府信息公开条例》第四十七条（督促整改）", drill="notices", unit="件"),
    Indicator("rectification_open", "未办结督办", GROUP_RECTIFICATION,
              "统计日尚未经主管部门认可办结的督办通知件数（含待整改、待审核、退回重新整改）。",
              "《政府信息公开条例》第四十七条", drill="notices", unit="件"),
)
BY_KEY = {i.key: i for i in INDICATORS}


def values(f: OrganFacts) -> dict[str, float | int | bool | None]:
    """Every indicator's value for one organ (rates as fractions, None when undefined)."""
    return {
        "stale_short": f.stale_short,
        "long_stale": f.long_stale,
        "empty": f.empty,
        "policies_without_interpretation": f.policies_without_interpretation,
        "normative_without_validity": f.normative_without_validity,
        "late_items": f.late_items,
        "on_time_rate": rate(f.on_time, f.timed),
        "late_replies": f.timed - f.on_time,
        "avg_days": None if not f.closed else round(f.handling_days_total / f.closed, 1),
        "max_days": f.handling_days_max,
        "overdue_open": f.overdue_open,
        "overdue_days": f.overdue_days,
        "on_the_spot_rate": rate(f.on_the_spot, f.closed),
        "correction_rate": rate(f.corrections, f.closed),
        "extension_rate": rate(f.extensions, f.closed),
        "remedies_decided": f.remedies_decided,
        "remedies_corrected": f.remedies_corrected,
        "remedies_corrected_rate": rate(f.remedies_corrected, f.remedies_decided),
        "redo_late": f.redo_late,
        "report_published": f.report_published,
        "report_late": f.report_late,
        "report_errors": f.report_errors,
        "report_warnings": f.report_warnings,
        "consultations_unanswered": f.consultations_unanswered,
        "rectification_overdue": f.rectification_overdue,
        "rectification_open": f.rectification_open,
    }


def display(indicator: Indicator, value) -> str:
    """A value as the page and the spreadsheet show it."""
    if value is None:
        return "—"
    if indicator.kind == "rate":
        return f"{value * 100:.1f}%"
    if indicator.kind == "flag":
        return "是" if value else "否"
    return f"{value:g}" if isinstance(value, float) else str(value)
