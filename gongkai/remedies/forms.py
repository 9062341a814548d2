"""Forms parse input only; the services decide."""

from django import forms

from gongkai.catalogue.attachments import clean_upload
from gongkai.core.importing import MAX_IMPORT_BYTES

from .models import Lawsuit, Result, Review

DATE = forms.DateInput(attrs={"type": "date"})


class RecordForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=[("review", "行政复议"), ("direct", "行政诉讼（未经复议直接起诉）"),
                                                   ("after_review", "行政诉讼（复议后起诉）")])
    organ = forms.ModelChoiceField(label="被申请人/被告机关", queryset=None)
    tracking_no = forms.CharField(label="申请的受理编号", max_length=20)
    review = forms.IntegerField(label="此前的行政复议（复议后起诉时填写记录编号）", required=False)
    case_no = forms.CharField(label="案号", max_length=100, required=False)
    body = forms.CharField(label="复议机关/人民法院", max_length=100)
    filed_on = forms.DateField(label="申请/起诉日期", widget=DATE)
    procedure = forms.ChoiceField(label="复议审理程序（行政复议时填写）", choices=Review.Procedure.choices,
                                  initial=Review.Procedure.SIMPLE, required=False,
                                  help_text="政府信息公开案件可以适用简易程序（行政复议法第五十三条），答复期限5个工作日；"
                                            "普通程序10个工作日（第四十八条、第八十八条第二款）。")
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, organs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = organs


class VersionForm(forms.Form):
    """The record's version the page showed (a stale one is refused by the service)."""

    version = forms.IntegerField(label="版本", required=False, min_value=1, widget=forms.HiddenInput,
                                 error_messages={"invalid": "页面版本号无效，请刷新页面后重试。",
                                                 "min_value": "页面版本号无效，请刷新页面后重试。"})


class AcceptForm(forms.Form):
    accepted_on = forms.DateField(label="受理/立案日期", widget=DATE)
    copy_received_on = forms.DateField(label="收到申请书/起诉状副本日期", widget=DATE)


class AnswerForm(forms.Form):
    answered_on = forms.DateField(label="提交答复/答辩日期", widget=DATE)


class DecideForm(forms.Form):
    result = forms.ChoiceField(label="结果", choices=[c for c in Result.choices if c[0] != Result.PENDING])
    decided_on = forms.DateField(label="决定/裁判日期", widget=DATE)
    decision_received_on = forms.DateField(label="收到决定/裁判文书日期", widget=DATE, required=False)
    redo_period_days = forms.IntegerField(label="决定确定的重新答复期限（结果为纠正时填写；未确定的留空，按20个工作日）",
                                          min_value=1, max_value=365, required=False)
    redo_period_unit = forms.ChoiceField(label="期限单位", choices=[("working", "工作日"), ("calendar", "日")],
                                         initial="working", required=False)
    document = forms.FileField(label="决定书/裁判文书（PDF、DOCX或图片）", required=False, allow_empty_file=True)

    def clean_document(self):
        """The same checked upload as every attachment (gongkai.catalogue.attachments.clean_upload): content,
        name, size, and a read in the bounded worker; an empty file is refused, not silently dropped."""
        return clean_upload(self.cleaned_data.get("document"))


class ProcedureForm(forms.Form):
    changed_on = forms.DateField(label="复议机关决定转为普通程序的日期", widget=DATE)


class RedoForm(forms.Form):
    done_on = forms.DateField(label="重新答复日期", widget=DATE)


LAWSUIT_KINDS = {"direct": Lawsuit.Kind.DIRECT, "after_review": Lawsuit.Kind.AFTER_REVIEW}


class ImportForm(forms.Form):
    """Import an organ's existing 复议/诉讼 records from Excel (the columns of importing.HEADERS)."""

    organ = forms.ModelChoiceField(label="被申请人/被告机关", queryset=None)
    file = forms.FileField(label="Excel文件（.xlsx，第一行为表头）")
    dry_run = forms.BooleanField(label="只检查，不导入", required=False)

    def __init__(self, *args, organs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = organs

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(f"文件超过 {MAX_IMPORT_BYTES // (1024 * 1024)} MB 的上限。")
        return upload
