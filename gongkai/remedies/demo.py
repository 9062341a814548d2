"""Demo 行政复议 and 行政诉讼 (`manage.py load_demo`), so that table 四 and 考评 show real records:
岭东区发展和改革局 has a 复议 that corrected its reply (纠正, then a new reply) and one upheld, and a
lawsuit still pending. None for 岭东区人民政府 in 2024: its 2024 report must keep reproducing the seed."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.applications.models import Application
from gongkai.organs.models import User

from . import services
from .models import Lawsuit, Result, Review


@transaction.atomic
def load_demo_remedies(organs: dict) -> int:
    """Idempotent: does nothing when the demo department already has remedy records."""
    fgj = organs["fgj"]
    if Review.objects.filter(organ=fgj).exists():
        return 0
    clerk = User.objects.filter(username="fgj_clerk").first()
    closed = list(Application.objects.filter(organ=fgj, closed_on__year=2025).order_by("closed_on")[:3])
    if clerk is None or len(closed) < 3:
        return 0
    created = 0
    for application, result in zip(closed[:2], (Result.CORRECTED, Result.UPHELD), strict=True):
        filed = application.closed_on + dt.timedelta(days=20)
        review = services.review_record(actor=clerk, organ=fgj, application=application, body="岭东区人民政府",
                                        filed_on=filed, case_no=f"岭政复〔{filed.year}〕{created + 3}号",
                                        claimant=application.applicant_name, today=filed)
        services.remedy_accept(actor=clerk, remedy=review, accepted_on=filed + dt.timedelta(days=3),
                               copy_received_on=filed + dt.timedelta(days=5), today=filed + dt.timedelta(days=5))
        review.refresh_from_db()
        services.remedy_answer(actor=clerk, remedy=review, answered_on=filed + dt.timedelta(days=12),
                               today=filed + dt.timedelta(days=12))
        decided = filed + dt.timedelta(days=50)
        services.remedy_decide(actor=clerk, remedy=review, decided_on=decided, result=result, today=decided)
        created += 1
    filed = closed[2].closed_on + dt.timedelta(days=30)
    services.lawsuit_record(actor=clerk, organ=fgj, application=closed[2], kind=Lawsuit.Kind.DIRECT,
                            body="双鸭山市岭东区人民法院", filed_on=filed, case_no=f"（{filed.year}）黑0502行初8号",
                            claimant=closed[2].applicant_name, today=filed)
    return created + 1
