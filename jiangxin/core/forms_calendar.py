from django import forms
from django.utils.translation import gettext_lazy as _

from .models_calendar import DayKind


class OfficialDayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=DayKind.choices)
    name = forms.CharField(label=_("Name"), max_length=40, required=False)


class DayRemoveForm(forms.Form):
    date = forms.DateField(label=_("Date"))


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
