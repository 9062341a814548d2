from pathlib import PurePath

from django import forms

from .reading import MAX_BYTES

ALLOWED_SUFFIXES = {".txt", ".md", ".htm", ".html", ".docx", ".pdf", ""}
ORGAN_KINDS = (("", "按报告名称判断"), ("government", "人民政府（3月31日前公布）"),
               ("department", "部门（1月31日前公布）"))


class AuditForm(forms.Form):
    """Paste a report's text or upload its file (one of the two)."""

    text = forms.CharField(label="粘贴报告全文", required=False, widget=forms.Textarea(attrs={"rows": 12}),
                           max_length=2_000_000, strip=False)
    file = forms.FileField(label="或上传文件（TXT、HTML、DOCX、PDF，不超过20MB）", required=False)
    organ_kind = forms.ChoiceField(label="机关类型（用于判断是否按时公布）", choices=ORGAN_KINDS, required=False)
    save_organ = forms.ModelChoiceField(label="保存到机关档案（可选）", queryset=None, required=False,
                                        empty_label="不保存")
    save_year = forms.IntegerField(label="报告年度", required=False, min_value=2008, max_value=2100)

    def __init__(self, *args, organs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organs is None:
            del self.fields["save_organ"], self.fields["save_year"]
        else:
            self.fields["save_organ"].queryset = organs

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"文件超过{MAX_BYTES // (1024 * 1024)}MB的上限，请上传较小的文件。",
                                        code="too_large")
        if PurePath(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError("只能上传TXT、Markdown、HTML、DOCX或PDF文件。", code="type")
        return upload

    def clean(self):
        data = super().clean()
        has_text, has_file = bool((data.get("text") or "").strip()), data.get("file") is not None
        if not has_text and not has_file and not self.errors:
            raise forms.ValidationError("请粘贴报告全文或上传报告文件。")
        if has_text and has_file:
            raise forms.ValidationError("请只粘贴文本或只上传文件，不要同时提交两者。")
        return data

    def source(self) -> tuple[bytes | str, str]:
        """The input and its name for the reader."""
        upload = self.cleaned_data.get("file")
        if upload is not None:
            return upload.read(), PurePath(upload.name).name
        return self.cleaned_data["text"], "粘贴的文本"
