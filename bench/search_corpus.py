"""A realistic catalogue for the search benchmarks: what a district's 政府信息公开 platform holds after ten years.

- 25 organs (the district government and 24 departments), each with the standard columns;
- titles from about eighty templates per kind of column (工作动态, 通知公告, 政策文件, 统计信息, 行政许可结果,
  处罚公示, 预决算, 采购, 招聘, 应急预案, …), their topic slot drawn from a Zipf distribution (rank^-1) over
  some three hundred policy topics;
- bodies of 4–12 sentences from forty sentence templates whose slots take policy topics (Zipf) and ordinary
  words drawn by their real frequency in jieba's dictionary (the 30,000 commonest nouns and verbs — Zipf-like
  because language is), so a common word matches a large share of items and a rare one a handful;
- 发布日期 spread over ten years (2016-01 to 2026-11), a little denser in recent years;
- needles: planted items a searcher expects on page 1, each with its query, of three kinds —
  common (the query matches a large share of items; the needle's 名称 is exactly the query),
  selective (a rare word; the needle has it in its 名称) and title (part of an old policy's 名称; newer items
  cite the policy in their bodies).

Segmenting a million bodies with jieba would take hours, so every fixed piece of text (template fragments, slot
values) is segmented once and an item's segmented text is the pieces' segments joined: the index holds exactly
what `gongkai.search.segment.segment` gives for each piece. Deterministic for a seed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import string
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

DEPARTMENTS = (
    "发展和改革局", "教育局", "科学技术局", "工业和信息化局", "公安分局", "民政局", "司法局", "财政局",
    "人力资源和社会保障局", "自然资源局", "生态环境分局", "住房和城乡建设局", "交通运输局", "水务局",
    "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会", "退役军人事务局", "应急管理局", "审计局",
    "市场监督管理局", "统计局", "医疗保障局",
)

# Policy topics, commonest first (their rank sets their Zipf weight).
TOPICS = (
    "政务公开", "安全生产", "优化营商环境", "乡村振兴", "就业创业", "疫情防控", "生态环境保护", "城市更新",
    "义务教育", "医疗保障", "养老服务", "最低生活保障", "食品安全", "防汛抗旱", "森林防火", "文明城市创建",
    "河长制", "农村人居环境整治", "老旧小区改造", "高标准农田建设", "招商引资", "项目建设", "财政预算管理",
    "政府采购", "行政审批制度改革", "一网通办", "双随机一公开", "信用体系建设", "扫黑除恶", "信访工作",
    "退役军人服务保障", "残疾人帮扶", "困难群众救助", "特困人员供养", "临时救助", "住房保障", "棚户区改造",
    "燃气安全", "消防安全", "道路交通安全", "校园安全", "建筑施工安全", "危险化学品管理", "大气污染防治",
    "水污染防治", "土壤污染防治", "垃圾分类", "秸秆禁烧", "节能减排", "碳达峰碳中和", "数字政府建设",
    "政务服务", "12345热线", "社会救助", "基层治理", "网格化管理", "平安建设", "法治政府建设", "普法宣传",
    "人民调解", "公共法律服务", "科技创新", "高新技术企业培育", "人才引进", "职业技能培训", "高校毕业生就业",
    "农民工工资支付", "劳动保障监察", "社会保险", "城乡居民基本养老保险", "基本医疗保险", "家庭医生签约",
    "基本公共卫生服务", "爱国卫生运动", "食品药品监管", "特种设备安全", "产品质量监督", "价格监督检查",
    "知识产权保护", "市场主体培育", "个体工商户", "小微企业扶持", "减税降费", "金融风险防范", "非法集资",
    "国有资产管理", "审计整改", "统计调查", "经济普查", "人口普查", "农业普查", "粮食安全", "耕地保护",
    "土地征收", "不动产登记", "国土空间规划", "城市规划", "历史文化保护", "旅游发展", "文化惠民",
    "全民健身", "体育设施", "学前教育", "职业教育", "教师队伍建设", "学生资助", "课后服务", "校外培训治理",
    "儿童福利", "未成年人保护", "妇女权益保障", "老年人优待", "殡葬管理", "婚姻登记", "社会组织管理",
    "慈善事业", "志愿服务", "双拥工作", "优抚安置", "兵役登记", "民兵整组", "人民防空", "地震应急",
    "地质灾害防治", "气象灾害防御", "应急物资储备", "应急演练", "突发事件应对", "冬季供暖", "城市供水",
    "污水处理", "城市照明", "市容环境卫生", "园林绿化", "停车管理", "公共交通", "农村公路", "客运管理",
    "物流发展", "电子商务", "外贸稳增长", "消费促进", "夜间经济", "菜篮子工程", "生猪生产", "畜牧兽医",
    "动物防疫", "渔业管理", "林长制", "湿地保护", "野生动物保护", "水土保持", "水资源管理", "农村饮水安全",
    "小型水库安全", "防灾减灾", "安全隐患排查", "重大事故隐患", "安全生产责任制", "安全生产培训",
    "职业健康", "工伤保险", "失业保险", "稳岗返还", "技能提升补贴", "创业担保贷款", "公益性岗位",
    "就业见习", "人事考试", "公务员录用", "事业单位招聘", "干部培训", "政务诚信", "行政复议",
    "行政应诉", "行政执法监督", "行政规范性文件管理", "合法性审核", "重大行政决策", "政府法律顾问",
    "政府信息公开申请", "依申请公开", "政策解读", "舆情回应", "政务新媒体", "政府网站", "档案管理",
    "保密工作", "机关事务管理", "公务用车", "公共机构节能", "政府债务管理", "专项债券", "转移支付",
    "涉农资金整合", "惠民惠农补贴", "耕地地力保护补贴", "农机购置补贴", "农村集体产权制度改革",
    "宅基地管理", "农村承包地", "家庭农场", "农民专业合作社", "农产品质量安全", "种业振兴", "乡村旅游",
    "美丽乡村", "厕所革命", "农村生活污水治理", "农村垃圾治理", "村庄规划", "驻村帮扶", "防止返贫监测",
    "易地搬迁后续扶持", "消费帮扶", "东西部协作", "对口支援", "民族团结", "宗教事务管理", "侨务工作",
    "对台工作", "外事管理", "口岸管理", "营商环境评价", "证照分离", "容缺受理", "告知承诺制",
    "一件事一次办", "跨省通办", "电子证照", "政务数据共享", "公共资源交易", "招标投标监管",
    "工程建设项目审批", "施工许可", "质量安全监督", "建筑市场监管", "房地产市场", "物业管理",
    "住房公积金", "保障性租赁住房", "公共租赁住房", "城镇燃气", "供热计量", "海绵城市", "地下管网改造",
    "城市内涝治理", "背街小巷整治", "违法建设治理", "城市管理执法", "渣土运输管理", "扬尘治理",
    "噪声污染防治", "机动车排放", "油烟治理", "排污许可", "环境影响评价", "生态保护红线", "自然保护地",
    "绿色矿山", "矿产资源管理", "测绘地理信息", "地名管理", "行政区划", "人口发展", "计划生育奖励扶助",
    "出生缺陷防治", "妇幼健康", "中医药发展", "医疗机构管理", "药品集中采购", "医保基金监管",
    "异地就医结算", "长期护理保险", "慢性病防控", "精神卫生", "艾滋病防治", "结核病防治", "疫苗接种",
    "传染病防控", "健康城市建设", "无偿献血", "红十字会工作", "审计监督", "统计执法", "数据质量",
)
# The planted policies (the "title" needles); later items cite them in their bodies.
POLICIES = (
    ("城乡居民最低生活保障实施办法", 2019, "规政发"),
    ("农村集体经营性建设用地入市管理办法", 2018, "规政发"),
    ("政府投资项目管理办法", 2017, "规政发"),
    ("行政规范性文件制定和备案管理规定", 2016, "规政办发"),
    ("重大行政决策程序实施细则", 2020, "规政发"),
)

TITLES: dict[str, tuple[str, ...]] = {
    "gzdt": (
        "{organ}召开{topic}工作推进会", "{organ}部署{topic}工作", "{organ}开展{topic}专项检查",
        "{organ}主要负责同志调研{topic}工作", "{organ}召开{month}月份重点工作调度会", "{organ}举办{topic}业务培训班",
        "{organ}扎实推进{topic}", "{place}积极推进{topic}工作", "{place}{topic}取得阶段性成效",
        "{organ}召开{year}年{topic}工作会议", "{organ}开展{topic}宣传月活动", "{organ}组织开展{topic}应急演练",
        "{organ}党组理论学习中心组专题学习{topic}", "{organ}{topic}工作经验交流会召开",
        "{organ}督导检查{place}{topic}工作", "{organ}召开{topic}联席会议",
    ),
    "tzgg": (
        "关于开展{year}年度{topic}工作的通知", "关于做好{year}年{topic}工作的通知", "关于{topic}有关事项的公告",
        "关于征集{topic}意见建议的公告", "关于开展{topic}专项整治行动的通知", "关于{month}月份{topic}工作安排的通知",
        "关于调整{topic}工作领导小组成员的通知", "关于{year}年{topic}资金分配情况的公示",
        "关于{topic}项目申报的通知", "关于{place}{topic}情况的通报", "关于{year}年{topic}评选结果的公示",
        "关于进一步加强{topic}工作的通知", "{year}年{topic}工作要点",
    ),
    "zcwj": (
        "关于印发{organ}{topic}实施方案的通知", "关于进一步加强{topic}的实施意见", "{organ}{topic}管理办法",
        "{organ}{topic}实施细则", "关于推进{topic}高质量发展的若干措施", "关于印发{year}年{topic}工作要点的通知",
        "关于建立{topic}工作机制的通知", "{organ}关于{topic}的指导意见", "关于深化{topic}改革的实施方案",
        "{organ}{topic}三年行动计划（{year}—{year3}年）", "关于加快{topic}的若干政策",
    ),
    "zcjd": (
        "《关于进一步加强{topic}的实施意见》政策解读", "图解：{organ}{topic}实施方案", "一图读懂{topic}新政",
        "{topic}政策问答", "《{organ}{topic}管理办法》解读",
    ),
    "jgzn": ("{organ}主要职责", "{organ}内设机构及联系方式", "{organ}领导分工", "{organ}办公地址和办公时间"),
    "ghjh": (
        "{organ}{topic}专项规划（{year}—{year5}年）", "{organ}{year}年国民经济和社会发展计划",
        "{organ}{year}年{topic}工作计划", "{organ}“十四五”{topic}规划", "{organ}{year}年{topic}工作总结",
    ),
    "tjxx": (
        "{year}年{month}月主要经济指标", "{organ}{year}年国民经济和社会发展统计公报", "{year}年{month}月{topic}统计数据",
        "{year}年第{quarter}季度{topic}情况", "{year}年{month}月城乡低保资金发放情况",
        "{year}年{month}月社会救助数据统计", "{year}年{month}月就业创业情况统计",
    ),
    "xzxk": (
        "{year}年{month}月行政许可结果公示", "{organ}{topic}事项办事指南", "{organ}行政许可事项清单（{year}年版）",
        "{organ}政务服务事项目录", "{year}年{month}月{topic}审批结果公示", "{organ}{topic}告知承诺事项清单",
    ),
    "xzcf": (
        "{year}年{month}月行政处罚决定公示", "{organ}行政执法事项清单", "{organ}{year}年行政执法数据统计",
        "{organ}行政处罚决定书（{place}{topic}）", "{organ}{year}年第{quarter}季度{topic}执法情况",
    ),
    "czzj": (
        "{organ}{year}年部门预算", "{organ}{prev}年部门决算", "{organ}{year}年“三公”经费预算",
        "{organ}{prev}年{topic}专项资金绩效评价报告", "{organ}{year}年{topic}资金分配方案",
    ),
    "zfcg": (
        "{organ}{year}年政府采购意向", "{organ}{topic}项目招标公告", "{organ}{topic}项目中标结果公告",
        "{organ}{topic}服务采购项目成交公告", "{organ}{year}年政府集中采购目录及限额标准",
    ),
    "zdxm": (
        "{place}{topic}项目批准情况", "{place}{topic}工程实施进展", "{organ}{year}年重点建设项目计划",
        "{place}{topic}项目竣工验收情况",
    ),
    "msbz": (
        "{year}年{month}月城乡低保资金发放情况", "关于提高{year}年{topic}标准的通知", "{organ}{topic}申请指南",
        "{year}年{topic}补贴发放名单公示", "{place}{topic}对象名单公示（{year}年{month}月）",
    ),
    "yjgl": (
        "{organ}{topic}应急预案", "{organ}{year}年{topic}应急演练方案", "{place}{topic}预警信息",
        "{organ}关于{topic}的风险提示",
    ),
    "jdjc": (
        "{year}年{month}月{topic}监督抽检结果", "{organ}{topic}执法检查情况通报", "{year}年第{quarter}季度{topic}监督检查结果",
        "{organ}{topic}“双随机、一公开”抽查结果",
    ),
    "rsxx": (
        "{organ}{year}年公开招聘工作人员公告", "{organ}{year}年公务员录用拟录用人员名单公示",
        "{organ}{year}年{topic}岗位招聘公告", "{organ}干部任前公示",
    ),
    "qtxx": (
        "{organ}人大代表建议和政协提案办理情况", "{organ}{year}年政务公开工作要点", "{organ}{year}年{topic}工作总结",
        "关于{topic}的信访事项答复",
    ),
}

SENTENCES = (
    "为深入贯彻落实上级关于{topic}工作的决策部署，结合本区实际，制定本方案。",
    "各单位要进一步提高认识，加强组织领导，明确责任分工，确保{topic}各项任务落到实处。",
    "{organ}坚持问题导向，聚焦{topic}中的{word}{word2}问题，建立台账，限期整改。",
    "截至{month}月底，全区累计完成{topic}项目{n}个，完成投资{n2}万元。",
    "会议指出，{topic}事关群众切身利益，要把{word}和{word2}结合起来，持续用力推进。",
    "会议强调，要压紧压实{topic}责任，强化{word}，补齐{word2}短板。",
    "根据《{policy}》有关规定，现将{topic}有关事项通知如下。",
    "按照《{policy}》的要求，{organ}对{place}{topic}情况进行了全面检查。",
    "本次检查共发现{word}问题{n}处，已督促相关单位立即整改。",
    "{place}创新{word}方式，推动{topic}与{topic2}深度融合。",
    "下一步，{organ}将继续围绕{topic}，在{word}、{word2}等方面持续发力。",
    "申请人应当提交{word}材料，经审核符合条件的，在{n}个工作日内办结。",
    "对{topic}中发现的{word}问题，依法依规严肃处理，并向社会公开处理结果。",
    "{year}年{month}月，全区{topic}对象共{n}户{n2}人，发放资金{n3}万元。",
    "开展{topic}宣传活动{n}场次，发放宣传资料{n2}份，受益群众{n3}人次。",
    "本通知自发布之日起施行，执行中遇到的问题请及时向{organ}反馈。",
    "联系人：{organ}{word}科，联系电话：0451-{phone}。",
    "{topic}工作纳入年度绩效考核，考核结果作为{word}的重要依据。",
    "加强{topic}信息化建设，推动{word}数据共享，提升{word2}水平。",
    "严格落实{topic}资金管理制度，确保专款专用，提高资金使用效益。",
    "{place}以{topic}为抓手，着力解决群众关心的{word}问题。",
    "建立{topic}长效机制，定期开展{word}评估，及时调整{word2}措施。",
    "做好{topic}与{topic2}的衔接，形成工作合力。",
    "{organ}主要负责同志带队深入{place}，实地察看{topic}工作开展情况。",
    "调研组一行先后来到{place}、{place2}，详细了解{word}和{word2}情况。",
    "按照公开透明的原则，{topic}项目实行全过程信息公开，接受社会监督。",
    "本项目采购预算{n2}万元，采购需求详见{word}文件。",
    "经评审，确定{word}有限公司为{topic}项目中标单位，中标金额{n3}万元。",
    "公示期为{n}个工作日，如有异议，请以书面形式向{organ}反映。",
    "依据相关法律法规，对当事人作出罚款{n2}元的行政处罚。",
    "统计数据显示，{month}月份全区{topic}指标同比增长{n}.{n4}%。",
    "{topic}涉及面广、政策性强，各相关部门要密切配合，形成合力。",
    "严禁以{word}为名变相增加群众负担，坚决纠治{word2}问题。",
    "各乡镇（街道）要于{month}月{day}日前将{topic}工作进展情况报送{organ}。",
    "组织开展{topic}专项培训，参训人员{n}人次，进一步提升{word}能力。",
    "坚持以人民为中心的发展思想，把{topic}作为重要民生工程抓紧抓实。",
    "{organ}将{topic}纳入重点工作，定期调度，跟踪问效。",
    "对工作不力、推进缓慢的单位，将予以通报批评并约谈主要负责人。",
    "深入推进{topic}，着力提升{word}和{word2}能力，不断增强群众获得感。",
    "严格执行{topic}工作程序，做到{word}到位、{word2}到位。",
)
LAWS = ("中华人民共和国政府信息公开条例", "中华人民共和国安全生产法", "中华人民共和国行政许可法",
        "中华人民共和国行政处罚法", "社会救助暂行办法", "优化营商环境条例", "中华人民共和国预算法",
        "中华人民共和国政府采购法", "中华人民共和国突发事件应对法", "中华人民共和国食品安全法")
PLACES = ("城关街道", "东城街道", "西城街道", "南湖街道", "北山镇", "青石镇", "柳河镇", "白桦乡", "红旗乡", "新兴镇",
          "永安镇", "和平街道", "兴隆镇", "长胜乡", "太平镇", "富民街道", "向阳镇", "胜利乡", "建设街道", "光明镇")

COMMON_NEEDLES = ("政府信息公开指南", "安全生产", "最低生活保障")
SELECTIVE_RANKS = (9000, 14000, 21000)  # ranks (0-based) in the filler vocabulary of the selective query words
START, END = dt.date(2016, 1, 1), dt.date(2026, 11, 1)
SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass
class Doc:
    organ: int  # index into the corpus's organ names (0: the district government)
    column: str
    title: str
    doc_no: str
    published: dt.datetime
    validity: str
    body: str
    body_seg: str
    title_seg: str


@dataclass(frozen=True)
class Needle:
    kind: str  # "common", "selective", "title"
    query: str
    title: str  # the 名称 of the item that must be on page 1


class Zipf:
    """Draw from `values` with weight 1/rank^s (or given weights)."""

    def __init__(self, values, weights=None, s: float = 1.0):
        self.values = list(values)
        weights = weights or [1 / (r + 1) ** s for r in range(len(self.values))]
        self.cum = list(itertools.accumulate(weights))

    def __call__(self, rng: random.Random):
        return self.values[bisect.bisect_left(self.cum, rng.random() * self.cum[-1])]


def filler_words(limit: int = 30000) -> tuple[list[str], list[float]]:
    """The commonest two-to-four-character nouns and verbs of jieba's dictionary, with their frequencies."""
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] in ("n", "vn", "v") and 2 <= len(parts[0]) <= 4 \
                and all("\u4e00" <= ch <= "\u9fff" for ch in parts[0]):
            rows.append((int(parts[1]), parts[0]))
    rows.sort(reverse=True)
    rows = rows[:limit]
    return [w for _, w in rows], [float(f) for f, _ in rows]


