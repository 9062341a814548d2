"""The national annual-report format (国办公开办函〔2021〕30号) as codes and matching keys.

The codes, labels and order come from the one format module (`annual_reports.format`, which loads
report-format.json); this module adds what only the reader needs.  Keys are matched against `model.norm()` of a printed label (NFKC,
whitespace removed) and are chosen to survive the variants seen in the wild: "1、" for "1.",
"，" for "、", labels split across lines, and typos such as "2.其他法律行政止公开".
"""

from __future__ import annotations

from ..format import (  # noqa: F401 (re-exported: the reader's modules import the format from here)
    OTHER_SUBROWS,
    SECTION_CODES,
    SECTION_TITLES,
    T2_COLUMN_LABELS,
    T2_ROW_CODES,
    T2_ROW_COLUMNS,
    T2_ROW_LABELS,
    T3_COLUMN_LABELS,
    T3_COLUMNS,
    T3_OUTCOME_ROWS,
    T3_OUTCOME_ROWS_COMBINED,
    T3_ROW_LABELS,
    T3_ROWS,
    T3_ROWS_COMBINED,
    T4_COLUMN_LABELS,
    T4_COLUMNS,
    T4_GROUP_LABELS,
    T4_GROUPS,
)

# Matching keys per section (any key found in a heading); titles and order from the format.
_SECTION_KEYS = {
    "overview": ("总体情况",),
    "proactive": ("主动公开",),
    "applications": ("收到和处理", "依申请", "申请情况"),
    "remedies": ("行政复议", "行政诉讼"),
    "problems": ("问题", "改进", "整改"),
    "other": ("其他需要报告", "其他事项", "其他"),
}
SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = tuple(
    # 第五十条 lists what a report contains; the format gives each its numbered section.
    (code, SECTION_TITLES[code], _SECTION_KEYS[code]) for code in SECTION_CODES
)
SECTION_NUMERALS = "一二三四五六"

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

_T2_KEYS = {"regulations": ("规章",), "normative_documents": ("规范性文件",), "licensing": ("行政许可",),
            "penalties": ("行政处罚",), "coercion": ("行政强制",), "fees": ("事业性收费",)}
# code, label keys, 2021 columns.  第二十条 items (一)(五)(六)(八).
T2_ROWS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = tuple(
    (code, _T2_KEYS[code], T2_ROW_COLUMNS[code]) for code in T2_ROW_CODES
)
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
