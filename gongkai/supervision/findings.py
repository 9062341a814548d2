"""The consolidated findings of a batch audit run: one row per finding (organ × rule × cell × printed value ×
message), on the run's page and as an Excel workbook for 整改. The rows are annual_reports.audit_summary's
(the same as `audit_report DIR`'s summary.csv), with the organ named as the registry names it."""

from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from gongkai.annual_reports.audit_summary import summary_rows
from gongkai.annual_reports.models import AnnualReport, ReportFile
from gongkai.core.cells import neutral_row

from .models import AuditRun, ReportAudit

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass
class Finding:
    audit: ReportAudit
    n: int  # its index in audit.findings (the 督办 link names it)
    rule: str
    severity: str
    cell: str
    printed: str
    message: str

    @property
    def severity_label(self) -> str:
        return SEVERITY_ZH.get(self.severity, self.severity)


def _report_of(audit: ReportAudit) -> dict:
    """The report the audit read (for the printed values), with the audit's findings."""
    label, _, pk = audit.source_ref.partition(":")
    report: dict = {}
    if label == "annual_reports.annualreport" and pk.isdigit():
        report = AnnualReport.objects.filter(pk=pk).values_list("content", flat=True).first() or {}
    elif label == "annual_reports.reportfile" and pk.isdigit():
        report = ReportFile.objects.filter(pk=pk).values_list("result", flat=True).first() or {}
    return {**report, "agency": audit.organ.name, "year": audit.year, "findings": audit.findings}


def run_findings(run: AuditRun) -> list[Finding]:
    audits = list(run.audits.select_related("organ").order_by("organ__path", "organ__name"))
    names = [a.organ.name for a in audits]
    out = []
    for audit in audits:
        n = 0
        for row in summary_rows([(audit.organ.code, _report_of(audit))], names):
            rule = row[7]
            if not rule:
                continue  # the report's own row (counts)
            out.append(Finding(audit, n, rule, row[8], row[9], row[10], row[11]))
            n += 1
    return out


HEADER = ("机关", "机关代码", "报告年度", "来源", "规则", "严重程度", "单元格", "印载数值", "问题说明")


def findings_workbook(run: AuditRun, *, missing: list[str]) -> bytes:
    """Sheet 问题清单: one row per finding; sheet 报告: one row per organ (counts, or no report found)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    ws.append([f"{run}（{run.created_at:%Y-%m-%d %H:%M}）"])
    ws["A1"].font = Font(bold=True)
    ws.append(HEADER)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    findings = run_findings(run)
    for f in findings:
        ws.append(neutral_row([f.audit.organ.name, f.audit.organ.code, f.audit.year, f.audit.get_source_display(),
                               f.rule, f.severity_label, f.cell, f.printed, f.message]))
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(HEADER))}{max(2, len(findings) + 2)}"
    for column, width in zip("ABCDEFGHI", (26, 20, 9, 16, 26, 8, 30, 10, 70), strict=True):
        ws.column_dimensions[column].width = width
    reports = wb.create_sheet("报告")
    reports.append(["机关", "机关代码", "来源", "错误", "警告", "审核时间"])
    for cell in reports[1]:
        cell.font = Font(bold=True)
    for audit in run.audits.select_related("organ").order_by("organ__path", "organ__name"):
        reports.append(neutral_row([audit.organ.name, audit.organ.code, audit.get_source_display(), audit.errors,
                                    audit.warnings, audit.checked_at.strftime("%Y-%m-%d %H:%M")]))
    for name in missing:
        reports.append(neutral_row([name, "", "未发布，也没有保存外部发布的报告", None, None, ""]))
    reports.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