class Corpus:
    def __init__(self, organ_names: list[str], seed: int = 7):
        from gongkai.search.segment import segment

        self.segment = segment
        self.rng = random.Random(seed)
        self.organs = organ_names
        self.words, freqs = filler_words()
        self.word = Zipf(self.words, freqs)
        self.topic = Zipf(TOPICS, s=0.9)
        self.place = Zipf(PLACES, s=0.5)
        self.organ_pick = Zipf(range(len(organ_names)), s=0.7)
        self.columns = Zipf(list(TITLES), weights=[18, 12, 8, 3, 1, 1, 8, 6, 6, 2, 3, 2, 5, 2, 4, 2, 2])
        self._seg: dict[str, str] = {}
        self.policy_names = [f"{organ_names[0]}{name}" for name, _, _ in POLICIES]
        self.needles = self._needles()

    def seg(self, text: str) -> str:
        hit = self._seg.get(text)
        if hit is None:
            hit = self._seg[text] = self.segment(text)
        return hit

    def _fill(self, template: str, slots: dict[str, str]) -> tuple[str, str]:
        """The filled template and its segmented form (each literal piece and slot value segmented once)."""
        out, segs = [], []
        for literal, field, _spec, _conv in string.Formatter().parse(template):
            if literal:
                out.append(literal)
                segs.append(self.seg(literal))
            if field:
                value = slots[field]
                out.append(value)
                segs.append(self.seg(value))
        return "".join(out), " ".join(s for s in segs if s)

    def _slots(self, organ: str, when: dt.datetime, topic: str) -> dict[str, str]:
        """Slot values for one sentence or title; a document keeps to its own topic most of the time."""
        rng = self.rng
        return {
            "organ": organ, "topic": topic if rng.random() < 0.8 else self.topic(rng), "topic2": self.topic(rng),
            "word": self.word(rng), "word2": self.word(rng), "place": self.place(rng), "place2": self.place(rng),
            "policy": rng.choice(self.policy_names) if rng.random() < 0.1 else rng.choice(LAWS),
            "year": str(when.year), "prev": str(when.year - 1),
            "year3": str(when.year + 2), "year5": str(when.year + 4), "month": str(when.month),
            "quarter": "一二三四"[(when.month - 1) // 3], "day": str(rng.randint(1, 28)),
            "n": str(rng.randint(2, 98)), "n2": str(rng.randint(100, 9999)), "n3": str(rng.randint(10, 99999)),
            "n4": str(rng.randint(0, 9)), "phone": f"{rng.randint(1000000, 9999999)}",
        }

    def _when(self) -> dt.datetime:
        # A little denser in recent years: the square root of a uniform number leans towards the end.
        span = (END - START).days
        day = START + dt.timedelta(days=int(span * self.rng.random() ** 0.8))
        return dt.datetime(day.year, day.month, day.day, self.rng.randint(8, 17), self.rng.randint(0, 59),
                           tzinfo=SHANGHAI)

    def doc(self) -> Doc:
        rng = self.rng
        organ = self.organ_pick(rng)
        column = self.columns(rng)
        when = self._when()
        topic = self.topic(rng)
        title, title_seg = self._fill(rng.choice(TITLES[column]), self._slots(self.organs[organ], when, topic))
        sentences, segs = [], []
        for _ in range(rng.randint(4, 12)):
            text, seg = self._fill(rng.choice(SENTENCES), self._slots(self.organs[organ], when, topic))
            sentences.append(text)
            segs.append(seg)
        doc_no = ""
        if column == "zcwj":
            doc_no = f"规{'政' if organ == 0 else '部'}发〔{when.year}〕{rng.randint(1, 60)}号"
            title_seg = f"{title_seg} {self.seg(doc_no)}"
        validity = rng.choice(("valid",) * 7 + ("expired", "repealed", "amended")) if column == "zcwj" else "valid"
        return Doc(organ, column, title, doc_no, when, validity, "\n".join(sentences), " ".join(segs), title_seg)

    def _needles(self) -> list[tuple[Needle, Doc]]:
        """Old items a searcher expects on page 1, with their queries."""
        rng = random.Random(11)
        out: list[tuple[Needle, Doc]] = []

        def planted(title: str, year: int, column: str, body: str, doc_no: str = "") -> Doc:
            when = dt.datetime(year, rng.randint(1, 12), rng.randint(1, 28), 10, 0, tzinfo=SHANGHAI)
            title_seg = self.seg(title) + (f" {self.seg(doc_no)}" if doc_no else "")
            return Doc(0, column, title, doc_no, when, "valid", body, self.seg(body), title_seg)

        for query in COMMON_NEEDLES:
            body = f"{query}。{self.organs[0]}{query}相关信息，按照《中华人民共和国政府信息公开条例》予以公开。"
            out.append((Needle("common", query, query), planted(query, 2016, "qtxx", body)))
        for rank in SELECTIVE_RANKS:
            word = self.words[rank]
            title = f"关于做好{word}相关工作的通知"
            body = f"各有关单位：为做好{word}相关工作，现将有关事项通知如下。"
            out.append((Needle("selective", word, title), planted(title, 2017, "tzgg", body)))
        for (name, year, prefix), full in zip(POLICIES, self.policy_names, strict=True):
            body = f"第一条 为规范{name[:-4]}工作，根据有关法律法规，结合本区实际，制定本办法。"
            out.append((Needle("title", name, full),
                        planted(full, year, "zcwj", body, doc_no=f"{prefix}〔{year}〕{rng.randint(1, 30)}号")))
        return out

    def docs(self, n: int):
        """n items: the needles first, then generated ones."""
        needles = [doc for _, doc in self.needles]
        yield from needles[:n]
        for _ in range(max(0, n - len(needles))):
            yield self.doc()
