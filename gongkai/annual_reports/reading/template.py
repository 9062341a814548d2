"""The national annual-report format (国办公开办函〔2021〕30号) as codes and matching keys.

The codes are those of shared/spec/report-format.json; they are repeated here so the reader has
no file to load at run time.  Keys are matched against `model.norm()` of a printed label (NFKC,
whitespace removed) and are chosen to survive the variants seen in the wild: "1、" for "1.",
"，" for "、", labels split across lines, and typos such as "2.其他法律行政止公开".
"""

from __future__ import annotations

SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # 第五十条 lists what a report contains; the format gives each its numbered section.
    ("overview", "一、总体情况", ("总体情况",)),
    ("proactive", "二、主动公开政府信息情况", ("主动公开",)),
    ("applications", "三、收到和处理政府信息公开申请情况", ("收到和处理", "依申请", "申请情况")),
    ("remedies", "四、政府信息公开行政复议、行政诉讼情况", ("行政复议", "行政诉讼")),
    ("problems", "五、存在的主要问题及改进情况", ("问题", "改进", "整改")),
    ("other", "六、其他需要报告的事项", ("其他需要报告", "其他事项", "其他")),
)
SECTION_NUMERALS = "一二三四五六"

T3_COLUMNS = ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org", "total")
T3_COLUMN_LABELS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")

T3_ROWS = (
    "received_new", "carried_in", "disclosed", "partly_disclosed",
    "withheld_state_secret", "withheld_law_prohibited", "withheld_three_securities",
    "withheld_third_party", "withheld_internal_affairs", "withheld_process_info",
    "withheld_enforcement_file", "withheld_inquiry_matter",
    "unavailable_not_held", "unavailable_needs_creation", "unavailable_still_unclear",
    "not_handled_petition", "not_handled_repeat", "not_handled_publication",
    "not_handled_excessive", "not_handled_confirmation",
    "other_no_correction", "other_unpaid_fee", "other_misc",
    "total", "carried_out",
)
# Where （六）其他处理 is printed as one row (2019 试行 format, the seed, 洪泽区): 23 rows.
T3_ROWS_COMBINED = T3_ROWS[:20] + ("other_combined", "total", "carried_out")
OTHER_SUBROWS = ("other_no_correction", "other_unpaid_fee", "other_misc")
# The leaf rows whose sum is （七）总计.
T3_OUTCOME_ROWS = T3_ROWS[2:23]
T3_OUTCOME_ROWS_COMBINED = T3_ROWS_COMBINED[2:21]

T3_ROW_LABELS = {
    "received_new": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "disclosed": "（一）予以公开",
    "partly_disclosed": "（二）部分公开",
    "withheld_state_secret": "（三）1.属于国家秘密",
    "withheld_law_prohibited": "（三）2.其他法律行政法规禁止公开",
    "withheld_three_securities": "（三）3.危及“三安全一稳定”",
    "withheld_third_party": "（三）4.保护第三方合法权益",
    "withheld_internal_affairs": "（三）5.属于三类内部事务信息",
    "withheld_process_info": "（三）6.属于四类过程性信息",
    "withheld_enforcement_file": "（三）7.属于行政执法案卷",
    "withheld_inquiry_matter": "（三）8.属于行政查询事项",
    "unavailable_not_held": "（四）1.本机关不掌握相关政府信息",
    "unavailable_needs_creation": "（四）2.没有现成信息需要另行制作",
    "unavailable_still_unclear": "（四）3.补正后申请内容仍不明确",
    "not_handled_petition": "（五）1.信访举报投诉类申请",
    "not_handled_repeat": "（五）2.重复申请",
    "not_handled_publication": "（五）3.要求提供公开出版物",
    "not_handled_excessive": "（五）4.无正当理由大量反复申请",
    "not_handled_confirmation": "（五）5.要求行政机关确认或重新出具已获取信息",
    "other_no_correction": "（六）1.申请人无正当理由逾期不补正",
    "other_unpaid_fee": "（六）2.申请人逾期未按收费通知要求缴纳费用",
    "other_misc": "（六）3.其他",
    "other_combined": "（六）其他处理",
    "total": "（七）总计",
    "carried_out": "四、结转下年度继续办理",
}

