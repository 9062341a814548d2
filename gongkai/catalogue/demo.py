"""Demo catalogue (`manage.py load_demo`): a few hundred items across the demo organs' columns, with
解读 in several forms, attachments, every 有效性 value, one stale column and one empty one.

岭东区人民政府's items fall in 2025 and 2026, except the four 2024 policy documents and three 解读
its 2024 annual report counts ("累计公开政府文件4条，政策解读3条", ../shared/seed). Loaded through
the import service (as an agency migrating its existing catalogue would), so indexes and audit are real.
Idempotent: organs that already have imported items are left alone.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from gongkai.organs.models import Organ, Role, User

from . import services
from .models import Column, Item
from .vocab import COLUMN_SPECS

SENTENCES = (
    "为深入贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，结合本区实际，制定本方案。",
    "各单位要进一步提高认识，加强组织领导，明确责任分工，确保各项工作任务落到实处。",
    "推进行政规范性文件合法性审核，严格执行制定程序，及时清理不符合上位法规定的文件。",
    "围绕优化营商环境，持续深化放管服改革，推进政务服务一网通办，提升企业和群众办事便利度。",
    "做好城乡居民最低生活保障、特困人员救助供养和临时救助工作，兜牢民生保障底线。",
    "加强安全生产监督检查，开展重点行业领域隐患排查整治，坚决遏制重特大事故发生。",
    "完善突发公共事件应急预案体系，加强应急演练和物资储备，提高应急处置能力。",
    "规范财政预算管理，严格控制一般性支出，提高财政资金使用效益，按规定公开预算决算信息。",
    "推进义务教育优质均衡发展，改善农村学校办学条件，促进教育公平。",
    "做好高校毕业生、退役军人和农民工等重点群体就业工作，落实各项稳岗扩岗政策。",
    "依法公开行政许可、行政处罚和行政强制的依据、条件、程序以及结果，接受社会监督。",
    "本通知自发布之日起施行，执行中遇到的问题请及时向区政府办公室反馈。",
    "对群众反映强烈的供暖、供水、物业管理等问题，建立台账，限期整改，跟踪问效。",
    "严格执行政府集中采购目录和采购限额标准，公开采购项目实施情况。",
    "重大建设项目实行审批、实施、验收全过程信息公开，主动回应社会关切。",
)

TITLES = {
    "gkzd": ["{organ}政府信息公开保密审查制度", "{organ}政府信息公开工作考核办法", "{organ}政府信息公开申请办理工作规程"],
    "gzdt": ["{organ}召开{month}月份重点工作推进会", "{organ}开展政务公开日活动", "{organ}部署冬季安全生产工作",
             "{organ}调研优化营商环境工作", "{organ}召开专题会议研究民生实事"],
    "tzgg": ["关于{month}月份政务服务大厅调整办公时间的通知", "关于开展{year}年度政务公开培训的通知",
             "关于征集{year}年民生实事项目意见建议的公告"],
    "zcwj": ["关于加强行政规范性文件管理的通知", "关于进一步优化营商环境的若干措施", "关于做好{year}年就业创业工作的实施意见",
             "关于印发{organ}政务公开工作要点的通知", "关于规范涉企行政检查的意见"],
    "jgzn": ["{organ}主要职责", "{organ}内设机构及联系方式", "{organ}领导分工"],
    "ghjh": ["{organ}“十五五”规划基本思路", "{organ}{year}年国民经济和社会发展计划", "{organ}国土空间专项规划"],
    "tjxx": ["{year}年{month}月主要经济指标", "{organ}{year}年国民经济和社会发展统计公报"],
    "xzxk": ["{organ}行政许可事项清单", "{organ}政务服务事项办事指南（{year}年版）", "{year}年{month}月行政许可结果公示"],
    "xzcf": ["{year}年{month}月行政处罚决定公示", "{organ}行政执法事项清单", "{organ}行政强制事项目录"],
    "czzj": ["{organ}{year}年部门预算", "{organ}{prev}年部门决算", "{organ}{year}年“三公”经费预算"],
    "sfxm": ["{organ}行政事业性收费项目目录", "{organ}涉企收费清单"],
    "zfcg": ["{organ}{year}年政府采购意向公开", "{organ}办公设备采购项目成交公告"],
    "zdxm": ["{organ}老旧小区改造项目批准情况", "{organ}城市道路提升工程实施进展"],
    "msbz": ["{year}年{month}月城乡低保资金发放情况", "关于提高城乡居民基本医疗保险财政补助标准的通知",
             "{organ}公益性岗位招聘公告"],
    "yjgl": ["{organ}突发事件总体应急预案", "{organ}防汛抗旱应急预案", "{organ}森林草原火灾应急预案"],
    "jdjc": ["{year}年{month}月食品安全监督抽检结果", "{organ}安全生产执法检查情况通报", "{organ}生态环境监督检查情况"],
    "rsxx": ["{organ}{year}年公开招聘工作人员公告", "{organ}{year}年公务员录用拟录用人员名单公示"],
    "qtxx": ["{organ}人大代表建议和政协提案办理情况", "{organ}{year}年政务公开工作要点"],
}
INTERPRETATION_FORMS = ("文字", "图解", "简明问答", "领导解读", "视频", "音频", "动漫")

# 岭东区人民政府 2024: four policy documents and three 解读 (the seed report's counts).
LINGDONG_2024 = (
    ("关于印发岭东区2024年政务公开工作实施方案的通知", "岭政办发〔2024〕3号", dt.date(2024, 3, 12)),
    ("关于进一步做好2024年稳就业工作的通知", "岭政办发〔2024〕7号", dt.date(2024, 5, 20)),
    ("岭东区城乡居民最低生活保障实施办法", "岭政规〔2024〕1号", dt.date(2024, 8, 6)),
    ("关于加强行政规范性文件合法性审核工作的通知", "岭政办发〔2024〕15号", dt.date(2024, 10, 15)),
)


def _body(rng: random.Random, n: int) -> str:
    return "\n".join(rng.sample(SENTENCES, n))


def _row(column: Column, title: str, day: dt.date, rng: random.Random, **extra) -> dict:
    written = day - dt.timedelta(days=rng.randint(1, 12))
    genre = extra.pop("genre", "通知" if "通知" in title else ("规范性文件" if column.slug == "zcwj" else "其他"))
    row = {"title": title, "column": column, "written_on": written, "published_on": day, "genre": genre,
           "topic": rng.choice(("综合政务", "财政、金融、审计", "劳动、人事、监察", "民政、扶贫、救灾",
                                "城乡建设、环境保护", "科技、教育")),
           "keywords": "政务公开 " + column.name[:4], "summary": title + "。", "body": _body(rng, rng.randint(3, 6)),
           "validity": "valid"}
    row.update(extra)
    return row


def _rows_for(organ: Organ, columns: dict[str, Column], today: dt.date, rng: random.Random, *, start: dt.date,
              stale: set[str], empty: set[str]) -> list[tuple[int, dict]]:
    rows: list[dict] = []
    serial = 0
    for spec in COLUMN_SPECS:
        # 年报 entries are made when a report is published (gongkai.annual_reports), not invented here.
        if spec.slug in ("gkzn", "zcjd", "gknb") or spec.slug in empty:
            continue
        column = columns[spec.slug]
        cycle = spec.update_every_days or 365
        titles = TITLES.get(spec.slug, ["{organ}{year}年度政府信息公开工作年度报告"])
        count = 1 if spec.slug == "gknb" else rng.randint(3, 6)
        for k in range(count):
            if k == 0:  # the newest item keeps the column fresh (or, for a stale demo column, not)
                back = cycle + 25 if spec.slug in stale else rng.randint(1, max(1, min(cycle - 1, 10)))
                day = today - dt.timedelta(days=back)
            else:
                day = start + dt.timedelta(days=rng.randint(0, max(0, (today - start).days - 1)))
            if spec.slug == "gknb":
                day = dt.date(today.year, 1, 20) if today > dt.date(today.year, 1, 20) else start
            day = max(day, start)
            serial += 1
            title = rng.choice(titles).format(organ=organ.name, year=day.year, prev=day.year - 1, month=day.month)
            if spec.slug == "gknb":
                title = f"{organ.name}{day.year - 1}年政府信息公开工作年度报告"
            extra = {}
            if spec.needs_interpretation:
                extra["doc_no"] = f"{organ.short_name or '岭'}发〔{day.year}〕{serial}号"
            rows.append(_row(column, title, day, rng, **extra))
    return list(enumerate(rows, start=2))


def _interpretations(rows, columns, rng, today, *, skip_every: int = 4) -> list[tuple[int, dict]]:
    """A 解读 for most policy documents (a few are left without, and show up as flagged)."""
    out = []
    policies = [r for _, r in rows if r["column"].needs_interpretation and r.get("doc_no")
                and r["published_on"].year >= 2025]
    for n, policy in enumerate(policies):
        if n % skip_every == skip_every - 1:
            continue
        form = INTERPRETATION_FORMS[n % len(INTERPRETATION_FORMS)]
        day = min(today, policy["published_on"] + dt.timedelta(days=rng.randint(0, 3)))
        out.append(_row(columns["zcjd"], f"一图读懂《{policy['title']}》" if form == "图解" else
                        f"《{policy['title']}》政策解读", day, rng, genre="解读", interprets=policy["doc_no"],
                        interpretation_form=form))
    return out


def _with_validity(rows: list[tuple[int, dict]], today: dt.date) -> None:
    """Mark some older policy documents 失效, 废止 (replaced by a newer one) and 已修改."""
    policies = sorted((r for _, r in rows if r.get("doc_no") and r["published_on"].year >= 2025),
                      key=lambda r: r["published_on"])
    if len(policies) < 4:
        return
    oldest, second, third, newest = policies[0], policies[1], policies[2], policies[-1]
    oldest.update(validity="repealed", repealed_on=min(today, newest["published_on"]),
                  replaced_by=newest["doc_no"], effective_on=oldest["published_on"])
    second.update(validity="expired", effective_on=second["published_on"],
                  repealed_on=min(today, second["published_on"] + dt.timedelta(days=180)))
    third.update(validity="amended", replaced_by=newest["doc_no"])


@transaction.atomic
def load_demo_catalogue(organs: dict[str, Organ], *, today: dt.date | None = None) -> int:
    """Seed columns and items for the demo organs of the district portal. Returns the items created."""
    from .demo_files import demo_files

    today = today or timezone.localdate()
    rng = random.Random(20261125)
    created = 0
    column_owner = User.objects.filter(username="ld_columns").first()
    for key in ("district", "fgj", "jyj", "czj", "zsjd"):
        organ = organs[key]
        services.columns_seed(actor=None, organ=organ)
        columns = {c.slug: c for c in Column.objects.filter(organ=organ)}
        if key == "district" and column_owner is not None:
            for slug in ("gzdt", "tzgg"):
                if columns[slug].owner_id is None and column_owner.memberships.filter(
                        organ=organ, role=Role.COLUMN_OWNER).exists():
                    services.column_update(actor=None, column=columns[slug], owner=column_owner)
        if Item.objects.filter(organ=organ, imported=True).exists():
            continue
        start = dt.date(2025, 1, 6)
        rows = _rows_for(organ, columns, today, rng, start=start,
                         stale={"gzdt"} if key == "fgj" else set(), empty={"zdxm"} if key == "zsjd" else set())
        if key == "district":
            for title, doc_no, day in LINGDONG_2024:
                rows.append((0, _row(columns["zcwj"], title, day, rng, doc_no=doc_no, genre="规范性文件"
                                     if "办法" in title else "通知")))
            for (title, doc_no, day), form in zip(LINGDONG_2024[:3], ("文字", "图解", "简明问答"), strict=True):
                rows.append((0, _row(columns["zcjd"], f"《{title}》政策解读", day + dt.timedelta(days=2), rng,
                                     genre="解读", interprets=doc_no, interpretation_form=form)))
        _with_validity(rows, today)
        if key == "fgj":  # one notice published long after it was made (第二十六条 flags it)
            late = next(r for _, r in rows if r["column"].slug == "tzgg")
            late["written_on"] = late["published_on"] - dt.timedelta(days=45)
        rows += [(0, r) for r in _interpretations(rows, columns, rng, today)]
        rows = [(n, r) for n, (_, r) in enumerate(rows, start=2)]
        items = services.items_import(actor=None, organ=organ, rows=rows, source="演示数据")
        created += len(items)
        by_title = {i.title: i for i in items}
        for title, name, data in demo_files(key, by_title):
            services.attachment_import(actor=None, item=by_title[title], name=name, data=data)
    return created
