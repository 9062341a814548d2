"""Forms of the staff calendar pages. They read input only; the services check and write."""

from django import forms

from . import parsing
from .models import CalendarDay

TEXT_HELP = (
    "每行一项：“2027-01-01~2027-01-03 元旦”表示放假（含首尾两天），“上班 2027-01-04 元旦调休”表示调休上班；"
    "也可以直接粘贴国务院办公厅通知原文（如“一、元旦：1月1日（周五）至3日（周日）放假，共3天。”）。"
)
REGION_HELP = "留空表示全国。民族自治地方填6位行政区划代码；以00结尾的代码（或2位、4位前缀）适用于整个省或市州。"


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=1949, max_value=2200)
    source_document = forms.CharField(
        label="通知文号或标题", max_length=200,
        help_text="如：国办发明电〔2024〕12号《国务院办公厅关于2025年部分节假日安排的通知》",
    )
    published_on = forms.DateField(label="通知发布日期", widget=forms.DateInput(attrs={"type": "date"}))
    region_code = forms.CharField(label="行政区划代码", max_length=6, required=False, help_text=REGION_HELP)
    text = forms.CharField(label="放假安排", widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
                           help_text=TEXT_HELP)
    partial = forms.BooleanField(label="仅部分录入（该年度仍按暂定日历计算，不作为完整的放假安排）", required=False)

    def clean(self):
        data = super().clean()
        if "year" in data and "text" in data:
            try:
                data["parsed"] = parsing.parse_notice(data["text"], data["year"])
            except parsing.NoticeError as exc:
                for error in exc.errors:
                    self.add_error("text", error)
        return data


class CalendarDayForm(forms.Form):
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="类型", choices=CalendarDay.Kind.choices)
    name = forms.CharField(label="名称", max_length=50, required=False, help_text="如：那达慕、古尔邦节；调休上班日可留空。")
    region_code = forms.CharField(label="行政区划代码", max_length=6, required=False, help_text=REGION_HELP)


class RegionFilterForm(forms.Form):
    region = forms.CharField(label="按地区查看", max_length=6, required=False,
                             help_text="填6位行政区划代码，查看该地区实际适用的日历。")
