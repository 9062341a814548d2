"""主动公开: 栏目 (columns), 政府信息 items with 目录 metadata, their attachments and 解读.

Invariants the database itself keeps (migration 0002 adds triggers on SQLite and PostgreSQL):
once an item has a 发布日期 (`published_at`) neither it nor the 索引号 (`index_no`) can change —
"Published is published" (DESIGN.md; 国办秘函〔2019〕19号 counts a 伪造发稿日期 as 单项否决).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import TimeStampedModel

from . import indexno
from .vocab import GENRES, INTERPRETATION_FORMS


class IndexNoScheme(TimeStampedModel):
    """How an organ's 索引号 look (law-and-format.md §4). Without a row the default scheme applies."""

    class CodeKind(models.TextChoices):
        ORG9 = indexno.CODE_ORG9, _("9位组织机构代码")
        USCC18 = indexno.CODE_USCC18, _("18位统一社会信用代码")

    class Period(models.TextChoices):
        YEAR = indexno.PERIOD_YEAR, _("年（YYYY）")
        MONTH = indexno.PERIOD_MONTH, _("年月（YYYYMM）")

    organ = models.OneToOneField("organs.Organ", verbose_name=_("机关"), on_delete=models.CASCADE,
                                 related_name="index_scheme")
    code_kind = models.CharField(_("前段码"), max_length=10, choices=CodeKind.choices, default=CodeKind.ORG9)
    hyphenate_org_code = models.BooleanField(_("组织机构代码保留连字符"), default=False)
    separator = models.CharField(_("前后段分隔符"), max_length=1, choices=[("/", "/"), ("-", "-")], default="/")
    period = models.CharField(_("年度码"), max_length=10, choices=Period.choices, default=Period.YEAR)
    serial_width = models.PositiveSmallIntegerField(_("流水号位数"), default=5)

    class Meta:
        verbose_name = _("索引号规则")
        verbose_name_plural = _("索引号规则")

    def __str__(self) -> str:
        return f"{self.organ.name} 索引号规则"

    def as_scheme(self) -> indexno.IndexScheme:
        return indexno.IndexScheme(self.code_kind, self.hyphenate_org_code, self.separator, self.period,
                                   self.serial_width)


