"""The built-in letter templates, the legal basis of each letter and the remedy notice.

Templates are Django template text (an organ may override title and body per kind and 答复类型,
see `LetterTemplate`). The basis and the remedy notice are computed here, by rule, and are not
editable: since 2024-01-01 a 不予公开 decision, and the withheld part of a 部分公开 decision, must
tell the applicant to apply for 行政复议 first (行政复议法 第二十三条第一款第（四）项).
"""

from __future__ import annotations

from gongkai.applications.outcomes import Outcome, basis, review_first

from .models import LetterKind

REG = "《中华人民共和国政府信息公开条例》"

# After a 补正 the letters quote the corrected request (第三十条), saying when it arrived.
OPENING = ("本机关于{{ received }}收到您提出的政府信息公开申请（受理编号：{{ tracking_no }}），"
           "{% if corrected_on %}并于{{ corrected_on }}收到您补正后的申请，{% endif %}"
           "申请获取“{{ description }}”{% if doc_no %}（文号：{{ doc_no }}）{% endif %}。")

DEFAULT_TEMPLATES: dict[str, tuple[str, str]] = {
    LetterKind.RECEIPT: (
        "政府信息公开申请受理回执",
        OPENING + "根据" + REG + "第三十三条，本机关将自收到申请之日起20个工作日内予以答复，答复期限为{{ due }}。"
        "您可凭受理编号和查询码在本机关门户网站“申请查询”栏目查询办理进度。",
    ),
    LetterKind.CORRECTION: (
        "政府信息公开申请补正告知书",
        OPENING + "\n\n经审查，您的申请内容不明确，根据" + REG + "第三十条，请您对下列事项一并作出补正：\n\n"
        "{% for item in items %}{{ forloop.counter }}.{{ item }}\n{% endfor %}\n"
        "请自收到本告知书之日起{{ deadline_days }}个工作日内提交补正后的申请。答复期限自本机关收到补正的申请之日起计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请。",
    ),
    LetterKind.EXTENSION: (
        "政府信息公开申请延期答复告知书",
        OPENING + "\n\n因{{ reason }}，本机关不能在法定期限内作出答复。根据" + REG + "第三十三条第二款，"
        "经本机关政府信息公开工作机构负责人同意，答复期限延长{{ days }}个工作日，延长后的答复期限为{{ due }}。",
    ),
    LetterKind.CONSULTATION: (
        "政府信息公开征求意见书",
        "{{ party }}：\n\n本机关收到一份政府信息公开申请（受理编号：{{ tracking_no }}），申请获取“{{ description }}”。"
        "{% if party_kind == 'organ' %}该政府信息由本机关与贵机关共同制作，根据" + REG + "第三十四条，"
        "现征求贵机关意见。{% else %}该政府信息的公开可能损害贵方的合法权益，根据" + REG + "第三十二条，"
        "现书面征求贵方意见。{% endif %}{% if matters %}\n\n征求意见的内容：{{ matters }}{% endif %}\n\n"
        "请自收到本征求意见书之日起15个工作日内提出意见。"
        "{% if party_kind == 'organ' %}逾期未提出意见的，视为同意公开（" + REG + "第三十四条）。"
        "{% else %}逾期未提出意见的，由本机关依照" + REG + "的规定决定是否公开（第三十二条）。"
        "第三方不同意公开且有合理理由的，本机关不予公开；但本机关认为不公开可能对公共利益造成重大影响的，"
        "可以决定予以公开，并将决定公开的内容和理由书面告知贵方。{% endif %}",
    ),
    LetterKind.CONSULTATION_NOTICE: (
        "政府信息公开征求意见告知书",
        OPENING + "\n\n{% if party_kind == 'organ' %}您申请获取的政府信息由本机关与其他机关共同制作，根据" + REG
        + "第三十四条，本机关正在征求共同制作机关的意见。{% else %}您申请公开的政府信息的公开可能损害第三方合法权益，"
        "根据" + REG + "第三十二条，本机关正在书面征求第三方的意见。{% endif %}根据" + REG + "第三十三条第三款，"
        "征求意见所需时间不计算在答复期限内。本机关将在征求意见结束后依法作出答复。",
    ),
    LetterKind.THIRD_PARTY_DECISION: (
        "政府信息公开告知书",
        "{{ party }}：\n\n本机关收到一份政府信息公开申请（受理编号：{{ tracking_no }}），申请获取“{{ description }}”，"
        "并依照" + REG + "第三十二条书面征求了贵方意见。{% if objection %}贵方提出：{{ objection }}。{% endif %}"
        "\n\n经审查，本机关认为不公开可能对公共利益造成重大影响，决定予以公开。决定公开的内容：{{ content }}。"
        "理由：{{ reasons }}。\n\n根据" + REG + "第三十二条，特此书面告知。",
    ),
    LetterKind.REASONS: (
        "政府信息公开申请说明理由告知书",
        OPENING + "\n\n经统计，您{{ period }}共向本机关提出政府信息公开申请{{ count }}件，申请的数量、频次明显超过"
        "合理范围。根据" + REG + "第三十五条，请您自收到本告知书之日起{{ deadline_days }}个工作日内，"
        "书面说明申请的理由。\n\n本机关认为申请理由不合理的，将告知您不予处理；认为理由合理，但无法在"
        + REG + "第三十三条规定的期限内答复的，将确定延迟答复的合理期限并告知您。",
    ),
    LetterKind.DELAYED_REPLY: (
        "政府信息公开申请延迟答复告知书",
        OPENING + "\n\n您已按本机关要求说明了申请理由。经审查，本机关认为您的理由合理，但因申请的数量、频次明显"
        "超过合理范围，无法在" + REG + "第三十三条规定的期限内答复。根据" + REG + "第三十五条，"
        "本机关确定的延迟答复期限为{{ due }}，届时将依法作出答复。",
    ),
    LetterKind.FEE: (
        "政府信息公开信息处理费收费通知书",
        OPENING + "\n\n根据" + REG + "第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），"
        "本机关拟对您的申请收取信息处理费，计算如下：\n\n{% for line in working %}{{ line }}\n{% endfor %}\n"
        "应缴金额：{{ amount }}元。请自收到本通知之日起20个工作日内缴纳；逾期未缴纳的，视为放弃申请，"
        "本机关将不再处理该政府信息公开申请。\n\n"
        "缴纳方式：{{ payment_method|default:'请与本机政府信息公开工作机构联系' }}。"
        "{% if payee %}\n收款单位：{{ payee }}{% endif %}{% if bank %}\n开户银行：{{ bank }}{% endif %}"
        "{% if account %}\n账号：{{ account }}{% endif %}{% if payment_code %}\n非税收入缴款码：{{ payment_code }}{% endif %}"
        "\n缴费时请注明受理编号{{ tracking_no }}。{% if payment_note %}{{ payment_note }}{% endif %}",
    ),
    LetterKind.REPLY: (
        "政府信息公开申请答复书",
        OPENING + "\n\n经审查，现答复如下：\n\n{{ finding }}"
        "{% if withheld %}\n\n不予公开的内容及理由：\n{% for w in withheld %}{{ forloop.counter }}.{{ w.part }}：{{ w.reason }}\n{% endfor %}{% endif %}"
        "{% if responsible_organ %}\n\n该政府信息由{{ responsible_organ }}负责公开{% if responsible_contact %}"
        "（联系方式：{{ responsible_contact }}）{% endif %}，请向该机关申请。{% endif %}"
        "{% if reason %}\n\n{{ reason }}{% endif %}",
    ),
}

