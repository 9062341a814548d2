"""The forms of a letter's page: 发出, 送达 and the confirmation of provisional dates."""

from django import forms

from gongkai.applications.forms import BLANK, DATE_INPUT

from .models import ServiceMethod


class SendForm(forms.Form):
    """发出 (交邮): a mailed letter is recorded the day it leaves; the 送达 follows with the 回执."""

    method = forms.ChoiceField(label="发出方式", choices=BLANK + list(ServiceMethod.choices))
    sent_on = forms.DateField(label="发出日期（交邮日期）", widget=DATE_INPUT)
    registered_no = forms.CharField(label="挂号单号（邮寄时填写）", max_length=40, required=False)


class ServeForm(forms.Form):
    method = forms.ChoiceField(label="送达方式", choices=BLANK + list(ServiceMethod.choices))
    sent_on = forms.DateField(label="发出日期（与送达不是同一天时填写，如交邮日期）", widget=DATE_INPUT, required=False)
    served_on = forms.DateField(label="送达日期", widget=DATE_INPUT)
    registered_no = forms.CharField(label="挂号单号（邮寄时填写）", max_length=40, required=False)


class ConfirmDatesForm(forms.Form):
    reason = forms.CharField(label="确认理由", max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="如：已核对国务院办公厅放假通知；或按法定节假日计算，通知公布后如有变化另行告知申请人。")
