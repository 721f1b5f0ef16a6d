from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiangxin.core.access import user_scope
from jiangxin.core.pickers import PickerField, PickerForm, PickerMultipleField
from jiangxin.orgs.enums import OrgKind

from . import selectors
from .enums import AchievementKind, PatentOffice, PatentStatus, PatentType
from .services import CompleterIn

DATE = {"type": "date"}


class _ScopedForm(PickerForm):
    """A form that resolves what the user picks or types inside the user's scope."""

    def __init__(self, *args, user, enterprise=None, **kwargs):
        self.enterprise = enterprise
        super().__init__(*args, user=user, **kwargs)

    def _resolve_studio(self, enterprise):
        name = (self.cleaned_data.get("studio") or "").strip()
        if not name:
            return None
        found = selectors.studios_by_name(self.user, name)
        if enterprise is not None and len(found) > 1:
            found = [s for s in found if s.host.path.startswith(enterprise.path)] or found
        if not found:
            self.add_error(
                "studio", _("No innovation studio named “%(name)s” in your scope.") % {"name": name}
            )
            return None
        if len(found) > 1:
            self.add_error(
                "studio",
                _("Several studios are named “%(name)s”; choose the enterprise first.")
                % {"name": name},
            )
            return None
        return found[0]

    def _completers(self) -> list[CompleterIn] | None:
        picked = self.cleaned_data.get("completers")
        if picked is None:
            return None
        return [CompleterIn(worker=w, share_pct=share) for w, share in picked]


def completers_field() -> PickerMultipleField:
    """The completers in order (first completer first), each with an optional share."""
    return PickerMultipleField(
        "worker",
        label=gettext_lazy("Completers, in order"),
        share_label=gettext_lazy("Share (%)"),
        params_from={"within": "enterprise"},
        error_messages={"required": gettext_lazy("Name at least one completer.")},
        help_text=gettext_lazy(
            "Type part of a name (or the whole ID number) and pick each completer, first "
            "completer first; the share in percent is optional."
        ),
    )