# 文号 (GB/T 9704 §7.2.4: 发文机关代字、年份、发文顺序号): the default 机关代字 of each kind is the organ's
# 简称 and this suffix, one series per 代字 and year; an organ sets its own in LetterSettings.doc_no_codes.
DOC_NO_SUFFIXES = {
    LetterKind.REPLY: "公开答",
    LetterKind.CORRECTION: "公开补",
    LetterKind.EXTENSION: "公开延",
    LetterKind.CONSULTATION: "公开征",
    LetterKind.CONSULTATION_NOTICE: "公开征告",
    LetterKind.FEE: "公开费",
    LetterKind.THIRD_PARTY_DECISION: "公开告",
    LetterKind.REASONS: "公开理",
    LetterKind.DELAYED_REPLY: "公开迟",
    LetterKind.RECEIPT: "公开受",
}


def default_doc_no_code(organ, kind: str) -> str:
    return f"{organ.short_name or organ.name}{DOC_NO_SUFFIXES[kind]}"


# Replies that are not answers on the merits get their own title.
DEFAULT_BASIS_TITLES = {
    "no_correction": "政府信息公开申请终止办理告知书",
    "unpaid_fee": "政府信息公开申请终止办理告知书",
}

BASIS_TEXT = {
    LetterKind.RECEIPT: f"{REG}第二十九条、第三十一条、第三十三条",
    LetterKind.CORRECTION: f"{REG}第三十条",
    LetterKind.EXTENSION: f"{REG}第三十三条第二款",
    LetterKind.FEE: f"{REG}第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    LetterKind.THIRD_PARTY_DECISION: f"{REG}第三十二条",
    LetterKind.REASONS: f"{REG}第三十五条",
    LetterKind.DELAYED_REPLY: f"{REG}第三十五条",
}


