"""Writes about people who sign in: users, roles, tokens, and the login audit trail."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.core.access import require_perm, user_scope
from jiangxin.core.audit import audit_record
from jiangxin.core.models import AuditEvent
from jiangxin.core.roles import EXCLUSIVE_GROUPS, GRANTABLE, Perm, Role
from jiangxin.orgs.models import Org

from .models import (
    TOKEN_DAYS_DEFAULT,
    TOKEN_DAYS_MAX,
    ApiToken,
    RoleAssignment,
    TokenScope,
    User,
)
from .perms import AccountPerm
from .throttle import throttle_reset


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    password: str,
    home_org: Org,
    display_name: str = "",
    mobile: str = "",
    email: str = "",
) -> User:
    scope = require_perm(actor, AccountPerm.USER_MANAGE)
    if not scope.covers(home_org.path):
        raise Http404
    user = User(
        username=username.strip(),
        display_name=display_name,
        mobile=mobile,
        email=email,
        home_org=home_org,
        must_change_password=True,  # someone else chose it: changed at the first login
    )
    user_password_check(user, password)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(actor=actor, action="user.create", obj=user, org_path=home_org.path)
    return user


def user_password_check(user: User, password: str) -> None:
    """The password rules (Django's validators, against the user's own names), as an
    error of the field "password"."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc


def role_grantable_check(scope, role: str) -> None:
    """The granter's active role may grant `role` (GRANTABLE), else an error of the field
    "role". The rule of the grant form and of the user import."""
    if role not in GRANTABLE.get(scope.role or "", frozenset()):
        raise ValidationError(
            {"role": _("Your role may not grant the role “%(role)s”.") % {"role": Role(role).label}}
        )


def users_bulk_create(
    *, actor, items: list[tuple[User, str, Org, str]], audit: bool = True
) -> dict[str, int]:
    """Create many new users, each with one role: `items` are (unsaved user with its home
    org, initial password, org where the role is held, role), checked field by field by
    the caller (the import). The rules of `user_create` and `role_grant` — both orgs in
    the actor's scope, the role one the actor may grant, the password rules — then one
    bulk insert of the users and one of their roles (the caller holds the transaction;
    a new user holds no other role, so separation of duties cannot bite). Returns the
    roles granted, counted by role. Audited as one event unless the caller records it
    (`audit=False`: an import, one event a file)."""
    scope = require_perm(actor, AccountPerm.USER_MANAGE)
    orgs = {o.pk: o for user, _pw, org, _role in items for o in (user.home_org, org)}
    if not all(scope.covers(o.path) for o in orgs.values()):
        raise Http404
    for role in {role for *_rest, role in items}:
        role_grantable_check(scope, role)
    for user, password, _org, _role in items:
        user_password_check(user, password)
        user.set_password(password)
    users = User.objects.bulk_create([user for user, *_rest in items], batch_size=1000)
    by_name = {u.username: u for u in User.objects.filter(username__in=[u.username for u in users])}
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=by_name[user.username], org=org, role=role, granted_by=actor)
            for user, _pw, org, role in items
        ],
        batch_size=1000,
    )
    granted: dict[str, int] = {}
    for *_rest, role in items:
        granted[role] = granted.get(role, 0) + 1
    if audit:
        audit_record(
            actor=actor, action="user.import", details={"created": len(users), "roles": granted}
        )
    return granted


def user_create_system(*, username: str, password: str, home_org: Org | None, **fields) -> User:
    """For the seed: no actor, no role check (the password rules still apply)."""
    user = User(username=username, home_org=home_org, **fields)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    with transaction.atomic():
        user.save()
        audit_record(action="user.create", obj=user, username="system")
    return user


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool) -> User:
    scope = require_perm(actor, AccountPerm.USER_MANAGE)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.home_org is None or not scope.covers(user.home_org.path) or user.pk == actor.pk:
        raise Http404
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(actor=actor, action="user.activate" if active else "user.deactivate", obj=user)
    return user


# Roles only the security administrator grants (core/roles.py GRANTABLE). The account gets
# a new password from the granter (changed at its first login) and loses any second factor,
# so whoever created it or knew its password before cannot use it in its new role.
SECURITY_ROLES = frozenset({Role.AUDITOR, Role.SECURITY_ADMIN})


