"""Demo 考评 (`manage.py load_demo`), run after the other demos: 岭东区's 主管部门 has locked 2024 and 2025
(2025 locked twice: a 第三方评估 加分 came in after the first 定稿, so the page shows a recomputation and
what changed) and keeps 2026 open under its own 考评办法; a 督办 in each state (待整改 within its period, 逾期
未整改, 待审核, 退回重新整改, 已办结); a newly set-up bureau with no records, 不参评; the 2025 政府网站工作年度
报表 of 岭东区人民政府 partly entered.

The demo organs are dated back to 2019 (the agencies existed long before Gongkai); the columns keep the date
the demo made them, so a past year counts only the columns that already held an item then (a column that
existed on its statistics day). Idempotent: nothing is done once 岭东区's 2024 考评 exists."""

from __future__ import annotations

import datetime as dt
import io

from django.db import transaction
from django.utils import timezone

from gongkai.organs.codes import make_uscc
from gongkai.organs.models import Organ, User
from gongkai.organs.services import organ_create

from . import services
from .indicators import Period
from .models import Evaluation
from .scoring import scheme

NEW_BUREAU = "岭东区政务服务数据管理局"


def _png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 240), (255, 255, 255))
    ImageDraw.Draw(image).rectangle((20, 20, 380, 220), outline=(168, 23, 28), width=6)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@transaction.atomic
def load_demo_supervision(organs: dict, *, today: dt.date | None = None) -> int:
    """Returns the number of 督办通知 created (0 when the demo 考评 is already there)."""
    today = today or timezone.localdate()
    district = organs["district"]
    supervisor = User.objects.filter(username="ld_supervisor").first()
    fgj_clerk = User.objects.filter(username="fgj_clerk").first()
    jyj_clerk = User.objects.filter(username="jyj_clerk").first()
    if supervisor is None or fgj_clerk is None or jyj_clerk is None:
        return 0
    if Evaluation.objects.filter(organ=district, year=2024, quarter=0).exists():
        return 0
    long_ago = dt.datetime(2019, 1, 1, tzinfo=timezone.get_current_timezone())
    Organ.objects.filter(pk__in=[o.pk for o in organs.values()], created_at__gt=long_ago).update(created_at=long_ago)

    # 2024: the default 考评办法, locked once. Only 岭东区人民政府 kept its catalogue in 2024: the departments
    # are 不参评 (shown, not ranked).
    services.evaluation_lock(actor=supervisor, root=district, period=Period.year(2024), today=today)
    # 2025: its own 考评办法, locked, then a bonus with its evidence and a second 定稿.
    rules = scheme({})
    rules["deductions"]["late_items"] = {"per": 1, "max": 10}
    rules["bonus"].append({"key": "standard_pilot", "label": "政务公开标准化规范化试点", "max": 3})
    year_2025 = Period.year(2025)
    services.scheme_save(actor=supervisor, root=district, period=year_2025, rules=rules,
                         reason="超期发布信息每条扣1分；增设标准化试点加分项（岭政公开办〔2025〕2号）")
    services.evaluation_lock(actor=supervisor, root=district, period=year_2025, today=today)
    services.adjustment_add(actor=supervisor, root=district, period=year_2025, organ=organs["jyj"], kind="bonus",
                            item="third_party", points=3, reason="2025年度第三方评估结果为优秀（评估报告附后）",
                            attachment=_png(), attachment_name="第三方评估结果.png")
    services.adjustment_add(actor=supervisor, root=district, period=year_2025, organ=organs["czj"], kind="penalty",
                            points=2, reason="政务公开工作台账未按季度报送（区政务公开办抽查）")
    services.evaluation_lock(actor=supervisor, root=district, period=year_2025, today=today,
                             reason="定稿后收到教育局第三方评估结果和财政局抽查意见，重新定稿")
    # 2026 stays open; a bureau set up this year has nothing to judge yet.
    if not Organ.objects.filter(name=NEW_BUREAU).exists():
        organ_create(actor=None, name=NEW_BUREAU, kind=Organ.Kind.DEPARTMENT, code=make_uscc("230502", "D0000007"),
                     region_code="230502", parent=district, short_name="岭数据")

    # 督办 → 整改, one in each state.
    def issue(organ, items, *, issued, deadline):
        return services.notice_issue(actor=supervisor, organ=organ, items=items, deadline=deadline,
                                     text="请对照问题逐项整改，举一反三。", today=issued)

    accepted = issue(organs["jyj"], ["“通知公告”栏目超过更新周期未更新。"], issued=today - dt.timedelta(days=60),
                     deadline=today - dt.timedelta(days=30))
    services.notice_reply(actor=jyj_clerk, notice=accepted, text="已补充发布通知公告3条，并明确栏目负责人。",
                          today=today - dt.timedelta(days=35))
    services.notice_decide(actor=supervisor, notice=accepted, accept=True, note="整改到位。",
                           today=today - dt.timedelta(days=33))
    replied = issue(organs["fgj"], ["2026年有申请超过答复期限仍未答复。", "政策文件未配发解读。"],
                    issued=today - dt.timedelta(days=20), deadline=today + dt.timedelta(days=10))
    services.notice_reply(actor=fgj_clerk, notice=replied, text="超期申请已答复；已补发政策解读2篇。",
                          evidence=_png(), evidence_name="整改截图.png", today=today - dt.timedelta(days=2))
    returned = issue(organs["fgj"], ["一则通知自成文之日起超过20个工作日才发布（《条例》第二十六条）。"],
                     issued=today - dt.timedelta(days=25), deadline=today + dt.timedelta(days=5))
    services.notice_reply(actor=fgj_clerk, notice=returned, text="已注意。", today=today - dt.timedelta(days=10))
    services.notice_decide(actor=supervisor, notice=returned, accept=False,
                           note="请说明超期原因并建立发布时限提醒，附制度文件。", today=today - dt.timedelta(days=8))
    issue(organs["czj"], ["2025年度政府信息公开工作年度报告表二数据与正文不一致。"],
          issued=today - dt.timedelta(days=3), deadline=today + dt.timedelta(days=15))
    issue(organs["zsjd"], ["“重大建设项目的批准和实施情况”栏目为空白栏目。"],
          issued=today - dt.timedelta(days=45), deadline=today - dt.timedelta(days=15))

    services.website_report_save(actor=supervisor, organ=district, year=2025, raw={
        "site_name": ("岭东区人民政府网", "区政府办公室"), "visitors": ("86420", "网站统计系统2025年报表"),
        "visits": ("412377", "网站统计系统2025年报表"), "messages_received": ("128", "区长信箱台账"),
        "messages_closed": ("126", "区长信箱台账"), "messages_avg_days": ("4.6", "区长信箱台账"),
        "messages_public": ("97", "区长信箱台账")}, today=today)
    return 5
