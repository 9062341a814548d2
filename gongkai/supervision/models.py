"""考评 records. The indicators themselves are computed on demand (selectors.py); only the batch
audit of annual reports is stored, so the dashboard reads the last audit instead of re-reading files."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportAudit(models.Model):
    """One run of the annual-report checks (gongkai.annual_reports.checks) on one organ's report for one
    year, written by services.report_audit_record (the `check_reports` command). Rows are only added;
    the newest row of an (organ, year) is the one the 年度报告 indicators read."""

    class Source(models.TextChoices):
        GONGKAI = "gongkai", _("本平台发布的报告")
        FILE = "file", _("外部发布的报告文件")

    organ = models.ForeignKey("organs.Organ", verbose_name=_("机关"), on_delete=models.PROTECT,
                              related_name="report_audits")
    year = models.PositiveSmallIntegerField(_("报告年度"))
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    # The AnnualReport or ReportFile audited ("annual_reports.annualreport:12").
    source_ref = models.CharField(_("审核对象"), max_length=64, blank=True)
    errors = models.PositiveIntegerField(_("错误数"), default=0)
    warnings = models.PositiveIntegerField(_("警告数"), default=0)
    findings = models.JSONField(_("审核结果"), default=list, blank=True)
    checked_at = models.DateTimeField(_("审核时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("年度报告批量审核结果")
        verbose_name_plural = _("年度报告批量审核结果")
        ordering = ["-checked_at", "-id"]
        indexes = [models.Index(fields=["organ", "year", "checked_at"], name="reportaudit_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.organ.name} {self.year}年度报告审核（错误{self.errors}，警告{self.warnings}）"
