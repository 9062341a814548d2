"""The 考评 table as an Excel workbook (openpyxl): one sheet of scores, one of definitions."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from gongkai.core.cells import neutral_row

from .indicators import INDICATORS, display
from .scoring import Score


def workbook(scores: list[Score], *, period_label: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "考评"
    ws.append([f"政府信息公开考评（{period_label}）"])
    ws["A1"].font = Font(bold=True)
    header = ["排名", "机关", "机关代码", "得分", "结论", "单项否决"] + [i.label for i in INDICATORS]
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for s in scores:
        ws.append(neutral_row([s.rank, s.facts.name, s.facts.code, s.score, s.verdict, "；".join(s.vetoes)]
                              + [display(i, s.values[i.key]) for i in INDICATORS]))
    ws.column_dimensions["B"].width = 28
    notes = wb.create_sheet("指标说明")
    notes.append(["指标", "类别", "定义", "依据"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for i in INDICATORS:
        notes.append([i.label, i.group, i.definition, i.source])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
