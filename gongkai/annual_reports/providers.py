"""Where a computed report's facts come from: Gongkai's own records, read as plain facts.

Each function returns the facts the pure arithmetic counts (arithmetic.CaseFacts, DocumentFacts,
RemedyFacts) for one organ and year.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import BooleanField, Case, Count, Sum, Value, When
from django.utils import timezone

from .arithmetic import CaseFacts, DocumentFacts, RemedyFacts

# 体裁分类 of the catalogue → the rows of table 二 （一）
GENRE_ROWS = {"规章": "regulations", "规范性文件": "normative_documents"}


def case_facts(organ, year: int) -> list[CaseFacts]:
    """Applications that may count in `year`'s table 三 (received by 31 December and not closed
    before 1 January). A reply made again after a 复议/诉讼 correction stays on its case."""
    from gongkai.applications.models import Application

    # Counted in the database: one row per (kind, new or carried in, closed in the year or not, outcome),
    # each standing for its applications with representative dates the arithmetic counts the same way.
    # The set is applications.selectors.cases_for_report, read as three index-range parts (received in
    # the year; received earlier and still open; received earlier and closed in or after the year), so
    # that each part walks an index instead of every earlier case of the organ.
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    mine = Application.objects.filter(organ=organ)
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
    return facts


def document_facts(organ, year: int) -> list[DocumentFacts]:
    """The organ's published 规章 and 行政规范性文件 (table 二 （一）). 制发 is the 发文日期 (else the
    成文日期); a 废止 document stops being in force on its 废止日期, a 失效 one on that date too but
    is not counted as 废止."""
    from gongkai.catalogue.models import Item

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
    from gongkai.remedies.selectors import has_records_by, remedy_facts_for

    if not has_records_by(organ, year):
        return None
    return remedy_facts_for(organ, year)


def fees_collected_yuan(organ, year: int) -> float:
    """信息处理费 actually paid in `year` (section 六)."""
    from gongkai.applications.models import FeeNotice

    total = FeeNotice.objects.filter(application__organ=organ, paid_on__gte=dt.date(year, 1, 1),
                                     paid_on__lte=dt.date(year, 12, 31)).aggregate(s=Sum("amount"))["s"]
    return float(total or Decimal(0))