class AchievementForm(_ScopedForm):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=AchievementKind.choices)
    enterprise = PickerField(
        "org",
        label=gettext_lazy("Enterprise"),
        params={"kinds": "enterprise"},
        help_text=gettext_lazy("Type part of its name or its Unified Social Credit Code."),
    )
    completers = completers_field()
    description = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    studio = forms.CharField(
        label=gettext_lazy("Innovation studio"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("The studio's name, if the achievement came from one."),
    )
    started_on = forms.DateField(
        label=gettext_lazy("Started on"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    completed_on = forms.DateField(
        label=gettext_lazy("Completed on"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    classified = forms.BooleanField(label=gettext_lazy("Classified"), required=False)
    ip_dispute = forms.BooleanField(
        label=gettext_lazy("Intellectual-property dispute"), required=False
    )
    draft = forms.BooleanField(label=gettext_lazy("Save as a draft"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        similar = reverse("achievements:similar")
        for name in ("title", "description"):
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": similar,
                    "hx-trigger": "input changed delay:400ms",
                    "hx-target": "#jx-similar",
                    "hx-select": "unset",  # not the form's hx-select="#jx-form"
                    "hx-swap": "innerHTML",
                    "hx-include": "#id_title, #id_description",
                    "autocomplete": "off",
                }
            )
        if not self.is_bound:
            scope = user_scope(self.user)
            from jiangxin.orgs.selectors import org_of_scope

            home = org_of_scope(scope)
            if home is not None and home.kind == OrgKind.ENTERPRISE:
                self.initial.setdefault("enterprise", home)

    def clean(self):
        data = super().clean()
        enterprise = data.get("enterprise")
        if "completers" in data:
            data["completers"] = self._completers()
        data["studio"] = self._resolve_studio(enterprise) if "studio" in data else None
        return data


class AchievementEditForm(_ScopedForm):
    title = AchievementForm.base_fields["title"]
    kind = AchievementForm.base_fields["kind"]
    description = AchievementForm.base_fields["description"]
    studio = AchievementForm.base_fields["studio"]
    started_on = AchievementForm.base_fields["started_on"]
    completed_on = AchievementForm.base_fields["completed_on"]
    classified = AchievementForm.base_fields["classified"]
    ip_dispute = AchievementForm.base_fields["ip_dispute"]

    def clean(self):
        data = super().clean()
        data["studio"] = self._resolve_studio(self.enterprise) if "studio" in data else None
        return data


class CompletersForm(_ScopedForm):
    completers = completers_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.enterprise is not None:  # names are looked for in the enterprise first
            field = self.fields["completers"]
            field.widget.params_from = {}
            field.bind(self.user, {"within": str(self.enterprise.pk)})

    def clean(self):
        data = super().clean()
        if "completers" in data:
            data["completers"] = self._completers()
        return data


class PatentForm(forms.Form):
    office = forms.ChoiceField(
        label=gettext_lazy("Patent office"),
        choices=PatentOffice.choices,
        initial="cn",
        required=False,  # China when not given
    )
    application_number = forms.CharField(
        label=gettext_lazy("Application number"),
        max_length=48,
        help_text=gettext_lazy(
            "As the office writes it: CN 202310123456.6 (ZL or CN prefix allowed), "
            "PCT/CN2024/123456, US 17/123,456, EP21812345.3 or EP 3 123 456, JP 特願2020-123456."
        ),
    )
    patent_type = forms.ChoiceField(
        label=gettext_lazy("Patent type"),
        choices=[("", gettext_lazy("(from the number)"))] + list(PatentType.choices),
        required=False,
    )
    title = forms.CharField(label=gettext_lazy("Patent title"), max_length=200, required=False)
    filed_on = forms.DateField(
        label=gettext_lazy("Application date"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[
            (PatentStatus.APPLIED, PatentStatus.APPLIED.label),
            (PatentStatus.GRANTED, PatentStatus.GRANTED.label),
        ],
    )
    grant_date = forms.DateField(
        label=gettext_lazy("Grant date"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    grant_number = forms.CharField(
        label=gettext_lazy("Grant number"), max_length=40, required=False
    )


class PatentGrantForm(forms.Form):
    grant_date = forms.DateField(
        label=gettext_lazy("Grant date"), widget=forms.DateInput(attrs=DATE)
    )
    grant_number = forms.CharField(
        label=gettext_lazy("Grant number"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("The patent number on the certificate, e.g. ZL202310123456.6."),
    )


class PatentRejectForm(forms.Form):
    rejected_on = forms.DateField(
        label=gettext_lazy("Rejected on"), widget=forms.DateInput(attrs=DATE)
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200, required=False)


class PatentLapseForm(forms.Form):
    lapsed_on = forms.DateField(label=gettext_lazy("Lapsed on"), widget=forms.DateInput(attrs=DATE))
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("E.g. annual fee not paid, term expired, withdrawn."),
    )


class _IdsField(forms.Field):
    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        try:
            return [int(v) for v in value or []]
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(_("The selection is not valid; reload the page.")) from exc


class BenefitBulkForm(forms.Form):
    """The entries ticked on the bulk-certification page (checked against the user's
    scope by the service) and an optional note for all of them."""

    entries = _IdsField(
        label=gettext_lazy("Benefit entries"),
        error_messages={"required": gettext_lazy("Select at least one benefit entry to certify.")},
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)


class BenefitClaimForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=1990, max_value=2100)
    claimed_yuan = forms.DecimalField(
        label=gettext_lazy("Claimed benefit (yuan)"), max_digits=18, decimal_places=2, min_value=0
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)


class BenefitCertifyForm(forms.Form):
    certified_yuan = forms.DecimalField(
        label=gettext_lazy("Certified benefit (yuan)"),
        max_digits=18,
        decimal_places=2,
        min_value=0,
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("PDF, JPG, PNG, DOCX or XLSX."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"}),
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=200, required=False)


class FilterForm(forms.Form):
    q = forms.CharField(required=False)
    kind = forms.ChoiceField(
        choices=[("", gettext_lazy("All kinds"))] + list(AchievementKind.choices), required=False
    )
    status = forms.ChoiceField(required=False)
    year = forms.IntegerField(required=False, min_value=1950, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .enums import AchievementStatus

        self.fields["status"].choices = [("", gettext_lazy("Any status"))] + list(
            AchievementStatus.choices
        )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "q": d.get("q") or "",
            "kind": d.get("kind") or "",
            "status": d.get("status") or "",
            "year": d.get("year"),
        }
