"""Where a computed report's facts come from: Gongkai's own records, read as plain facts.

Each function returns the facts the pure arithmetic counts (arithmetic.CaseFacts, DocumentFacts,
RemedyFacts) for one organ and year.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import BooleanField, Case, Count, Sum, Value, When
from django.utils import timezone

from gongkai.applications.models import Application, FeeNotice
from gongkai.catalogue.models import Item
from gongkai.remedies.facts import RemedyFacts
from gongkai.remedies.selectors import has_records_by, remedy_facts_for

from .arithmetic import CaseFacts, DocumentFacts

# 体裁分类 of the catalogue → the rows of table 二 （一）
GENRE_ROWS = {"规章": "regulations", "规范性文件": "normative_documents"}


def reply_rounds(received_on: dt.date, prior_replies: list[dict], closed_on: dt.date | None, outcome: str
                 ) -> list[tuple[dt.date, dt.date | None, str | None]]:
    """A case reopened by a 纠正 (行政复议法 第六十四条) as the national format counts it: each reply is a
    办理结果 of the year it was made. The first reply counted in its year (the case closed then); a
    reopening in a later year is a 新收 of that year, answered by the new reply — so every year's table
    balances (一 + 二 = 三 + 四) and last year's 四 stays what was published. A reopening in the year of
    the reply it corrects is one case of that year, with the final reply. Returns (counted from,
    closed on, outcome) per round."""
    rounds: list[tuple[dt.date, dt.date | None, str | None]] = []
    start = received_on
    for prior in prior_replies:
        prior_closed, reopened = dt.date.fromisoformat(prior["closed_on"]), dt.date.fromisoformat(prior["reopened_on"])
        if reopened.year != prior_closed.year:
            rounds.append((start, prior_closed, prior.get("outcome") or None))
            start = reopened
    rounds.append((start, closed_on, outcome or None))
    return rounds


def case_facts(organ, year: int) -> list[CaseFacts]:
    """Applications that may count in `year`'s table 三 (received by 31 December and not closed
    before 1 January). A case reopened by a 纠正 counts its replies by `reply_rounds`."""
    # Counted in the database: one row per (kind, new or carried in, closed in the year or not, outcome),
    # each standing for its applications with representative dates the arithmetic counts the same way.
    # The set is applications.selectors.cases_for_report, read as three index-range parts (received in
    # the year; received earlier and still open; received earlier and closed in or after the year), so
    # that each part walks an index instead of every earlier case of the organ.
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    mine = Application.objects.filter(organ=organ, reopened_on__isnull=True)
    parts = (
        (True, mine.filter(received_on__gte=jan1, received_on__lte=dec31)),
        (False, mine.filter(received_on__lt=jan1, closed_on__isnull=True)),
        (False, mine.filter(received_on__lt=jan1, closed_on__gte=jan1)),
    )
    facts = []
    for is_new, part in parts:
        rows = (part.annotate(is_closed=Case(When(closed_on__lte=dec31, then=Value(True)), default=Value(False),
                                             output_field=BooleanField()))
                .values_list("applicant_kind", "is_closed", "outcome").annotate(n=Count("id")).order_by())
        facts += [CaseFacts(kind, jan1 if is_new else jan1 - dt.timedelta(days=1), dec31 if is_closed else None,
                            (outcome or None) if is_closed else None, n=n)
                  for kind, is_closed, outcome, n in rows]
    # Reopened cases (few): round by round, in Python.
    reopened = Application.objects.filter(organ=organ, reopened_on__isnull=False, received_on__lte=dec31).values_list(
        "applicant_kind", "received_on", "prior_replies", "closed_on", "outcome")
    for kind, received_on, prior, closed_on, outcome in reopened:
        facts += [CaseFacts(kind, start, closed, outcome if closed else None)
                  for start, closed, outcome in reply_rounds(received_on, prior or [], closed_on, outcome)]
    return facts


def document_facts(organ, year: int) -> list[DocumentFacts]:
    """The organ's published 规章 and 行政规范性文件 (table 二 （一）). 制发 is the 发文日期 (else the
    成文日期); a 废止 document stops being in force on its 废止日期, a 失效 one on that date too but
    is not counted as 废止."""
    facts = []
    items = Item.objects.filter(organ=organ, status=Item.Status.PUBLISHED, genre__in=GENRE_ROWS).values_list(
        "genre", "issued_on", "written_on", "published_at", "validity", "repealed_on")
    for genre, issued_on, written_on, published_at, validity, repealed_on in items:
        made = issued_on or written_on or timezone.localdate(published_at)
        out_of_force = validity in (Item.Validity.REPEALED, Item.Validity.EXPIRED)
        ended = (repealed_on or made) if out_of_force else None  # no date recorded: out since it was made
        facts.append(DocumentFacts(GENRE_ROWS[genre], made,
                                   repealed_on=ended if validity == Item.Validity.REPEALED else None,
                                   ended_on=ended))
    return facts


def remedy_facts(organ, year: int) -> list[RemedyFacts] | None:
    """行政复议 and 行政诉讼 records (gongkai.remedies), as of 31 December of `year`.

    None when Gongkai holds no record of the organ filed by 31 December of `year` (an organ that
    keeps its cases elsewhere, or a year before it started recording them): table 四 then uses the
    figures the clerk entered. Otherwise the records decide, and a year with records but none
    live in it is all zeros."""
    if not has_records_by(organ, year):
        return None
    return remedy_facts_for(organ, year)


def fees_collected_yuan(organ, year: int) -> float:
    """信息处理费 actually paid in `year` (section 六)."""
    total = FeeNotice.objects.filter(application__organ=organ, paid_on__gte=dt.date(year, 1, 1),
                                     paid_on__lte=dt.date(year, 12, 31)).aggregate(s=Sum("amount"))["s"]
    return float(total or Decimal(0))