def role_grant(
    *, actor, user: User, org: Org, role: str, password: str | None = None
) -> RoleAssignment:
    """Grant `role` at `org`. The granter's active role must be allowed to grant it, and
    both the org and the user must be inside the granter's subtree. An auditor or security
    role also needs `password`, the account's new initial password (see SECURITY_ROLES)."""
    scope = user_scope(actor)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if not scope.covers(org.path) or user.home_org is None or not scope.covers(user.home_org.path):
        raise Http404
    try:
        role_grantable_check(scope, role)
    except ValidationError:
        audit_record(
            actor=actor,
            action="role.grant",
            obj=user,
            result=AuditEvent.Result.DENIED,
            details={"role": role, "org": org.pk},
        )
        raise
    if role in SECURITY_ROLES:
        if not password:
            raise ValidationError(
                {"password": _("Give the account a new initial password for this role.")}
            )
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
    with transaction.atomic():
        return _role_grant_write(actor=actor, user=user, org=org, role=role, password=password)


def _role_grant_write(
    *, actor, user: User, org: Org, role: str, password: str | None = None
) -> RoleAssignment:
    User.objects.select_for_update().filter(pk=user.pk).first()  # serialise grants per user
    held = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
    for group in EXCLUSIVE_GROUPS:
        if role in group and (held & group) - {role}:
            raise ValidationError(
                {
                    "role": _(
                        "Separation of duties: this user already holds a role that cannot be combined with “%(role)s”."
                    )
                    % {"role": Role(role).label}
                }
            )
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, org=org, role=role, defaults={"granted_by": actor}
    )
    if created:
        details = {"role": role, "org": org.pk, "org_name": org.name}
        if role in SECURITY_ROLES:
            _credentials_renew(user, password)
            details["credentials_reset"] = True
        audit_record(actor=actor, action="role.grant", obj=user, org_path=org.path, details=details)
    return assignment


def _credentials_renew(user: User, password: str) -> None:
    from .otp import otp_devices_delete

    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    otp_devices_delete(user)


@transaction.atomic
def password_reset(*, actor, user: User, password: str) -> None:
    """The security administrator sets a new initial password (a forgotten one); the user
    changes it at their next login. Inside the security administrator's subtree."""
    scope = require_perm(actor, Perm.SECURITY_MANAGE)
    if user.home_org is None or not scope.covers(user.home_org.path) or user.pk == actor.pk:
        raise Http404
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit_record(actor=actor, action="password.reset", obj=user)


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    scope = user_scope(actor)
    allowed = GRANTABLE.get(scope.role or "", frozenset())
    if not scope.covers(assignment.org.path):
        raise Http404
    if assignment.role not in allowed:
        raise ValidationError({"role": _("Your role may not revoke this role.")})
    if assignment.pk == scope.assignment_id:
        raise ValidationError({"role": _("You cannot revoke the role you are acting in.")})
    details = {"role": assignment.role, "org": assignment.org_id, "org_name": assignment.org.name}
    user = assignment.user
    assignment.delete()
    audit_record(
        actor=actor, action="role.revoke", obj=user, org_path=assignment.org.path, details=details
    )


@transaction.atomic
def password_change(*, actor, old_password: str, new_password: str) -> None:
    if not actor.check_password(old_password):
        audit_record(actor=actor, action="password.change", result=AuditEvent.Result.FAILURE)
        raise ValidationError({"old_password": _("Your old password was entered incorrectly.")})
    try:
        validate_password(new_password, actor)
    except ValidationError as exc:
        raise ValidationError({"new_password1": exc.messages}) from exc
    actor.set_password(new_password)
    actor.must_change_password = False
    actor.save(update_fields=["password", "must_change_password"])
    audit_record(actor=actor, action="password.change")


def login_record(
    *, user=None, username: str, success: bool, locked: bool = False, wait: int | None = None
) -> None:
    """A login attempt. `locked`: refused, the (user, source) pair is locked; `wait`
    without `locked`: refused, this source is slowed down for the user name."""
    details = None
    if locked:
        action, result = "login.lockout", AuditEvent.Result.DENIED
    elif wait is not None:
        action, result, details = "login.slowed", AuditEvent.Result.DENIED, {"wait": wait}
    else:
        action = "login"
        result = AuditEvent.Result.SUCCESS if success else AuditEvent.Result.FAILURE
    audit_record(actor=user, username=username, action=action, result=result, details=details)


