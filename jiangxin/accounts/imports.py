"""Import of users with their roles from .xlsx (an enterprise registers its staff)."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiangxin.core.access import scoped, user_scope
from jiangxin.core.audit import audit_record
from jiangxin.core.imports import Column, ImportSpec
from jiangxin.core.roles import GRANTABLE, Perm, Role
from jiangxin.core.validators import validate_mobile
from jiangxin.orgs.models import Org

from .models import RoleAssignment, User


class UserImport(ImportSpec):
    name = "accounts.users"
    title = gettext_lazy("Users and roles")
    key = "username"
    perm = Perm.USER_MANAGE
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
        scope = user_scope(actor)
        return {
            "orgs": orgs,
            "existing": existing,
            "held": held,
            "grantable": GRANTABLE.get(scope.role or "", frozenset()),
        }

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
        if row["role"] not in ctx["grantable"]:
            raise ValidationError(
                {
                    "role": _("Your role may not grant the role “%(role)s”.")
                    % {"role": Role(row["role"]).label}
                }
            )
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
        try:
            validate_password(row["password"], user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        user.clean_fields(exclude=["password", "home_org"])  # home_org: found above
        row["user"] = user
        return "new"

    def write(self, actor, rows, ctx):
        users = []
        for row in rows:
            row["user"].password = make_password(row["password"])
            users.append(row["user"])
        User.objects.bulk_create(users, batch_size=1000)
        by_name = {
            u.username: u for u in User.objects.filter(username__in=[u.username for u in users])
        }
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(
                    user=by_name[r["username"]],
                    org=r["role_org_obj"],
                    role=r["role"],
                    granted_by=actor,
                )
                for r in rows
            ],
            batch_size=1000,
        )
        for r in rows:
            audit_record(
                actor=actor,
                action="role.grant",
                obj=by_name[r["username"]],
                org_path=r["role_org_obj"].path,
                details={"role": r["role"], "org": r["role_org_obj"].pk, "via": "import"},
            )
        return len(users)
