"""Excel imports of the worker registry (thousands of rows per enterprise, deduplicated by
resident ID number through the blind index) and of honours."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiangxin.core.access import scoped, user_scope
from jiangxin.core.import_cells import (
    parse_date,
    parse_year,
    parse_yes_no,
    resident_id_column,
)
from jiangxin.core.imports import Column, ImportSpec
from jiangxin.core.validators import validate_mobile
from jiangxin.orgs.enums import OrgKind
from jiangxin.orgs.models import Org

from .crypto import pii_blind_index
from .domain.honours import honour_period_check
from .enums import Education, SkillLevel
from .models import Honour, HonourType, Worker
from .perms import PeoplePerm
from .selectors import honour_verifier_levels
from .services import (
    honour_initial_status,
    honours_bulk_create,
    worker_build,
    worker_new_check,
    workers_bulk_create,
    workers_registered,
)


def _orgs_by_name_or_code(actor, names) -> dict[str, list[Org]]:
    found: dict[str, list[Org]] = {}
    qs = scoped(Org.objects.all(), actor, None).filter(
        Q(name__in=names) | Q(uscc__in=[n.upper() for n in names]),
        kind__in=[OrgKind.ENTERPRISE, OrgKind.BRANCH],
    )
    for org in qs:
        found.setdefault(org.name, []).append(org)
        if org.uscc:
            found.setdefault(org.uscc, []).append(org)
    return found


class WorkerImport(ImportSpec):
    name = "people.workers"
    title = gettext_lazy("Workers")
    key = "resident_id"
    perm = PeoplePerm.MANAGE
    sheet_name = "workers"
    columns = [
        Column("name", "姓名", "Name", width=10),
        resident_id_column(
            "resident_id",
            "居民身份证号",
            "Resident ID number",
            note=gettext_lazy("18 characters; X in upper case. Stored encrypted."),
        ),
        Column(
            "employer",
            "工作单位",
            "Employer",
            width=28,
            note=gettext_lazy("Name or credit code of the enterprise."),
        ),
        Column("occupation", "工种", "Occupation", required=False),
        Column(
            "skill_level",
            "技能等级",
            "Skill level",
            required=False,
            choices=[(str(v), label) for v, label in SkillLevel.choices],
        ),
        Column(
            "first_line",
            "一线职工",
            "First-line worker",
            required=False,
            parse=parse_yes_no,
            choices=None,
            note=gettext_lazy("是 or 否"),
        ),
        Column(
            "migrant",
            "农民工",
            "Migrant worker",
            required=False,
            parse=parse_yes_no,
            note=gettext_lazy("是 or 否"),
        ),
        Column("education", "学历", "Education", required=False, choices=list(Education.choices)),
        Column(
            "mobile", "手机号", "Mobile", required=False, validators=[validate_mobile], width=14
        ),
        Column(
            "union_member_since", "入会日期", "Union member since", required=False, parse=parse_date
        ),
    ]

    def prepare(self, actor, rows, state):
        employers = _orgs_by_name_or_code(actor, {r["employer"] for r in rows})
        registered = workers_registered(pii_blind_index(r["resident_id"]) for r in rows)
        return {"employers": employers, "registered": registered, "scope": user_scope(actor)}

    def check(self, actor, row, ctx):
        found = (
            ctx["employers"].get(row["employer"])
            or ctx["employers"].get(row["employer"].upper())
            or []
        )
        if len(found) != 1:
            message = (
                _("No enterprise named “%(p)s” in your scope.")
                if not found
                else _("Several enterprises are named “%(p)s”; give its credit code.")
            )
            raise ValidationError({"employer": message % {"p": row["employer"]}})
        employer = found[0]
        worker = worker_build(
            resident_id=row["resident_id"],
            name=row["name"],
            employer=employer,
            occupation=row.get("occupation") or "",
            skill_level=int(row["skill_level"]) if row.get("skill_level") else None,
            first_line=True if row.get("first_line") is None else row["first_line"],
            migrant=bool(row.get("migrant")),
            education=row.get("education") or "",
            mobile=row.get("mobile") or "",
            union_member_since=row.get("union_member_since"),
        )
        current = ctx["registered"].get(worker.id_hash)
        if (
            current is not None
            and current.employer_id == employer.pk
            and current.name == worker.name
        ):
            return "unchanged"
        worker_new_check(ctx["scope"], worker, current)
        row["worker"] = worker
        return "new"

    def write(self, actor, rows, ctx):
        # The file's one audit event is the import's own (`import.people.workers`).
        return workers_bulk_create(
            actor=actor,
            workers=[r["worker"] for r in rows],
            registered=ctx["registered"],
            audit=False,
        )


class HonourImport(ImportSpec):
    name = "people.honours"
    title = gettext_lazy("Honours")
    key = ""
    perm = PeoplePerm.MANAGE
    sheet_name = "honours"
    columns = [
        resident_id_column("resident_id", "居民身份证号", "Resident ID number"),
        Column(
            "honour",
            "荣誉",
            "Honour",
            width=20,
            note=gettext_lazy("The honour's name or code, e.g. 齐鲁工匠."),
        ),
        Column("year", "年度", "Year", parse=parse_year),
        Column("awarding_body", "授予机关", "Awarding body", required=False, width=20),
        Column("document_number", "文号", "Document number", required=False, width=20),
        Column("valid_from", "有效期起", "Valid from", required=False, parse=parse_date),
        Column("valid_to", "有效期止", "Valid to", required=False, parse=parse_date),
    ]

    def begin(self, actor):
        # (worker, honour, year) of the rows so far; the levels the importer verifies
        return {"seen": set(), "levels": honour_verifier_levels(actor), "today": date.today()}

    def prepare(self, actor, rows, state):
        hashes = [pii_blind_index(r["resident_id"]) for r in rows]
        workers = {
            w.id_hash: w
            for w in scoped(
                Worker.objects.filter(id_hash__in=hashes).select_related("employer"),
                actor,
                "employer",
            )
        }
        types: dict[str, HonourType] = {}
        for t in HonourType.objects.filter(is_active=True):
            types[t.name] = types[t.code] = t
        held = set(
            Honour.objects.filter(worker__in=list(workers.values())).values_list(
                "worker_id", "honour_type_id", "year"
            )
        )
        return {"workers": workers, "types": types, "held": held}

    def check(self, actor, row, ctx):
        worker = ctx["workers"].get(pii_blind_index(row["resident_id"]))
        if worker is None:
            raise ValidationError(
                {
                    "resident_id": _(
                        "No worker with this ID number in your scope; import the worker first."
                    )
                }
            )
        honour_type = ctx["types"].get(row["honour"])
        if honour_type is None:
            raise ValidationError({"honour": _("Unknown honour “%(h)s”.") % {"h": row["honour"]}})
        key = (worker.pk, honour_type.pk, row["year"])
        if key in ctx["seen"]:
            raise ValidationError(
                {"honour": _("The same honour and year appear twice in this file.")}
            )
        ctx["seen"].add(key)
        if key in ctx["held"]:
            return "unchanged"
        honour_period_check(
            year=row["year"],
            valid_from=row.get("valid_from"),
            valid_to=row.get("valid_to"),
            today=ctx["today"],
        )
        row["honour_obj"] = Honour(
            worker=worker,
            honour_type=honour_type,
            year=row["year"],
            awarding_body=row.get("awarding_body") or honour_type.awarding_body,
            document_number=row.get("document_number") or "",
            valid_from=row.get("valid_from"),
            valid_to=row.get("valid_to"),
            **honour_initial_status(actor, honour_type, levels=ctx["levels"]),
        )
        return "new"

    def write(self, actor, rows, ctx):
        # The file's one audit event is the import's own (`import.people.honours`).
        return honours_bulk_create(
            actor=actor, honours=[r["honour_obj"] for r in rows], audit=False
        )
