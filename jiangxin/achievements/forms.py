from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiangxin.core.access import user_scope
from jiangxin.orgs.enums import OrgKind

from . import selectors
from .enums import AchievementKind, PatentOffice, PatentStatus, PatentType
from .services import CompleterIn

DATE = {"type": "date"}
SHARE_RE = re.compile(r"^(?P<key>.+?)\s+(?P<share>\d+(?:\.\d+)?)\s*%?$")


def parse_completer_lines(text: str) -> list[tuple[str, Decimal | None]]:
    """Lines of "name or resident ID number [share %]" → [(key, share)]."""
    out = []
    for line in (text or "").splitlines():
        line = line.strip().replace("％", "%")
        if not line:
            continue
        m = SHARE_RE.match(line)
        if m:
            try:
                out.append((m["key"].strip(), Decimal(m["share"])))
                continue
            except InvalidOperation:
                pass
        out.append((line, None))
    return out


class _ScopedForm(forms.Form):
    """A form that resolves names typed by the user inside the user's scope."""

    def __init__(self, *args, user, enterprise=None, **kwargs):
        self.user = user
        self.enterprise = enterprise
        super().__init__(*args, **kwargs)

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

    def _resolve_completers(self, enterprise) -> list[CompleterIn] | None:
        lines = parse_completer_lines(self.cleaned_data.get("completers", ""))
        if not lines:
            self.add_error("completers", _("Name at least one completer."))
            return None
        found = selectors.workers_by_name_or_id(self.user, enterprise, [k for k, _s in lines])
        items, errors = [], []
        for n, (key, share) in enumerate(lines, start=1):
            workers = found.get(key, [])
            is_id = bool(selectors.RESIDENT_ID_RE.match(key))
            if not workers:
                errors.append(
                    _("Line %(n)d: no worker with this resident ID number in your scope.")
                    % {"n": n}
                    if is_id
                    else _("Line %(n)d: no worker named “%(name)s” in your scope.")
                    % {"n": n, "name": key}
                )
            elif len(workers) > 1:
                errors.append(
                    _(
                        "Line %(n)d: several workers are named “%(name)s”; give the resident ID number."
                    )
                    % {"n": n, "name": key}
                )
            else:
                items.append(CompleterIn(worker=workers[0], share_pct=share))
        if errors:
            self.add_error("completers", errors)
            return None
        return items


COMPLETERS_HELP = gettext_lazy(
    "One per line, first completer first: a name or a resident ID number, optionally followed "
    "by the share in percent, e.g. “栾军 40”."
)


class AchievementForm(_ScopedForm):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=AchievementKind.choices)
    enterprise = forms.CharField(
        label=gettext_lazy("Enterprise"),
        max_length=120,
        help_text=gettext_lazy("Name or Unified Social Credit Code."),
    )
    completers = forms.CharField(
        label=gettext_lazy("Completers, in order"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=COMPLETERS_HELP,
    )
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
            from jiangxin.orgs.models import Org

            home = Org.objects.filter(pk=scope.org_id, kind=OrgKind.ENTERPRISE).first()
            if home is not None:
                self.initial.setdefault("enterprise", home.uscc or home.name)

    def clean(self):
        data = super().clean()
        text = (data.get("enterprise") or "").strip()
        enterprise = None
        if text:
            found = selectors.enterprises_by_name_or_code(self.user, text)
            if len(found) == 1:
                enterprise = found[0]
            else:
                self.add_error(
                    "enterprise",
                    _("No enterprise “%(name)s” in your scope.") % {"name": text}
                    if not found
                    else _("Several enterprises are named “%(name)s”; give its credit code.")
                    % {"name": text},
                )
        data["enterprise"] = enterprise
        if "completers" in data:
            data["completers"] = self._resolve_completers(enterprise)
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
    completers = forms.CharField(
        label=gettext_lazy("Completers, in order"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=COMPLETERS_HELP,
    )

    def clean(self):
        data = super().clean()
        if "completers" in data:
            data["completers"] = self._resolve_completers(self.enterprise)
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