def logout_record(*, user) -> None:
    audit_record(actor=user, action="logout")


def role_switch_record(*, user, assignment: RoleAssignment) -> None:
    audit_record(
        actor=user,
        action="role.switch",
        obj=user,
        details={"role": assignment.role, "org": assignment.org_id},
    )


@transaction.atomic
def api_token_create(
    *, actor, name: str, scope: str = TokenScope.READ, days: int = TOKEN_DAYS_DEFAULT
) -> tuple[ApiToken, str]:
    """Returns the token and its raw value, which is shown once and never stored. The
    token may read, or read and write (`scope`), and expires after `days` (at most a
    year)."""
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Give the token a name.")
    if scope not in TokenScope.values:
        errors["scope"] = _("Choose read only, or read and write.")
    if not isinstance(days, int) or not 1 <= days <= TOKEN_DAYS_MAX:
        errors["days"] = _("A token is valid for 1 to %(max)d days.") % {"max": TOKEN_DAYS_MAX}
    if errors:
        raise ValidationError(errors)
    raw = "jx_" + secrets.token_urlsafe(32)
    token = ApiToken(
        user=actor,
        name=name.strip(),
        prefix=raw[3:11],
        digest=ApiToken.hash(raw),
        scope=scope,
        expires_at=timezone.now() + timedelta(days=days),
    )
    token.full_clean()
    token.save()
    audit_record(
        actor=actor,
        action="api_token.create",
        obj=token,
        details={"scope": scope, "expires": token.expires_at.date().isoformat()},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor, token_id: int) -> None:
    token = ApiToken.objects.filter(user=actor, pk=token_id, revoked_at__isnull=True).first()
    if token is None:
        raise Http404
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="api_token.revoke", obj=token)


class ApiTokenRefused(Exception):
    """A known token that may not be used for this call: expired (401) or without the
    scope the operation needs (403). The message says which, and what to do."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def api_token_authenticate(raw: str, *, scope: str = TokenScope.READ) -> User | None:
    """The token's user, or None for an unknown or revoked token. Raises ApiTokenRefused
    for an expired token, or one without `scope`. Its last use is recorded (at most once
    a minute)."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.expires_at <= now:
        raise ApiTokenRefused(
            401,
            _(
                "This API token expired on %(date)s. Create a new one on the API tokens page "
                "(/accounts/tokens/)."
            )
            % {"date": timezone.localtime(token.expires_at).strftime("%Y-%m-%d %H:%M")},
        )
    if not token.allows(scope):
        raise ApiTokenRefused(
            403,
            _(
                "This token may only read; this operation needs the “%(scope)s” scope. "
                "Create a token with read and write access on the API tokens page."
            )
            % {"scope": scope},
        )
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def lockout_reset(*, actor, username: str) -> int:
    """Unlock a user name from every source (the security administrator); audited."""
    require_perm(actor, Perm.SECURITY_MANAGE)
    count = throttle_reset(username)
    audit_record(
        actor=actor, action="lockout.reset", details={"username": username, "attempts": count}
    )
    return count


DENIAL_AUDIT_SECONDS = 60


def access_denied_record(*, user, path: str, denial: dict) -> bool:
    """A 404 that refused an existing object outside the user's scope, or an action their
    role lacks: audited, at most once a minute per user (a crawler would flood the log
    otherwise). True when a row was written."""
    from django.core.cache import cache

    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not cache.add(f"jx-denied:{user.pk}", 1, DENIAL_AUDIT_SECONDS):
        return False
    audit_record(
        actor=user,
        action="access.denied",
        result=AuditEvent.Result.DENIED,
        details={**denial, "path": path[:200]},
    )
    return True


def api_token_invalid_record(*, raw: str, ip: str | None, reason: str) -> bool:
    """A request with an unknown, revoked or expired token: audited, at most once a minute
    per source address. Only the token's visible prefix is kept."""
    from django.core.cache import cache

    if not cache.add(f"jx-badtoken:{ip or '-'}", 1, DENIAL_AUDIT_SECONDS):
        return False
    prefix = raw[3:11] if raw.startswith("jx_") else ""
    audit_record(
        action="api_token.invalid",
        result=AuditEvent.Result.DENIED,
        details={"reason": reason, "prefix": prefix},
    )
    return True
