from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jiangxin.core.pickers import PickerField, PickerForm, PickerMultipleField

from .enums import (
    Aggregation,
    Normalisation,
    ObjectionStatus,
    ObjectorKind,
    QuotaMethod,
    RuleKind,
    SubjectKind,
    TieBreak,
)
from .services import CriterionIn, TierIn

DATE = {"type": "date"}
SIMPLE_RULES = [(k, label) for k, label in RuleKind.choices if k != RuleKind.MIN_SKILL_LEVEL]


def _parts(line: str) -> list[str]:
    return [p.strip() for p in line.replace("｜", "|").split("|")]


class CampaignForm(PickerForm):
    org = PickerField("org", label=_("Organiser"))
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    subject_kind = forms.ChoiceField(label=_("What is selected"), choices=SubjectKind.choices)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    criteria = forms.CharField(
        label=_("Criteria"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One a line: name | weight (%) | highest score. The weights add up to 100."),
        initial="创新性 | 30 | 100\n实用性 | 30 | 100\n经济效益 | 25 | 100\n推广价值 | 15 | 100",
    )
    tiers = forms.CharField(
        label=_("Award tiers"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Best first, one a line: name | places | honour code (optional) | may-day "
            "(optional: the first completer is recommended for the May Day Labour Medal)."
        ),
        initial="特等奖 | 1 | | may-day\n一等奖 | 5 | | may-day\n二等奖 | 10\n三等奖 | 30",
    )
    rules = forms.MultipleChoiceField(
        label=_("Exclusions"),
        choices=SIMPLE_RULES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_skill_level = forms.IntegerField(
        label=_("Minimum skill level (1–8, optional)"), min_value=1, max_value=8, required=False
    )
    aggregation = forms.ChoiceField(label=_("Aggregation"), choices=Aggregation.choices)
    normalisation = forms.ChoiceField(label=_("Normalisation"), choices=Normalisation.choices)
    blind = forms.BooleanField(
        label=_("Blind review (experts see no names or organisations)"), required=False
    )
    coi_region_digits = forms.TypedChoiceField(
        label=_("Exclude experts of the same region"),
        coerce=int,
        choices=[(0, _("no")), (2, _("same province")), (4, _("same city")), (6, _("same county"))],
    )
    experts_per_entry = forms.IntegerField(
        label=_("Experts per entry"), min_value=1, max_value=15, initial=3
    )
    tie_breaks = forms.MultipleChoiceField(
        label=_("Tie-breaks (in this order)"),
        choices=TieBreak.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        initial=list(TieBreak.values),
    )
    announcement_workdays = forms.IntegerField(
        label=_("Announcement period (working days)"), min_value=1, max_value=30, initial=5
    )
    quota_method = forms.ChoiceField(label=_("Quota method"), choices=QuotaMethod.choices)
    nomination_ends = forms.DateField(
        label=_("Nomination closes on"),
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    review_ends = forms.DateField(
        label=_("Expert review closes on"),
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )

    def clean_criteria(self) -> list[CriterionIn]:
        out = []
        for n, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = _parts(line)
            try:
                name, weight, top = parts[0], int(parts[1]), int(parts[2])
            except (IndexError, ValueError):
                raise forms.ValidationError(
                    _("Line %(n)d: write name | weight | highest score, e.g. 创新性 | 30 | 100.")
                    % {"n": n}
                ) from None
            out.append(CriterionIn(name=name, weight=weight, max_score=top))
        return out

    def clean_tiers(self) -> list[TierIn]:
        from jiangxin.people.models import HonourType

        out = []
        for n, line in enumerate(self.cleaned_data["tiers"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = _parts(line) + ["", ""]
            try:
                name, places = parts[0], int(parts[1])
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(n)d: write name | places, e.g. 一等奖 | 5.") % {"n": n}
                ) from None
            honour_id = None
            if parts[2]:
                honour = HonourType.objects.filter(code=parts[2]).first()
                if honour is None:
                    raise forms.ValidationError(
                        _("Line %(n)d: there is no honour with the code %(code)s.")
                        % {"n": n, "code": parts[2]}
                    )
                honour_id = honour.pk
            out.append(
                TierIn(
                    name=name,
                    quota=places,
                    honour_type_id=honour_id,
                    recommend_may_day=parts[3].lower() in ("may-day", "yes", "1"),
                )
            )
        return out

    def rules_data(self) -> list[dict]:
        rules = [{"kind": k} for k in self.cleaned_data["rules"]]
        if self.cleaned_data.get("min_skill_level"):
            rules.append(
                {"kind": RuleKind.MIN_SKILL_LEVEL, "level": self.cleaned_data["min_skill_level"]}
            )
        return rules


class QuotaForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=QuotaMethod.choices)
    total = forms.IntegerField(label=_("Places to share (formula)"), min_value=0, required=False)
    minimum = forms.IntegerField(
        label=_("At least this many each"), min_value=0, initial=0, required=False
    )

    def __init__(self, *args, children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.children = list(children)
        for org, quota in self.children:
            self.fields[f"amount_{org.pk}"] = forms.IntegerField(
                label=org.name, min_value=0, required=False, initial=quota.amount if quota else None
            )

    def amounts(self) -> dict[int, int]:
        return {
            org.pk: self.cleaned_data[f"amount_{org.pk}"]
            for org, _q in self.children
            if self.cleaned_data.get(f"amount_{org.pk}") is not None
        }


class NominateForm(PickerForm):
    subject = PickerField("subject", label=_("Nominee"))


class CheckForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda v: v == "pass",
        choices=[("pass", _("Pass")), ("fail", _("Fail"))],
    )
    reason = forms.CharField(
        label=_("Reason (needed for a failure)"), max_length=500, required=False
    )


class PanelForm(PickerForm):
    name = forms.CharField(label=_("Panel name"), max_length=100)
    field = forms.CharField(label=_("Field (empty: every field)"), max_length=120, required=False)
    experts = PickerMultipleField("expert", label=_("Experts"))


class ExpertProfileForm(PickerForm):
    expert = PickerField("expert", label=_("Expert"))
    fields_text = forms.CharField(
        label=_("Fields (comma-separated)"), max_length=300, required=False
    )
    speciality = forms.CharField(label=_("Speciality"), max_length=200, required=False)
    employer = PickerField("org", label=_("Employer (optional)"), required=False)
    region_code = forms.CharField(label=_("Region code (optional)"), max_length=6, required=False)


class AnnouncementForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )
    workdays = forms.IntegerField(label=_("Working days"), min_value=1, max_value=30)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    notice = forms.CharField(
        label=_("Notice"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    contact = forms.CharField(label=_("Contact for objections"), max_length=200, required=False)


class ObjectionForm(forms.Form):
    entry = forms.TypedChoiceField(label=_("Entry objected to"), coerce=int)
    kind = forms.ChoiceField(
        label=_("You object as"), choices=ObjectorKind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(
        label=_("Real name (of the person, or the unit's contact)"), max_length=50
    )
    contact = forms.CharField(label=_("Phone or address"), max_length=100)
    unit_name = forms.CharField(label=_("Unit name (units only)"), max_length=120, required=False)
    seal_image = forms.FileField(
        label=_("Image of the unit's official seal (PNG or JPEG, units only)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    content = forms.CharField(
        label=_("Objection and its facts"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # a honeypot for bots

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [(e.pk, f"{e.display_name} · {e.org.name}") for e in entries]


class InvestigationForm(forms.Form):
    notes = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}))


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (ObjectionStatus.UPHELD, ObjectionStatus.UPHELD.label),
            (ObjectionStatus.DISMISSED, ObjectionStatus.DISMISSED.label),
        ],
    )
    note = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(forms.Form):
    decision_number = forms.CharField(label=_("Decision document number"), max_length=60)


class CloseReviewForm(forms.Form):
    force = forms.BooleanField(
        label=_("Close even if some scorecards are not submitted (they are left out)"),
        required=False,
    )
