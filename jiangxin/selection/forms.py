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

    def rules_data(self) -> list[dict]:
        rules = [{"kind": k} for k in self.cleaned_data["rules"]]
        if self.cleaned_data.get("min_skill_level"):
            rules.append(
                {"kind": RuleKind.MIN_SKILL_LEVEL, "level": self.cleaned_data["min_skill_level"]}
            )
        return rules


class TierForm(forms.Form):
    """One award tier, a row of the campaign form's tier table."""

    name = forms.CharField(label=_("Award"), max_length=60)
    quota = forms.IntegerField(label=_("Places"), min_value=0, max_value=100000)
    honour_type = forms.ModelChoiceField(
        label=_("Honour conferred"),
        queryset=None,
        required=False,
        empty_label=_("(none)"),
    )
    recommend_may_day = forms.BooleanField(
        label=_("First completer recommended for the May Day Labour Medal"), required=False
    )
    order = forms.IntegerField(label=_("Order"), min_value=1, max_value=99, required=False)

    def __init__(self, *args, **kwargs):
        from jiangxin.people.models import HonourType

        super().__init__(*args, **kwargs)
        self.fields["honour_type"].queryset = HonourType.objects.order_by("name")
        for name in ("name", "quota", "order"):
            self.fields[name].widget.attrs["class"] = f"sel-tier-{name}"


class BaseTierFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            named = []
            for n, form in enumerate(self.forms, start=1):
                if form.errors and not self._should_delete_form(form):
                    label = form.data.get(form.add_prefix("name"), "").strip()
                    for field, errors in form.errors.items():
                        name = form.fields[field].label if field in form.fields else ""
                        for e in errors:
                            named.append(
                                _("Row %(n)d (%(tier)s), %(field)s: %(error)s")
                                % {"n": n, "tier": label or "—", "field": name, "error": e}
                            )
            raise forms.ValidationError(named)
        rows = self.rows()
        if not rows:
            raise forms.ValidationError(_("Give at least one award tier."))
        names = [t.name for t in rows]
        if dupes := sorted({n for n in names if names.count(n) > 1}):
            raise forms.ValidationError(
                _("Two rows have the same award name: %(names)s.") % {"names": "、".join(dupes)}
            )

    def rows(self) -> list[TierIn]:
        """The rows kept (filled in and not removed), in their order (then as listed)."""
        kept = []
        for n, form in enumerate(self.forms):
            data = getattr(form, "cleaned_data", None) or {}
            if not data or self._should_delete_form(form) or not data.get("name"):
                continue
            kept.append((data.get("order") or 99, n, data))
        return [
            TierIn(
                name=d["name"].strip(),
                quota=d["quota"],
                honour_type_id=d["honour_type"].pk if d.get("honour_type") else None,
                recommend_may_day=bool(d.get("recommend_may_day")),
            )
            for _o, _n, d in sorted(kept, key=lambda r: (r[0], r[1]))
        ]


TierFormSet = forms.formset_factory(
    TierForm, formset=BaseTierFormSet, extra=1, can_delete=True, max_num=30, absolute_max=30
)
DEFAULT_TIERS = [
    {"name": "特等奖", "quota": 1, "recommend_may_day": True, "order": 1},
    {"name": "一等奖", "quota": 5, "recommend_may_day": True, "order": 2},
    {"name": "二等奖", "quota": 10, "order": 3},
    {"name": "三等奖", "quota": 30, "order": 4},
]


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
        self.fields["entry"].choices = [
            (
                e.pk,
                " · ".join(dict.fromkeys(x for x in (e.display_name, e.title, e.org.name) if x)),
            )
            for e in entries
        ]


class InvestigationForm(forms.Form):
    notes = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}))


class DecideForm(forms.Form):
    """No outcome is chosen in advance; upholding (which withdraws the entry from the
    results) must be confirmed."""

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (ObjectionStatus.UPHELD, ObjectionStatus.UPHELD.label),
            (ObjectionStatus.DISMISSED, ObjectionStatus.DISMISSED.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome: upheld or dismissed.")},
    )
    note = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))
    confirm_withdrawal = forms.BooleanField(
        label=_("I confirm: upholding withdraws the entry from the results."),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == ObjectionStatus.UPHELD and not data.get("confirm_withdrawal"):
            self.add_error(
                "confirm_withdrawal",
                _("Confirm that the entry is to be withdrawn, or dismiss the objection."),
            )
        data.pop("confirm_withdrawal", None)
        return data


class PublishForm(forms.Form):
    decision_number = forms.CharField(label=_("Decision document number"), max_length=60)


class CloseReviewForm(forms.Form):
    force = forms.BooleanField(
        label=_("Close even if some scorecards are not submitted (they are left out)"),
        required=False,
    )