def basis_text(kind: str, *, outcome_basis: str = "", party_kind: str = "") -> str:
    if kind == LetterKind.REPLY:
        return basis(outcome_basis).article
    if kind in (LetterKind.CONSULTATION, LetterKind.CONSULTATION_NOTICE):
        article = "第三十四条" if party_kind == "organ" else "第三十二条"
        return f"{REG}{article}" + ("、第三十三条第三款" if kind == LetterKind.CONSULTATION_NOTICE else "")
    return BASIS_TEXT[kind]


def review_organ_name(organ) -> str:
    """行政复议机关 (行政复议法 2023 第二十四条): for a department or 派出机构, the people's government of
    its level; for a people's government, the government one level up."""
    node = organ.parent
    while node is not None and not node.is_government:
        node = node.parent
    if organ.is_government:
        return node.name if node else "上一级人民政府"
    return node.name if node else "本级人民政府"


def remedy_text(kind: str, *, organ, outcome: str = "") -> str:
    """救济途径告知: 行政复议 within 60 days (行政复议法 第二十条), 行政诉讼 within 6 months (行政诉讼法
    第四十六条); for a refusal, 复议 first (行政复议法 第二十三条第一款第（四）项)."""
    if kind not in (LetterKind.REPLY, LetterKind.FEE, LetterKind.THIRD_PARTY_DECISION):
        return ""
    doc = {LetterKind.REPLY: "本答复书", LetterKind.FEE: "本通知"}.get(kind, "本告知书")
    reviewer = review_organ_name(organ)
    either = (f"可以自收到{doc}之日起60日内向{reviewer}申请行政复议，"
              f"或者自收到{doc}之日起6个月内依法向人民法院提起行政诉讼。")
    first = (f"根据《中华人民共和国行政复议法》第二十三条第一款第（四）项，应当先自收到{doc}之日起60日内向{reviewer}"
             "申请行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起15日内依法向人民法院提起行政诉讼。")
    if kind == LetterKind.REPLY and review_first(outcome):
        if outcome == Outcome.PARTLY_DISCLOSED:
            return (f"如对本答复中不予公开部分的决定不服，{first}如对本答复的其他内容不服，{either}")
        return f"如对本答复不服，{first}"
    return f"如对{doc}不服，{either}"
