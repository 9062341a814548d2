"""Demo annual reports (`manage.py load_demo`).

岭东区人民政府's 2024 report is produced from its 2024 records (two applications from 自然人, both
answered 没有现成信息需要另行制作; nothing carried over; the four policy documents and three 解读 in
the catalogue) and the section texts of the report it published, ../shared/seed — so the computed
report reproduces the seed's tables, plus the table 二 the seed lacks. Some 2025 reports show the
supervisor a spread: on time, late, corrected, missing.
"""

import datetime as dt

from django.db import transaction

from gongkai.applications.models import Application
from gongkai.letters.demo import Demo
from gongkai.organs.models import User

from . import services
from .format import T4_GROUPS, T4_RESULTS
from .models import AnnualReport, warning_key

SEED_2024_SECTIONS = {
    "overview": (
        "2024年度,岭东区人民政府按照《中华人民共和国政府信息公开条例》的要求,认真贯彻落实《双鸭山市人民政府办公室关于印发双鸭山市2024年政务公开工作实施方案的通知》的各项安排部署,结合工作职能,坚持“以公开为常态、不公开为例外” 的工作原则,在主动公开、依申请公开、政府信息管理、政府信息公开平台建设等各个方面,开展了积极有效的工作,提升了政府信息公开的质量。\n"
        "(一) 完善政府门户网站,主动公开重点推进。2024年,岭东区人民政府按要求在区政府门户网站公开各项政策并进行了解读。关于机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名、财政预算、决算信息等方面的政府信息,均按新《条例》要求发布在政府门户网站上。\n"
        "(二)提升工作质量,全力抓好依申请公开工作。严格遵守 《条例》 的规定,在依申请公开工作方面完善流程和制度,畅通依申请公开渠道,安排人员关注区政府网站依申请公开栏目 和注意收集邮寄到我办的信件,全面提升了政府信息公开申请 办理工作质量。2024年,岭东区人民政府共收到2件依申请公开事项。\n"
        "(三)以政策性文件为重点,加强政府信息管理。全力完善在区政府网站“政府信息公开”平台上的“政策文件”专栏,\n"
        "集中统一对外公开。2024年,岭东区人民政府已在区政府门户网站“政策文件”专栏累计公开政府文件4条,政策解读3条。\n"
        "(四)加强平台建设,强化栏目保障。按照国家、省、市政府的要求,对区政府网站“政府信息公开平台”进行了改版,做到栏目有人管,内容有保障。\n"
        "(五)制订考评办法,强化监督保障工作。按照上级考评部 门的部署,岭东区人民政府将政务公开工作纳入全年主要责任指标考评体系。\n"
        "二、主动公开政府信息情况"
    ),
    "proactive": "",
    "applications": "",
    "remedies": "",
    "problems": (
        "通过一年来的努力,我区政府信息公开工作取得了一定的成绩,但是也存在一些问题:一是公开内容的深度和精准度不足。部分信息公开仅停留在表面,对于一些关键数据和政策解读不够深入,未能充分满足公众对政策细节和实际执行情况的了解需求。二是信息更新的及时性存在滞后。在一些时效性较强的政策发布和事件处理信息上,未能在第一时间更新,影响了公众对最新动态的掌握。针对上述问题,我们将采取以下改进措施:一是优化公开内容质量。建立信息审核和深度解读机制,要求相关部门在提供公开信息时,不仅要提供基本数据,还要附上详细的政策解读和背景说明,确保公众能全面理解政策内容。二是提升信息更新时效。制定严格的信息发布时间表,明确各类信息的更新周期,针对时效性强的政策发布和事件处理信息,设置即时发布的工作流程。建立信息更新提醒与监督机制,定期检查各部门信息更新情况,对未按时更新的进行督促整改,保障公众能及时获取最新动态。\n"
        "为做好2025年的政府信息公开工作,我区将从以下几方面进行改善:一是持续推进基层政务公开标准化规范化。继续做好基层政务公开标准化规范化工作。积极探索高效、便捷的公开方式,同步做好专栏、专题展示形式,指导各部门采取领导解读、动漫解读、音频解读、简明问答等解读形式对相关政策进行解读。利用政府门户网站、政务新媒体等线上渠道,通过在政务服务大厅、街道社区便民服务中心等线下场所设立政务公开专区,开展信息公开服务,实现信息精准推送,提供互动交流、在线办事入口,进一步利企便民。二是加大政务工作培训力度。根据政务工作的特点和需求,制定全面的培训计划,包括政策法 规、行政管理、公共服务等方面的培训内容。组织相关工作人员参加理论学习,强化实践培训,通过实地考察、案例分析、模拟演练等方式,让工作人员亲身参与实际工作,提高他们的实际操作能力和解决问题的能力。"
    ),
    "other": "无其他需要报告的事项。",
}

DEMO_REASON = "演示数据：已核实，保留原表述。"

