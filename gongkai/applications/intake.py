"""Checking what an applicant sends (第二十九条), field by field, with a Chinese message each.

Used by the public form, the clerk's registration form, the JSON API and the Excel import, so all
four refuse the same things with the same words. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from gongkai.core.exceptions import ApplicationError
from gongkai.organs.models import Organ

from .models import ApplicantKind, Channel, Delivery, IdType, InfoForm

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
# Allowed types, each with the bytes a real file of that type starts with.
ALLOWED_TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}

REQUIRED_FIELDS = {
    "organ": "请选择受理机关。",
    "applicant_kind": "请选择申请人类型。",
    "applicant_name": "请填写申请人姓名或名称。",
    "id_type": "请选择证件类型。",
    "id_number": "请填写证件号码。",
    "description": "请描述所需政府信息（名称、文号或便于查询的其他特征）。",
    "info_form": "请选择所需信息的形式。",
    "delivery": "请选择获取信息的方式。",
}

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


class IntakeError(ApplicationError):
    """Several fields are wrong at once: `errors` maps each field to its Chinese message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("申请内容有误，请按提示修改。", code="invalid", extra={"errors": errors})
        self.errors = errors


def id_card_ok(number: str) -> bool:
    """居民身份证号码 (GB 11643): 17 digits and an ISO 7064 MOD 11-2 check character."""
    n = number.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", n):
        return False
    total = sum(int(c) * w for c, w in zip(n[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == n[17]


def looks_like_several_items(text: str) -> bool:
    """A description listing numbered items (1. 2. / （一）（二） / ①②) asks for several things."""
    numbered = re.findall(r"(?:^|[\s；;。])(?:\d+[.、．)]|[（(][一二三四五六七八九十]+[)）]|[①②③④⑤⑥⑦⑧⑨])", text)
    return len(numbered) >= 2


@dataclass(frozen=True)
class Upload:
    kind: str  # Attachment.Kind value
    name: str
    data: bytes
    field: str = ""  # the form field it came from (its errors are shown there); "" for the API and imports

    @property
    def extension(self) -> str:
        return self.name.rsplit(".", 1)[-1].lower() if "." in self.name else ""

    @property
    def content_type(self) -> str:
        return ALLOWED_TYPES.get(self.extension, ("application/octet-stream",))[0]


def upload_error(up: Upload) -> str | None:
    """What is wrong with one attachment, in Chinese; None when it may be kept."""
    if up.extension not in ALLOWED_TYPES:
        return f"附件“{up.name}”的类型不允许，只接受PDF、JPG、PNG文件。"
    if len(up.data) > MAX_ATTACHMENT_BYTES:
        return f"附件“{up.name}”大小为{len(up.data) / 1024 / 1024:.1f}MB，超过10MB的上限。"
    if not up.data.startswith(ALLOWED_TYPES[up.extension][1]):
        return (f"附件“{up.name}”的内容与扩展名不符，不是真正的{up.extension.upper()}文件，"
                "请上传真实的PDF、JPG或PNG文件。")
    return None


def check_uploads(uploads: list[Upload]) -> dict[str, str]:
    """Every attachment's problem at once, each under its form field (or "attachments")."""
    if len(uploads) > MAX_ATTACHMENTS:
        return {"attachments": f"附件最多{MAX_ATTACHMENTS}个。"}
    errors: dict[str, str] = {}
    for up in uploads:
        message = upload_error(up)
        if message:
            errors.setdefault(up.field or "attachments", message)
    return errors


# Mainland mobile numbers: 11 digits from 13–19 (+86 in front allowed). Landlines: the area code (0 + 2–3
# digits) and a 7–8 digit number, an extension allowed; 400/800 service numbers. Numbers abroad (港澳台,
# foreign passport holders) with their + country code.
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}\d{7,8}|[48]00\d{7}")
_ABROAD = re.compile(r"\+(?!86)\d{7,15}")


def phone_problem(value: str) -> str | None:
    """None for a mainland mobile number, a landline with its area code, or a number abroad with its +
    country code; otherwise the Chinese message saying what is wrong."""
    text = re.sub(r"[\s()（）]", "", value)
    text = re.split(r"(?:转|ext\.?|#|x)\d{1,6}$", text, flags=re.IGNORECASE)[0]  # an extension
    parts = text.split("-")
    if len(parts) == 3 and parts[0].startswith("0") and len(parts[2]) <= 6:  # 0469-1234567-801
        parts = parts[:2]
    number = "".join(parts)
    if _ABROAD.fullmatch(number):
        return None
    number = re.sub(r"^\+?86(?=[01])", "", number)
    if not number.isdigit():
        return "联系电话只能包含数字、空格、括号、连字符和国际区号“+”。"
    if _MOBILE.fullmatch(number) or _LANDLINE.fullmatch(number):
        return None
    if len(number) in (7, 8):
        return "固定电话请加区号，如 0469-1234567。"
    if number.startswith("1"):
        if len(number) != 11:
            return f"手机号码应为11位，您填写了{len(number)}位。"
        return "手机号码不正确：第二位应为3至9。"
    if number.startswith("0"):
        return "固定电话号码不正确：应为区号加7至8位号码，如 0469-1234567。"
    return "固定电话请加区号，如 0469-1234567；手机号码应为11位。"


def clean_application(data: dict, *, organs=None) -> dict:
    """Validate the applicant's fields; returns them cleaned or raises IntakeError (every field at once).

    `organs` is the queryset the organ must come from (the organ may be given by instance, id or code).
    """
    errors: dict[str, str] = {}
    out: dict = {}
    for name in ("applicant_kind", "applicant_name", "id_type", "id_number", "contact_person", "phone", "email",
                 "address", "postcode", "description", "doc_no", "info_form", "delivery"):
        value = data.get(name, "")
        out[name] = value.strip() if isinstance(value, str) else ("" if value is None else str(value).strip())
    for name, message in REQUIRED_FIELDS.items():
        if name != "organ" and not out.get(name):
            errors[name] = message

    organ = data.get("organ")
    if not organ:
        errors["organ"] = REQUIRED_FIELDS["organ"]
    elif not isinstance(organ, Organ):
        qs = organs if organs is not None else Organ.objects.filter(is_active=True)
        organ = qs.filter(code=str(organ).strip()).first() or (
            qs.filter(pk=organ).first() if str(organ).isdigit() else None)
        if organ is None:
            errors["organ"] = "受理机关不存在，请从列表中选择（API 请使用机关代码）。"
    out["organ"] = organ

    if out["applicant_kind"] and out["applicant_kind"] not in ApplicantKind.values:
        errors["applicant_kind"] = "申请人类型无效，应为：" + "、".join(str(label) for label in ApplicantKind.labels) + "。"
    if out["id_type"] and out["id_type"] not in IdType.values:
        errors["id_type"] = "证件类型无效。"
    if out["info_form"] and out["info_form"] not in InfoForm.values:
        errors["info_form"] = "信息形式无效。"
    if out["delivery"] and out["delivery"] not in Delivery.values:
        errors["delivery"] = "获取方式无效。"
    if len(out["applicant_name"]) > 100:
        errors["applicant_name"] = "姓名或名称不能超过100个字。"
    if out["id_type"] == IdType.ID_CARD and out["id_number"] and not id_card_ok(out["id_number"]):
        errors["id_number"] = "居民身份证号码不正确（应为18位，最后一位校验码须正确）。"
    elif out["id_type"] == IdType.USCC and out["id_number"] and not re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{18}",
                                                                              out["id_number"].upper()):
        errors["id_number"] = "统一社会信用代码应为18位数字或大写字母。"
    elif len(out["id_number"]) > 40:
        errors["id_number"] = "证件号码过长。"
    out["id_number"] = out["id_number"].upper()
    if out["applicant_kind"] and out["applicant_kind"] != ApplicantKind.NATURAL_PERSON and not out["contact_person"]:
        errors["contact_person"] = "法人或其他组织申请的，请填写联系人。"
    if not (out["phone"] or out["email"] or out["address"]):
        errors["phone"] = "请至少填写一种联系方式（电话、电子邮箱或通信地址）。"
    if out["phone"] and (problem := phone_problem(out["phone"])):
        errors["phone"] = problem
    if out["email"] and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", out["email"]):
        errors["email"] = "电子邮箱格式不正确。"
    if out["postcode"] and not re.fullmatch(r"\d{6}", out["postcode"]):
        errors["postcode"] = "邮政编码应为6位数字。"
    if out["delivery"] == Delivery.POST and not out["address"]:
        errors["address"] = "选择邮寄的，请填写通信地址。"
    if out["delivery"] == Delivery.EMAIL and not out["email"]:
        errors["email"] = "选择电子邮件获取的，请填写电子邮箱。"
    if out["description"] and len(out["description"]) < 5:
        errors["description"] = "内容描述过短，请写明信息的名称、文号或其他特征。"
    elif len(out["description"]) > 2000:
        errors["description"] = "内容描述不能超过2000字；如需多项信息，请分别提交申请（一事一申请）。"
    if errors:
        raise IntakeError(errors)
    return out


def parse_date(value, field: str, label: str) -> dt.date:
    """A date from a form, the API or Excel; a clear message when it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        raise IntakeError({field: f"请填写{label}。"})
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 — a calendar date, no time
        except ValueError:
            continue
    raise IntakeError({field: f"{label}“{text}”不是有效日期，请按 2026-01-31 的格式填写。"})


def check_received_on(channel: str, received_on: dt.date, *, today: dt.date) -> None:
    if channel not in Channel.values:
        raise IntakeError({"channel": "申请渠道无效。"})
    if received_on > today:
        raise IntakeError({"received_on": "收到日期不能晚于今天。"})
    if received_on < today - dt.timedelta(days=366):
        raise IntakeError({"received_on": "收到日期早于一年前，请核对；历史申请请用导入功能。"})
