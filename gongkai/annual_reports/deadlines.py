"""When a 年度报告 must be published (第四十九条). Pure functions.

第四十九条: 县级以上人民政府部门 publish last year's report by 31 January; the 主管部门 of a
县级以上地方人民政府 publishes the government's own report by 31 March. For 乡镇、街道、派出机构
and other kinds the date is configurable (settings.GONGKAI_REPORT_DEADLINES), by default 31 January.
"""

import datetime as dt

DEFAULT_DEADLINES = {"government": (3, 31), "department": (1, 31), "dispatched": (1, 31), "authorised": (1, 31)}


def configured_deadlines() -> dict:
    """DEFAULT_DEADLINES updated with settings.GONGKAI_REPORT_DEADLINES where Django is configured
    (the reader also runs without Django, e.g. in the benchmark)."""
    try:
        from django.conf import settings

        override = getattr(settings, "GONGKAI_REPORT_DEADLINES", {}) if settings.configured else {}
    except ImportError:  # pragma: no cover - Django is always installed with Gongkai
        override = {}
    return {**DEFAULT_DEADLINES, **{k: tuple(v) for k, v in override.items()}}


def publication_deadline(report_year: int, organ_kind: str, deadlines: dict | None = None) -> dt.date:
    """The last day to publish the report on `report_year` (in the following year)."""
    month, day = (deadlines or configured_deadlines()).get(organ_kind, (1, 31))
    return dt.date(report_year + 1, month, day)


def days_left(report_year: int, organ_kind: str, today: dt.date, deadlines: dict | None = None) -> int:
    """Calendar days until the deadline (negative once it has passed)."""
    return (publication_deadline(report_year, organ_kind, deadlines) - today).days


def is_late(first_published_on: dt.date | None, deadline: dt.date | None, *, today: dt.date) -> bool:
    """第四十九条, judged on the first published version; unpublished after the deadline is late too."""
    if deadline is None:
        return False
    if first_published_on is None:
        return today > deadline
    return first_published_on > deadline
