"""办理结果: the row codes of table 三 of the annual report, and the 答复 bases that lead to them.

An application has exactly one outcome, a row code of table 三 (spec/report-format.json). The
clerk chooses a *basis* (答复类型): what the reply says and under which article; each basis maps
to one row. Two bases can share a row: 第三十六条第（一）项 (already published) and 第（二）项 (provided)
are both 予以公开; 非本机关 (第三十六条第（五）项) is reported as 本机关不掌握相关政府信息, as the 2021
format has no row of its own for it. Pure data, no database.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    """The row codes of table 三 (三、本年度办理结果) — the values reports count."""

    DISCLOSED = "disclosed", _("予以公开")
    PARTLY_DISCLOSED = "partly_disclosed", _("部分公开")
    WITHHELD_STATE_SECRET = "withheld_state_secret", _("不予公开：属于国家秘密")
    WITHHELD_LAW_PROHIBITED = "withheld_law_prohibited", _("不予公开：其他法律行政法规禁止公开")
    WITHHELD_THREE_SECURITIES = "withheld_three_securities", _("不予公开：危及“三安全一稳定”")
    WITHHELD_THIRD_PARTY = "withheld_third_party", _("不予公开：保护第三方合法权益")
    WITHHELD_INTERNAL_AFFAIRS = "withheld_internal_affairs", _("不予公开：属于三类内部事务信息")
    WITHHELD_PROCESS_INFO = "withheld_process_info", _("不予公开：属于四类过程性信息")
    WITHHELD_ENFORCEMENT_FILE = "withheld_enforcement_file", _("不予公开：属于行政执法案卷")
    WITHHELD_INQUIRY_MATTER = "withheld_inquiry_matter", _("不予公开：属于行政查询事项")
    UNAVAILABLE_NOT_HELD = "unavailable_not_held", _("无法提供：本机关不掌握相关政府信息")
    UNAVAILABLE_NEEDS_CREATION = "unavailable_needs_creation", _("无法提供：没有现成信息需要另行制作")
    UNAVAILABLE_STILL_UNCLEAR = "unavailable_still_unclear", _("无法提供：补正后申请内容仍不明确")
    NOT_HANDLED_PETITION = "not_handled_petition", _("不予处理：信访举报投诉类申请")
    NOT_HANDLED_REPEAT = "not_handled_repeat", _("不予处理：重复申请")
    NOT_HANDLED_PUBLICATION = "not_handled_publication", _("不予处理：要求提供公开出版物")
    NOT_HANDLED_EXCESSIVE = "not_handled_excessive", _("不予处理：无正当理由大量反复申请")
    NOT_HANDLED_CONFIRMATION = "not_handled_confirmation", _("不予处理：要求行政机关确认或重新出具已获取信息")
    OTHER_NO_CORRECTION = "other_no_correction", _("其他处理：申请人无正当理由逾期不补正")
    OTHER_UNPAID_FEE = "other_unpaid_fee", _("其他处理：申请人逾期未缴纳信息处理费")
    OTHER_MISC = "other_misc", _("其他处理：其他")


# Rows whose decision refuses disclosure: since 2024-01-01 the applicant must apply for 行政复议
# before suing (行政复议法 第二十三条第一款第（四）项). A 部分公开 decision refuses the withheld part.
REFUSAL_OUTCOMES = frozenset(o for o in Outcome if o.value.startswith("withheld_"))
REVIEW_FIRST_OUTCOMES = REFUSAL_OUTCOMES | {Outcome.PARTLY_DISCLOSED}
# Outcomes a case reaches by the applicant's default, not by a decision the clerk chooses.
DEFAULT_ENDINGS = frozenset({Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_UNPAID_FEE})


@dataclass(frozen=True)
class Basis:
    code: str
    outcome: Outcome
    label: str  # what the clerk picks
    article: str  # the legal basis cited in the letter
    finding: str  # the sentence of the letter that states the decision
    needs: tuple[str, ...] = ()  # detail fields the clerk must fill: "withheld", "reason", "responsible_organ"


_S36 = "《中华人民共和国政府信息公开条例》第三十六条"
_REG = "《中华人民共和国政府信息公开条例》"

BASES: tuple[Basis, ...] = (
    Basis("already_public", Outcome.DISCLOSED, "已主动公开，告知获取方式", f"{_S36}第（一）项",
          "您申请获取的政府信息已经主动公开，获取的方式和途径如下。", ("reason",)),
    Basis("provided", Outcome.DISCLOSED, "予以公开，提供信息", f"{_S36}第（二）项",
          "您申请获取的政府信息属于公开范围，现予以提供，提供的形式、获取方式和时间如下。", ("reason",)),
    Basis("partly", Outcome.PARTLY_DISCLOSED, "部分公开（区分处理）",
          f"{_REG}第三十七条、第三十六条第（三）项",
          "您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，现向您提供可以公开的部分；不予公开的部分及理由如下。",
          ("withheld", "reason")),
    Basis("state_secret", Outcome.WITHHELD_STATE_SECRET, "不予公开：国家秘密",
          f"{_REG}第十四条、第三十六条第（三）项", "您申请获取的政府信息属于国家秘密，依法不予公开。", ("reason",)),
    Basis("law_prohibited", Outcome.WITHHELD_LAW_PROHIBITED, "不予公开：法律、行政法规禁止公开",
          f"{_REG}第十四条、第三十六条第（三）项", "您申请获取的政府信息属于法律、行政法规禁止公开的信息，依法不予公开。",
          ("reason",)),
    Basis("three_securities", Outcome.WITHHELD_THREE_SECURITIES, "不予公开：危及“三安全一稳定”",
          f"{_REG}第十四条、第三十六条第（三）项",
          "您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，依法不予公开。", ("reason",)),
    Basis("third_party", Outcome.WITHHELD_THIRD_PARTY, "不予公开：商业秘密、个人隐私（保护第三方）",
          f"{_REG}第十五条、第三十二条、第三十六条第（三）项",
          "您申请获取的政府信息涉及商业秘密、个人隐私，公开会对第三方合法权益造成损害，依法不予公开。", ("reason",)),
    Basis("internal_affairs", Outcome.WITHHELD_INTERNAL_AFFAIRS, "不予公开：内部事务信息",
          f"{_REG}第十六条第一款、第三十六条第（三）项",
          "您申请获取的政府信息属于人事管理、后勤管理、内部工作流程等内部事务信息，可以不予公开。", ("reason",)),
    Basis("process_info", Outcome.WITHHELD_PROCESS_INFO, "不予公开：过程性信息",
          f"{_REG}第十六条第二款、第三十六条第（三）项",
          "您申请获取的政府信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息，可以不予公开。", ("reason",)),
    Basis("enforcement_file", Outcome.WITHHELD_ENFORCEMENT_FILE, "不予公开：行政执法案卷",
          f"{_REG}第十六条第二款、第三十六条第（三）项", "您申请获取的政府信息属于行政执法案卷信息，可以不予公开。",
          ("reason",)),
    Basis("inquiry_matter", Outcome.WITHHELD_INQUIRY_MATTER, "不予公开：行政查询事项（特别规定）",
          f"{_S36}第（七）项",
          "您申请获取的信息属于法律、行政法规对信息的获取有特别规定的行政查询事项，请按照有关法律、行政法规的规定办理。",
          ("reason",)),
    Basis("not_held", Outcome.UNAVAILABLE_NOT_HELD, "无法提供：经检索没有所申请公开信息", f"{_S36}第（四）项",
          "经检索，本机关没有制作或者获取您申请公开的政府信息，该政府信息不存在。", ("reason",)),
    Basis("not_this_organ", Outcome.UNAVAILABLE_NOT_HELD, "无法提供：非本机关负责公开", f"{_S36}第（五）项",
          "您申请获取的政府信息不属于本机关负责公开。", ("responsible_organ", "reason")),
    Basis("needs_creation", Outcome.UNAVAILABLE_NEEDS_CREATION, "无法提供：需要另行制作（加工、分析）",
          f"{_REG}第三十八条",
          "您申请获取的信息需要本机关对现有政府信息进行加工、分析，本机关可以不予提供。", ("reason",)),
    Basis("still_unclear", Outcome.UNAVAILABLE_STILL_UNCLEAR, "无法提供：补正后仍不明确", f"{_REG}第三十条",
          "经补正，您的申请内容仍不明确，本机关无法确定您所申请的政府信息。", ("reason",)),
    Basis("petition", Outcome.NOT_HANDLED_PETITION, "不予处理：信访、投诉、举报", f"{_REG}第三十九条第一款",
          "您以政府信息公开申请的形式提出的信访、投诉、举报等诉求，不作为政府信息公开申请处理，请通过相应渠道提出。",
          ("reason",)),
    Basis("repeat", Outcome.NOT_HANDLED_REPEAT, "不予处理：重复申请", f"{_S36}第（六）项",
          "本机关已就您申请公开的同一政府信息作出答复，您重复申请公开相同政府信息，本机关不予重复处理。", ("reason",)),
    Basis("publication", Outcome.NOT_HANDLED_PUBLICATION, "不予处理：要求提供公开出版物", f"{_REG}第三十九条第二款",
          "您申请获取的是政府公报、报刊、书籍等公开出版物，本机关告知您获取的途径，不作为政府信息公开申请处理。",
          ("reason",)),
    Basis("excessive", Outcome.NOT_HANDLED_EXCESSIVE, "不予处理：无正当理由大量反复申请", f"{_REG}第三十五条",
          "您申请公开政府信息的数量、频次明显超过合理范围，且说明的理由不合理，本机关不予处理。", ("reason",)),
    Basis("confirmation", Outcome.NOT_HANDLED_CONFIRMATION, "不予处理：要求确认或重新出具已获取信息",
          f"{_REG}第三十八条",
          "您要求本机关确认或者重新出具已经获取的信息，不属于政府信息公开申请的处理范围，本机关不予处理。", ("reason",)),
    Basis("no_correction", Outcome.OTHER_NO_CORRECTION, "申请人逾期不补正", f"{_REG}第三十条",
          "您无正当理由逾期未补正申请，视为放弃申请，本机关不再处理该政府信息公开申请。"),
    Basis("unpaid_fee", Outcome.OTHER_UNPAID_FEE, "申请人逾期未缴费",
          f"{_REG}第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
          "您逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。"),
    Basis("other", Outcome.OTHER_MISC, "其他处理（如申请人撤回申请）", f"{_REG}第三十三条",
          "本机关对您的申请作如下处理。", ("reason",)),
)

BASIS_BY_CODE = {b.code: b for b in BASES}
# The bases a clerk may choose in the outcome form (the two default endings have their own actions).
DECIDABLE_BASES = tuple(b for b in BASES if b.outcome not in DEFAULT_ENDINGS)


def basis(code: str) -> Basis:
    try:
        return BASIS_BY_CODE[code]
    except KeyError:
        raise ValueError(f"unknown basis {code!r}") from None


def review_first(outcome: str) -> bool:
    """True when the decision (or part of it) refuses disclosure, so 复议 must come first."""
    return outcome in REVIEW_FIRST_OUTCOMES
