from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from jiangxin.core.pickers import PickerField, PickerForm
from jiangxin.core.roles import Role

from .models import TOKEN_DAYS_DEFAULT, TokenScope


class LoginForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("Old password"), widget=forms.PasswordInput)
    new_password1 = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput,
        help_text=password_validation.password_validators_help_text_html(),
    )
    new_password2 = forms.CharField(label=_("New password again"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("The two passwords differ."))
        return data


class UserCreateForm(PickerForm):
    username = forms.CharField(label=_("User name"), max_length=150)
    display_name = forms.CharField(label=_("Display name"), max_length=50, required=False)
    mobile = forms.CharField(label=_("Mobile"), max_length=14, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    home_org = PickerField("org", label=_("Home organisation"))
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput,
        help_text=password_validation.password_validators_help_text_html(),
    )


class RoleGrantForm(PickerForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    org = PickerField("org", label=_("At organisation"))


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=60)
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "A read-only token cannot change anything. Give write access only to a "
            "program that registers workers or submits records."
        ),
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        required=False,
        empty_value=TOKEN_DAYS_DEFAULT,
        choices=[
            (30, _("30 days")),
            (90, _("90 days")),
            (180, _("180 days")),
            (365, _("1 year")),
        ],
        initial=TOKEN_DAYS_DEFAULT,
    )
