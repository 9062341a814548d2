from django import forms

from gongkai.catalogue.vocab import TOPICS

from .models import Frequency


class SubscribeForm(forms.Form):
    email = forms.CharField(label="电子邮箱", max_length=254, widget=forms.TextInput(attrs={
        "type": "email", "inputmode": "email", "autocomplete": "email", "spellcheck": "false"}))
    frequency = forms.ChoiceField(label="推送频率", choices=Frequency.choices, initial=Frequency.DAILY,
                                  widget=forms.RadioSelect)
    columns = forms.MultipleChoiceField(label="栏目", required=False, widget=forms.CheckboxSelectMultiple)
    organs = forms.MultipleChoiceField(label="机关", required=False, widget=forms.CheckboxSelectMultiple)
    topics = forms.MultipleChoiceField(label="主题分类", required=False, choices=[(t, t) for t in TOPICS],
                                       widget=forms.CheckboxSelectMultiple)
    terms = forms.CharField(label="关键词（可填多个，用空格或逗号分隔）", max_length=200, required=False,
                            widget=forms.TextInput(attrs={"autocomplete": "off"}))

    def __init__(self, *args, columns=(), organs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["columns"].choices = [(c.slug, c.name) for c in columns]
        self.fields["organs"].choices = [(o.code, o.name) for o in organs]
