"""依申请公开: applications (cases), their applicants, attachments and fee notices.

A case keeps one column per fact the annual report counts (organ, applicant_kind, received_on,
closed_on, outcome, status), indexed so that counting a year is cheap (see
`selectors.cases_for_report`). The clock's result is cached on the row (`due_on`, `clock_state`)
by the services, so the 督办 lists are indexed range queries; the truth is `clock.compute` over the
case's events.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import TimeStampedModel

from .outcomes import BASES, Outcome


class ApplicantKind(models.TextChoices):
    """The six applicant columns of table 三 (the seventh, 总计, is a sum)."""

    NATURAL_PERSON = "natural_person", _("自然人")
    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_INTEREST = "public_interest", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER_ORG = "other_org", _("其他组织")


class Channel(models.TextChoices):
    """第二十九条、第三十一条: how the application arrived (decides the day of receipt)."""

    ONLINE = "online", _("网上申请")
    IN_PERSON = "in_person", _("当面提交")
    REGISTERED_MAIL = "registered_mail", _("挂号信（需签收）")
    ORDINARY_MAIL = "ordinary_mail", _("平信（无需签收）")
    FAX = "fax", _("传真")
    EMAIL = "email", _("电子邮件")


# What the clerk's "date" means for each channel (第三十一条), shown on the registration form.
CHANNEL_DATE_LABELS = {
    Channel.ONLINE: "提交之日（平台即时确认）",
    Channel.IN_PERSON: "当面提交之日",
    Channel.REGISTERED_MAIL: "本机关签收之日",
    Channel.ORDINARY_MAIL: "与申请人确认之日",
    Channel.FAX: "双方确认之日",
    Channel.EMAIL: "双方确认之日",
}


class IdType(models.TextChoices):
    ID_CARD = "id_card", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MO_TW = "hk_mo_tw", _("港澳台居民证件")
    USCC = "uscc", _("统一社会信用代码证")
    OTHER = "other", _("其他证件")


class Delivery(models.TextChoices):
    """第二十九条第（三）项、第四十条: how the applicant wants to receive the information."""

    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    FAX = "fax", _("传真")
    COLLECT = "collect", _("自行领取")
    INSPECT = "inspect", _("当场查阅、抄录")
    ONLINE = "online", _("网上获取")


class InfoForm(models.TextChoices):
    PAPER = "paper", _("纸质文本")
    ELECTRONIC = "electronic", _("电子文档")
    DISC = "disc", _("光盘、U盘等")


class Status(models.TextChoices):
    PROCESSING = "processing", _("办理中")
    AWAITING_CORRECTION = "awaiting_correction", _("待补正")
    CONSULTING = "consulting", _("征求意见中")
    AWAITING_FEE = "awaiting_fee", _("待缴费")
    REPLYING = "replying", _("答复待送达")
    CLOSED = "closed", _("已办结")


OPEN_STATUSES = (Status.PROCESSING, Status.AWAITING_CORRECTION, Status.CONSULTING, Status.AWAITING_FEE,
                 Status.REPLYING)
# The organ's clock runs in these states (the others wait for the applicant or a consulted party).
RUNNING_STATUSES = (Status.PROCESSING, Status.REPLYING)


class Applicant(TimeStampedModel):
    """The same applicant across cases (按件 fee counts, 重复申请, 大量反复申请).

    Recognised by `identity_key`: a keyed hash of the ID number when given, otherwise of the name
    and the contact (phone or e-mail). The key is a hash so that this table holds no ID number.
    """

    identity_key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantKind.choices)
    name = models.CharField(_("姓名或名称"), max_length=100)

    class Meta:
        verbose_name = _("申请人")
        verbose_name_plural = _("申请人")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def key_for(*, name: str, id_number: str = "", phone: str = "", email: str = "") -> str:
        if id_number.strip():
            basis = "id:" + id_number.strip().upper()
        else:
            contact = phone.strip().replace("-", "").replace(" ", "") or email.strip().lower()
            basis = f"name:{name.strip()}|{contact}"
        return hmac.new(settings.SECRET_KEY.encode(), basis.encode(), hashlib.sha256).hexdigest()


class Application(TimeStampedModel):
    """One 政府信息公开申请 (one case): intake, clock, outcome."""

    organ = models.ForeignKey("organs.Organ", verbose_name=_("受理机关"), on_delete=models.PROTECT,
                              related_name="applications")
    # 受理编号: the applicant's handle, e.g. YS2026000123; unique across the installation.
    tracking_no = models.CharField(_("受理编号"), max_length=20, unique=True)
    # 查询码: the applicant's secret, kept only as a keyed hash (see `check_query_code`).
    query_code_hash = models.CharField(max_length=64, editable=False)
    channel = models.CharField(_("申请渠道"), max_length=20, choices=Channel.choices)
    received_on = models.DateField(_("收到日期"))  # 第三十一条
    arrived_on = models.DateField(_("到达日期"), null=True, blank=True)  # mail that arrived before confirmation

    applicant = models.ForeignKey(Applicant, verbose_name=_("申请人"), on_delete=models.PROTECT,
                                  related_name="applications")
    applicant_kind = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("姓名或名称"), max_length=100)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(_("证件号码"), max_length=40)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)

    description = models.TextField(_("所需信息的内容描述"))
    # 第三十条: the request as corrected by the applicant (补正后的申请内容); the letters quote it from then on.
    corrected_description = models.TextField(_("补正后的内容描述"), blank=True)
    doc_no = models.CharField(_("文号"), max_length=100, blank=True)
    info_form = models.CharField(_("信息的形式"), max_length=20, choices=InfoForm.choices)
    delivery = models.CharField(_("获取方式"), max_length=20, choices=Delivery.choices)

    status = models.CharField(_("状态"), max_length=24, choices=Status.choices, default=Status.PROCESSING)
    # The clock's result, refreshed by every service (`services._save`) and whenever the working-day
    # calendar changes (`services.deadlines_recompute`). Each date is stored as one value: the date,
    # whether it is provisional (a year without a holiday notice), why, and the calendar version.
    due_on = models.DateField(_("答复期限"), null=True, blank=True)
    due_provisional = models.BooleanField(_("答复期限为暂定"), default=False)
    waiting_until = models.DateField(_("申请人或被征求意见方期限"), null=True, blank=True)
    waiting_provisional = models.BooleanField(_("申请人或被征求意见方期限为暂定"), default=False)
    # Why a date above is provisional (names the years without a notice); '' when none is.
    provisional_note = models.CharField(_("暂定说明"), max_length=300, blank=True)
    calendar_version = models.PositiveIntegerField(_("工作日历版本"), default=0)
    extension_days = models.PositiveSmallIntegerField(_("延期工作日"), default=0)
    extension_requested_days = models.PositiveSmallIntegerField(default=0)
    extension_reason = models.CharField(max_length=300, blank=True)

    outcome = models.CharField(_("办理结果"), max_length=32, choices=Outcome.choices, blank=True)
    outcome_basis = models.CharField(_("答复类型"), max_length=32, blank=True,
                                     choices=[(b.code, b.label) for b in BASES])
    # withheld parts and reasons (部分公开), the responsible organ (非本机关), the reply's reasons.
    outcome_detail = models.JSONField(_("答复内容"), default=dict, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    # The day the reply was made and sent (发出; 民事诉讼法第八十五条 by analogy: mailed before the
    # deadline is not late), or the day the case ended. It decides timeliness and the report year.
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    on_time = models.BooleanField(_("按期答复"), null=True, blank=True)
    # 纠正 (行政复议法 第六十四条): the day the organ received the decision that reopened the case, and
    # the replies it superseded, oldest first ({"outcome", "basis", "closed_on", "on_time"}): each
    # counts in table 三 of the year it was made (see annual_reports.providers.case_facts).
    reopened_on = models.DateField(_("重新办理日期"), null=True, blank=True)
    prior_replies = models.JSONField(_("此前的答复"), default=list, blank=True)

    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="assigned_applications")
    # Optimistic concurrency: forms post the version they showed; services refuse a stale one.
    version = models.PositiveIntegerField(default=1)
    imported = models.BooleanField(_("导入"), default=False)

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-received_on", "-id"]
        indexes = [
            # Both also cover what the annual report counts (kind, outcome), so table 三 is index-only.
            models.Index(fields=["organ", "received_on", "closed_on", "applicant_kind", "outcome"],
                         name="app_organ_received_cov_idx"),
            models.Index(fields=["organ", "closed_on", "received_on", "applicant_kind", "outcome"],
                         name="app_organ_closed_cov_idx"),
            models.Index(fields=["status", "due_on"], name="app_status_due_idx"),
            models.Index(fields=["organ", "status", "due_on"], name="app_organ_status_due_idx"),
            models.Index(fields=["applicant", "received_on"], name="app_applicant_received_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed") | (~models.Q(outcome="") & models.Q(closed_on__isnull=False)),
                name="app_closed_has_outcome_and_date",
            ),
            models.CheckConstraint(condition=models.Q(extension_days__lte=20), name="app_extension_at_most_20"),
        ]

    def __str__(self) -> str:
        return self.tracking_no

    @staticmethod
    def hash_query_code(code: str) -> str:
        return hmac.new(settings.SECRET_KEY.encode(), ("qc:" + code.strip().upper()).encode(),
                        hashlib.sha256).hexdigest()

    def check_query_code(self, code: str) -> bool:
        return hmac.compare_digest(self.query_code_hash, self.hash_query_code(code or ""))

    @property
    def requested(self) -> str:
        """What the applicant asks for now: the corrected request after a 补正 (第三十条), else the original."""
        return self.corrected_description or self.description

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label if self.outcome else ""

    @property
    def due(self):
        """The stored 答复期限 as one value (date, provisional mark, why, calendar version), or None."""
        return self._deadline(self.due_on, self.due_provisional)

    @property
    def waiting(self):
        """The applicant's (补正, 缴费) or the consulted party's deadline as one value, or None."""
        return self._deadline(self.waiting_until, self.waiting_provisional)

    def _deadline(self, day, provisional: bool):
        from gongkai.workdays import Deadline

        if day is None:
            return None
        return Deadline(due=day, provisional=provisional, warning=(self.provisional_note or None) if provisional
                        else None, calendar_version=self.calendar_version)


def _attachment_path(instance, filename: str) -> str:
    return f"applications/{instance.application.received_on:%Y/%m}/{instance.application.tracking_no}/{filename}"


class Attachment(TimeStampedModel):
    """A file sent with the application (ID copy, supporting documents). Never public."""

    class Kind(models.TextChoices):
        ID_COPY = "id_copy", _("身份证明复印件")
        OTHER = "other", _("其他材料")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to=_attachment_path)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=50)

    class Meta:
        verbose_name = _("申请附件")
        verbose_name_plural = _("申请附件")

    def __str__(self) -> str:
        return self.original_name


class FeeNotice(TimeStampedModel):
    """信息处理费 for one application: one method only (国办函〔2020〕109号 第三条)."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="fee_notice")
    method = models.CharField(_("计收方式"), max_length=10, choices=[("per_item", "按件计收"), ("per_page", "按量计收")])
    nth_in_month = models.PositiveIntegerField(null=True, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    amount = models.DecimalField(_("金额（元）"), max_digits=10, decimal_places=2)
    working = models.JSONField(default=list)
    paid_on = models.DateField(_("缴费日期"), null=True, blank=True)
    # 缴纳方式 printed on this notice (defaults: the organ's letters.LetterSettings), and the 非税收入缴款码
    # of this notice where the finance system issues one per payment.
    payment_method = models.CharField(_("缴纳方式"), max_length=100, blank=True)
    payee = models.CharField(_("收款单位"), max_length=100, blank=True)
    bank = models.CharField(_("开户银行"), max_length=100, blank=True)
    account = models.CharField(_("账号"), max_length=40, blank=True)
    payment_code = models.CharField(_("非税收入缴款码"), max_length=40, blank=True)
    payment_note = models.CharField(_("缴费说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("收费通知")
        verbose_name_plural = _("收费通知")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(method="per_item", pages__isnull=True)
                           | models.Q(method="per_page", nth_in_month__isnull=True)),
                name="fee_one_method_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.amount}元"


