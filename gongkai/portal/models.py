"""Which organ a public site belongs to, and the identifiers its footer must show."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import TimeStampedModel


class Portal(TimeStampedModel):
    """One public site. The request's host picks it; the default one serves every other host."""

    organ = models.OneToOneField("organs.Organ", verbose_name=_("机关"), on_delete=models.PROTECT,
                                 related_name="portal")
    hostname = models.CharField(_("域名"), max_length=255, blank=True,
                                help_text=_("留空表示默认站点。"))
    is_default = models.BooleanField(_("默认站点"), default=False)
    # 政府网站标识码 (10 digits, issued under 国办发〔2017〕47号), ICP 备案号, 公安机关备案号.
    site_code = models.CharField(_("网站标识码"), max_length=20, blank=True)
    icp = models.CharField(_("ICP备案号"), max_length=50, blank=True)
    police_record = models.CharField(_("公安机关备案号"), max_length=50, blank=True)
    # 党政机关网站标识: the id of the site's entry with 中央编办 (the badge links to its verification page);
    # until one is issued the footer shows a placeholder.
    conac_id = models.CharField(_("党政机关网站标识编号"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("门户网站")
        verbose_name_plural = _("门户网站")
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=models.Q(is_default=True),
                                    name="portal_one_default"),
            models.UniqueConstraint(fields=["hostname"], condition=~models.Q(hostname=""),
                                    name="portal_unique_hostname"),
        ]

    def __str__(self) -> str:
        return self.hostname or f"{self.organ.name}（默认站点）"
