"""Import of users with their roles from .xlsx (an enterprise registers its staff)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiangxin.core.access import scoped, user_scope
from jiangxin.core.imports import Column, ImportSpec
from jiangxin.core.roles import Role
from jiangxin.core.validators import validate_mobile
from jiangxin.orgs.models import Org

from .models import RoleAssignment, User
from .perms import AccountPerm
from .services import role_grantable_check, user_password_check, users_bulk_create


class UserImport(ImportSpec):
    name = "accounts.users"
    title = gettext_lazy("Users and roles")
    key = "username"
    perm = AccountPerm.USER_MANAGE
    sheet_name = "users"
    columns = [
        Column("username", "用户名", "User name", width=16),
        Column("display_name", "姓名", "Name", width=12),
        Column(
            "home_org",
            "所属单位",
            "Organisation",
            width=28,
            note=gettext_lazy("Name or credit code of an organisation in your scope."),
        ),
        Column("role", "角色", "Role", choices=list(Role.choices), width=24),
        Column(
            "role_org",
            "角色所在单位",
            "Role held at",
            required=False,
            width=28,
            note=gettext_lazy("Leave empty to hold the role at the user's own organisation."),
        ),
        Column(
            "mobile", "手机号", "Mobile", required=False, validators=[validate_mobile], width=14
        ),
        Column(
            "password",
            "初始密码",
            "Initial password",
            width=16,
            note=gettext_lazy(
                "At least 8 characters of 3 kinds; the user should change it at first login."
            ),
        ),
    ]

    def prepare(self, actor, rows, state):
        names = {r["home_org"] for r in rows} | {r["role_org"] for r in rows if r.get("role_org")}
        orgs: dict[str, list[Org]] = {}
        for org in scoped(Org.objects.all(), actor, None).filter(
            Q(name__in=names) | Q(uscc__in=[n.upper() for n in names])
        ):
            orgs.setdefault(org.name, []).append(org)
            if org.uscc:
                orgs.setdefault(org.uscc, []).append(org)
        usernames = [r["username"] for r in rows]
        existing = {u.username: u for u in User.objects.filter(username__in=usernames)}
        held = set(
            RoleAssignment.objects.filter(user__username__in=usernames).values_list(
                "user__username", "org_id", "role"
            )
        )
        return {"orgs": orgs, "existing": existing, "held": held, "scope": user_scope(actor)}

    def _org(self, ctx, name: str, column: str) -> Org:
        found = ctx["orgs"].get(name) or ctx["orgs"].get(name.upper()) or []
        if not found:
            raise ValidationError(
                {column: _("No organisation named “%(p)s” in your scope.") % {"p": name}}
            )
        if len(found) > 1:
            raise ValidationError(
                {
                    column: _("Several organisations are named “%(p)s”; give its credit code.")
                    % {"p": name}
                }
            )
        return found[0]

    def check(self, actor, row, ctx):
        home = self._org(ctx, row["home_org"], "home_org")
        role_org = self._org(ctx, row["role_org"], "role_org") if row.get("role_org") else home
        role_grantable_check(ctx["scope"], row["role"])
        row["home_org_obj"], row["role_org_obj"] = home, role_org
        current = ctx["existing"].get(row["username"])
        if current is not None:
            if (
                current.home_org_id == home.pk
                and (row["username"], role_org.pk, row["role"]) in ctx["held"]
            ):
                return "unchanged"
            raise ValidationError({"username": _("This user name is already taken.")})
        user = User(
            username=row["username"],
            display_name=row["display_name"],
            mobile=row.get("mobile") or "",
            home_org=home,
            must_change_password=True,  # the importer chose it: changed at the first login
        )
        user_password_check(user, row["password"])
        user.clean_fields(exclude=["password", "home_org"])  # home_org: found above
        row["user"] = user
        return "new"

    def begin(self, actor):
        return {"granted": {}}  # role → how many, for the file's audit event

    def summary(self, state):
        return {"roles": state["granted"]}

    def write(self, actor, rows, ctx):
        # The file's one audit event is the import's own (`import.accounts.users`).
        granted = users_bulk_create(
            actor=actor,
            items=[(r["user"], r["password"], r["role_org_obj"], r["role"]) for r in rows],
            audit=False,
        )
        for role, n in granted.items():
            ctx["granted"][role] = ctx["granted"].get(role, 0) + n
        return len(rows)
