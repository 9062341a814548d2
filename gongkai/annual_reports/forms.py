from pathlib import PurePath

from django import forms
from django.utils import timezone

from .deadlines import DEFAULT_DEADLINES
from .format import (
    APPLICANT_LABELS,
    REPORT_YEAR_RANGE_MESSAGE,
    SECTION_TITLES,
    T2_ROW_COLUMNS,
    T4_GROUP_CHOICES,
    T4_RESULT_CHOICES,
    valid_report_year,
)
from .reading import MAX_BYTES

ALLOWED_SUFFIXES = {".txt", ".md", ".htm", ".html", ".docx", ".pdf", ""}
ORGAN_KINDS = (("", "按报告名称判断"),
               ("government", "人民政府（{}月{}日前公布）".format(*DEFAULT_DEADLINES["government"])),
               ("department", "部门（{}月{}日前公布）".format(*DEFAULT_DEADLINES["department"])))


class AuditForm(forms.Form):
    """Paste a report's text or upload its file (one of the two)."""

    text = forms.CharField(label="粘贴报告全文", required=False, widget=forms.Textarea(attrs={"rows": 12}),
                           max_length=2_000_000, strip=False)
    file = forms.FileField(label="或上传文件（TXT、HTML、DOCX、PDF，不超过20MB）", required=False)
    organ_kind = forms.ChoiceField(label="机关类型（用于判断是否按时公布）", choices=ORGAN_KINDS, required=False)
    save_organ = forms.ModelChoiceField(label="保存到机关档案（可选）", queryset=None, required=False,
                                        empty_label="不保存")
    # The range (FIRST_REPORT_YEAR to this year) is checked in clean_save_year, with the one message.
    save_year = forms.IntegerField(label="报告年度", required=False)
    save_published_on = forms.DateField(label="发布日期（报告未印发布日期时填写）", required=False,
                                        widget=forms.DateInput(attrs={"type": "date"}))
    save_reason = forms.CharField(label="报告内容与所选机关、年度或日期不符时仍保存的理由（仅主管部门填写）",
                                  required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, organs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organs is None:
            for name in ("save_organ", "save_year", "save_published_on", "save_reason"):
                del self.fields[name]
        else:
            self.fields["save_organ"].queryset = organs

    def clean_save_year(self):
        year = self.cleaned_data.get("save_year")
        if year is not None and not valid_report_year(year, timezone.localdate()):
            raise forms.ValidationError(REPORT_YEAR_RANGE_MESSAGE.format(year=year))
        return year

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


class ReportFileForm(AuditForm):
    """Save (or replace) the report file of one organ and year, on its workspace."""

    published_on = forms.DateField(label="发布日期（报告未印发布日期时填写）", required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="报告内容与本机关、本年度或发布日期不符时仍保存的理由（仅主管部门填写）", required=False,
                             max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, can_accept: bool = False, **kwargs):
        super().__init__(*args, organs=None, **kwargs)
        del self.fields["organ_kind"]
        self.fields["file"].label = "报告文件（TXT、HTML、DOCX、PDF，不超过20MB）"
        self.fields["text"].label = "或粘贴报告全文"
        self.order_fields(["file", "text", "published_on", "reason"])
        if not can_accept:
            del self.fields["reason"]


class EnteredFiguresForm(forms.Form):
    """What the clerk enters for a report: figures kept in other systems, with their sources; the
    first year's carry-over; table 四 until 行政复议/诉讼 records are kept in Gongkai."""

    licensing = forms.IntegerField(label="行政许可 本年处理决定数量", required=False, min_value=0)
    licensing_source = forms.CharField(label="数据来源", required=False, max_length=200)
    penalties = forms.IntegerField(label="行政处罚 本年处理决定数量", required=False, min_value=0)
    penalties_source = forms.CharField(label="数据来源", required=False, max_length=200)
    coercion = forms.IntegerField(label="行政强制 本年处理决定数量", required=False, min_value=0)
    coercion_source = forms.CharField(label="数据来源", required=False, max_length=200)
    fees = forms.DecimalField(label="行政事业性收费 本年收费金额（万元）", required=False, min_value=0, decimal_places=4)
    fees_source = forms.CharField(label="数据来源", required=False, max_length=200)
    enter_carried_in = forms.BooleanField(label="首年使用本系统：按上年报告的“结转下年度继续办理”填写上年结转", required=False)
    enter_table4 = forms.BooleanField(label="录入表四（行政复议、行政诉讼）", required=False)

    T2 = tuple((code, T2_ROW_COLUMNS[code][0]) for code in ("licensing", "penalties", "coercion", "fees"))
    KINDS = APPLICANT_LABELS
    T4 = T4_GROUP_CHOICES
    T4_RESULTS = T4_RESULT_CHOICES

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i, label in enumerate(self.KINDS):
            self.fields[f"carried_in_{i}"] = forms.IntegerField(label=f"上年结转 {label}", required=False, min_value=0)
        for group, glabel in self.T4:
            for result, rlabel in self.T4_RESULTS:
                self.fields[f"t4_{group}_{result}"] = forms.IntegerField(label=f"{glabel} {rlabel}", required=False,
                                                                         min_value=0)

    @classmethod
    def initial_from(cls, entered: dict) -> dict:
        initial: dict = {}
        for code, column in cls.T2:
            item = (entered.get("table2") or {}).get(code) or {}
            initial[code], initial[f"{code}_source"] = item.get(column), item.get("source", "")
        if entered.get("carried_in") is not None:
            initial["enter_carried_in"] = True
            initial.update({f"carried_in_{i}": v for i, v in enumerate(entered["carried_in"])})
        if entered.get("table4") is not None:
            initial["enter_table4"] = True
            for group, _ in cls.T4:
                for result, _ in cls.T4_RESULTS:
                    initial[f"t4_{group}_{result}"] = entered["table4"][group][result]
        return initial

    def entered(self) -> dict:
        data = self.cleaned_data
        return {
            "table2": {code: {column: data.get(code), "source": data.get(f"{code}_source", "")}
                       for code, column in self.T2},
            "carried_in": [data.get(f"carried_in_{i}") or 0 for i in range(6)] if data.get("enter_carried_in") else None,
            "table4": {group: {result: data.get(f"t4_{group}_{result}") or 0 for result, _ in self.T4_RESULTS}
                       for group, _ in self.T4} if data.get("enter_table4") else None,
        }


class SectionsForm(forms.Form):
    overview = forms.CharField(label=SECTION_TITLES["overview"], required=False, widget=forms.Textarea(attrs={"rows": 10}))
    proactive = forms.CharField(label=SECTION_TITLES["proactive"], required=False, widget=forms.Textarea(attrs={"rows": 3}))
    applications = forms.CharField(label=SECTION_TITLES["applications"], required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}))
    remedies = forms.CharField(label=SECTION_TITLES["remedies"], required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    problems = forms.CharField(label=SECTION_TITLES["problems"], required=False, widget=forms.Textarea(attrs={"rows": 8}))
    other = forms.CharField(label=SECTION_TITLES["other"], required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
