"""机关 (organs), their 政府信息公开工作机构, users and the roles they hold per organ."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core.models import TimeStampedModel


class User(AbstractUser):
    """A staff member. The public never logs in; applicants follow cases by 受理编号 and 查询码."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    # Account-level lock-out (beside django-axes' per-address rule): failed log-ins from any address since
    # the last success; at settings.GONGKAI_ACCOUNT_FAILURE_LIMIT the account is locked until a system
    # administrator unlocks it (services.user_unlock).
    failed_logins = models.PositiveIntegerField(_("连续登录失败次数"), default=0, editable=False)
    locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    def __str__(self) -> str:
        return f"{self.display_name}（{self.username}）" if self.full_name else self.username


class Organ(TimeStampedModel):
    """A 行政机关 (or 法律法规授权组织) doing 政府信息公开 work, in the supervision tree.

    `path` is the chain of ancestor ids ("/1/5/12/"), kept by the services, so that a
    supervisor's subtree is one indexed prefix query.
    """

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("人民政府")
        DEPARTMENT = "department", _("部门")
        DISPATCHED = "dispatched", _("派出机构")
        AUTHORISED = "authorised", _("法律法规授权组织")

    name = models.CharField(_("机关名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=30, blank=True, help_text=_("用于文号，如“岭政”。"))
    kind = models.CharField(_("机关类型"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级机关"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # 统一社会信用代码 (18) or 组织机构代码 (9): identifies the organ in URLs, commands and 索引号.
    code = models.CharField(_("机关代码"), max_length=18, unique=True)
    # 行政区划代码 (GB/T 2260), e.g. 230502 for 岭东区; chooses the regional working-day calendar.
    region_code = models.CharField(_("行政区划代码"), max_length=6)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="/")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    website = models.URLField(_("网站"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    # When it was last deactivated (机构改革: merged or abolished), kept by organ_update; None while active.
    # The 考评 of a past period lists an organ that existed in it (supervision/periods.py).
    deactivated_at = models.DateTimeField(_("停用时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("机关")
        verbose_name_plural = _("机关")
        ordering = ["path", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(region_code__regex=r"^\d{6}$"), name="organ_region_code_6_digits"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_government(self) -> bool:
        return self.kind == self.Kind.GOVERNMENT


class DisclosureOffice(TimeStampedModel):
    """The organ's 政府信息公开工作机构 and the contacts the 指南 must give (第十二条)."""

    organ = models.OneToOneField(Organ, verbose_name=_("机关"), on_delete=models.CASCADE, related_name="office")
    name = models.CharField(_("工作机构名称"), max_length=100)
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    fax = models.CharField(_("传真"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    head = models.CharField(_("负责人"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("政府信息公开工作机构")
        verbose_name_plural = _("政府信息公开工作机构")

    def __str__(self) -> str:
        return self.name

    def missing_fields(self) -> list[str]:
        """The 第十二条 contacts not filled in, by label (the 指南 and 考评 point at them)."""
        required = ("address", "office_hours", "phone", "fax", "email")
        return [str(self._meta.get_field(f).verbose_name) for f in required if not getattr(self, f)]


class Role(models.TextChoices):
    CLERK = "clerk", _("经办人")
    REVIEWER = "reviewer", _("审核人")
    COLUMN_OWNER = "column_owner", _("栏目负责人")
    SUPERVISOR = "supervisor", _("主管部门")
    SYSADMIN = "sysadmin", _("系统管理员")


class Membership(TimeStampedModel):
    """A user holds a role for one organ. A supervisor's role reaches the organ's whole subtree;
    a system administrator's reaches the whole installation."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships")
    organ = models.ForeignKey(Organ, verbose_name=_("机关"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [models.UniqueConstraint(fields=["user", "organ", "role"], name="membership_unique")]
        indexes = [models.Index(fields=["user", "role"], name="membership_user_role_idx")]

    def __str__(self) -> str:
        return f"{self.user.display_name} · {self.organ.name} · {self.get_role_display()}"


class TwoFactorDevice(TOTPDevice):
    """A staff user's TOTP device (django-otp's table), as the admin lists it: a proxy for a Chinese name. Set
    up and confirmed by the user (gongkai.core.services), removed by an administrator (services.totp_remove)."""

    class Meta:
        proxy = True
        verbose_name = _("两步验证设备")
        verbose_name_plural = _("两步验证设备")
