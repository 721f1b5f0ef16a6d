"""Excel imports of the worker registry (thousands of rows per enterprise, deduplicated by
resident ID number through the blind index) and of honours."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiangxin.core.access import scoped, user_scope
from jiangxin.core.bulk_insert import RowInsert
from jiangxin.core.import_cells import (
    parse_date,
    parse_year,
    parse_yes_no,
    resident_id_column,
)
from jiangxin.core.imports import Column, ImportSpec
from jiangxin.core.scope_keys import KEY_DEPTHS, STEP
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
    worker_employer_check,
    worker_id_fields,
    worker_unregistered_check,
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


def scope_key_values(path: str) -> dict[str, str]:
    """The scope keys of a worker of the employer at `path` (core/scope_keys.py; the
    database triggers set the same values)."""
    return {"scope_path": path, **{f"scope_d{d}": path[: STEP * d] for d in KEY_DEPTHS}}


def _max(field: str) -> int:
    return Worker._meta.get_field(field).max_length


class WorkerImport(ImportSpec):
    name = "people.workers"
    title = gettext_lazy("Workers")
    key = "resident_id"
    perm = PeoplePerm.MANAGE
    sheet_name = "workers"
    columns = [
        Column("name", "姓名", "Name", width=10, max_length=_max("name")),
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
        Column("occupation", "工种", "Occupation", required=False, max_length=_max("occupation")),
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

    def begin(self, actor):
        # the columns check every field of a new worker (validators once per cell); the
        # rows are staged as tuples and written by COPY / executemany (core/bulk_insert.py)
        return {
            "scope": user_scope(actor),
            "insert": RowInsert(Worker, order_by="id_hash"),
            "employers": {},
            "employers_ok": set(),
        }

    def prepare(self, actor, rows, state):
        for r in rows:
            r["id_hash"] = pii_blind_index(r["resident_id"])
        employers = state["employers"]  # by name or code, for the whole file
        wanted = {r["employer"] for r in rows} - employers.keys()
        wanted -= {name for name in wanted if name.upper() in employers}
        if wanted:
            for key, orgs in _orgs_by_name_or_code(actor, wanted).items():
                known = employers.setdefault(key, [])
                known += [o for o in orgs if all(k.pk != o.pk for k in known)]
            for name in wanted:
                employers.setdefault(name, [])
        return {"registered": workers_registered(r["id_hash"] for r in rows)}

    def check(self, actor, row, ctx):
        employers = ctx["employers"]
        found = employers.get(row["employer"]) or employers.get(row["employer"].upper()) or []
        if len(found) != 1:
            message = (
                _("No enterprise named “%(p)s” in your scope.")
                if not found
                else _("Several enterprises are named “%(p)s”; give its credit code.")
            )
            raise ValidationError({"employer": message % {"p": row["employer"]}})
        employer = found[0]
        if employer.pk not in ctx["employers_ok"]:
            worker_employer_check(ctx["scope"], employer)
            ctx["employers_ok"].add(employer.pk)
        current = ctx["registered"].get(row["id_hash"])
        if (
            current is not None
            and current.employer_id == employer.pk
            and current.name == row["name"]
        ):
            return "unchanged"
        worker_unregistered_check(ctx["scope"], current)
        row["employer_id"] = employer.pk
        row["employer_path"] = employer.path
        return "new"

    def stage(self, actor, rows, ctx):
        row_of = ctx["insert"].row
        return ctx["insert"].stage(
            [
                row_of(
                    {
                        **worker_id_fields(r["resident_id"], r["id_hash"]),
                        "name": r["name"],
                        "employer_id": r["employer_id"],
                        **scope_key_values(r["employer_path"]),
                        "occupation": r["occupation"] or "",
                        "skill_level": int(r["skill_level"]) if r["skill_level"] else None,
                        "first_line": True if r["first_line"] is None else r["first_line"],
                        "migrant": bool(r["migrant"]),
                        "education": r["education"] or "",
                        "mobile": r["mobile"] or "",
                        "union_member_since": r["union_member_since"],
                    }
                )
                for r in rows
            ]
        )

    def prewrite(self, actor, rows, ctx):
        ctx["insert"].commit_pending()  # SQLite, a large file: invisible chunks first

    def write(self, actor, rows, ctx):
        # Everything staged, at the first batch's call (one INSERT … SELECT or COPY). A
        # unique ID number taken since validation fails it (IntegrityError): import_run
        # then undoes it and validates the file again. The file's one audit event is the
        # import's own (`import.people.workers`).
        return ctx["insert"].flush()

    def end(self, state):
        state["insert"].discard()


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