# Matching keys per row (any key found in the normalised label).  `other_misc`, `other_combined`
# and `total` need context and are handled in tables.match_t3_row.
T3_ROW_KEYS: dict[str, tuple[str, ...]] = {
    "received_new": ("本年新收",),
    "carried_in": ("上年结转",),
    "disclosed": ("予以公开",),
    "partly_disclosed": ("部分公开",),
    "withheld_state_secret": ("国家秘密",),
    "withheld_law_prohibited": ("禁止公开", "其他法律行政"),
    "withheld_three_securities": ("三安全", "一稳定"),
    "withheld_third_party": ("第三方",),
    "withheld_internal_affairs": ("内部事务",),
    "withheld_process_info": ("过程性",),
    "withheld_enforcement_file": ("执法案卷",),
    "withheld_inquiry_matter": ("查询事项",),
    "unavailable_not_held": ("不掌握",),
    "unavailable_needs_creation": ("另行制作", "没有现成"),
    "unavailable_still_unclear": ("仍不明确",),
    "not_handled_petition": ("信访", "举报投诉"),
    "not_handled_repeat": ("重复申请",),
    "not_handled_publication": ("出版物",),
    "not_handled_excessive": ("大量反复",),
    "not_handled_confirmation": ("重新出具", "确认或"),
    "other_no_correction": ("不补正",),
    "other_unpaid_fee": ("收费通知", "缴纳费用"),
    "carried_out": ("结转下年", "结转下一年"),
}

T2_ROWS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    # code, label keys, 2021 columns.  第二十条 items (一)(五)(六)(八).
    ("regulations", ("规章",), ("issued", "repealed", "in_force")),
    ("normative_documents", ("规范性文件",), ("issued", "repealed", "in_force")),
    ("licensing", ("行政许可",), ("decisions",)),
    ("penalties", ("行政处罚",), ("decisions",)),
    ("coercion", ("行政强制",), ("decisions",)),
    ("fees", ("事业性收费",), ("amount_wan_yuan",)),
)
T2_ROW_LABELS = {"regulations": "规章", "normative_documents": "行政规范性文件", "licensing": "行政许可",
                 "penalties": "行政处罚", "coercion": "行政强制", "fees": "行政事业性收费"}
T2_COLUMN_LABELS = {"issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数",
                    "decisions": "本年处理决定数量", "amount_wan_yuan": "本年收费金额（单位：万元）"}
# The 2019 试行 format's table 二 (documented in RULES.md): other columns and two more rows.
T2_ROWS_2019: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("regulations", ("规章",), ("made", "published", "published_total")),
    ("normative_documents", ("规范性文件",), ("made", "published", "published_total")),
    ("licensing", ("行政许可",), ("items_last_year", "items_change", "decisions")),
    ("other_services", ("其他对外管理服务",), ("items_last_year", "items_change", "decisions")),
    ("penalties", ("行政处罚",), ("items_last_year", "items_change", "decisions")),
    ("coercion", ("行政强制",), ("items_last_year", "items_change", "decisions")),
    ("fees", ("事业性收费",), ("items_last_year", "items_change")),
    ("procurement", ("采购",), ("procurement_items", "procurement_amount_wan_yuan")),
)
T2_2019_MARKERS = ("本年新制作数量", "新制作数量", "本年新公开数量", "对外公开总数量")

T4_GROUPS = ("review", "litigation_direct", "litigation_after_review")
T4_GROUP_LABELS = {"review": "行政复议", "litigation_direct": "未经复议直接起诉", "litigation_after_review": "复议后起诉"}
T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
T4_COLUMN_LABELS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结", "total": "总计"}

METADATA_FIELDS = ("index_no", "category", "publisher", "issued_on", "title", "doc_no", "keywords", "validity")
METADATA_LABELS = {
    "index_no": "索引号", "category": "分类", "publisher": "发布机构", "issued_on": "发文日期",
    "title": "名称", "doc_no": "文号", "keywords": "主题词", "validity": "时效",
}
# Printed label (whitespace removed) -> field, with the synonyms used by other portals; the
# lower the rank the stronger the label when two print the same field.
METADATA_SYNONYMS: dict[str, tuple[str, int]] = {
    "索引号": ("index_no", 0), "索引": ("index_no", 1),
    "分类": ("category", 0), "主题分类": ("category", 1), "信息分类": ("category", 1), "组配分类": ("category", 2),
    "发布机构": ("publisher", 0), "发文机关": ("publisher", 1), "发文单位": ("publisher", 1),
    "发布单位": ("publisher", 1), "公开机构": ("publisher", 1),
    "发文日期": ("issued_on", 0), "公开日期": ("issued_on", 1), "发布日期": ("issued_on", 1),
    "成文日期": ("issued_on", 2), "生成日期": ("issued_on", 2),
    "名称": ("title", 0), "标题": ("title", 1),
    "文号": ("doc_no", 0), "发文字号": ("doc_no", 1),
    "主题词": ("keywords", 0), "关键词": ("keywords", 1), "关键字": ("keywords", 1),
    "时效": ("validity", 0), "有效性": ("validity", 1),
}
