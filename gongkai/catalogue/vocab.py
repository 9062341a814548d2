"""The catalogue's fixed vocabularies and the columns every organ starts with. Pure data.

Sources: 条例 第二十条 (the fifteen items of 法定主动公开内容), 国办公开办函〔2019〕61号 (the platform's
columns 指南 / 制度 / 法定主动公开内容 / 年报), gov.cn's 主题分类 and the 15 kinds of 党政机关公文
(体裁分类); law-and-format.md §1, §4, §7.
"""

from dataclasses import dataclass

from .freshness import CYCLE_NEWS, CYCLE_NOTICE, CYCLE_PLAN


# 主题分类: the 国务院公文主题分类 of gov.cn's 国务院政策文件库, shipped as data with its source
# (data/topics.json). A topic is a class, or a class and a sub-class joined by "\\": 综合政务\\政务公开.
def _load_topics() -> dict:
    import json
    from pathlib import Path

    return json.loads((Path(__file__).parent / "data" / "topics.json").read_text(encoding="utf-8"))


TOPIC_DATA = _load_topics()
TOPIC_SOURCE = TOPIC_DATA["source"]
TOPICS = tuple(c["name"] for c in TOPIC_DATA["classes"])  # the classes (the portal's filter)
# Every value a 主题分类 may take: each class, then its sub-classes.
TOPIC_CHOICES = tuple(value for c in TOPIC_DATA["classes"]
                      for value in (c["name"], *(f"{c['name']}\\{sub}" for sub in c["subclasses"])))


def is_topic(value: str) -> bool:
    return value in _TOPIC_SET


_TOPIC_SET = frozenset(TOPIC_CHOICES)

# 体裁分类: the 15 kinds of 党政机关公文 (《党政机关公文处理工作条例》), plus 规章, 规划, 解读 and 其他.
GENRES = (
    "决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复", "议案",
    "函", "纪要", "规章", "规范性文件", "规划", "解读", "其他",
)


# 解读 forms (国办 evaluations count 图解, 音视频, 动漫, 简明问答 and leaders' own 解读 separately).
INTERPRETATION_FORMS = ("文字", "图解", "视频", "音频", "动漫", "简明问答", "领导解读")


@dataclass(frozen=True)
class ColumnSpec:
    slug: str
    name: str
    article: str  # the legal basis shown on the column page
    update_every_days: int | None
    needs_interpretation: bool = False  # policy documents here must have a 解读 beside them
    is_statutory: bool = False  # one of the fifteen items of 第二十条


ART20 = "《中华人民共和国政府信息公开条例》第二十条"

COLUMN_SPECS = (
    ColumnSpec("gkzn", "政府信息公开指南", "条例第十二条", None),
    ColumnSpec("gkzd", "政府信息公开制度", "条例第十七条、第十八条", CYCLE_PLAN),
    ColumnSpec("gzdt", "工作动态", "政府网站发展指引（国办发〔2017〕47号）", CYCLE_NEWS),
    ColumnSpec("tzgg", "通知公告", "政府网站发展指引（国办发〔2017〕47号）", CYCLE_NOTICE),
    ColumnSpec("zcwj", "行政法规、规章和规范性文件", f"{ART20}第（一）项", CYCLE_NOTICE, True, True),
    ColumnSpec("jgzn", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名", f"{ART20}第（二）项",
               CYCLE_PLAN, is_statutory=True),
    ColumnSpec("ghjh", "国民经济和社会发展规划、专项规划、区域规划及相关政策", f"{ART20}第（三）项", CYCLE_PLAN,
               True, True),
    ColumnSpec("tjxx", "国民经济和社会发展统计信息", f"{ART20}第（四）项", CYCLE_PLAN, is_statutory=True),
    ColumnSpec("xzxk", "行政许可和其他对外管理服务事项", f"{ART20}第（五）项", CYCLE_NOTICE, is_statutory=True),
    ColumnSpec("xzcf", "行政处罚、行政强制", f"{ART20}第（六）项", CYCLE_NOTICE, is_statutory=True),
    ColumnSpec("czzj", "财政预算、决算信息", f"{ART20}第（七）项", CYCLE_PLAN, is_statutory=True),
    ColumnSpec("sfxm", "行政事业性收费项目及其依据、标准", f"{ART20}第（八）项", CYCLE_PLAN, is_statutory=True),
    ColumnSpec("zfcg", "政府集中采购项目的目录、标准及实施情况", f"{ART20}第（九）项", CYCLE_NOTICE,
               is_statutory=True),
    ColumnSpec("zdxm", "重大建设项目的批准和实施情况", f"{ART20}第（十）项", CYCLE_NOTICE, is_statutory=True),
    ColumnSpec("msbz", "扶贫、教育、医疗、社会保障、促进就业", f"{ART20}第（十一）项", CYCLE_NOTICE, True, True),
    ColumnSpec("yjgl", "突发公共事件的应急预案、预警信息及应对情况", f"{ART20}第（十二）项", CYCLE_NOTICE,
               is_statutory=True),
    ColumnSpec("jdjc", "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况", f"{ART20}第（十三）项",
               CYCLE_NOTICE, is_statutory=True),
    ColumnSpec("rsxx", "公务员招考的职位、名额、报考条件等事项以及录用结果", f"{ART20}第（十四）项", CYCLE_PLAN,
               is_statutory=True),
    ColumnSpec("qtxx", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息", f"{ART20}第（十五）项",
               CYCLE_PLAN, is_statutory=True),
    ColumnSpec("gknb", "政府信息公开工作年度报告", "条例第四十九条、第五十条", CYCLE_PLAN),
    ColumnSpec("zcjd", "政策解读", "国办 政府网站检查指标：政策解读应与文件关联", CYCLE_NOTICE),
)

INTERPRETATION_COLUMN = "zcjd"
GUIDE_COLUMN = "gkzn"
