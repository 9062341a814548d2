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
    """A published report file kept for an organ and year. At most one is current per organ and year:
    saving another replaces it (the old one stays, `replaced`), and the organ's clerk or a supervisor may
    withdraw it (a file saved for the wrong organ). /staff/reports/, the chase and the 考评 read the current
    one through selectors.report_states."""

    class Status(models.TextChoices):
        CURRENT = "current", _("有效")
        REPLACED = "replaced", _("已被替换")
        WITHDRAWN = "withdrawn", _("已撤回")

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
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.CURRENT)
    # The day the report was published: the date the file prints, else the one entered, else the day it
    # was saved here (it was public by then). 第四十九条's lateness is judged on it.
    published_on = models.DateField(_("发布日期"), null=True)
    # What the file says that contradicts the organ, year or date it was saved for (file_checks.py), kept
    # when a supervisor accepted it anyway with a written reason.
    contradictions = models.JSONField(_("与所选机关、年度或日期不符之处"), default=list, blank=True)
    accepted_reason = models.TextField(_("不符仍保存的理由"), blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    replaced_by = models.ForeignKey("self", verbose_name=_("替换为"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("撤回人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    withdrawn_reason = models.TextField(_("撤回原因"), blank=True)

    class Meta:
        verbose_name = _("外部发布的年度报告")
        verbose_name_plural = _("外部发布的年度报告")
        ordering = ["-year", "organ__name", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["organ", "year"], condition=models.Q(status="current"),
                                               name="reportfile_one_current")]

    def __str__(self) -> str:
        return f"{self.organ.name} {self.year}年度报告（{self.original_name}）"

    @property
    def is_current(self) -> bool:
        return self.status == self.Status.CURRENT


class AnnualReport(TimeStampedModel):
    """One version of an organ's 年度报告 for a year.

    A draft is computed from Gongkai's data (`content`, the report JSON of report-json.md) plus
    what the clerk enters (`entered`: figures from other systems, first-year carry-over) and
    writes (`sections`). Published is published: a published version is never edited; a
    correction is a new version (`correction_of`, `correction_reason`), and both stay public.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("已审核")
        PUBLISHED = "published", _("已发布")

    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.APPROVED)

    organ = models.ForeignKey("organs.Organ", verbose_name=_("机关"), on_delete=models.PROTECT,
                              related_name="annual_reports")
    year = models.PositiveSmallIntegerField(_("报告年度"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Figures from other systems and the first year's carry-over, with their sources:
    # {"table2": {"licensing": {"decisions": 120, "source": "…"}, …}, "carried_in": [6 ints] | null,
    #  "table4": {…} | null}
    entered = models.JSONField(_("录入数据"), default=dict, blank=True)
    sections = models.JSONField(_("正文"), default=dict, blank=True)  # section code -> text
    content = models.JSONField(_("报告内容"), null=True, blank=True)  # the report JSON, with findings
    # "<rule>@<where>" -> the written reason a warning stands (required before submission)
    warning_reasons = models.JSONField(_("警告说明"), default=dict, blank=True)
    correction_of = models.ForeignKey("self", verbose_name=_("更正的版本"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="corrections")
    correction_reason = models.TextField(_("更正原因"), blank=True)
    # A correction's reason for each cell it changes against the version it corrects: {"table3.…": "…"}.
    cell_reasons = models.JSONField(_("更正单元格的理由"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    # The entry in the organ's 政府信息公开工作年度报告 column, made at publication (its 索引号).
    catalogue_item = models.OneToOneField("catalogue.Item", verbose_name=_("目录条目"), null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="annual_report")

    class Meta:
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        ordering = ["-year", "organ__path", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organ", "year", "version"], name="annualreport_version_unique"),
            # At most one version of a year is being worked on at a time.
            models.UniqueConstraint(fields=["organ", "year"], condition=models.Q(status__in=["draft", "submitted",
                                                                                              "approved"]),
                                    name="annualreport_one_open_version"),
        ]
        indexes = [models.Index(fields=["organ", "year", "status"], name="annualreport_lookup_idx")]

    def __str__(self) -> str:
        suffix = f"（第{self.version}版）" if self.version > 1 else ""
        return f"{self.organ.name}{self.year}年政府信息公开工作年度报告{suffix}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def findings(self) -> list[dict]:
        return (self.content or {}).get("findings", [])

    def findings_of(self, severity: str) -> list[dict]:
        return [f for f in self.findings if f.get("severity") == severity]

    @property
    def error_count(self) -> int:
        return len(self.findings_of("error"))

    @property
    def warning_count(self) -> int:
        return len(self.findings_of("warning"))


def warning_key(finding: dict) -> str:
    """The key under which a warning's written reason is kept."""
    return f"{finding.get('rule')}@{finding.get('where')}"


def _rendition_path(instance, filename: str) -> str:
    report = instance.report
    return f"annual_reports/{report.organ.code}/{report.year}/v{report.version}-{instance.fmt}-{filename}"


class ReportRendition(TimeStampedModel):
    """The PDF or DOCX of a published version, rendered once (a published version never changes) and served
    from storage on every download (`renditions.py`)."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"

    report = models.ForeignKey(AnnualReport, verbose_name=_("年度报告"), on_delete=models.CASCADE,
                               related_name="renditions")
    fmt = models.CharField(_("格式"), max_length=4, choices=Format.choices)
    file = models.FileField(_("文件"), upload_to=_rendition_path, max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("年度报告下载文件")
        verbose_name_plural = _("年度报告下载文件")
        constraints = [models.UniqueConstraint(fields=["report", "fmt"], name="rendition_once_per_format")]

    def __str__(self) -> str:
        return f"{self.report} {self.fmt.upper()}"
