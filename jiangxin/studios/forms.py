from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiangxin.core.pickers import PickerField, PickerForm

from .enums import MemberRole, Rating, ReviewDecision, StudioLevel

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UpperCharField(forms.CharField):
    """Stripped and upper-cased before its validators run (a trailing x, a lower-case
    credit code are accepted)."""

    def to_python(self, value):
        return super().to_python(value).upper()


class StudioFactsForm(forms.Form):
    """The facts an applicant gives (and may change before resubmitting)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("Usually named after its leader, e.g. “栾军创新工作室”."),
    )
    field = forms.CharField(label=_("Technical field"), max_length=120)
    level = forms.ChoiceField(label=_("Level applied for"), choices=StudioLevel.choices)
    established_on = forms.DateField(label=_("Established on"), widget=DATE)
    space_m2 = forms.DecimalField(
        label=_("Space (m²)"), required=False, min_value=0, max_digits=9, decimal_places=1
    )
    funding_yuan = forms.DecimalField(
        label=_("Funding (yuan)"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class StudioApplyForm(PickerForm, StudioFactsForm):
    host = PickerField(
        "org",
        label=_("Host enterprise"),
        params={"kinds": "enterprise"},
        help_text=_("Type part of its name or its Unified Social Credit Code."),
    )
    leader = PickerField(
        "worker",
        label=_("Leader"),
        params_from={"within": "host"},
        help_text=_("The leader must be registered as a worker of the host enterprise."),
    )
    field_order = ["host", "leader", "name", "field", "level", "established_on"]


def _override_field():
    return forms.CharField(
        label=_("Reason for deciding despite unmet rules"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required only when a naming rule above is not met; it is recorded."),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=ReviewDecision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning: say what needs changing."),
    )
    override_reason = _override_field()


class NamingForm(forms.Form):
    document_number = forms.CharField(
        label=_("Document number"),
        max_length=60,
        help_text=_("The decision's number at the naming level, e.g. 鲁工发〔2026〕12号."),
    )
    unveiled_on = forms.DateField(label=_("Unveiling date"), widget=DATE)
    level = forms.ChoiceField(label=_("Level"), choices=StudioLevel.choices)
    override_reason = _override_field()


def _this_year() -> int:
    return timezone.localdate().year


class QuarterlyReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, initial=_this_year)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[(1, _("Q1")), (2, _("Q2")), (3, _("Q3")), (4, _("Q4"))],
        coerce=int,
    )
    activities = forms.CharField(label=_("Activities"), widget=forms.Textarea(attrs={"rows": 4}))
    trainings = forms.IntegerField(label=_("Trainings and exchanges held"), min_value=0, initial=0)
    achievements = forms.CharField(
        label=_("Achievements"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssessmentForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class MemberAddForm(PickerForm):
    worker = PickerField(
        "worker",
        label=_("Worker"),
        help_text=_("Type part of a name, or the whole ID number, and pick the worker."),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[c for c in MemberRole.choices if c[0] != MemberRole.LEADER]
    )
    joined_on = forms.DateField(label=_("Joined on"), widget=DATE, initial=timezone.localdate)


class TargetForm(forms.Form):
    target_rate = forms.DecimalField(
        label=_("Target rate (%)"), min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    by_date = forms.DateField(label=_("By"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
