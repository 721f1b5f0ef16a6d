from django import forms
from django.utils.translation import gettext_lazy as _

from jiangxin.core.pickers import PickerField, PickerForm
from jiangxin.people.enums import SkillLevel
from jiangxin.selection.enums import QuotaMethod

from .enums import AdvanceRule, CompetitionLevel, StageKind, TrackMode

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LEVELS = [("", _("— Choose —")), *SkillLevel.choices]


class CompetitionFactsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    level = forms.ChoiceField(label=_("Level"), choices=CompetitionLevel.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    registration_deadline = forms.DateField(label=_("Registration deadline"), widget=DATE)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CompetitionCreateForm(PickerForm, CompetitionFactsForm):
    org = PickerField(
        "org",
        label=_("Organiser"),
        help_text=_("Type part of the organising union's name."),
    )
    field_order = ["org", "title", "level", "year", "registration_deadline", "description"]


def _level_field(label):
    return forms.TypedChoiceField(
        label=label, choices=LEVELS, required=False, coerce=int, empty_value=None
    )


class TrackForm(forms.Form):
    code = forms.SlugField(
        label=_("Track code"),
        max_length=32,
        help_text=_("Letters, digits and hyphens; the registration workbook names it."),
    )
    name = forms.CharField(label=_("Track name"), max_length=80)
    occupation = forms.CharField(label=_("Occupation"), max_length=60, required=False)
    min_level = _level_field(_("Lowest skill level"))
    max_level = _level_field(_("Highest skill level"))
    min_age = forms.IntegerField(label=_("Minimum age"), required=False, min_value=16, max_value=80)
    max_age = forms.IntegerField(label=_("Maximum age"), required=False, min_value=16, max_value=80)
    mode = forms.ChoiceField(label=_("Individual or team"), choices=TrackMode.choices)
    team_size = forms.IntegerField(label=_("Team size"), min_value=1, max_value=20, initial=1)
    theory_weight = forms.IntegerField(
        label=_("Theory weight (%)"), min_value=0, max_value=100, initial=30
    )
    practical_weight = forms.IntegerField(
        label=_("Practical weight (%)"), min_value=0, max_value=100, initial=70
    )


class StageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Stage"), choices=StageKind.choices)
    order = forms.IntegerField(label=_("Order"), min_value=1, max_value=9, initial=1)
    starts_on = forms.DateField(label=_("Starts"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends"), widget=DATE)
    advance_rule = forms.ChoiceField(label=_("Advancement"), choices=AdvanceRule.choices)
    advance_value = forms.IntegerField(
        label=_("Advance how many"), min_value=0, max_value=1_000_000, initial=0
    )


class QuotaForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Method"),
        choices=[c for c in QuotaMethod.choices if c[0] != QuotaMethod.FIXED],
    )
    total = forms.IntegerField(label=_("Places to share"), min_value=0, max_value=10_000_000)
    minimum = forms.IntegerField(
        label=_("At least, each"), min_value=0, max_value=10_000, initial=0, required=False
    )

    def clean_minimum(self):
        return self.cleaned_data.get("minimum") or 0


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SubstituteForm(PickerForm):
    worker = PickerField(
        "worker",
        label=_("Substitute"),
        help_text=_("A worker of the same employer, registered in the worker registry."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class SelfRegisterForm(forms.Form):
    team_name = forms.CharField(label=_("Team"), max_length=60, required=False)
    is_leader = forms.BooleanField(label=_("I am the team leader"), required=False)