class Column(TimeStampedModel):
    """A 栏目 of an organ's 政府信息公开 platform, with the person who keeps it current and its cycle."""

    organ = models.ForeignKey("organs.Organ", verbose_name=_("机关"), on_delete=models.PROTECT,
                              related_name="columns")
    slug = models.SlugField(_("栏目代码"), max_length=30)
    name = models.CharField(_("栏目名称"), max_length=100)
    article = models.CharField(_("公开依据"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("栏目负责人"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="owned_columns")
    # Days a column may go without a new item (动态 14, 通知公告/政策文件 183, 人事/规划 365); None: no cycle.
    update_every_days = models.PositiveIntegerField(_("更新周期（天）"), null=True, blank=True)
    needs_interpretation = models.BooleanField(_("政策文件须配解读"), default=False)
    is_statutory = models.BooleanField(_("法定主动公开内容"), default=False)
    is_active = models.BooleanField(_("启用"), default=True)
    # When it was last deactivated, kept by column_update; None while active. A past period's 考评 counts
    # the columns that existed on its statistics day (supervision/periods.py).
    deactivated_at = models.DateTimeField(_("停用时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")
        ordering = ["organ_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["organ", "slug"], name="column_slug_unique_per_organ")]

    def __str__(self) -> str:
        return f"{self.organ.name} · {self.name}"


class ColumnStats(models.Model):
    """A column's published items: how many and the newest 发布日期, kept by the services that publish and
    withdraw (gongkai.catalogue.stats), so the portal's column lists and counts never count the items."""

    column = models.OneToOneField(Column, primary_key=True, on_delete=models.CASCADE, related_name="stats")
    published = models.PositiveIntegerField(default=0)
    last_published_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.column_id}: {self.published}"


class Item(TimeStampedModel):
    """One piece of 政府信息 in the catalogue (目录), from draft to publication (第十七条 review)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("已审核")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤回")

    class Validity(models.TextChoices):
        VALID = "valid", _("有效")
        EXPIRED = "expired", _("失效")
        REPEALED = "repealed", _("废止")
        AMENDED = "amended", _("已修改")

    organ = models.ForeignKey("organs.Organ", verbose_name=_("机关"), on_delete=models.PROTECT,
                              related_name="items")
    column = models.ForeignKey(Column, verbose_name=_("栏目"), on_delete=models.PROTECT, related_name="items")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    # 索引号: given at publication, unique, never changed (目录系统实施指引).
    index_no = models.CharField(_("索引号"), max_length=40, unique=True, null=True, blank=True)
    title = models.CharField(_("名称"), max_length=200)
    doc_no = models.CharField(_("文号"), max_length=60, blank=True, db_index=True)
    topic = models.CharField(_("主题分类"), max_length=100, blank=True)
    genre = models.CharField(_("体裁分类"), max_length=20, blank=True, choices=[(g, g) for g in GENRES])
    publisher = models.CharField(_("发布机构"), max_length=100)
    written_on = models.DateField(_("成文日期"))
    issued_on = models.DateField(_("发文日期"), null=True, blank=True)
    # 发布日期: set by the publish service, never by a form; the database refuses later changes.
    published_at = models.DateTimeField(_("发布日期"), null=True, blank=True, db_index=True, editable=False)
    keywords = models.CharField(_("主题词"), max_length=200, blank=True)
    summary = models.TextField(_("内容概述"), blank=True)
    body = models.TextField(_("正文"), blank=True)
    validity = models.CharField(_("有效性"), max_length=10, choices=Validity.choices, default=Validity.VALID)
    effective_on = models.DateField(_("实施日期"), null=True, blank=True)
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)
    replaced_by = models.ForeignKey("self", verbose_name=_("替代文件"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="replaces")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("起草人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField(_("提交审核时间"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("撤回原因"), blank=True)
    # 第二十六条: working days from 成文 to 发布; more than 20 is flagged.
    publish_delay_workdays = models.IntegerField(_("发布用时（工作日）"), null=True, blank=True, editable=False)
    imported = models.BooleanField(_("批量导入"), default=False, editable=False)

    class Meta:
        verbose_name = _("政府信息")
        verbose_name_plural = _("政府信息")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "published_at"], name="item_status_published_idx"),
            models.Index(fields=["column", "status", "published_at"], name="item_column_published_idx"),
            models.Index(fields=["organ", "status", "published_at"], name="item_organ_published_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=["published", "withdrawn"])
                | (models.Q(published_at__isnull=False) & models.Q(index_no__isnull=False)),
                name="item_published_has_date_and_index_no",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        """On the portal now: published, with a 发布日期 not later than now (selectors.public)."""
        from django.utils import timezone

        return (self.status == self.Status.PUBLISHED and self.published_at is not None
                and self.published_at <= timezone.now())

    @property
    def published_late(self) -> bool:
        from .freshness import is_published_late

        return self.publish_delay_workdays is not None and is_published_late(self.publish_delay_workdays)

    @property
    def date_issued(self):
        """发文日期 as the metadata block shows it: the 发文日期, else the 成文日期."""
        return self.issued_on or self.written_on

    @property
    def classification(self) -> str:
        """分类 as the seed's block prints it: 主题分类 and 体裁分类 side by side."""
        return " ".join(part for part in (self.topic, self.genre) if part)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portal:item", kwargs={"index_no": self.index_no}) if self.index_no else ""


def attachment_path(instance, filename: str) -> str:
    import uuid

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"catalogue/{instance.item.organ_id}/{uuid.uuid4().hex}.{suffix}"


class Attachment(TimeStampedModel):
    """A file published with an item (PDF, DOCX or image); its text is extracted for search."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        PNG = "png", "PNG"
        JPEG = "jpeg", "JPEG"
        GIF = "gif", "GIF"

    item = models.ForeignKey(Item, verbose_name=_("政府信息"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    text = models.TextField(_("提取的文字"), blank=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.kind in (self.Kind.PNG, self.Kind.JPEG, self.Kind.GIF)


class Interpretation(TimeStampedModel):
    """A 解读 (itself a catalogue item, usually in the 政策解读 column) of a policy document.

    Linked both ways: `policy.interpretations` and `item.interpretation.policy`.
    """

    item = models.OneToOneField(Item, verbose_name=_("解读"), on_delete=models.CASCADE,
                                related_name="interpretation")
    policy = models.ForeignKey(Item, verbose_name=_("被解读的文件"), on_delete=models.PROTECT,
                               related_name="interpretations")
    form = models.CharField(_("解读形式"), max_length=10, choices=[(f, f) for f in INTERPRETATION_FORMS],
                            default="文字")

    class Meta:
        verbose_name = _("政策解读")
        verbose_name_plural = _("政策解读")
        constraints = [models.CheckConstraint(condition=~models.Q(item=models.F("policy")),
                                              name="interpretation_not_of_itself")]

    def __str__(self) -> str:
        return f"{self.item.title} → {self.policy.title}"
