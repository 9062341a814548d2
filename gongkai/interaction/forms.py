"""Forms render the fields and parse the request; the rules are in `services.clean_message`."""

from django import forms

from gongkai.organs.models import Organ

from .models import ErrorType

BLANK = [("", "请选择")]


def _text(**attrs):
    return forms.TextInput(attrs=attrs)


class AskForm(forms.Form):
    """政务咨询: to which organ, the question, who asks (never public) and whether it may be published."""

    organ = forms.ChoiceField(label="咨询机关")
    title = forms.CharField(label="标题", max_length=100, widget=_text(autocomplete="off"))
    content = forms.CharField(label="咨询内容", widget=forms.Textarea(attrs={"rows": 6}),
                              help_text="请写明您想了解的政策或事项。请勿填写身份证号码等个人信息。")
    name = forms.CharField(label="姓名", max_length=50, widget=_text(autocomplete="name"),
                           help_text="不会公开；公开答复时只显示姓氏。")
    phone = forms.CharField(label="联系电话", max_length=30, required=False, widget=forms.TextInput(
        attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}))
    email = forms.CharField(label="电子邮箱（答复将发送到此邮箱）", max_length=254, required=False, widget=forms.TextInput(
        attrs={"type": "email", "inputmode": "email", "autocomplete": "email", "spellcheck": "false"}))
    consent_publish = forms.BooleanField(label="同意在“政务咨询”栏目公开我的留言和答复（不公开姓名和联系方式）",
                                         required=False)
    captcha = forms.CharField(label="验证码", max_length=4, widget=_text(inputmode="numeric", autocomplete="off"))

    def __init__(self, *args, organs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].choices = BLANK + [(o.code, o.name) for o in organs]


class SiteErrorForm(forms.Form):
    """我为政府网站找错: where, what kind of fault, what was seen; contact optional."""

    page_url = forms.CharField(label="出错网页地址", max_length=500, required=False, widget=_text(
        inputmode="url", autocomplete="off", spellcheck="false"))
    error_type = forms.ChoiceField(label="问题类型", choices=BLANK + list(ErrorType.choices))
    title = forms.CharField(label="标题", max_length=100, widget=_text(autocomplete="off"))
    content = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 5}))
    name = forms.CharField(label="姓名（可选）", max_length=50, required=False, widget=_text(autocomplete="name"))
    phone = forms.CharField(label="联系电话（可选）", max_length=30, required=False, widget=forms.TextInput(
        attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}))
    email = forms.CharField(label="电子邮箱（可选，用于告知处理结果）", max_length=254, required=False,
                            widget=forms.TextInput(attrs={"type": "email", "inputmode": "email",
                                                          "autocomplete": "email", "spellcheck": "false"}))
    captcha = forms.CharField(label="验证码", max_length=4, widget=_text(inputmode="numeric", autocomplete="off"))


class AnswerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reply = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 6}))
    publish = forms.BooleanField(label="在“政务咨询”栏目公开答复（留言人已同意公开）", required=False)


class TransferForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_organ = forms.ModelChoiceField(queryset=Organ.objects.filter(is_active=True).order_by("path"),
                                      label="转至机关", empty_label="请选择")
    reason = forms.CharField(label="转办理由", max_length=300)


class InvalidForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="无效原因（如广告、辱骂、重复留言）", max_length=300)
