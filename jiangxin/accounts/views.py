from functools import partial

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jiangxin.core.access import user_scope
from jiangxin.core.db_router import replica_reads
from jiangxin.core.forms_htmx import (
    action_run,
    form_submit,
    inline_validation_response,
    org_picked_in_scope,
)
from jiangxin.core.roles import GRANTABLE, Role
from jiangxin.orgs.selectors import org_get

from . import selectors, services
from .forms import ApiTokenForm, LoginForm, PasswordChangeForm, RoleGrantForm, UserCreateForm
from .middleware import SESSION_KEY
from .models import TokenScope
from .otp import otp_session_start
from .perms import AccountPerm
from .throttle import cooloff


def _login_refused(request, username: str, seconds: int, *, locked: bool):
    """The 429 page of a refused attempt: locked for this source, or slowed down."""
    services.login_record(username=username, success=False, locked=locked, wait=seconds)
    if locked:
        message = _(
            "Too many failed logins from this address: this account is locked here for "
            "%(minutes)d minutes. Try again later or ask your security administrator to "
            "unlock it."
        ) % {"minutes": max(1, -(-seconds // 60))}
    else:
        message = _(
            "Many failed logins for this account: please wait %(seconds)d seconds before "
            "trying again."
        ) % {"seconds": seconds}
    form = LoginForm(initial={"username": username})
    return render(
        request, "accounts/login.html", {"form": form, "locked_message": message}, status=429
    )


@require_http_methods(["GET", "POST"])
def login_view(request, extra_context=None):
    """The one login page (the admin site's /admin/login/ is this view too, see
    accounts/admin.py): password, throttled per (user, source) by the backend, then the
    second factor when the user has one (accounts/otp.py)."""
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if refusal := getattr(request, "jx_login_refusal", None):
            return _login_refused(request, username, refusal.seconds, locked=refusal.locked)
        if user is None and getattr(request, "jx_login_locked", False):
            return _login_refused(request, username, int(cooloff().total_seconds()), locked=True)
        if user is None:
            services.login_record(username=username, success=False)
            form.add_error(None, _("The user name or password is wrong."))
        else:
            login(request, user)
            state = otp_session_start(request, user)
            services.login_record(user=user, username=user.get_username(), success=True)
            if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
                next_url = reverse("core:home")
            next_url = next_url or reverse("core:home")
            if state == "verify":
                return redirect(
                    reverse("accounts:otp_verify") + "?" + urlencode({"next": next_url})
                )
            return redirect(next_url)
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        services.logout_record(user=request.user)
    logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("accounts:login")


@login_required
@require_http_methods(["GET", "POST"])
def password_change_view(request):
    form = PasswordChangeForm(request.POST or None)
    change = partial(services.password_change, actor=request.user)
    if form_submit(
        request,
        form,
        lambda old_password, new_password1, **_other: change(
            old_password=old_password, new_password=new_password1
        ),
        done=_("Your password has been changed."),
    ):
        update_session_auth_hash(request, request.user)
        return redirect("core:home")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
@require_POST
def role_switch_view(request):
    try:
        wanted = int(request.POST.get("assignment", ""))
    except ValueError as exc:
        raise Http404 from exc
    assignment = next(
        (a for a in selectors.role_assignments_of(request.user) if a.pk == wanted), None
    )
    if assignment is None:
        raise Http404
    request.session[SESSION_KEY] = assignment.pk
    services.role_switch_record(user=request.user, assignment=assignment)
    messages.info(
        request,
        _("You now act as %(role)s at %(org)s.")
        % {"role": assignment.get_role_display(), "org": assignment.org.name},
    )
    return redirect("core:home")


def _require_user_manage(request):
    if not user_scope(request.user).has(AccountPerm.USER_MANAGE):
        raise Http404


@login_required
@replica_reads
def user_list_view(request):
    _require_user_manage(request)
    q = request.GET.get("q", "").strip()
    page = selectors.user_list(request.user, q=q, cursor=request.GET.get("cursor"))
    template = (
        "accounts/_user_rows.html"
        if request.htmx and request.htmx.target == "user-results"
        else "accounts/user_list.html"
    )
    return render(request, template, {"page": page, "q": q})


@login_required
@require_http_methods(["GET", "POST"])
def user_create_view(request):
    _require_user_manage(request)
    form = UserCreateForm(
        request.POST or None,
        initial={"home_org": user_scope(request.user).org_id},
        user=request.user,
    )
    if request.method == "POST":
        if field := request.GET.get("validate"):
            return inline_validation_response(form, field)
        if form.is_valid() and (
            home_org := org_picked_in_scope(form, "home_org", partial(org_get, request.user))
        ):
            create = partial(services.user_create, actor=request.user)
            if done := form_submit(
                request,
                form,
                lambda **data: create(**{**data, "home_org": home_org}),
                done=lambda user: _("User %(name)s created.") % {"name": user.username},
            ):
                return redirect("accounts:user_detail", pk=done.result.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def user_detail_view(request, pk: int):
    _require_user_manage(request)
    target = selectors.user_get(request.user, pk)
    scope = user_scope(request.user)
    grantable = GRANTABLE.get(scope.role or "", frozenset())
    form = RoleGrantForm(
        request.POST or None, initial={"org": target.home_org_id}, user=request.user
    )
    form.fields["role"].choices = [(v, label) for v, label in Role.choices if v in grantable]
    if (
        request.method == "POST"
        and form.is_valid()
        and (org := org_picked_in_scope(form, "org", partial(org_get, request.user)))
    ):
        grant = partial(services.role_grant, actor=request.user, user=target, org=org)
        if form_submit(
            request, form, lambda role, **_other: grant(role=role), done=_("Role granted.")
        ):
            return redirect("accounts:user_detail", pk=target.pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "roles": selectors.user_role_list(request.user, target),
            "form": form,
            "grantable": grantable,
        },
    )


@login_required
@require_POST
def role_revoke_view(request, pk: int):
    _require_user_manage(request)
    assignment = selectors.role_assignment_get(request.user, pk)
    action_run(
        request,
        services.role_revoke,
        actor=request.user,
        assignment=assignment,
        done=_("Role revoked."),
    )
    return redirect("accounts:user_detail", pk=assignment.user_id)


@login_required
@require_POST
def user_active_view(request, pk: int):
    _require_user_manage(request)
    target = selectors.user_get(request.user, pk)
    services.user_set_active(
        actor=request.user, user=target, active=request.POST.get("active") == "1"
    )
    messages.success(request, _("Account updated."))
    return redirect("accounts:user_detail", pk=target.pk)


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens_view(request):
    form = ApiTokenForm(request.POST or None)
    raw = None
    if request.method == "POST":
        if revoke := request.POST.get("revoke"):
            try:
                services.api_token_revoke(actor=request.user, token_id=int(revoke))
            except ValueError as exc:
                raise Http404 from exc
            messages.success(request, _("Token revoked."))
            return redirect("accounts:api_tokens")
        create = partial(services.api_token_create, actor=request.user)
        if done := form_submit(
            request,
            form,
            lambda name, scope, days: create(name=name, scope=scope or TokenScope.READ, days=days),
            done=None,  # the page shows the new token once instead
        ):
            _token, raw = done.result
            form = ApiTokenForm()
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "raw": raw, "tokens": selectors.api_token_list(request.user)},
    )
