"""Import of studios from .xlsx (the registries unions keep in Excel today). Imported
studios are drafts with their leader as first member; each goes up the review path when
its union submits it. Leaders are found by resident ID number through people's blind
index (one query for the whole file)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiangxin.core.import_cells import (
    credit_code_column,
    parse_code,
    parse_date,
    parse_number,
    resident_id_column,
)
from jiangxin.core.imports import Column, ImportSpec
from jiangxin.orgs.enums import OrgKind
from jiangxin.orgs.selectors import org_qs
from jiangxin.people.crypto import pii_blind_index
from jiangxin.people.selectors import worker_qs

from .enums import MemberRole, StudioLevel, StudioStatus
from .models import Studio, StudioMember
from .perms import StudioPerm
from .services import studio_drafts_create, studio_leader_free_check, studio_members_add_many


class StudioImport(ImportSpec):
    name = "studios.studios"
    title = gettext_lazy("Innovation studios")
    key = "name"
    perm = StudioPerm.APPLY
    sheet_name = "studios"
    columns = [
        Column("name", "工作室名称", "Name", width=30),
        resident_id_column(
            "leader_resident_id",
            "领办人身份证号",
            "Leader resident ID number",
            note=gettext_lazy("The leader must be registered as a worker of the host enterprise."),
        ),
        credit_code_column(
            "host_uscc", "依托单位统一社会信用代码", "Host Unified Social Credit Code"
        ),
        Column("field", "技术领域", "Technical field", width=20),
        Column("level", "级别", "Level", choices=list(StudioLevel.choices), width=18),
        Column(
            "established_on",
            "成立日期",
            "Established on",
            parse=parse_date,
            note=gettext_lazy("For example 2019-05-01."),
        ),
        Column("space_m2", "面积（平方米）", "Space (m²)", required=False, parse=parse_number),
        Column("funding_yuan", "经费（元）", "Funding (yuan)", required=False, parse=parse_number),
    ]

    def begin(self, actor):
        return {"leading_here": {}}  # leader → the studio an earlier row gives them

    def prepare(self, actor, rows, state):
        usccs = {r["host_uscc"] for r in rows if r.get("host_uscc")}
        hosts = {o.uscc: o for o in org_qs(actor).filter(uscc__in=usccs, kind=OrgKind.ENTERPRISE)}
        hashes = {
            pii_blind_index(r["leader_resident_id"]) for r in rows if r.get("leader_resident_id")
        }
        leaders = {
            w.id_hash: w
            for w in worker_qs(actor).filter(id_hash__in=hashes).select_related("employer")
        }
        live = Studio.objects.exclude(status=StudioStatus.REVOKED)
        existing = {
            (s.host_id, s.name): s
            for s in live.filter(host__in=hosts.values(), name__in={r["name"] for r in rows})
        }
        leading = {
            s.leader_id: s for s in live.filter(leader__in=leaders.values()).only("leader", "name")
        }
        return {"hosts": hosts, "leaders": leaders, "existing": existing, "leading": leading}

    def check(self, actor, row, ctx):
        host = ctx["hosts"].get(row["host_uscc"])
        if host is None:
            raise ValidationError(
                {"host_uscc": _("No enterprise with this credit code in your scope.")}
            )
        leader = ctx["leaders"].get(pii_blind_index(row["leader_resident_id"]))
        if leader is None:
            raise ValidationError(
                {
                    "leader_resident_id": _(
                        "No worker with this ID number is registered in your scope."
                    )
                }
            )
        current = ctx["existing"].get((host.pk, row["name"]))
        if current is not None:
            if current.leader_id == leader.pk:
                return "unchanged"
            raise ValidationError({"name": _("The host already has a studio of this name.")})
        other = ctx["leading"].get(leader.pk) or ctx["leading_here"].get(leader.pk)
        try:
            studio_leader_free_check(leader, other)
        except ValidationError as exc:
            raise ValidationError({"leader_resident_id": exc.message_dict["leader"]}) from exc
        studio = Studio(
            name=row["name"],
            leader=leader,
            host=host,
            field=row["field"],
            level=row["level"],
            established_on=row["established_on"],
            space_m2=row.get("space_m2"),
            funding_yuan=row.get("funding_yuan"),
            status=StudioStatus.DRAFT,
        )
        try:
            studio.full_clean(validate_constraints=False)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                mapping = {"leader": "leader_resident_id", "host": "host_uscc"}
                raise ValidationError(
                    {mapping.get(k, k): v for k, v in exc.error_dict.items()}
                ) from exc
            raise
        ctx["leading_here"][leader.pk] = studio
        row["studio"] = studio
        return "new"

    def write(self, actor, rows, ctx):
        # The file's one audit event is the import's own (`import.studios.studios`).
        return studio_drafts_create(actor=actor, items=[row["studio"] for row in rows], audit=False)


# --- members ----------------------------------------------------------------------------

MEMBER_ROLES = [c for c in MemberRole.choices if c[0] != MemberRole.LEADER]


class StudioMemberImport(ImportSpec):
    """Members of studios in the user's scope. A worker is picked from the registry: by
    the full ID number when the file has it (matched through the blind index, never shown
    back), or else by name and the masked ID number the registry shows (370102********1234),
    which is all an enterprise admin ever sees."""

    name = "studios.members"
    title = gettext_lazy("Studio members")
    key = ""
    perm = StudioPerm.APPLY
    sheet_name = "members"
    columns = [
        Column("studio", "工作室名称", "Studio", width=30),
        Column("name", "姓名", "Name", width=10),
        Column(
            "id_masked",
            "身份证号（脱敏）",
            "Masked ID number",
            required=False,
            parse=parse_code,
            width=22,
            note=gettext_lazy("As the worker registry shows it, e.g. 370102********1234."),
        ),
        resident_id_column(
            "resident_id",
            "居民身份证号",
            "Resident ID number",
            required=False,
            note=gettext_lazy("Optional: the full number, if you hold it. It is not shown back."),
        ),
        Column("role", "角色", "Role", choices=MEMBER_ROLES, width=14),
        Column(
            "joined_on",
            "加入日期",
            "Joined on",
            parse=parse_date,
            note=gettext_lazy("For example 2022-03-01."),
        ),
    ]

    def begin(self, actor):
        return {"in_file": {}}  # (studio id, worker id) → the row that first adds it

    def prepare(self, actor, rows, state):
        from .selectors import studio_qs

        studios: dict[str, list[Studio]] = {}
        for s in (
            studio_qs(actor)
            .exclude(status=StudioStatus.REVOKED)
            .filter(name__in={r["studio"] for r in rows})
            .select_related("host")
        ):
            studios.setdefault(s.name, []).append(s)
        hashes = {pii_blind_index(r["resident_id"]) for r in rows if r.get("resident_id")}
        masked = {r["id_masked"] for r in rows if r.get("id_masked") and not r.get("resident_id")}
        people = worker_qs(actor).select_related("employer")
        by_hash = {w.id_hash: w for w in people.filter(id_hash__in=hashes)} if hashes else {}
        by_mask: dict[tuple[str, str], list] = {}
        if masked:
            names = {r["name"] for r in rows}
            for w in people.filter(id_masked__in=masked, name__in=names):
                by_mask.setdefault((w.name, w.id_masked), []).append(w)
        found = [w for ws in by_mask.values() for w in ws] + list(by_hash.values())
        members = set(
            StudioMember.objects.filter(
                studio__in=[s for ss in studios.values() for s in ss], worker__in=found
            ).values_list("studio_id", "worker_id")
        )
        return {"studios": studios, "by_hash": by_hash, "by_mask": by_mask, "members": members}

    def _worker(self, row, ctx, studio):
        if row.get("resident_id"):
            worker = ctx["by_hash"].get(pii_blind_index(row["resident_id"]))
            if worker is None:
                raise ValidationError(
                    {"resident_id": _("No worker with this ID number is registered in your scope.")}
                )
            if worker.name != row["name"]:
                raise ValidationError(
                    {"name": _("The worker with this ID number is registered under another name.")}
                )
            return worker
        if not row.get("id_masked"):
            raise ValidationError(
                {"id_masked": _("Give the masked ID number as the registry shows it.")}
            )
        here = [
            w
            for w in ctx["by_mask"].get((row["name"], row["id_masked"]), [])
            if w.employer.path.startswith(studio.host.path)
        ]
        if not here:
            raise ValidationError(
                {
                    "id_masked": _(
                        "No worker %(name)s with this masked ID number works at %(host)s."
                    )
                    % {"name": row["name"], "host": studio.host.name}
                }
            )
        if len(here) > 1:
            raise ValidationError(
                {
                    "id_masked": _(
                        "Several workers match this name and masked ID number; "
                        "give the full ID number."
                    )
                }
            )
        return here[0]

    def check(self, actor, row, ctx):
        candidates = ctx["studios"].get(row["studio"], [])
        if not candidates:
            raise ValidationError({"studio": _("No studio of this name in your scope.")})
        if len(candidates) > 1:
            raise ValidationError(
                {"studio": _("Several studios in your scope have this name; import them apart.")}
            )
        studio = candidates[0]
        worker = self._worker(row, ctx, studio)
        pair = (studio.pk, worker.pk)
        if pair in ctx["members"]:
            return "unchanged"
        if pair in ctx["in_file"]:
            raise ValidationError(
                {"name": _("An earlier row of this file already adds this worker to the studio.")}
            )
        member = StudioMember(
            studio=studio, worker=worker, role=row["role"], joined_on=row["joined_on"]
        )
        try:
            member.full_clean(validate_constraints=False)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise ValidationError(
                    {("name" if k == "worker" else k): v for k, v in exc.error_dict.items()}
                ) from exc
            raise
        if row["joined_on"] < studio.established_on:
            raise ValidationError(
                {
                    "joined_on": _("The studio was established on %(date)s, after this date.")
                    % {"date": studio.established_on.isoformat()}
                }
            )
        ctx["in_file"][pair] = True
        row["member"] = member
        return "new"

    def write(self, actor, rows, ctx):
        # The file's one audit event is the import's own (`import.studios.members`).
        return studio_members_add_many(
            actor=actor, items=[row["member"] for row in rows], audit=False
        )
