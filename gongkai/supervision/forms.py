"""Forms of 考评: the 考评办法 edited in the browser, 加分/扣分, 定稿, 督办 and its answer, the batch audit."""

from __future__ import annotations

from django import forms

from gongkai.catalogue.attachments import clean_upload

from .indicators import INDICATORS
from .scoring import MAX_BONUS_ITEMS

DATE = forms.DateInput(attrs={"type": "date"})


class SchemeForm(forms.Form):
    """The 考评办法 of a period: each indicator in use or not, its 单项否决 threshold and its deduction rule;
    the pass mark; the 加分 items. `rules()` gives the dict scoring.validate_scheme checks."""

    pass_mark = forms.DecimalField(label="合格分数线", min_value=0, max_value=100, decimal_places=1)
    bonus_above = forms.DecimalField(label="扣分后高于多少分计入加分", min_value=0, max_value=100, decimal_places=1)
    reason = forms.CharField(label="修改说明（必填，记入考评办法版本）", max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, rules: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator_rows = []
        for i in INDICATORS:
            rule = rules["deductions"].get(i.key) or {}
            row = {"indicator": i, "fields": []}
            self._add(row, f"use_{i.key}", forms.BooleanField(label="纳入考评", required=False),
                      i.key in rules["deductions"] or i.key in rules["veto"])
            if i.kind in ("count", "days"):
                self._add(row, f"veto_{i.key}", forms.IntegerField(
                    label=f"达到多少{i.unit}单项否决（空为不否决）", required=False, min_value=1, max_value=1000),
                    rules["veto"].get(i.key))
            if i.kind == "flag":
                self._add(row, f"points_{i.key}", forms.DecimalField(label="扣分", required=False, min_value=0,
                                                                     max_value=100, decimal_places=2),
                          rule.get("points"))
                self._add(row, f"when_{i.key}", forms.TypedChoiceField(
                    label="何时扣分", choices=[("1", "为“是”时"), ("0", "为“否”时")], coerce=lambda v: v == "1",
                    required=False), "1" if rule.get("when", True) else "0")
            else:
                per_label = "每个百分点扣分" if i.kind == "rate" else f"每{i.unit}扣分"
                self._add(row, f"per_{i.key}", forms.DecimalField(label=per_label, required=False, min_value=0,
                                                                  max_value=100, decimal_places=2), rule.get("per"))
                self._add(row, f"max_{i.key}", forms.DecimalField(label="最多扣分", required=False, min_value=0,
                                                                  max_value=100, decimal_places=2), rule.get("max"))
                if i.kind == "rate":
                    self._add(row, f"target_{i.key}", forms.DecimalField(
                        label="目标（%）", required=False, min_value=0, max_value=100, decimal_places=1),
                        None if rule.get("target") is None else round(rule["target"] * 100, 1))
            self.indicator_rows.append(row)
        self.bonus_rows = []
        existing = list(rules["bonus"])
        for n in range(min(MAX_BONUS_ITEMS, len(existing) + 2)):
            item = existing[n] if n < len(existing) else {}
            row = {"fields": []}
            self._add(row, f"bonus_key_{n}", forms.CharField(required=False, widget=forms.HiddenInput),
                      item.get("key", ""))
            self._add(row, f"bonus_label_{n}", forms.CharField(label=f"加分项{n + 1}名称（空为不设）", required=False,
                                                              max_length=60), item.get("label", ""))
            self._add(row, f"bonus_max_{n}", forms.DecimalField(label="最多加分", required=False, min_value=0,
                                                               max_value=30, decimal_places=1), item.get("max"))
            self.bonus_rows.append(row)
        self.initial.setdefault("pass_mark", rules["pass_mark"])
        self.initial.setdefault("bonus_above", rules["bonus_above"])

    def _add(self, row: dict, name: str, field: forms.Field, initial) -> None:
        self.fields[name] = field
        self.initial.setdefault(name, initial)
        row["fields"].append(name)

    def rules(self) -> dict:
        d = self.cleaned_data

        def num(value):
            if value is None:
                return None
            return int(value) if value == int(value) else float(value)

        out: dict = {"pass_mark": num(d["pass_mark"]), "bonus_above": num(d["bonus_above"]), "veto": {},
                     "deductions": {}, "bonus": []}
        for i in INDICATORS:
            if not d.get(f"use_{i.key}"):
                continue
            if d.get(f"veto_{i.key}"):
                out["veto"][i.key] = d[f"veto_{i.key}"]
            if i.kind == "flag":
                if d.get(f"points_{i.key}") is not None:
                    out["deductions"][i.key] = {"points": num(d[f"points_{i.key}"]), "when": d.get(f"when_{i.key}")}
            elif d.get(f"per_{i.key}") is not None:
                rule = {"per": num(d[f"per_{i.key}"]), "max": num(d[f"max_{i.key}"]) if d.get(f"max_{i.key}")
                        is not None else 100}
                if i.kind == "rate":
                    target = d.get(f"target_{i.key}")
                    rule["target"] = float(target) / 100 if target is not None else 1.0
                out["deductions"][i.key] = rule
        used = {d.get(f"bonus_key_{n}") for n in range(len(self.bonus_rows))} - {"", None}
        fresh = 1
        for n in range(len(self.bonus_rows)):
            label = (d.get(f"bonus_label_{n}") or "").strip()
            if not label:
                continue
            key = d.get(f"bonus_key_{n}") or ""
            if not key:
                while f"item_{fresh}" in used:
                    fresh += 1
                key = f"item_{fresh}"
                used.add(key)
            out["bonus"].append({"key": key, "label": label, "max": num(d.get(f"bonus_max_{n}") or 0)})
        return out


class AdjustmentForm(forms.Form):
    organ = forms.ModelChoiceField(label="机关", queryset=None)
    kind = forms.ChoiceField(label="类型", choices=[("bonus", "加分"), ("penalty", "扣分")])
    item = forms.ChoiceField(label="加分项（加分时选择）", required=False)
    points = forms.DecimalField(label="分值", min_value=0.01, max_value=100, decimal_places=2)
    reason = forms.CharField(label="理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    attachment = forms.FileField(label="附件（如第三方评估结果；PDF、DOCX或图片）", required=False)

    def __init__(self, *args, organs, bonus: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = organs
        self.fields["item"].choices = [("", "—")] + [(b["key"], f"{b['label']}（最多{b['max']:g}分）") for b in bonus]

    def clean_attachment(self):
        return clean_upload(self.cleaned_data.get("attachment"), "附件")


class NoticeForm(forms.Form):
    organ = forms.ModelChoiceField(label="被督办机关", queryset=None)
    items = forms.CharField(label="督办事项（每行一项）", max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))
    deadline = forms.DateField(label="整改期限", widget=DATE)
    text = forms.CharField(label="整改要求（可选）", required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = organs

    def item_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]


class ReplyForm(forms.Form):
    text = forms.CharField(label="整改情况", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    evidence = forms.FileField(label="佐证材料（PDF、DOCX或图片，可选）", required=False)

    def clean_evidence(self):
        return clean_upload(self.cleaned_data.get("evidence"), "佐证材料")


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label="审核", choices=[("accept", "认可，督办办结"), ("return", "退回，重新整改")])
    note = forms.CharField(label="审核意见（退回时必填）", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
