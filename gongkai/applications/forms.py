"""Forms: they render the fields and parse the request; the rules are in `intake` and the services."""

from django import forms

from gongkai.organs.models import Organ

from .models import CHANNEL_DATE_LABELS, ApplicantKind, Channel, Delivery, IdType, InfoForm
from .outcomes import DECIDABLE_BASES

BLANK = [("", "请选择")]


def _text(**attrs) -> forms.TextInput:
    return forms.TextInput(attrs=attrs)


ATTACHMENT_TYPES = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class ApplyForm(forms.Form):
    """第二十九条: who applies, what information, in what form and how it is to be received.

    The checks are intake's (the same for the form, the register, the API and the import); the widgets
    say what a phone keyboard should offer and what the browser may fill in."""

    organ = forms.ModelChoiceField(Organ.objects.filter(is_active=True).order_by("path"), label="受理机关",
                                   empty_label="请选择")
    applicant_kind = forms.ChoiceField(label="申请人类型", choices=BLANK + list(ApplicantKind.choices))
    applicant_name = forms.CharField(label="姓名或名称", max_length=100, widget=_text(autocomplete="name"))
    id_type = forms.ChoiceField(label="证件类型", choices=BLANK + list(IdType.choices))
    id_number = forms.CharField(label="证件号码", max_length=40, widget=_text(
        autocomplete="off", autocapitalize="characters", spellcheck="false"))
    contact_person = forms.CharField(label="联系人（法人或其他组织填写）", max_length=50, required=False,
                                     widget=_text(autocomplete="name"))
    phone = forms.CharField(label="联系电话", max_length=30, required=False,
                            help_text="11位手机号码，或带区号的固定电话（如 0469-1234567）。",
                            widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}))
    email = forms.CharField(label="电子邮箱", max_length=254, required=False, widget=forms.TextInput(attrs={
        "type": "email", "inputmode": "email", "autocomplete": "email", "spellcheck": "false"}))
    address = forms.CharField(label="通信地址", max_length=200, required=False,
                              widget=_text(autocomplete="street-address"))
    postcode = forms.CharField(label="邮政编码", max_length=6, required=False,
                               widget=_text(inputmode="numeric", autocomplete="postal-code"))
    description = forms.CharField(label="所需政府信息的内容描述", widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text="请写明信息的名称、文号或便于查询的其他特征。一份申请只申请一项信息（一事一申请）。")
    doc_no = forms.CharField(label="文号（如知道）", max_length=100, required=False, widget=_text(autocomplete="off"))
    info_form = forms.ChoiceField(label="所需信息的形式", choices=BLANK + list(InfoForm.choices))
    delivery = forms.ChoiceField(label="获取信息的方式", choices=BLANK + list(Delivery.choices))
    id_copy = forms.FileField(label="身份证明复印件（PDF、JPG、PNG，不超过10MB）", required=False,
                              widget=forms.ClearableFileInput(attrs={"accept": ATTACHMENT_TYPES}))
    other_file = forms.FileField(label="其他材料（可选）", required=False,
                                 widget=forms.ClearableFileInput(attrs={"accept": ATTACHMENT_TYPES}))
    several_items_ok = forms.BooleanField(label="我确认本申请只涉及一项政府信息", required=False)
    captcha = forms.CharField(label="验证码", max_length=4, required=False,
                              widget=_text(inputmode="numeric", autocomplete="off"))

    def __init__(self, *args, organs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organs is not None:
            self.fields["organ"].queryset = organs


class RegisterForm(ApplyForm):
    """A clerk registers an application that came by letter, visit, fax or e-mail (第三十一条)."""

    channel = forms.ChoiceField(label="申请渠道", choices=BLANK + [c for c in Channel.choices if c[0] != "online"])
    received_on = forms.DateField(label="收到日期", help_text="；".join(
        f"{Channel(k).label}：{v}" for k, v in CHANNEL_DATE_LABELS.items() if k != Channel.ONLINE),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    arrived_on = forms.DateField(label="实际到达日期（平信等，可选）", required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["captcha"]


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AssignForm(VersionForm):
    assignee = forms.ModelChoiceField(queryset=None, label="经办人", required=False, empty_label="（不指定）")

    def __init__(self, *args, assignees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees


class TransferForm(VersionForm):
    to_organ = forms.ModelChoiceField(queryset=Organ.objects.filter(is_active=True), label="转至机关")
    reason = forms.CharField(label="转办理由", max_length=300)


class NoteForm(forms.Form):
    note = forms.CharField(label="内部备注（申请人看不到）", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class CorrectionForm(VersionForm):
    items = forms.CharField(label="需要补正的事项（每行一项，一次性列明）", widget=forms.Textarea(attrs={"rows": 3}))
    deadline_days = forms.IntegerField(label="补正期限（送达后工作日）", min_value=1, max_value=30, initial=15)


class DateForm(VersionForm):
    on = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(label="说明", max_length=500, required=False)


class CorrectionReceiveForm(DateForm):
    corrected_description = forms.CharField(
        label="补正后的申请内容（答复书将引用补正后的内容）", max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(VersionForm):
    reason = forms.CharField(label="撤回理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "请填写撤回决定的理由。"})


class ConsultationForm(VersionForm):
    party = forms.CharField(label="被征求意见方", max_length=100)
    party_kind = forms.ChoiceField(label="类型", choices=[("third_party", "第三方（第三十二条）"),
                                                        ("organ", "共同制作机关（第三十四条）")])
    matters = forms.CharField(label="征求意见的内容", max_length=500, required=False)


class ExtensionForm(VersionForm):
    days = forms.IntegerField(label="延长工作日", min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label="延期理由", max_length=300)


class FeeForm(VersionForm):
    method = forms.ChoiceField(label="计收方式", choices=[("per_item", "按件计收"), ("per_page", "按量计收")])
    pages = forms.IntegerField(label="页数（按量计收时填写）", min_value=0, required=False)
    # 缴纳方式 printed on the notice: the organ's settings are the defaults (letters.LetterSettings).
    payment_method = forms.CharField(label="缴纳方式", max_length=100, required=False)
    payee = forms.CharField(label="收款单位", max_length=100, required=False)
    bank = forms.CharField(label="开户银行", max_length=100, required=False)
    account = forms.CharField(label="账号", max_length=40, required=False)
    payment_code = forms.CharField(label="非税收入缴款码（本通知的）", max_length=40, required=False)
    payment_note = forms.CharField(label="缴费说明", max_length=300, required=False)

    PAYMENT_FIELDS = ("payment_method", "payee", "bank", "account", "payment_code", "payment_note")

    def payment(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in self.PAYMENT_FIELDS}


class DecideForm(VersionForm):
    basis = forms.ChoiceField(label="答复类型", choices=BLANK + [(b.code, b.label) for b in DECIDABLE_BASES])
    reason = forms.CharField(label="理由或说明（提供方式、获取途径等）", widget=forms.Textarea(attrs={"rows": 3}),
                             required=False)
    withheld = forms.CharField(label="不予公开的内容及理由（部分公开时填写，每行“内容：理由”）",
                               widget=forms.Textarea(attrs={"rows": 2}), required=False)
    responsible_organ = forms.CharField(label="负责公开的机关（非本机关时填写）", max_length=100, required=False)
    responsible_contact = forms.CharField(label="该机关联系方式", max_length=100, required=False)


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")



class WaitForm(VersionForm):
    note = forms.CharField(label="继续等待的理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonsForm(VersionForm):
    deadline_days = forms.IntegerField(label="说明理由的期限（送达后工作日）", min_value=1, max_value=30, initial=10)


class ReasonsAssessForm(VersionForm):
    reasonable = forms.TypedChoiceField(label="审查结论", coerce=lambda v: v == "1", choices=[
        ("0", "理由不合理：不予处理（第三十五条）"), ("1", "理由合理")])
    note = forms.CharField(label="审查意见", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label="延迟答复的合理期限（理由合理但无法按期答复时填写）", widget=DATE_INPUT, required=False)


class ThirdPartyForm(VersionForm):
    party = forms.CharField(label="第三方（已征求意见的）", max_length=100)
    objection = forms.CharField(label="第三方的意见", max_length=500, required=False)
    content = forms.CharField(label="决定公开的内容", max_length=500)
    reasons = forms.CharField(label="决定公开的理由（不公开可能对公共利益造成重大影响）", max_length=500,
                              widget=forms.Textarea(attrs={"rows": 2}))
