"""Report arithmetic: the tables of the 年度报告 counted from facts. Pure functions, no database.

The counting rules are written once, in Chinese, in COUNTING_RULES: the staff report page shows
them, and the functions below implement them line by line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.remedies.facts import RemedyFacts  # remedies' facts (below annual_reports); re-exported here

from .format import APPLICANT_KINDS, T3_OUTCOME_ROWS, T3_ROWS, T4_GROUPS, T4_RESULTS

OUTCOMES = T3_OUTCOME_ROWS  # the 21 leaf outcome rows of table 三 (（六） in three rows)

COUNTING_RULES = (
    "表三按申请计数：每件申请计一次，计入其申请人类型所在列。",
    "一、本年新收：收到日期（《条例》第三十一条）在本年度内的申请。",
    "二、上年结转：本年度之前收到、1月1日时尚未办结的申请；机关首年使用本系统的，按经办人录入的上年报告“结转下年度继续办理”数填报。",
    "三、本年度办理结果：在本年度内办结的申请，按办理结果计入相应一行；区分处理的只计入“（二）部分公开”。",
    "四、结转下年度继续办理：12月31日前收到、截至12月31日尚未办结的申请。",
    "经行政复议或行政诉讼纠正后重新答复的，不作为新申请：仍按原收到日期计，只计一次，计入办结的年度。",
    "表二（一）按目录中的规章和行政规范性文件计数：本年制发＝本年度内发布；本年废止＝本年度内废止；现行有效＝12月31日前制发且截至当日未废止、未失效。",
    "表二（五）（六）（八）的行政许可、行政处罚、行政强制和行政事业性收费数据来自其他业务系统，由经办人按年度录入并注明来源。",
    "表四按截至12月31日的行政复议、行政诉讼结果计数：本年度之后才作出决定的，计为“尚未审结”。",
)


@dataclass(frozen=True)
class CaseFacts:
    """What table 三 needs of one application."""

    applicant_kind: str  # one of APPLICANT_KINDS
    received_on: dt.date
    closed_on: dt.date | None = None  # the day the case ended (reply served, or deemed withdrawn)
    outcome: str | None = None  # a table-三 row code; required once closed
    n: int = 1  # how many applications share these facts (the database groups them)


@dataclass(frozen=True)
class DocumentFacts:
    """What table 二 （一） needs of one 规章 or 行政规范性文件."""

    kind: str  # "regulations" or "normative_documents"
    published_on: dt.date  # 制发: the 发文日期
    repealed_on: dt.date | None = None  # 废止 on this day (counted as 本年废止)
    ended_on: dt.date | None = None  # out of force from this day (废止 or 失效); defaults to repealed_on

    @property
    def out_of_force_on(self) -> dt.date | None:
        return self.ended_on or self.repealed_on


def _zero_row() -> list[int]:
    return [0] * (len(APPLICANT_KINDS) + 1)


def _add(row: list[int], kind: str, n: int = 1) -> None:
    if kind not in APPLICANT_KINDS:
        raise ValueError(f"unknown applicant kind {kind!r}")
    row[APPLICANT_KINDS.index(kind)] += n
    row[-1] += n


def table3_from_cases(cases: Iterable[CaseFacts], year: int, *, carried_in: list[int] | None = None) -> dict:
    """Table 三 for `year` (keys: the 25 row codes of the 2021 format, 7 values each).

    `carried_in` replaces 二、上年结转 (for the first year on Gongkai, entered by the clerk); the
    cases received before the year are then not counted there (they were counted last year).
    """
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    table = {code: _zero_row() for code in T3_ROWS}
    for case in cases:
        if case.received_on > end or (case.closed_on is not None and case.closed_on < start):
            continue  # belongs to a later year, or was finished before this one
        kind, n = case.applicant_kind, case.n
        if case.received_on >= start:
            _add(table["received_new"], kind, n)
        elif carried_in is None:
            _add(table["carried_in"], kind, n)
        if case.closed_on is not None and case.closed_on <= end:
            if case.outcome not in OUTCOMES:
                raise ValueError(f"closed case without a table-三 outcome: {case.outcome!r}")
            _add(table[case.outcome], kind, n)
            _add(table["total"], kind, n)
        else:
            _add(table["carried_out"], kind, n)
    if carried_in is not None:
        if len(carried_in) != 6 or any(not isinstance(v, int) or v < 0 for v in carried_in):
            raise ValueError("carried_in needs six non-negative whole numbers, one per applicant kind")
        table["carried_in"] = [*carried_in, sum(carried_in)]
    return table


def table2_documents(documents: Iterable[DocumentFacts], year: int) -> dict:
    """Table 二 （一）: 本年制发件数, 本年废止件数 and 现行有效件数 for 规章 and 行政规范性文件."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    out = {kind: {"issued": 0, "repealed": 0, "in_force": 0} for kind in ("regulations", "normative_documents")}
    for doc in documents:
        row = out[doc.kind]
        if start <= doc.published_on <= end:
            row["issued"] += 1
        if doc.repealed_on is not None and start <= doc.repealed_on <= end:
            row["repealed"] += 1
        ended = doc.out_of_force_on
        if doc.published_on <= end and (ended is None or ended > end):
            row["in_force"] += 1
    return out


def table4_from_remedies(remedies: Iterable[RemedyFacts], year: int) -> dict:
    """Table 四 as of 31 December of `year`: cases filed by then, by result; undecided ones pending."""
    end = dt.date(year, 12, 31)
    start = dt.date(year, 1, 1)
    out = {g: dict.fromkeys((*T4_RESULTS, "total"), 0) for g in T4_GROUPS}
    for remedy in remedies:
        if remedy.filed_on > end:
            continue
        decided = remedy.decided_on is not None and remedy.decided_on <= end
        if decided and remedy.decided_on < start:
            continue  # decided in an earlier year: that year's report counted it
        result = remedy.result if decided else "pending"
        out[remedy.group][result] += 1
        out[remedy.group]["total"] += 1
    return out
