from django import forms
from django.utils.translation import gettext_lazy as _

from jiangxin.core.pickers import PickerField, PickerForm

from .enums import OrgKind
from .models import Org


class OrgForm(forms.ModelForm):
    class Meta:
        model = Org
        fields = [
            "name",
            "kind",
            "uscc",
            "region_code",
            "industry",
            "address",
            "contact_name",
            "contact_phone",
            "is_active",
        ]

    def clean(self):
        data = super().clean()
        if data.get("kind") == OrgKind.ENTERPRISE and not data.get("uscc"):
            self.add_error("uscc", _("An enterprise needs its Unified Social Credit Code."))
        return data


class OrgMoveForm(PickerForm):
    new_parent = PickerField("org", label=_("New parent organisation"))
