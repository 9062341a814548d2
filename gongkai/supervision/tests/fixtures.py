"""Hand-counted 考评 fixtures: rows written straight to the tables (the indicators read what is there;
how the services put it there is tested in their own apps). Every number the tests expect is counted
in the comments here."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType

from gongkai.annual_reports.models import AnnualReport, ReportFile
from gongkai.applications.models import Applicant, Application, Status
from gongkai.catalogue.models import Column, Interpretation, Item
from gongkai.core.models import EventLog, EventType
from gongkai.organs.models import Organ
from gongkai.remedies.models import Lawsuit, Result, Review

SH = ZoneInfo("Asia/Shanghai")
_serial = itertools.count(1)


def case(organ, *, received: dt.date, closed: dt.date | None = None, due: dt.date | None = None,
         on_time: bool | None = None, outcome: str = "disclosed", extension_days: int = 0,
         status: str | None = None) -> Application:
    n = next(_serial)
    applicant, _ = Applicant.objects.get_or_create(identity_key=f"k{organ.pk}", defaults={
        "kind": "natural_person", "name": "张三"})
    return Application.objects.create(
        organ=organ, tracking_no=f"T{organ.pk}{n:06d}", query_code_hash="x", channel="online",
        received_on=received, applicant=applicant, applicant_kind="natural_person", applicant_name="张三",
        id_type="id_card", id_number="230502199001011232", description="某项目资金文件", info_form="electronic",
        delivery="email", status=status or (Status.CLOSED if closed else Status.PROCESSING),
        due_on=due or received + dt.timedelta(days=28), closed_on=closed, on_time=on_time,
        outcome=outcome if closed else "", extension_days=extension_days)


def correction_event(application: Application) -> None:
    EventLog.objects.create(organ=application.organ, event_type=EventType.CORRECTION_REQUESTED,
                            content_type=ContentType.objects.get_for_model(Application),
                            object_id=str(application.pk), actor_name="测试")


def column(organ, slug: str, cycle: int | None, *, needs_interpretation: bool = False,
           created: dt.datetime | None = None) -> Column:
    """A column created on `created` (by default 1 January 2024: it existed in every period counted here)."""
    col = Column.objects.create(organ=organ, slug=slug, name=f"栏目{slug}", update_every_days=cycle,
                                needs_interpretation=needs_interpretation)
    Column.objects.filter(pk=col.pk).update(created_at=created or at(2024, 1, 1))
    col.refresh_from_db()
    return col


def item(col: Column, when: dt.datetime, *, delay: int = 3, genre: str = "", validity: str = "valid",
         repealed_on: dt.date | None = None) -> Item:
    n = next(_serial)
    return Item.objects.create(
        organ=col.organ, column=col, status=Item.Status.PUBLISHED, index_no=f"{col.organ.code}/T-{n:05d}",
        title=f"信息{n}", publisher=col.organ.name, written_on=when.date(), published_at=when,
        publish_delay_workdays=delay, genre=genre, validity=validity, repealed_on=repealed_on)


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=SH)


def build(world) -> dict:
    """fgj: the counted organ. Period 2025 (statistics day 2025-12-31) and 2026 (today 2026-11-25)."""
    fgj, jyj, district, city = world.fgj, world.jyj, world.district, world.city
    d = dt.date
    # The organs were set up long before the periods counted here (the world fixture made them today).
    Organ.objects.filter(pk__in=[o.pk for o in (fgj, jyj, district, city)]).update(created_at=at(2020, 1, 1))
    # --- applications of fgj ---
    # 2025 closed: c1 c3 c4 c5 c6 (5); on time c1 c3 c4 c6 (4 of 5 → 80%); on the spot c3 (0 days), c4 (1)
    # working days: c1 (2024-12-20, 2025-01-10] = 14 (1 Jan holiday); c3 0; c4 1;
    # c5 (2025-11-03, 2025-12-31] = 42; c6 (2025-10-09, 2025-12-05] = 42 (11 Oct is a 调休 working Saturday)
    # total 99, average 19.8, longest 42; extension c6; 补正 c6.
    cases = {
        "c1": case(fgj, received=d(2024, 12, 20), closed=d(2025, 1, 10), on_time=True),
        "c2": case(fgj, received=d(2025, 12, 25), due=d(2026, 1, 26), closed=d(2026, 1, 6), on_time=False,
                   outcome="unavailable_not_held"),
        "c3": case(fgj, received=d(2025, 3, 3), closed=d(2025, 3, 3), on_time=True),
        "c4": case(fgj, received=d(2025, 3, 3), closed=d(2025, 3, 4), on_time=True, outcome="partly_disclosed"),
        "c5": case(fgj, received=d(2025, 11, 3), due=d(2025, 12, 1), closed=d(2025, 12, 31), on_time=False),
        "c6": case(fgj, received=d(2025, 10, 9), closed=d(2025, 12, 5), on_time=True, extension_days=20),
        # open since 2025, due 2025-12-18: overdue on 2025-12-31 and today.
        "c7": case(fgj, received=d(2025, 11, 20), due=d(2025, 12, 18)),
        # due 2026-01-05, closed 2026-01-04: open but not overdue on 2025-12-31; 2026 on time.
        "c8": case(fgj, received=d(2025, 12, 1), due=d(2026, 1, 5), closed=d(2026, 1, 4), on_time=True),
    }
    correction_event(cases["c6"])
    case(jyj, received=d(2025, 5, 6), closed=d(2025, 5, 30), on_time=True)  # another organ: never counted in fgj

    # --- columns of fgj on 2025-12-31 ---
    cols = {
        "news": column(fgj, "news", 14),  # newest 2025-12-31 23:30: fresh
        "news2": column(fgj, "news2", 14),  # 2025-12-10: 21 days → stale (short)
        "notice": column(fgj, "notice", 183, needs_interpretation=True),  # 2025-05-01: 244 days → stale (short)
        "plan": column(fgj, "plan", 365),  # 2024-06-01: 578 days → stale, long stale
        "notice2": column(fgj, "notice2", 183),  # 2024-10-01: 456 days → stale (short), long stale
        "empty1": column(fgj, "empty1", 14),  # never: empty
        "empty2": column(fgj, "empty2", 183),  # first item 2026-02-01: empty on 2025-12-31
        "guide": column(fgj, "guide", None),  # no cycle: never empty nor stale
    }
    # 2025 items: i1 i2 i3 i4 i9 i10 (6); late i2; 规范性文件 without 废止日期 i4; policy without 解读 i4.
    items = {
        "i1": item(cols["news"], at(2025, 12, 31, 23, 30)),
        "i2": item(cols["news"], at(2025, 12, 20), delay=25),
        "i3": item(cols["news2"], at(2025, 12, 10)),
        "i4": item(cols["notice"], at(2025, 5, 1), genre="规范性文件", validity="repealed"),
        "i5": item(cols["plan"], at(2024, 6, 1)),
        "i6": item(cols["notice2"], at(2024, 10, 1)),
        "i7": item(cols["empty2"], at(2026, 2, 1)),
        "i8": item(cols["news"], at(2026, 1, 1, 0, 10), delay=30),  # 2026, late
        "i9": item(cols["notice"], at(2025, 4, 1), genre="规范性文件"),
        "i10": item(cols["news"], at(2025, 4, 2), genre="解读"),
    }
    Interpretation.objects.create(item=items["i10"], policy=items["i9"])

    # --- 复议/诉讼 of fgj: 2025 decided 2 (one corrected → 50%); 2026 decided 1 ---
    Review.objects.create(organ=fgj, body="岭东区人民政府", filed_on=d(2025, 10, 1), decided_on=d(2025, 12, 31),
                          result=Result.CORRECTED)
    Review.objects.create(organ=fgj, body="岭东区人民政府", filed_on=d(2025, 3, 1), decided_on=d(2025, 6, 1),
                          result=Result.UPHELD)
    Lawsuit.objects.create(organ=fgj, body="岭东区人民法院", filed_on=d(2025, 11, 1), decided_on=d(2026, 1, 2),
                           result=Result.UPHELD, kind=Lawsuit.Kind.DIRECT)
    Review.objects.create(organ=fgj, body="岭东区人民政府", filed_on=d(2025, 12, 1))  # pending

    # --- 2024 annual reports (due 2025-01-31 for departments, 2025-03-31 for governments) ---
    findings = [{"rule": "t3.balance", "severity": "error", "where": "table3", "message": "不平衡"},
                {"rule": "published.late", "severity": "error", "where": "published_on", "message": "逾期"},
                {"rule": "x", "severity": "warning", "where": "sections", "message": "警告"}]
    # fgj: first version 2025-02-03 (late); a correction on 2025-03-01 does not cure it. Errors 1, warnings 1
    # (the lateness finding is its own indicator).
    AnnualReport.objects.create(organ=fgj, year=2024, version=1, status="published", published_on=d(2025, 2, 3),
                                content={"findings": findings})
    AnnualReport.objects.create(organ=fgj, year=2024, version=2, status="published", published_on=d(2025, 3, 1),
                                content={"findings": findings[:2]}, correction_reason="更正")
    # city: first version on time, a later correction after the deadline → not late.
    AnnualReport.objects.create(organ=city, year=2024, version=1, status="published", published_on=d(2025, 3, 20),
                                content={"findings": []})
    AnnualReport.objects.create(organ=city, year=2024, version=2, status="published", published_on=d(2025, 4, 20),
                                content={"findings": []}, correction_reason="更正")
    # jyj publishes elsewhere: a saved file dated 2025-01-20 (on time), 2 errors and 1 warning.
    ReportFile.objects.create(organ=jyj, year=2024, file="report_files/x.txt", original_name="x.txt", kind="text",
                              sha256="0" * 64, result={"published_on": "2025-01-20", "findings": []},
                              errors=2, warnings=1, published_on=d(2025, 1, 20))
    # district: nothing → not published, late (today is past 2025-03-31).
    return {"cases": cases, "columns": cols, "items": items, "district": district}
