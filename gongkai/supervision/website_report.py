"""The 政府网站工作年度报表 of an organ for a year (国办发〔2017〕47号《政府网站发展指引》; the form and its 1月31日
deadline are those of 国办函〔2018〕12号): the figures Gongkai holds computed from its records, the rest
entered with their source, and the sheet as Excel.

The labels follow the national form as published with 国办函〔2018〕12号 [from memory of its annex; to be
checked against the original before it is relied on]. Gongkai knows 信息发布 (items published in the year,
by column), 解读回应 (解读 published, by form), 主办单位, 首页网址 and 网站类型 (the organ's record). 互动交流
留言办理 comes from the 政务咨询 app once it exists; until then it is entered with its source, like every
other cell Gongkai cannot know (visits, 办事服务, security, new media).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import Count, Q

from gongkai.catalogue.models import Interpretation, Item
from gongkai.core.cells import neutral_row

NUMBER, DECIMAL, TEXT, YESNO = "number", "decimal", "text", "yesno"

# 信息发布: Gongkai's columns counted under each row of the form (catalogue.vocab slugs). 概况类: the organ's
# 机构职能; 政务动态: 工作动态 and 通知公告; 信息公开目录: every other column of the platform.
OVERVIEW_COLUMNS = ("jgzn",)
NEWS_COLUMNS = ("gzdt", "tzgg")
INTERPRETATION_MATERIAL = ("文字",)  # 解读材料; every other form (图解, 音视频, 动漫, 简明问答, 领导解读) is a 解读产品


@dataclass(frozen=True)
class Row:
    key: str
    block: str
    label: str
    unit: str = ""
    kind: str = NUMBER
    computed: bool = False  # from Gongkai's records; else entered with a source


ROWS: tuple[Row, ...] = (
    Row("site_name", "基本信息", "网站名称", kind=TEXT),
    Row("home_url", "基本信息", "首页网址", kind=TEXT),  # from the organ's record when it has one
    Row("host", "基本信息", "主办单位", kind=TEXT, computed=True),
    Row("site_type", "基本信息", "网站类型", kind=TEXT, computed=True),
    Row("site_code", "基本信息", "政府网站标识码", kind=TEXT),
    Row("icp", "基本信息", "ICP备案号", kind=TEXT),
    Row("police_record", "基本信息", "公安机关备案号", kind=TEXT),
    Row("visitors", "基本信息", "独立用户访问总量", "个"),
    Row("visits", "基本信息", "网站总访问量", "次"),
    Row("info_total", "信息发布", "总数", "条", computed=True),
    Row("info_overview", "信息发布", "概况类信息更新量", "条", computed=True),
    Row("info_news", "信息发布", "政务动态信息更新量", "条", computed=True),
    Row("info_catalogue", "信息发布", "信息公开目录信息更新量", "条", computed=True),
    Row("topics_maintained", "专栏专题", "维护数量", "个"),
    Row("topics_new", "专栏专题", "新开设数量", "个"),
    Row("interp_total", "解读回应", "解读信息发布总数", "条", computed=True),
    Row("interp_material", "解读回应", "其中：解读材料数量", "条", computed=True),
    Row("interp_product", "解读回应", "其中：解读产品数量", "条", computed=True),
    Row("interp_media", "解读回应", "其中：媒体评论文章数量", "篇"),
    Row("hot_responses", "解读回应", "回应公众关注热点或重大舆情数量", "次"),
    Row("service_catalogue", "办事服务", "是否发布服务事项目录", kind=YESNO),
    Row("registered_users", "办事服务", "注册用户数", "个"),
    Row("service_items", "办事服务", "政务服务事项数量", "项"),
    Row("service_online", "办事服务", "可全程在线办理政务服务事项数量", "项"),
    Row("cases_total", "办事服务", "办件量：总数", "件"),
    Row("cases_person", "办事服务", "办件量：自然人办件量", "件"),
    Row("cases_legal", "办事服务", "办件量：法人办件量", "件"),
    Row("unified_platform", "互动交流", "是否使用统一平台", kind=YESNO),
    Row("messages_received", "互动交流", "留言办理：收到留言数量", "条"),
    Row("messages_closed", "互动交流", "留言办理：办结留言数量", "条"),
    Row("messages_avg_days", "互动交流", "留言办理：平均办理时间", "天", kind=DECIMAL),
    Row("messages_public", "互动交流", "留言办理：公开答复数量", "条"),
    Row("surveys", "互动交流", "征集调查：征集调查期数", "期"),
    Row("survey_opinions", "互动交流", "征集调查：收到意见数量", "条"),
    Row("survey_results", "互动交流", "征集调查：公布调查结果期数", "期"),
    Row("interviews", "互动交流", "在线访谈：访谈期数", "期"),
    Row("interview_messages", "互动交流", "在线访谈：网民留言数量", "条"),
    Row("interview_answers", "互动交流", "在线访谈：答复网民提问数量", "条"),
    Row("smart_qa", "互动交流", "是否提供智能问答功能", kind=YESNO),
    Row("security_checks", "安全防护", "安全检测评估次数", "次"),
    Row("security_found", "安全防护", "发现问题数量", "个"),
    Row("security_fixed", "安全防护", "问题整改数量", "个"),
    Row("security_monitoring", "安全防护", "是否建立安全监测预警机制", kind=YESNO),
    Row("security_drills", "安全防护", "是否开展应急演练", kind=YESNO),
    Row("security_owner", "安全防护", "是否明确网站安全责任人", kind=YESNO),
    Row("new_media", "移动新媒体", "是否有移动新媒体", kind=YESNO),
    Row("weibo_name", "移动新媒体", "微博：名称", kind=TEXT),
    Row("weibo_posts", "移动新媒体", "微博：信息发布量", "条"),
    Row("weibo_followers", "移动新媒体", "微博：关注量", "个"),
    Row("wechat_name", "移动新媒体", "微信：名称", kind=TEXT),
    Row("wechat_posts", "移动新媒体", "微信：信息发布量", "条"),
    Row("wechat_subscribers", "移动新媒体", "微信：订阅数", "个"),
    Row("media_other", "移动新媒体", "其他", kind=TEXT),
    Row("innovation", "创新发展", "搜索即服务、多语言版本、无障碍浏览、千人千网、其他（填写已开展的）", kind=TEXT),
    Row("head", "填报", "单位负责人", kind=TEXT),
    Row("checker", "填报", "审核人", kind=TEXT),
    Row("filler", "填报", "填报人", kind=TEXT),
    Row("phone", "填报", "联系电话", kind=TEXT),
    Row("filled_on", "填报", "填报日期", kind=TEXT),
)
BY_KEY = {r.key: r for r in ROWS}
ENTERED = tuple(r for r in ROWS if not r.computed)
# The 政务咨询 app (issue 18) will supply these; entered with a source until then.
MESSAGE_KEYS = ("messages_received", "messages_closed", "messages_avg_days", "messages_public")
MAX_TEXT = 200


def _year_window(year: int) -> tuple[dt.datetime, dt.datetime]:
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def computed_values(organ, year: int) -> dict[str, tuple[object, str]]:
    """The cells Gongkai knows: key → (value, where it comes from)."""
    lo, hi = _year_window(year)
    published = Item.objects.filter(organ=organ, status=Item.Status.PUBLISHED, published_at__gte=lo,
                                    published_at__lt=hi)
    by = published.aggregate(
        overview=Count("id", filter=Q(column__slug__in=OVERVIEW_COLUMNS)),
        news=Count("id", filter=Q(column__slug__in=NEWS_COLUMNS)),
        catalogue=Count("id", filter=~Q(column__slug__in=OVERVIEW_COLUMNS + NEWS_COLUMNS)))
    interpretations = Interpretation.objects.filter(item__in=published).aggregate(
        total=Count("id"), material=Count("id", filter=Q(form__in=INTERPRETATION_MATERIAL)))
    source = f"Gongkai主动公开数据：{year}年发布的信息"
    kind = {"government": "政府门户网站"}.get(organ.kind, "部门网站")
    return {
        "home_url": (organ.website or "", "机关信息（网站）") if organ.website else None,
        "host": (organ.name, "机关信息"),
        "site_type": (kind, "机关信息（机关类型）"),
        "info_total": (by["overview"] + by["news"] + by["catalogue"], source + "，以下三项之和"),
        "info_overview": (by["overview"], source + "（机关职能、机构设置等概况栏目）"),
        "info_news": (by["news"], source + "（工作动态、通知公告栏目）"),
        "info_catalogue": (by["catalogue"], source + "（政府信息公开目录的其他栏目）"),
        "interp_total": (interpretations["total"], f"Gongkai政策解读数据：{year}年发布的解读"),
        "interp_material": (interpretations["material"], "解读形式为“文字”的"),
        "interp_product": (interpretations["total"] - interpretations["material"],
                           "解读形式为图解、视频、音频、动漫、简明问答、领导解读的"),
    }


def enterable(organ, year: int) -> list[Row]:
    """The rows a person fills for this organ: those Gongkai does not compute for it."""
    computed = {k for k, v in computed_values(organ, year).items() if v is not None}
    return [r for r in ENTERED if r.key not in computed]


def clean_entered(raw: dict[str, tuple[str, str]]) -> tuple[dict, list[str]]:
    """What a person entered: key → (value text, source text). Returns ({key: {"value", "source"}}, errors);
    a value needs its source; numbers are whole and not negative (平均办理时间 may have decimals); 是/否."""
    out, errors = {}, []
    for row in ENTERED:
        value, source = (s.strip() for s in raw.get(row.key, ("", "")))
        if not value:
            continue
        label = f"“{row.block}·{row.label}”"
        if not source:
            errors.append(f"{label}请注明数据来源。")
            continue
        if len(source) > MAX_TEXT:
            errors.append(f"{label}的数据来源不能超过{MAX_TEXT}字。")
            continue
        if row.kind in (NUMBER, DECIMAL):
            try:
                number = Decimal(value)
            except InvalidOperation:
                errors.append(f"{label}应为数字。")
                continue
            if number < 0 or number > Decimal("1e12"):
                errors.append(f"{label}应在0至10¹²之间。")
                continue
            if row.kind == NUMBER and number != number.to_integral_value():
                errors.append(f"{label}应为整数。")
                continue
            parsed: object = int(number) if row.kind == NUMBER else float(number)
        elif row.kind == YESNO:
            if value not in ("是", "否"):
                errors.append(f"{label}只能填“是”或“否”。")
                continue
            parsed = value
        else:
            if len(value) > MAX_TEXT:
                errors.append(f"{label}不能超过{MAX_TEXT}字。")
                continue
            parsed = value
        out[row.key] = {"value": parsed, "source": source}
    return out, errors


def sheet_rows(organ, year: int, entered: dict) -> list[dict]:
    """Every row of the form with its value and source, computed or entered (blank when neither)."""
    computed = computed_values(organ, year)
    out = []
    for row in ROWS:
        known = computed.get(row.key)
        if known is not None:
            out.append({"row": row, "value": known[0], "source": known[1], "computed": True})
        else:
            stored = entered.get(row.key) or {}
            out.append({"row": row, "value": stored.get("value"), "source": stored.get("source", ""),
                        "computed": False})
    return out


def workbook(organ, year: int, entered: dict, *, generated) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "政府网站工作年度报表"
    ws.append([f"政府网站工作年度报表（{year}年度）"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(neutral_row(["填报单位", organ.name, "制表时间", generated.strftime("%Y-%m-%d %H:%M")]))
    ws.append(["项目", "指标", "单位", "数值", "数据来源"])
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for r in sheet_rows(organ, year, entered):
        row = r["row"]
        ws.append(neutral_row([row.block, row.label, row.unit, r["value"], r["source"] or "（未填报）"]))
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:E{ws.max_row}"
    for column, width in zip("ABCDE", (12, 40, 6, 22, 50), strict=True):
        ws.column_dimensions[column].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