ENTERED_2024 = {
    "table2": {
        "licensing": {"decisions": 126, "source": "岭东区政务服务中心审批系统"},
        "penalties": {"decisions": 9, "source": "岭东区行政执法监督平台"},
        "coercion": {"decisions": 0, "source": "岭东区行政执法监督平台"},
        "fees": {"amount_wan_yuan": 0, "source": "岭东区财政局非税收入系统"},
    },
    # First year on Gongkai: the 2023 report's 结转下年度继续办理 was nothing.
    "carried_in": [0, 0, 0, 0, 0, 0],
    "table4": {g: dict.fromkeys(T4_RESULTS, 0) for g in T4_GROUPS},
}

PROBLEMS_2025 = (
    "一是政策解读形式较为单一，图解、简明问答等形式运用不多。二是部分栏目更新不够及时。"
    "下一步，我们将丰富解读形式，建立栏目更新提醒和督办机制，确保信息及时准确公开。"
)
PLACEHOLDER_TEXT = {
    "（请填写政府信息公开审查、动态调整、规范性文件管理等情况。）": "严格落实公开前保密审查，对行政规范性文件实行统一登记、统一编号、统一公开。",
    "（请填写政府网站、政务新媒体、政府公报等平台建设情况。）": "依托政府门户网站政府信息公开专栏集中发布法定主动公开内容。",
    "（请填写工作机构、培训、考核等情况。）": "明确政府信息公开工作机构，组织业务培训，将政务公开纳入年度考核。",
    "本年度工作考核、社会评议和责任追究结果：（请填写，《条例》第五十条。）":
        "本年度政务公开工作纳入绩效考核，社会评议总体满意，未发生责任追究情形。",
}


def _fill_placeholders(sections: dict[str, str]) -> dict[str, str]:
    filled = {}
    for code, text in sections.items():
        for prompt, answer in PLACEHOLDER_TEXT.items():
            text = text.replace(prompt, answer)
        filled[code] = text
    return filled


def _publish(organ, year: int, *, entered: dict, sections: dict | None, published_on: dt.date,
             late_reason: str = "") -> AnnualReport:
    """Draft, submit (with a reason for each warning), approve and publish, as the system."""
    report = services.report_start(actor=None, organ=organ, year=year)
    sections = sections if sections is not None else {**_fill_placeholders(report.sections),
                                                      "problems": PROBLEMS_2025}
    report = services.report_update(actor=None, report=report, entered=entered, sections=sections)
    reasons = {warning_key(f): DEMO_REASON for f in report.findings_of("warning")}
    report = services.report_submit(actor=None, report=report, warning_reasons=reasons)
    report = services.report_approve(actor=None, report=report)
    return services.report_publish(actor=None, report=report, published_on=published_on, late_reason=late_reason)


def load_demo_2024_cases(organs: dict) -> int:
    """岭东区人民政府's two 2024 applications (the seed's table 三): both from 自然人, both answered
    没有现成信息需要另行制作 within the year."""
    district = organs["district"]
    if Application.objects.filter(organ=district, received_on__year=2024).exists():
        return 0
    users = {u.username: u for u in User.objects.filter(username__in=["ld_clerk", "ld_reviewer"])}
    # n0=202: the demo's people list puts 自然人 at positions 203 and 204.
    demo = Demo(district, users["ld_clerk"], users["ld_reviewer"], n0=202)
    for received in (dt.date(2024, 4, 8), dt.date(2024, 9, 9)):
        demo.closed("needs_creation", received)
    return 2


@transaction.atomic
def load_demo_reports(organs: dict) -> int:
    """Idempotent: does nothing for an organ and year that already have a report."""
    created = 0
    district, fgj, jyj = organs["district"], organs["fgj"], organs["jyj"]
    if not AnnualReport.objects.filter(organ=district, year=2024).exists():
        load_demo_2024_cases(organs)
        _publish(district, 2024, entered=ENTERED_2024, sections=SEED_2024_SECTIONS,
                 published_on=dt.date(2025, 1, 20))
        created += 1
    plan = (
        (fgj, dt.date(2026, 1, 20), ""),  # on time (部门: 31 January)
        (jyj, dt.date(2026, 2, 10), "因机构改革交接，报告延迟公布。"),  # late
        (district, dt.date(2026, 3, 20), ""),  # on time (人民政府: 31 March), corrected below
    )
    entered_2025 = {**ENTERED_2024, "carried_in": None}
    for organ, published_on, late_reason in plan:
        if AnnualReport.objects.filter(organ=organ, year=2025).exists():
            continue
        report = _publish(organ, 2025, entered=entered_2025, sections=None, published_on=published_on,
                          late_reason=late_reason)
        created += 1
        if organ == district:
            correction = services.report_correct(actor=None, report=report,
                                                 reason="更正表二行政许可处理决定数量（原误填为126件）。")
            figures = {**entered_2025, "table2": {**entered_2025["table2"],
                                                  "licensing": {"decisions": 131, "source": "岭东区政务服务中心审批系统"}}}
            correction = services.report_update(actor=None, report=correction, entered=figures)
            reasons = {warning_key(f): DEMO_REASON for f in correction.findings_of("warning")}
            correction = services.report_submit(actor=None, report=correction, warning_reasons=reasons)
            correction = services.report_approve(actor=None, report=correction)
            services.report_publish(actor=None, report=correction, published_on=dt.date(2026, 4, 2))
    return created
