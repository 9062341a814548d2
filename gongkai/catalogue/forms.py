from django import forms

from .models import Column, Item
from .services import PUBLISHED_FIELDS, find_replacement
from .vocab import GENRES, INTERPRETATION_FORMS, TOPIC_CHOICES, TOPIC_SOURCE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REQUIRED = {"required": "请填写此项。", "invalid": "格式不正确。"}


class ItemForm(forms.ModelForm):
    """Draft fields; for a published item only the fields that may still be corrected."""

    column = forms.ModelChoiceField(label="栏目", queryset=Column.objects.none(), error_messages=REQUIRED)
    replaced_by_ref = forms.CharField(label="替代文件（索引号或文号）", required=False, max_length=60)

    class Meta:
        model = Item
        fields = ["title", "doc_no", "topic", "genre", "publisher", "written_on", "issued_on", "keywords",
                  "summary", "body", "validity", "effective_on", "repealed_on"]
        widgets = {"written_on": DATE, "issued_on": DATE, "effective_on": DATE, "repealed_on": DATE,
                   "summary": forms.Textarea(attrs={"rows": 3}), "body": forms.Textarea(attrs={"rows": 14}),
                   "topic": forms.TextInput(attrs={"list": "topics"})}
        error_messages = dict.fromkeys(("title", "written_on", "issued_on", "effective_on", "repealed_on"), REQUIRED)

    topics = TOPIC_CHOICES  # the searchable list (datalist) of 国务院公文主题分类; the service refuses others
    topic_source = TOPIC_SOURCE

    def __init__(self, *args, columns=None, published: bool = False, publisher_default: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["genre"].choices = [("", "—")] + [(g, g) for g in GENRES]
        self.fields["publisher"].required = False
        self.fields["topic"].help_text = "输入关键字搜索，从国务院公文主题分类中选择（如“综合政务\\政务公开”）。"
        self.fields["publisher"].help_text = "默认为本机关；联合发文或以内设机构名义发布时修改。"
        if publisher_default and not (self.instance.pk or self.initial.get("publisher")):
            self.initial["publisher"] = publisher_default
        if columns is not None:
            self.fields["column"].queryset = columns
        if self.instance.pk:
            self.fields["column"].initial = self.instance.column_id
            if self.instance.replaced_by_id:
                self.fields["replaced_by_ref"].initial = (self.instance.replaced_by.index_no
                                                         or self.instance.replaced_by.doc_no)
        if published:
            for name in list(self.fields):
                if name not in PUBLISHED_FIELDS and name != "replaced_by_ref":
                    del self.fields[name]

    def clean_replaced_by_ref(self):
        ref = self.cleaned_data.get("replaced_by_ref", "").strip()
        if not ref:
            return None
        item = find_replacement(ref)
        if item is None:
            raise forms.ValidationError("未找到该索引号或文号对应的已发布政府信息。")
        return item

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("column", None)
        data["replaced_by"] = data.pop("replaced_by_ref", None)
        return data


class NoteForm(forms.Form):
    note = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="撤回原因", widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "请填写撤回原因。"})


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件（PDF、DOCX、PNG、JPG、GIF）", error_messages={
        "required": "请选择要上传的文件。", "empty": "附件是空文件。", "invalid": "上传的不是文件。"})


class InterpretationForm(forms.Form):
    policy_ref = forms.CharField(label="被解读文件（索引号或文号）", max_length=60,
                                 error_messages={"required": "请填写被解读文件的索引号或文号。"})
    form = forms.ChoiceField(label="解读形式", choices=[(f, f) for f in INTERPRETATION_FORMS])

    def clean_policy_ref(self):
        item = find_replacement(self.cleaned_data["policy_ref"])
        if item is None:
            raise forms.ValidationError("未找到该索引号或文号对应的已发布政府信息。")
        return item


class AddInterpretationForm(forms.Form):
    form = forms.ChoiceField(label="解读形式", choices=[(f, f) for f in INTERPRETATION_FORMS], initial="文字")


class ColumnForm(forms.ModelForm):
    class Meta:
        model = Column
        fields = ["name", "owner", "update_every_days", "needs_interpretation", "is_active"]
        error_messages = {"name": REQUIRED, "update_every_days": {"invalid": "请输入天数。"}}

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields["owner"].queryset = owners
