"""Annual reports kept in Gongkai's records.

`ReportFile` is a report an organ published elsewhere (a web page, a Word file, a PDF), read and
audited by Gongkai and saved to that organ's records by a logged-in user. Nothing uploaded to the
public audit page is kept unless someone saves it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import TimeStampedModel


class ReportFile(TimeStampedModel):
    organ = models.ForeignKey("organs.Organ", verbose_name=_("机关"), on_delete=models.PROTECT,
                              related_name="report_files")
    year = models.PositiveSmallIntegerField(_("报告年度"))
    file = models.FileField(_("文件"), upload_to="report_files/%Y/")
    original_name = models.CharField(_("原文件名"), max_length=255)
    kind = models.CharField(_("类型"), max_length=10)  # text, html, docx, pdf — read from the content
    sha256 = models.CharField(max_length=64, db_index=True)
    # The audit as returned by gongkai.annual_reports.reading.audit (report JSON with findings).
    result = models.JSONField(_("审核结果"))
    errors = models.PositiveIntegerField(_("错误数"), default=0)
    warnings = models.PositiveIntegerField(_("警告数"), default=0)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("保存人"), null=True,
                                 on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("外部发布的年度报告")
        verbose_name_plural = _("外部发布的年度报告")
        ordering = ["-year", "organ__name", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["organ", "year", "sha256"], name="reportfile_once_per_organ")]

    def __str__(self) -> str:
        return f"{self.organ.name} {self.year}年度报告（{self.original_name}）"
