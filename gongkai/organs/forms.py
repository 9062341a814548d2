from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .models import DisclosureOffice


class StaffLoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。连续输错多次后账号将被暂时锁定。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"

    def get_invalid_login_error(self):
        if getattr(self.request, "gongkai_account_locked", False):
            return forms.ValidationError("该账号因连续登录失败已被锁定，请联系系统管理员解除锁定。", code="locked")
        return super().get_invalid_login_error()


class OfficeForm(forms.ModelForm):
    class Meta:
        model = DisclosureOffice
        fields = ["name", "address", "postcode", "office_hours", "phone", "fax", "email", "head"]
        error_messages = {"email": {"invalid": "请输入有效的电子邮箱地址。"}}

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip()
        if postcode and not (len(postcode) == 6 and postcode.isdigit()):
            raise forms.ValidationError("邮政编码应为6位数字。")
        return postcode
