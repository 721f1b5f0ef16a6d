"""Import of studios from .xlsx (the registries unions keep in Excel today). Imported
studios are drafts with their leader as first member; each goes up the review path when
its union submits it. Leaders are found by resident ID number through people's blind
index (one query for the whole file)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiangxin.core.imports import Column, ImportSpec
from jiangxin.core.roles import Perm
from jiangxin.core.validators import validate_resident_id, validate_uscc
from jiangxin.orgs.enums import OrgKind
from jiangxin.orgs.selectors import org_qs
from jiangxin.people.crypto import pii_blind_index
from jiangxin.people.imports import parse_date
from jiangxin.people.selectors import worker_qs

from .enums import StudioLevel, StudioStatus
from .models import Studio
from .services import studio_drafts_create


def _upper(text: str) -> str:
    return text.strip().upper()


def _decimal(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation as exc:
        raise ValidationError(_("“%(v)s” is not a number.") % {"v": text}) from exc
    if value < 0:
        raise ValidationError(_("The number cannot be negative."))
    return value


class StudioImport(ImportSpec):
    name = "studios.studios"
    title = gettext_lazy("Innovation studios")
    key = "name"
    perm = Perm.STUDIO_APPLY
    sheet_name = "studios"
    columns = [
        Column("name", "工作室名称", "Name", width=30),
        Column(
            "leader_resident_id",
            "领办人身份证号",
            "Leader resident ID number",
            parse=_upper,
            validators=[validate_resident_id],
            width=22,
            note=gettext_lazy("The leader must be registered as a worker of the host enterprise."),
        ),
        Column(
            "host_uscc",
            "依托单位统一社会信用代码",
            "Host Unified Social Credit Code",
            parse=_upper,
            validators=[validate_uscc],
            width=22,
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
        Column("space_m2", "面积（平方米）", "Space (m²)", required=False, parse=_decimal),
        Column("funding_yuan", "经费（元）", "Funding (yuan)", required=False, parse=_decimal),
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
        if other is not None:
            raise ValidationError(
                {
                    "leader_resident_id": _("%(name)s already leads “%(studio)s”.")
                    % {"name": leader.name, "studio": other.name}
                }
            )
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
        return studio_drafts_create(actor=actor, items=[row["studio"] for row in rows])
