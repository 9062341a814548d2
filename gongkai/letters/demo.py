"""Demo applications (`manage.py load_demo`): every state and every outcome, some due soon and some
overdue. 岭东区人民政府 gets cases in 2025 and 2026 only — its 2024 data must keep reproducing the
seed report. Built through the real services, dated in the past with their `today` argument. Here in letters, which sits
above applications: every case is driven through its letters, signed and served."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.models import ApplicantKind, Application, Channel
from gongkai.applications.outcomes import DECIDABLE_BASES, basis
from gongkai.organs.models import User
from gongkai.workdays import add_working_days, is_working_day

from . import services as letters

PEOPLE = [
    (ApplicantKind.NATURAL_PERSON, "陈立新", "id_card", "230502198803150017", ""),
    (ApplicantKind.NATURAL_PERSON, "刘秀兰", "id_card", "230502197512080028", ""),
    (ApplicantKind.COMMERCIAL, "双鸭山市鑫源建材有限公司", "uscc", "91230502MA1C4Q7X2K", "孙经理"),
    (ApplicantKind.RESEARCH, "黑龙江省社会科学院", "uscc", "12230000414000123X", "周研究员"),
    (ApplicantKind.PUBLIC_INTEREST, "双鸭山市绿色家园环保协会", "uscc", "51230500MJ0012345A", "吴秘书长"),
    (ApplicantKind.LEGAL_SERVICE, "黑龙江岭东律师事务所", "uscc", "31230000MD0123456B", "郑律师"),
    (ApplicantKind.OTHER_ORG, "岭东区中山社区居民委员会", "uscc", "55230502MEA012345C", "王主任"),
]
TOPICS = ["老旧小区改造项目资金安排", "2025年区级部门预算", "城区供热管网改造工程环评文件", "义务教育学校划片方案",
          "农村低保对象认定标准", "政府投资项目审批结果", "征收补偿安置方案", "行政处罚决定书",
          "专项债券资金使用情况", "道路建设项目招标文件", "食品安全抽检结果", "社区养老服务设施规划"]


def _fix_id(number: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return number[:17] + "10X98765432"[sum(int(c) * w for c, w in zip(number[:17], weights, strict=True)) % 11]


def _data(organ, n: int) -> dict:
    kind, name, id_type, id_number, contact = PEOPLE[n % len(PEOPLE)]
    return {
        "organ": organ, "applicant_kind": kind, "applicant_name": name, "id_type": id_type,
        "id_number": _fix_id(id_number) if id_type == "id_card" else id_number, "contact_person": contact,
        "phone": f"1390469{n:04d}", "email": f"applicant{n}@example.com", "address": "双鸭山市岭东区中山路12号",
        "postcode": "155120", "description": f"{organ.short_name or organ.name}关于{TOPICS[n % len(TOPICS)]}的文件（第{n}件）",
        "doc_no": "", "info_form": "electronic", "delivery": "email",
    }


def _workday(d: dt.date, organ) -> dt.date:
    while not is_working_day(d, region=organ):
        d += dt.timedelta(days=1)
    return d


def _received_for_due(due: dt.date, organ) -> dt.date:
    """The receipt day whose 20-working-day period ends on `due` (a working day)."""
    r = due - dt.timedelta(days=45)
    while add_working_days(r, 20, region=organ) < due:
        r += dt.timedelta(days=1)
    return r


class Demo:
    def __init__(self, organ, clerk: User, reviewer: User, n0: int):
        self.organ, self.clerk, self.reviewer, self.n = organ, clerk, reviewer, n0

    def register(self, received: dt.date, today: dt.date | None = None) -> Application:
        self.n += 1
        channel = [Channel.REGISTERED_MAIL, Channel.IN_PERSON, Channel.EMAIL, Channel.FAX][self.n % 4]
        app, _code = services.application_register(actor=self.clerk, data=_data(self.organ, self.n), channel=channel,
                                                   received_on=received, today=today or received)
        return app

    def serve(self, letter, on: dt.date):
        letter = letters.letter_approve(actor=self.reviewer, letter=letter, today=on)
        return letters.letter_serve(actor=self.clerk, letter=letter, method="email", served_on=on, today=on)

    def closed(self, code: str, received: dt.date) -> Application:
        o = self.organ
        app = self.register(received)
        b = basis(code)
        day = add_working_days(received, 3, region=o)
        if code == "still_unclear":
            self.serve(services.correction_request(actor=self.clerk, application=app, items=["请写明文件名称或文号"],
                                                   today=add_working_days(received, 2, region=o)),
                       add_working_days(received, 2, region=o))
            app.refresh_from_db()
            services.correction_receive(actor=self.clerk, application=app, received_on=day, today=day)
            app.refresh_from_db()
            day = add_working_days(day, 5, region=o)
        kwargs = {"reason": "具体情况见正文。"}
        if "withheld" in b.needs:
            kwargs["withheld"] = [{"part": "附件中的个人身份信息", "reason": "涉及个人隐私（第十五条）"}]
        if "responsible_organ" in b.needs:
            kwargs["responsible_organ"] = "双鸭山市自然资源局"
            kwargs["responsible_contact"] = "0469-4222222"
        letter = services.outcome_decide(actor=self.clerk, application=app, basis_code=code, today=day, **kwargs)
        self.serve(letter, add_working_days(day, 1, region=o))
        return app

    def lapsed(self, kind: str, received: dt.date) -> Application:
        o = self.organ
        app = self.register(received)
        day = add_working_days(received, 2, region=o)
        if kind == "correction":
            self.serve(services.correction_request(actor=self.clerk, application=app, items=["请写明所需信息的年份"],
                                                   deadline_days=10, today=day), day)
            app.refresh_from_db()
            end = add_working_days(app.waiting_until, 1, region=o)
            services.correction_lapse(actor=self.clerk, application=app, today=end)
        else:
            self.serve(services.fee_notice_issue(actor=self.clerk, application=app, method="per_page", pages=120,
                                                 today=day), day)
            app.refresh_from_db()
            end = add_working_days(app.waiting_until, 1, region=o)
            services.fee_lapse(actor=self.clerk, application=app, today=end)
        app.refresh_from_db()
        self.serve(app.letters.get(kind="reply"), end)
        return app

    def open_cases(self, today: dt.date) -> None:
        o = self.organ
        self.register(_workday(today - dt.timedelta(days=6), o) if today.weekday() < 5 else today, today)
        # Due in 2 working days; overdue by about 2.
        self.register(_received_for_due(add_working_days(today, 2, region=o), o), today)
        overdue = self.register(_received_for_due(_back(today, 3, o), o), today)
        services.application_assign(actor=self.reviewer, application=overdue, assignee=self.clerk)
        # 待补正: asked and served.
        r = _back(today, 2, o)
        app = self.register(r, today)
        self.serve(services.correction_request(actor=self.clerk, application=app, items=["请写明文件的文号或发文时间"],
                                               today=today), today)
        # 征求意见中.
        app = self.register(_back(today, 5, o), today)
        self.serve(services.consultation_start(actor=self.clerk, application=app, party="双鸭山市鑫源建材有限公司",
                                               today=today), today)
        # 待缴费.
        app = self.register(_back(today, 4, o), today)
        self.serve(services.fee_notice_issue(actor=self.clerk, application=app, method="per_page", pages=260,
                                             today=today), today)
        # 答复待送达: decided, letter waiting for sign-off.
        app = self.register(_back(today, 8, o), today)
        services.outcome_decide(actor=self.clerk, application=app, basis_code="provided", reason="通过电子邮件提供。",
                                today=today)
        # 延期待批准.
        app = self.register(_back(today, 15, o), today)
        services.extension_request(actor=self.clerk, application=app, days=15, reason="需向档案馆调取历史档案",
                                   today=today)


def _back(today: dt.date, n: int, organ) -> dt.date:
    d, count = today, 0
    while count < n:
        d -= dt.timedelta(days=1)
        if is_working_day(d, region=organ):
            count += 1
    return d


@transaction.atomic
def load_demo_applications(organs: dict, *, today: dt.date | None = None) -> int:
    """Idempotent: does nothing when the demo organs already have applications. Returns cases created."""
    today = today or timezone.localdate()
    keys = [k for k in ("district", "fgj") if k in organs]
    if Application.objects.filter(organ__in=[organs[k] for k in keys]).exists():
        return 0
    users = {u.username: u for u in User.objects.filter(username__in=["ld_clerk", "ld_reviewer", "fgj_clerk",
                                                                      "fgj_reviewer"])}
    if len(users) < 4:
        return 0
    before = Application.objects.count()
    for i, (key, clerk, reviewer) in enumerate((("district", "ld_clerk", "ld_reviewer"),
                                                ("fgj", "fgj_clerk", "fgj_reviewer"))):
        organ = organs[key]
        demo = Demo(organ, users[clerk], users[reviewer], n0=i * 100)
        # Closed cases: every outcome, spread over 2025 and 2026 (岭东区: never 2024).
        start = dt.date(2025, 2, 10)
        span = max((today - dt.timedelta(days=60) - start).days, 30)
        codes = [b.code for b in DECIDABLE_BASES]
        for j, code in enumerate(codes):
            received = _workday(start + dt.timedelta(days=span * j // len(codes)), organ)
            demo.closed(code, received)
        demo.lapsed("correction", _workday(dt.date(2025, 6, 9), organ))
        demo.lapsed("fee", _workday(dt.date(2026, 3, 9), organ))
        # Carried over from 2025 into 2026: received late December 2025, answered in January.
        demo.closed("provided", dt.date(2025, 12, 26))
        demo.open_cases(today)
    return Application.objects.count() - before
