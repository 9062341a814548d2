"""The 考评 table as an Excel workbook (openpyxl) a 主管部门 can sign and send on: numbers as numbers
(percentages as numeric cells with a % format, so SUM and sort work), each indicator's value and its
deduction, a frozen header with filters, 制表单位 and 统计截止日, and the 评分细则 it was scored by."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from gongkai.core.cells import neutral, neutral_row

from .indicators import INDICATORS
from .periods import Outcome
from .scoring import in_use, scheme_lines, scheme_summary

BOLD = Font(bold=True)
PERCENT = "0.0%"
HEADER_ROW = 6


def cell_value(indicator, value):
    """An indicator's value as a cell: a number (a rate as its fraction, shown with a % format), 是/否
    for a flag, empty when undefined."""
    if value is None:
        return None
    if indicator.kind == "flag":
        return "是" if value else "否"
    return value


def status_line(outcome: Outcome) -> str:
    if outcome.result is not None:
        r = outcome.result
        return f"定稿第{r.version}版（{r.locked_at:%Y-%m-%d}，{r.locked_by.display_name if r.locked_by else '系统'}）"
    return "未定稿（按当前数据计算）"


def workbook(outcome: Outcome, *, unit: str, generated) -> bytes:
    rules = outcome.rules
    scored = in_use(rules)
    wb = Workbook()
    ws = wb.active
    ws.title = "考评"
    ws.append([f"政府信息公开考评（{outcome.period.label}）"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["制表单位", neutral(unit)])
    ws.append(["统计截止日", outcome.as_of])
    ws["B3"].number_format = "yyyy-mm-dd"
    ws.append(["考评办法", outcome.scheme_label, "状态", status_line(outcome)])
    ws.append(["制表时间", generated.strftime("%Y-%m-%d %H:%M"), "说明", "评分细则见“评分细则”工作表；“—”或空白表示无可计算的数据。"])
    header = (["排名", "机关", "机关代码", "得分", "结论", "单项否决", "扣分合计", "加分", "人工扣分"]
              + [i.label for i in INDICATORS] + [f"扣分：{i.label}" for i in INDICATORS if i.key in scored])
    ws.append(header)
    for cell in ws[HEADER_ROW]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    first_value = 10  # column J: the first indicator's value
    for s in outcome.scores:
        ws.append(neutral_row(
            [s.rank, s.facts.name, s.facts.code, s.score, s.verdict, "；".join(s.vetoes),
             s.deducted if s.participating else None, s.bonus if s.participating else None,
             s.penalty if s.participating else None]
            + [cell_value(i, s.values.get(i.key)) for i in INDICATORS]
            + [s.deductions.get(i.key, 0) if s.participating else None for i in INDICATORS if i.key in scored]))
        row = ws.max_row
        for n, i in enumerate(INDICATORS):
            if i.kind == "rate":
                ws.cell(row=row, column=first_value + n).number_format = PERCENT
    last_row = max(HEADER_ROW, ws.max_row)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(header))}{last_row}"
    ws.column_dimensions["B"].width = 28
    ws.column_dimensions["C"].width = 20
    ws.column_dimensions["F"].width = 30
    _rules_sheet(wb.create_sheet("评分细则"), outcome)
    _adjustments_sheet(wb.create_sheet("人工加分扣分"), outcome)
    notes = wb.create_sheet("指标说明")
    notes.append(["指标", "类别", "定义", "依据"])
    for cell in notes[1]:
        cell.font = BOLD
    for i in INDICATORS:
        notes.append([i.label, i.group, i.definition, i.source])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _rules_sheet(ws, outcome: Outcome) -> None:
    rules = outcome.rules
    ws.append([f"评分细则（{outcome.period.label}，{outcome.scheme_label}）"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([scheme_summary(rules)])
    ws.append(["合格分数线", rules["pass_mark"], "加分起点（扣分后高于）", rules["bonus_above"]])
    ws.append([])
    ws.append(["类别", "指标", "单项否决", "扣分规则", "依据"])
    for cell in ws[ws.max_row]:
        cell.font = BOLD
    for line in scheme_lines(rules):
        i = line["indicator"]
        ws.append([i.group, i.label, line["veto"], line["deduction"], i.source])
    ws.append([])
    ws.append(["加分项", "最多加分"])
    for cell in ws[ws.max_row]:
        cell.font = BOLD
    for b in rules["bonus"]:
        ws.append(neutral_row([b["label"], b["max"]]))
    for column, width in zip("ABCDE", (12, 26, 18, 40, 60), strict=True):
        ws.column_dimensions[column].width = width


def _adjustments_sheet(ws, outcome: Outcome) -> None:
    ws.append(["机关", "类型", "加分项", "分值", "计入", "理由"])
    for cell in ws[1]:
        cell.font = BOLD
    labels = {b["key"]: b["label"] for b in outcome.rules["bonus"]}
    for s in outcome.scores:
        for a in s.adjustments:
            ws.append(neutral_row([s.facts.name, "加分" if a["kind"] == "bonus" else "扣分",
                                   labels.get(a.get("item", ""), a.get("item", "")), a["points"], a.get("counted"),
                                   a.get("reason", "")]))
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["F"].width = 60
