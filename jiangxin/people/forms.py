from django import forms
from django.utils.translation import gettext_lazy as _

from jiangxin.core.pickers import PickerField, PickerForm

from .enums import Education, EvidenceKind, Gender, SkillLevel


class WorkerForm(PickerForm):
    name = forms.CharField(label=_("Full name"), max_length=50)
    resident_id = forms.CharField(label=_("Resident ID number"), max_length=18, min_length=18)
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=[("", _("(from the ID number)"))] + list(Gender.choices),
        required=False,
    )
    employer = PickerField("org", label=_("Employer"), params={"kinds": "enterprise,branch"})
    mobile = forms.CharField(label=_("Mobile"), max_length=14, required=False)
    occupation = forms.CharField(label=_("Occupation"), max_length=60, required=False)
    skill_level = forms.TypedChoiceField(
        label=_("Skill level"),
        choices=[("", "—")] + list(SkillLevel.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )
    first_line = forms.BooleanField(label=_("First-line worker"), required=False, initial=True)
    migrant = forms.BooleanField(label=_("Migrant worker"), required=False)
    education = forms.ChoiceField(
        label=_("Education level"), choices=[("", "—")] + list(Education.choices), required=False
    )
    union_member_since = forms.DateField(
        label=_("Union member since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class WorkerEditForm(WorkerForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["resident_id"]
        del self.fields["gender"]


class HonourForm(PickerForm):
    honour_type = PickerField("honour_type", label=_("Honour"))
    year = forms.IntegerField(label=_("Year"), min_value=1950, max_value=2100)
    awarding_body = forms.CharField(label=_("Awarding body"), max_length=80, required=False)
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    valid_from = forms.DateField(
        label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(
        label=_("Valid to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class HonourRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The enterprise that recorded the honour reads this."),
    )


class PromotionForm(PickerForm):
    level = forms.TypedChoiceField(label=_("Skill level"), choices=SkillLevel.choices, coerce=int)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    evidence_kind = forms.ChoiceField(label=_("Evidence"), choices=EvidenceKind.choices)
    evidence_ref = forms.CharField(
        label=_("Certificate or result number"), max_length=80, required=False
    )


class ProfileForm(forms.Form):
    mobile = forms.CharField(label=_("Mobile"), max_length=14, required=False)
    bio = forms.CharField(
        label=_("Public profile text"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    showcase_consent = forms.BooleanField(
        label=_("Show my profile on the public craftsman showcase"), required=False
    )
