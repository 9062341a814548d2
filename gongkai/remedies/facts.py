"""What table 四 of the 年度报告 needs of one 行政复议 or 行政诉讼: remedies' facts, read by
`selectors.remedy_facts_for` and counted by `annual_reports.arithmetic.table4_from_remedies` (annual_reports
sits above remedies and imports this; remedies imports nothing of annual_reports). Pure, no database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class RemedyFacts:
    """What table 四 needs of one 行政复议 or 行政诉讼."""

    group: str  # one of annual_reports.arithmetic.T4_GROUPS: review, litigation_direct, litigation_after_review
    filed_on: dt.date
    decided_on: dt.date | None = None
    result: str | None = None  # upheld / corrected / other, once decided (models.Result)
