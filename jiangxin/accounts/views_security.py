"""Pages of login security: the second factor (enrol, the code at login, its state in the
user menu) and the security administrator's pages (locks, a user's credentials, the
auditor and security roles)."""

from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jiangxin.core.access import user_scope
from jiangxin.core.forms_htmx import action_run, form_submit, org_picked_in_scope
from jiangxin.core.pickers import PickerField, PickerForm
from jiangxin.core.roles import Perm, Role
from jiangxin.orgs.selectors import org_get

from . import otp, selectors, services, throttle


class OtpTokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=gettext_lazy(
            "The 6-digit code your authenticator app shows now, or one of your recovery codes."
        ),
    )


class PasswordResetForm(forms.Form):
    new_password = forms.CharField(
        label=gettext_lazy("New initial password"),
        widget=forms.PasswordInput,
        help_text=password_validators_help_text_html(),
    )


class SecurityRoleForm(PickerForm):
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=[(r.value, r.label) for r in (Role.AUDITOR, Role.SECURITY_ADMIN)],
    )
    org = PickerField("org", label=gettext_lazy("At organisation"))
    password = forms.CharField(
        label=gettext_lazy("New initial password"),
        widget=forms.PasswordInput,
        help_text=gettext_lazy(
            "The account gets this password (changed at its next login) and loses its "
            "second factor, so nobody who knew its old credentials can act in this role."
        ),
    )


def _next(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}):
        return url
    return reverse("core:home")


# --- the user's own second factor -----------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify_view(request):
    """After the password: the code from the authenticator app, or a recovery code."""
    if request.session.get(otp.SESSION_STATE) != otp.STATE_VERIFY:
        return redirect(_next(request))
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.otp_verify(actor=request.user, token=form.cleaned_data["token"]):
            otp.otp_session_mark_ok(request.session)
            return redirect(_next(request))
        form.add_error(
            "token",
            _(
                "This code is wrong, was already used, or came too soon after a wrong one. "
                "Wait a few seconds and type the code shown now."
            ),
        )
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})


@never_cache  # the secret and the recovery codes are never cached
@login_required
@require_http_methods(["GET", "POST"])
def otp_enrol_view(request):
    """Set up an authenticator app: scan the QR code, type a code to confirm; then the
    recovery codes are shown once."""
    if otp.otp_enrolled(request.user):
        return redirect("accounts:otp_status")
    device = otp.otp_enrol_device(request.user)
    form = OtpTokenForm(request.POST or None)
    form.fields["token"].help_text = _("The 6-digit code your authenticator app shows now.")
    if request.method == "POST" and form.is_valid():
        codes = otp.otp_enrol_confirm(
            actor=request.user, device=device, token=form.cleaned_data["token"]
        )
        if codes is not None:
            otp.otp_session_mark_ok(request.session)
            return render(
                request,
                "accounts/otp_codes.html",
                {"codes": codes, "next": _next(request)},
            )
        form.add_error(
            "token",
            _("This code is wrong. Check the time on your phone and type the code shown now."),
        )
    return render(
        request,
        "accounts/otp_enrol.html",
        {
            "form": form,
            "qr": otp.otp_qr_data_uri(device),
            "secret": otp.otp_secret_text(device),
            "required": otp.otp_required(request.user),
            "next": _next(request),
        },
    )


@login_required
def otp_status_view(request):
    return render(
        request,
        "accounts/otp_status.html",
        {"enrolled": otp.otp_enrolled(request.user), "required": otp.otp_required(request.user)},
    )


# --- the security administrator ----------------------------------------------------------


def _require_security(request):
    if not user_scope(request.user).has(Perm.SECURITY_MANAGE):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def lockouts_view(request):
    """Security administrator: locked (user, source) pairs and slowed user names; unlock
    them; find a user to reset their password or second factor."""
    _require_security(request)
    if request.method == "POST" and (username := request.POST.get("unlock")):
        services.lockout_reset(actor=request.user, username=username)
        messages.success(request, _("Account %(name)s unlocked.") % {"name": username})
        return redirect("accounts:lockouts")
    q = request.GET.get("q", "").strip()
    users = selectors.user_list(request.user, q=q, size=20).items if q else []
    return render(
        request,
        "accounts/lockouts.html",
        {
            "locked": list(throttle.throttle_locked()[:200]),
            "slowed": list(throttle.throttle_slowed()[:200]),
            "q": q,
            "users": users,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def security_user_view(request, pk: int):
    """Security administrator: one user's credentials (new initial password, reset of the
    second factor) and their auditor / security roles."""
    _require_security(request)
    target = selectors.user_get(request.user, pk)
    action = request.POST.get("action", "")
    reset_form = PasswordResetForm(request.POST if action == "password" else None)
    role_form = SecurityRoleForm(
        request.POST if action == "role" else None,
        initial={"org": target.home_org_id},
        user=request.user,
    )
    if request.method == "POST":
        if action == "otp_reset":
            otp.otp_reset(actor=request.user, user=target)
            messages.success(
                request, _("Second factor reset: the user enrols again at their next login.")
            )
            return redirect("accounts:security_user", pk=target.pk)
        if action == "revoke":
            try:
                assignment = selectors.role_assignment_get(
                    request.user, int(request.POST["assignment"])
                )
            except (KeyError, ValueError) as exc:
                raise Http404 from exc
            if assignment.user_id != target.pk:
                raise Http404
            action_run(
                request,
                services.role_revoke,
                actor=request.user,
                assignment=assignment,
                done=_("Role revoked."),
            )
            return redirect("accounts:security_user", pk=target.pk)
        if action == "password" and form_submit(
            request,
            reset_form,
            lambda new_password: services.password_reset(
                actor=request.user, user=target, password=new_password
            ),
            done=_("New password set: the user changes it at their next login."),
            rename={"password": "new_password"},
        ):
            return redirect("accounts:security_user", pk=target.pk)
        if action == "role" and role_form.is_valid():
            picked = org_picked_in_scope(role_form, "org", partial(org_get, request.user))
            if picked is not None and form_submit(
                request,
                role_form,
                lambda org, role, password: services.role_grant(
                    actor=request.user, user=target, org=picked, role=role, password=password
                ),
                done=_("Role granted."),
            ):
                return redirect("accounts:security_user", pk=target.pk)
    return render(
        request,
        "accounts/security_user.html",
        {
            "target": target,
            "roles": selectors.user_role_list(request.user, target),
            "enrolled": otp.otp_enrolled(target),
            "reset_form": reset_form,
            "role_form": role_form,
            "security_roles": services.SECURITY_ROLES,
        },
    )
